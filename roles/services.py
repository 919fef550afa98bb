"""Writes to positions and reporting lines, with their business rules."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.locks import take_advisory_lock
from core.updates import assign_fields
from core.versioning import check_version
from roles.models import Position, ReportingLine

# What update_position and update_reporting_line may change.
POSITION_FIELDS = ("unit", "title", "code", "summary", "authority", "headcount", "described")
REPORTING_LINE_FIELDS = ("subordinate", "superior", "kind")


def _cycle_error(subordinate: Position, superior: Position) -> ValidationError:
    message = _("不能让“%(sub)s”向“%(sup)s”汇报:“%(sup)s”已经直接或间接向“%(sub)s”汇报,会形成循环。")
    return ValidationError(message % {"sub": subordinate.title, "sup": superior.title}, code="cycle")


def _lock_reporting_lines() -> None:
    # Serialises reporting-line writers so two concurrent inserts cannot close a cycle.
    take_advisory_lock("reporting_lines")


# Positions above %(position)s, walking up one line at a time through the subordinate_id index:
# the work is the number of lines above the position (O(depth)), not the size of the table.
UP_CTE = """
    WITH RECURSIVE up(id) AS (
        SELECT superior_id FROM roles_reportingline
        WHERE subordinate_id = %(position)s AND id IS DISTINCT FROM %(ignoring)s
        UNION
        SELECT l.superior_id FROM roles_reportingline l JOIN up ON l.subordinate_id = up.id
        WHERE l.id IS DISTINCT FROM %(ignoring)s
    )
"""
# Is %(target)s above %(position)s? The walk stops at the first match.
REACHES_SQL = UP_CTE + "SELECT EXISTS (SELECT 1 FROM up WHERE id = %(target)s)"


def superior_ids(position_id: int, *, ignoring_line_id: int | None = None) -> set[int]:
    """Every position above ``position_id`` through any line, solid or dotted."""
    with connection.cursor() as cursor:
        cursor.execute(UP_CTE + "SELECT id FROM up", {"position": position_id, "ignoring": ignoring_line_id})
        return {row[0] for row in cursor.fetchall()}


def is_above(target_id: int, position_id: int, *, ignoring_line_id: int | None = None) -> bool:
    """Does ``position_id`` report, through any lines, to ``target_id``?"""
    params = {"position": position_id, "target": target_id, "ignoring": ignoring_line_id}
    with connection.cursor() as cursor:
        cursor.execute(REACHES_SQL, params)
        return cursor.fetchone()[0]


def validate_reporting_line(subordinate_id: int, superior_id: int, *, exclude_line_id=None) -> None:
    if subordinate_id == superior_id:
        raise ValidationError(_("岗位不能向自己汇报。"), code="self_line")
    if is_above(subordinate_id, superior_id, ignoring_line_id=exclude_line_id):
        sub = Position.objects.get(pk=subordinate_id)
        sup = Position.objects.get(pk=superior_id)
        raise _cycle_error(sub, sup)
    duplicate = ReportingLine.objects.filter(subordinate_id=subordinate_id, superior_id=superior_id)
    if exclude_line_id:
        duplicate = duplicate.exclude(pk=exclude_line_id)
    if duplicate.exists():
        raise ValidationError(_("这条汇报关系已经存在。"), code="duplicate")


def add_reporting_line(
    *, subordinate: Position, superior: Position, kind: str = ReportingLine.Kind.SOLID, **extra
) -> ReportingLine:
    with transaction.atomic():
        _lock_reporting_lines()
        validate_reporting_line(subordinate.pk, superior.pk)
        line = ReportingLine(subordinate=subordinate, superior=superior, kind=kind, **extra)
        _clean_line(line)
        line.save()
        return line


def add_reporting_lines(
    pairs: list[tuple[Position, Position, dict]], *, kind: str = ReportingLine.Kind.SOLID
) -> tuple[list[ReportingLine], list[tuple[Position, Position, ValidationError]]]:
    """Many lines at once (an import): one lock, one read of the lines, one insert.

    The rules are add_reporting_line's (no self line, no duplicate, no cycle), checked in memory
    against the stored lines and the ones added before in ``pairs``. Returns the lines written and
    the refused pairs with their errors; a duplicate of a stored line is neither. Each pair carries
    the line's other fields (provenance).
    """
    with transaction.atomic():
        _lock_reporting_lines()
        above: dict[int, set[int]] = defaultdict(set)
        for subordinate_id, superior_id in ReportingLine.objects.values_list("subordinate_id", "superior_id"):
            above[subordinate_id].add(superior_id)
        written, refused = [], []
        for subordinate, superior, extra in pairs:
            if subordinate.pk == superior.pk:
                refused.append(
                    (subordinate, superior, ValidationError(_("岗位不能向自己汇报。"), code="self_line"))
                )
                continue
            if superior.pk in above[subordinate.pk]:
                continue
            if _reaches(above, superior.pk, subordinate.pk):
                message = _(
                    "不能让“%(sub)s”向“%(sup)s”汇报:“%(sup)s”已经直接或间接向“%(sub)s”汇报,会形成循环。"
                )
                error = ValidationError(
                    message % {"sub": subordinate.title, "sup": superior.title}, code="cycle"
                )
                refused.append((subordinate, superior, error))
                continue
            above[subordinate.pk].add(superior.pk)
            line = ReportingLine(subordinate=subordinate, superior=superior, kind=kind, **extra)
            _clean_line(line)
            written.append(line)
        if written:
            bulk_create_with_history(written, ReportingLine)
        return written, refused


def _reaches(above: dict[int, set[int]], start: int, target: int) -> bool:
    """Is ``target`` above ``start`` (or ``start`` itself) through the lines in ``above``?"""
    seen, stack = set(), [start]
    while stack:
        current = stack.pop()
        if current == target:
            return True
        if current not in seen:
            seen.add(current)
            stack.extend(above.get(current, ()))
    return False


def _clean_line(line: ReportingLine) -> None:
    """Field checks (kind, provenance); the pair itself was checked by validate_reporting_line."""
    # Foreign keys come from the caller's own lookups; no query to re-check them.
    line.full_clean(exclude=["version", "subordinate", "superior", "source_document"], validate_unique=False)


def update_reporting_line(line: ReportingLine, *, expected_version=None, **fields) -> ReportingLine:
    """Change a line (re-checked as if new), refusing a stale edit when a version is given."""
    with transaction.atomic():
        _lock_reporting_lines()
        current = ReportingLine.objects.select_for_update().get(pk=line.pk)
        check_version(current, expected_version)
        assign_fields(current, fields, REPORTING_LINE_FIELDS)
        # A changed line is checked as if it were new (its old self ignored).
        validate_reporting_line(current.subordinate_id, current.superior_id, exclude_line_id=current.pk)
        _clean_line(current)
        current.save()
        return current


def delete_reporting_line(line: ReportingLine, *, expected_version=None) -> None:
    """Delete a line, refusing a stale edit; a deletion can never close a cycle."""
    with transaction.atomic():
        current = ReportingLine.objects.select_for_update().get(pk=line.pk)
        check_version(current, expected_version)
        current.delete()


def update_position(position: Position, *, expected_version=None, **fields) -> Position:
    """Save a position's fields, refusing a stale edit (optimistic locking)."""
    with transaction.atomic():
        current = Position.objects.select_for_update().get(pk=position.pk)
        check_version(current, expected_version)
        assign_fields(current, fields, POSITION_FIELDS)
        current.full_clean(exclude=["version"])
        current.save()
        return current


