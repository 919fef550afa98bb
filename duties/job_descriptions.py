"""A job description as it stood at an earlier moment, and its revert as one change.

A position's history row holds only its own fields; its duties and superiors have history rows of
their own. Reverting a job description puts all of them back as they were at that moment, in one
transaction, through the services that guard each write.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from duties import services as duty_services
from duties.models import Duty
from orgchart.models import Unit
from roles import services as position_services
from roles.models import Position, ReportingLine
from sources.models import SourceDocument

# The fields of a duty that a revert puts back (its position is the reverted one); a duty deleted
# since comes back with its provenance too.
DUTY_FIELDS = ("kind", "order", "text", "original_text")


@dataclass
class JobDescriptionSnapshot:
    """A position's fields, duties and superiors as they were at ``moment``."""

    moment: datetime
    position: Position
    duties: list[Duty]
    superior_lines: list[ReportingLine]
    superior_titles: dict[int, str] = field(default_factory=dict)

    def duties_of(self, kind: str) -> list[Duty]:
        return [duty for duty in self.duties if duty.kind == kind]

    @property
    def sections(self) -> list[tuple[str, list[Duty]]]:
        """(label, duties) for every kind, in the job description's order."""
        return [(label, self.duties_of(kind)) for kind, label in Duty.Kind.choices]

    @property
    def superiors(self) -> list[tuple[str, str]]:
        """(title, kind label) of each superior, solid lines first."""
        kinds = dict(ReportingLine.Kind.choices)
        lines = sorted(self.superior_lines, key=lambda line: (line.kind != ReportingLine.Kind.SOLID, line.pk))
        return [
            (self.superior_titles.get(line.superior_id, _("(已删除的岗位)")), kinds.get(line.kind, line.kind))
            for line in lines
        ]


def version_moment(record) -> datetime:
    """The moment a position's history row stands for: the end of the save that wrote it.

    The admin saves the position first and its inline duties and superiors right after, so the row's
    own time would miss them; the version lasts until the position's next history row (or now).
    """
    following = (
        type(record)
        .objects.filter(id=record.id, history_date__gt=record.history_date)
        .order_by("history_date", "history_id")
        .values_list("history_date", flat=True)
        .first()
    )
    return following - timedelta(microseconds=1) if following else timezone.now()


def job_description_as_of(position_id: int, moment: datetime) -> JobDescriptionSnapshot:
    """The job description at ``moment``; raises Position.DoesNotExist if the position did not exist."""
    position = Position.history.as_of(moment).get(pk=position_id)
    duties = sorted(
        Duty.history.as_of(moment).filter(position_id=position_id),
        key=lambda duty: (duty.kind, duty.order, duty.pk),
    )
    lines = list(ReportingLine.history.as_of(moment).filter(subordinate_id=position_id))
    superior_ids = {line.superior_id for line in lines}
    titles = dict(Position.history.as_of(moment).filter(id__in=superior_ids).values_list("id", "title"))
    return JobDescriptionSnapshot(
        moment=moment, position=position, duties=duties, superior_lines=lines, superior_titles=titles
    )


def _renumbered(duties: list[Duty]) -> list[Duty]:
    """Orders 1..n within each kind, in the snapshot's order."""
    counters: dict[str, int] = {}
    for duty in duties:
        counters[duty.kind] = counters.get(duty.kind, 0) + 1
        duty.order = counters[duty.kind]
    return duties


