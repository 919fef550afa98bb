"""Reads for the job-description pages and documents, each in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.http import API_CLIENT_REASON
from duties.models import Duty, Workflow, WorkflowStep
from orgchart.models import Unit
from roles.models import Incumbent, Position, ReportingLine

# Fields that change on every save or are bookkeeping; not worth showing as a change.
HISTORY_IGNORED_FIELDS = {"created_at", "updated_at", "version"}
HISTORY_LIMIT = 100


def _duties_prefetch() -> Prefetch:
    return Prefetch(
        "duties",
        queryset=Duty.objects.select_related("source_document").order_by("kind", "order", "id"),
    )


def _lines_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "superior_lines",
            queryset=ReportingLine.objects.select_related("superior__unit"),
        ),
        Prefetch(
            "subordinate_lines",
            queryset=ReportingLine.objects.select_related("subordinate__unit"),
        ),
    ]


def _with_job_description(queryset: QuerySet, *, with_incumbents: bool = False) -> QuerySet:
    prefetches = [_duties_prefetch(), *_lines_prefetches()]
    if with_incumbents:
        prefetches.append(Prefetch("incumbents", queryset=Incumbent.objects.order_by("id")))
    return queryset.select_related("unit", "source_document").prefetch_related(*prefetches)


@dataclass
class JobDescription:
    """A position with its job-description parts split by kind, ready for a page or a document."""

    position: Position
    unit_path: list[Unit]
    responsibilities: list[Duty] = field(default_factory=list)
    requirements: list[Duty] = field(default_factory=list)
    authorities: list[Duty] = field(default_factory=list)
    kpis: list[Duty] = field(default_factory=list)

    @property
    def superior_lines(self) -> list[ReportingLine]:
        """Solid lines first, then dotted; by title within each."""
        lines = self.position.superior_lines.all()
        return sorted(
            lines, key=lambda line: (line.kind != ReportingLine.Kind.SOLID, line.superior.title, line.pk)
        )

    @property
    def subordinate_lines(self) -> list[ReportingLine]:
        lines = self.position.subordinate_lines.all()
        return sorted(
            lines, key=lambda line: (line.kind != ReportingLine.Kind.SOLID, line.subordinate.title, line.pk)
        )

    @property
    def unit_path_text(self) -> str:
        return " / ".join(unit.name for unit in self.unit_path)


def _split(position: Position, unit_path: list[Unit]) -> JobDescription:
    description = JobDescription(position=position, unit_path=unit_path)
    by_kind = {
        Duty.Kind.RESPONSIBILITY: description.responsibilities,
        Duty.Kind.REQUIREMENT: description.requirements,
        Duty.Kind.AUTHORITY: description.authorities,
        Duty.Kind.KPI: description.kpis,
    }
    for duty in sorted(position.duties.all(), key=lambda d: (d.order, d.id)):
        by_kind[duty.kind].append(duty)
    return description


def position_detail(position_id: int, *, with_incumbents: bool = False) -> JobDescription:
    """One position's job description; raises Position.DoesNotExist."""
    position = _with_job_description(
        Position.objects.filter(pk=position_id), with_incumbents=with_incumbents
    ).get()
    unit_path = list(position.unit.get_ancestors(include_self=True))
    return _split(position, unit_path)


def _unit_paths(root: Unit) -> dict[int, list[Unit]]:
    """Path from the tree root to every unit in ``root``'s subtree, from one query."""
    ancestors = Q(lft__lte=root.lft, rght__gte=root.rght)
    descendants = Q(lft__gte=root.lft, rght__lte=root.rght)
    units = Unit.objects.filter(Q(tree_id=root.tree_id) & (ancestors | descendants))
    by_id = {unit.pk: unit for unit in units}
    paths: dict[int, list[Unit]] = {}

    def path_of(unit: Unit) -> list[Unit]:
        if unit.pk in paths:
            return paths[unit.pk]
        parent = by_id.get(unit.parent_id)
        paths[unit.pk] = ([*path_of(parent)] if parent else []) + [unit]
        return paths[unit.pk]

    for unit in sorted(by_id.values(), key=lambda u: u.level):
        path_of(unit)
    return paths


def positions_for_unit_subtree(unit: Unit) -> list[JobDescription]:
    """Every position in ``unit`` and its descendants, in tree order, in a fixed number of queries."""
    paths = _unit_paths(unit)
    positions = _with_job_description(
        Position.objects.filter(
            unit__tree_id=unit.tree_id, unit__lft__gte=unit.lft, unit__rght__lte=unit.rght
        ).order_by("unit__lft", "title", "id")
    )
    return [_split(position, paths.get(position.unit_id, [position.unit])) for position in positions]