def create_position(*, unit, title: str, **fields) -> Position:
    """A new position, validated like an admin save."""
    with transaction.atomic():
        position = Position(unit=unit, title=title, **fields)
        position.full_clean(exclude=["version"])
        position.save()
        return position


class PositionHasSubordinates(ValidationError):
    """A position others report to cannot go: they would be left without that superior."""


def subordinates_left_behind(positions) -> dict[Position, list[Position]]:
    """Each of ``positions`` that has subordinates outside ``positions``, with those subordinates."""
    ids = {position.pk for position in positions}
    lines = (
        ReportingLine.objects.filter(superior_id__in=ids)
        .exclude(subordinate_id__in=ids)
        .select_related("superior", "subordinate")
        .order_by("superior_id", "subordinate__title", "subordinate_id")
    )
    left: dict[Position, list[Position]] = {}
    for line in lines:
        left.setdefault(line.superior, []).append(line.subordinate)
    return left


def refuse_if_subordinates(positions) -> None:
    """Raise PositionHasSubordinates, one message per position, when deleting would orphan a subordinate."""
    left = subordinates_left_behind(positions)
    if left:
        message = _("不能删除岗位“%(position)s”:还有岗位向它汇报(%(subordinates)s)。请先调整这些岗位的上级。")
        raise PositionHasSubordinates(
            [
                message
                % {"position": superior.title, "subordinates": "、".join(s.title for s in subordinates)}
                for superior, subordinates in left.items()
            ],
            code="has_subordinates",
        )


def delete_position(position: Position, *, expected_version=None) -> None:
    """Delete a position with its duties, its own reporting lines and its incumbents.

    Refused while other positions report to it (PositionHasSubordinates), and when stale.
    """
    delete_positions([position], expected_version=expected_version)


def delete_positions(positions, *, expected_version=None) -> None:
    """Delete several positions at once; refused if any has a subordinate that is not deleted too."""
    with transaction.atomic():
        _lock_reporting_lines()  # no new subordinate may appear between the check and the delete
        ids = [position.pk for position in positions]
        current = list(Position.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(current) != len(set(ids)):
            raise Position.DoesNotExist  # deleted by someone else meanwhile
        if expected_version is not None:
            (single,) = current
            check_version(single, expected_version)
        refuse_if_subordinates(current)
        for position in current:
            position.delete()