def _restore_duties(position: Position, wanted: list[Duty]) -> None:
    """Make the position's duties ``wanted``, each list numbered 1..n in the snapshot's order.

    Placing an item at an order moves the later ones down (duties.services), so the items are
    placed in ascending order of their place, each compared with the row as it is by then.
    """
    wanted_ids = {duty.pk for duty in wanted}
    for duty in Duty.objects.filter(position=position).exclude(pk__in=wanted_ids):
        duty_services.delete_duty(duty)
    # Moved to another position or unit since: copied back, not taken away from there.
    elsewhere = set(
        Duty.objects.filter(pk__in=wanted_ids).exclude(position=position).values_list("pk", flat=True)
    )
    documents = set(
        SourceDocument.objects.filter(pk__in={duty.source_document_id for duty in wanted}).values_list(
            "pk", flat=True
        )
    )
    for old in _renumbered(wanted):
        values = {name: getattr(old, name) for name in DUTY_FIELDS}
        stored = None if old.pk in elsewhere else Duty.objects.filter(pk=old.pk).first()
        if stored is not None:
            if any(getattr(stored, name) != value for name, value in values.items()):
                duty_services.update_duty(stored, **values)
            continue
        # Deleted since: back under its old id, so its history continues.
        same_id = {} if old.pk in elsewhere else {"id": old.pk}
        provenance = {}
        if old.source_document_id in documents:
            provenance = {"source_document_id": old.source_document_id, "source_line": old.source_line}
        duty_services.create_duty(position=position, **same_id, **provenance, **values)


def _restore_superiors(position: Position, wanted: list[ReportingLine]) -> list[int]:
    """Superior lines as in ``wanted``; returns the ids of superiors that no longer exist."""
    current = {line.superior_id: line for line in ReportingLine.objects.filter(subordinate=position)}
    wanted_by_superior = {line.superior_id: line for line in wanted}
    for superior_id, line in current.items():
        if superior_id not in wanted_by_superior:
            position_services.delete_reporting_line(line)
    superiors = Position.objects.in_bulk(wanted_by_superior)
    missing = []
    for superior_id, old in wanted_by_superior.items():
        superior = superiors.get(superior_id)
        if superior is None:
            missing.append(superior_id)
            continue
        line = current.get(superior_id)
        if line is None:
            position_services.add_reporting_line(subordinate=position, superior=superior, kind=old.kind)
        elif line.kind != old.kind:
            position_services.update_reporting_line(line, kind=old.kind)
    return missing


def _stamp(position: Position, since: datetime, user, reason: str) -> None:
    """Name the editor and the reason on every history row the revert wrote.

    The position's row stays locked throughout, so no other write to its duties or superiors
    can have left rows in between.
    """
    fields = {"history_change_reason": reason}
    if user is not None:
        fields["history_user"] = user
    for records in (
        Position.history.filter(id=position.pk),
        Duty.history.filter(position_id=position.pk),
        ReportingLine.history.filter(subordinate_id=position.pk),
    ):
        records.filter(history_date__gte=since).update(**fields)


@dataclass
class RevertResult:
    position: Position
    reason: str
    missing_superiors: list[str]


def revert_job_description(position: Position, *, as_of: datetime, user=None) -> RevertResult:
    """Put the whole job description back as it was at ``as_of``: fields, duties, superiors.

    All or nothing: a rule refused on the way (a superior that would now close a cycle, a unit
    deleted since) raises ValidationError and nothing is kept. Superiors deleted since are left
    out and named in the result.
    """
    with transaction.atomic():
        current = Position.objects.select_for_update().get(pk=position.pk)
        since = timezone.now()
        try:
            snapshot = job_description_as_of(current.pk, as_of)
        except Position.DoesNotExist:
            raise ValidationError(_("该岗位在这个时间还不存在。"), code="no_version") from None
        reason = _("恢复到 %(when)s 的岗位说明书") % {
            "when": date_format(timezone.localtime(as_of), "Y-m-d H:i:s")
        }
        old = snapshot.position
        fields = {name: getattr(old, name) for name in position_services.POSITION_FIELDS if name != "unit"}
        unit = Unit.objects.filter(pk=old.unit_id).first()
        if unit is None:
            raise ValidationError(_("原来所属的组织单元已被删除,无法恢复这个版本。"), code="unit_gone")
        saved = position_services.update_position(current, unit=unit, **fields)
        _restore_duties(saved, snapshot.duties)
        missing = _restore_superiors(saved, snapshot.superior_lines)
        _stamp(saved, since, user, reason)
        return RevertResult(
            position=saved,
            reason=reason,
            missing_superiors=[snapshot.superior_titles.get(pk, str(pk)) for pk in missing],
        )