@dataclass
class HistoryEntry:
    """One recorded save of the position or of one of its duties."""

    when: datetime
    who: str
    subject: str
    action: str  # "+", "~" or "-" as simple-history records it
    changes: list[tuple[str, str, str]]  # (field label, old, new)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field dropped since the record was written
        return name


def _short(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _entries(records, model, subject_of) -> list[HistoryEntry]:
    """Turn history records (oldest first, several objects mixed) into entries with diffs."""
    previous: dict[int, object] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, excluded_fields=HISTORY_IGNORED_FIELDS)
            changes = [
                (_label(model, change.field), _short(change.old), _short(change.new))
                for change in delta.changes
            ]
        user = record.history_user
        who = user.get_username() if user else ""
        reason = record.history_change_reason or ""
        if reason.startswith(API_CLIENT_REASON):  # written through an API client: name it too
            who = f"{who}({reason})" if who else reason
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                subject=subject_of(record),
                action=record.history_type,
                changes=changes,
            )
        )
        previous[record.id] = record
    return entries


def position_history(position: Position, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """Recorded changes of a position and its duties (deleted duties included), newest first."""
    position_records = (
        Position.history.filter(id=position.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    duty_records = (
        Duty.history.filter(position_id=position.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    kinds = dict(Duty.Kind.choices)
    entries = _entries(position_records, Position, lambda record: str(Position._meta.verbose_name))
    entries += _entries(
        duty_records,
        Duty,
        lambda record: (
            _("%(kind)s:%(text)s")
            % {"kind": kinds.get(record.kind, record.kind), "text": _short(record.text)}
        ),
    )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def workflows_naming(position: Position) -> list[Workflow]:
    """Workflows of the position's organisation or document with a step naming it (one query)."""
    if len(position.title) < 2:
        return []
    scope = Q(owner_unit__tree_id=position.unit.tree_id)
    if position.source_document_id:
        scope |= Q(source_document_id=position.source_document_id)
    steps = WorkflowStep.objects.filter(text__contains=position.title).values("workflow_id")
    return list(Workflow.objects.filter(scope, pk__in=steps).order_by("name", "id"))


# Every path upwards is listed up to this many; a wider graph is cut and marked truncated.
MAX_CHAIN_PATHS = 100


@dataclass
class SuperiorGraph:
    """The solid-line superiors above a position: a DAG, since a position may have several."""

    nodes: list[Position]
    edges: list[tuple[int, int, int]]  # (line id, subordinate id, superior id), oldest line first
    paths: list[list[int]]  # superior ids from the nearest to a top position; paths[0] is the primary one
    truncated: bool


def superior_graph(position: Position) -> SuperiorGraph:
    """Every solid-line path up from the position, in two queries however deep or wide the graph.

    The primary path follows the oldest line at each level (the one the chain used to follow alone).
    """
    table = ReportingLine._meta.db_table
    solid = ReportingLine.Kind.SOLID
    with connection.cursor() as cursor:
        # UNION (not UNION ALL) drops repeated rows, so even a cycle in old data ends the recursion.
        cursor.execute(
            f"""
            WITH RECURSIVE up(id, subordinate_id, superior_id) AS (
                SELECT id, subordinate_id, superior_id FROM {table}
                WHERE subordinate_id = %s AND kind = %s
                UNION
                SELECT line.id, line.subordinate_id, line.superior_id FROM {table} line
                JOIN up ON line.subordinate_id = up.superior_id
                WHERE line.kind = %s
            )
            SELECT id, subordinate_id, superior_id FROM up ORDER BY id
            """,
            [position.pk, solid, solid],
        )
        edges = [tuple(row) for row in cursor.fetchall()]
    above: dict[int, list[int]] = {}
    for _line, subordinate, superior in edges:
        above.setdefault(subordinate, []).append(superior)

    paths: list[list[int]] = []
    truncated = False
    stack = [(position.pk, [])]  # depth first, oldest line first: paths[0] is the primary path
    while stack:
        node, path = stack.pop()
        nexts = [s for s in above.get(node, []) if s != position.pk and s not in path]
        if not nexts:
            if path:
                paths.append(path)
            if len(paths) >= MAX_CHAIN_PATHS:
                truncated = bool(stack)
                break
            continue
        stack += [(superior, [*path, superior]) for superior in reversed(nexts)]
    ids = {superior for _line, _sub, superior in edges}
    nodes = list(Position.objects.filter(pk__in=ids).order_by("id"))
    return SuperiorGraph(nodes=nodes, edges=edges, paths=paths, truncated=truncated)
