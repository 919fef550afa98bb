"""Reads of versions for the admin, the job-description page and the API, in fixed numbers of queries."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.db.models import QuerySet
from django.utils import timezone

from duties.models import Duty
from jobdescriptions import services
from jobdescriptions.diff import VersionDiff, diff
from jobdescriptions.models import JobDescriptionVersion
from jobdescriptions.snapshots import POSITION_FIELDS, assemble
from orgchart.models import Unit
from roles.models import Position
from sources.models import SourceDocument

State = JobDescriptionVersion.State


def versions(position_id: int, *, with_drafts: bool) -> QuerySet:
    """The position's versions, newest first; readers who may not see drafts get published ones only."""
    queryset = JobDescriptionVersion.objects.filter(position_id=position_id).select_related(
        "author", "reviewer"
    )
    if not with_drafts:
        queryset = queryset.filter(state=State.PUBLISHED)
    return queryset.order_by("-submitted_at", "-id")


def previous_published(version: JobDescriptionVersion) -> JobDescriptionVersion | None:
    """The published version a pending or published one replaces (for its diff)."""
    queryset = JobDescriptionVersion.objects.filter(position_id=version.position_id, state=State.PUBLISHED)
    if version.number:
        queryset = queryset.filter(number__lt=version.number)
    return queryset.order_by("-number").first()


def version_diff(old: JobDescriptionVersion | None, new: JobDescriptionVersion) -> VersionDiff:
    return diff(old.snapshot if old else None, new.snapshot)


@dataclass
class SnapshotDescription:
    """A version shaped like roles.selectors.JobDescription, so the page and the DOCX render it alike.

    The objects are unsaved stand-ins built from the snapshot: nothing is read from the live rows.
    """

    position: Position
    unit_path: list[Unit]
    responsibilities: list[Duty]
    requirements: list[Duty]
    authorities: list[Duty]
    kpis: list[Duty]
    superior_lines: list
    subordinate_lines: list
    version: JobDescriptionVersion | None = None

    @property
    def unit_path_text(self) -> str:
        return " / ".join(unit.name for unit in self.unit_path)


def _document(name: str | None) -> SourceDocument | None:
    return SourceDocument(name=name) if name else None


def _other(line: dict) -> SimpleNamespace:
    other = Position(id=line["id"], title=line["title"])
    other.unit = Unit(name=line.get("unit", ""))
    return other


def description_of(version: JobDescriptionVersion, live: Position) -> SnapshotDescription:
    """The version as a job description; ``live`` lends only what is not job-description content
    (its incumbents are today's, shown to those who may see them)."""
    data = version.snapshot
    path = [Unit(id=unit["id"], name=unit["name"]) for unit in data.get("unit_path", [])]
    fields = data["position"]
    position = Position(
        id=live.pk,
        unit_id=path[-1].pk if path else live.unit_id,
        **{name: fields.get(name) for name in POSITION_FIELDS},
    )
    position.unit = path[-1] if path else live.unit
    position.created_at = live.created_at
    position.updated_at = version.decided_at or version.submitted_at
    source = data.get("source") or {}
    position.source_document = _document(source.get("document"))
    position.source_line = source.get("line")
    if hasattr(live, "_prefetched_objects_cache"):
        position._prefetched_objects_cache = {
            key: value for key, value in live._prefetched_objects_cache.items() if key == "incumbents"
        }
    by_kind: dict[str, list[Duty]] = {kind: [] for kind in Duty.Kind.values}
    for item in data.get("duties", []):
        duty = Duty(id=item.get("id"), kind=item["kind"], order=item["order"], text=item["text"])
        duty.source_document = _document(item.get("source"))
        duty.source_line = item.get("source_line")
        by_kind.setdefault(item["kind"], []).append(duty)
    return SnapshotDescription(
        position=position,
        unit_path=path,
        responsibilities=by_kind[Duty.Kind.RESPONSIBILITY],
        requirements=by_kind[Duty.Kind.REQUIREMENT],
        authorities=by_kind[Duty.Kind.AUTHORITY],
        kpis=by_kind[Duty.Kind.KPI],
        superior_lines=[
            SimpleNamespace(kind=line["kind"], superior=_other(line)) for line in data["superiors"]
        ],
        subordinate_lines=[
            SimpleNamespace(kind=line["kind"], subordinate=_other(line)) for line in data["subordinates"]
        ],
        version=version,
    )


@dataclass
class PageVersions:
    """What the job-description page shows: which version, and for HR what is not yet published."""

    shown: JobDescriptionVersion | None  # None: the working copy (never published, or HR asked for it)
    latest: JobDescriptionVersion | None
    pending: JobDescriptionVersion | None
    published: list[JobDescriptionVersion]
    draft_diff: VersionDiff | None  # working copy against the latest published, for HR
    as_of: date | None

    @property
    def shown_previous(self) -> JobDescriptionVersion | None:
        """The published version the shown one replaced."""
        if self.shown is None:
            return None
        return next((v for v in self.published if v.number < self.shown.number), None)

    @property
    def shown_diff(self) -> VersionDiff | None:
        """What the shown version changed against the one it replaced (none for a first version)."""
        previous = self.shown_previous
        return diff(previous.snapshot, self.shown.snapshot) if previous else None


def working_snapshot(description) -> dict:
    """The working copy's snapshot from a job description already read with its prefetches (no query)."""
    position = description.position
    documents = {position.source_document_id: position.source_document}
    duties = list(position.duties.all())
    documents.update({duty.source_document_id: duty.source_document for duty in duties})

    def line(line, other):
        return {"id": other.pk, "title": other.title, "kind": line.kind, "unit": other.unit.name}

    return assemble(
        position,
        [{"id": unit.pk, "name": unit.name} for unit in description.unit_path],
        duties,
        [line(x, x.superior) for x in position.superior_lines.all()],
        [line(x, x.subordinate) for x in position.subordinate_lines.all()],
        lambda pk: documents[pk].name if documents.get(pk) else None,
    )


def for_page(description, *, with_drafts: bool, as_of: date | None, number: int | None) -> PageVersions:
    """One query however many versions exist; the working copy comes from ``description`` (read already)."""
    position = description.position
    rows = list(versions(position.pk, with_drafts=with_drafts))
    published = sorted((v for v in rows if v.state == State.PUBLISHED), key=lambda v: v.number, reverse=True)
    latest = published[0] if published else None
    if as_of is not None:
        in_force = [v for v in published if v.effective_date <= as_of]
        shown = max(in_force, key=lambda v: (v.effective_date, v.number)) if in_force else None
    elif number is not None:
        shown = next((v for v in published if v.number == number), None)
    else:
        shown = latest
    pending = next((v for v in rows if v.state == State.SUBMITTED), None)
    draft_diff = None
    if with_drafts:
        working = working_snapshot(description)
        if services.has_unpublished_changes(position, working, published=latest):
            draft_diff = diff(latest.snapshot if latest else None, working)
    return PageVersions(
        shown=shown, latest=latest, pending=pending, published=published, draft_diff=draft_diff, as_of=as_of
    )


@dataclass
class UnitAsOf:
    """A unit as it stood on a date, with its children and the positions published in it then."""

    id: int
    name: str
    children: list["UnitAsOf"]
    positions: list[dict]  # {"id", "title", "number"} of the version in force


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in the site's time zone: the tree as it stood at the day's close."""
    start = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start - timedelta(microseconds=1)


def in_force(day: date) -> list[JobDescriptionVersion]:
    """Every position's version in force on ``day`` (one query)."""
    return list(
        JobDescriptionVersion.objects.filter(state=State.PUBLISHED, effective_date__lte=day)
        .order_by("position_id", "-effective_date", "-number")
        .distinct("position_id")
    )


def org_tree_as_of(day: date) -> list[UnitAsOf]:
    """The unit tree as it stood at the end of ``day`` (from the units' history), each position under
    the unit its version in force then names; two queries however large the tree."""
    # Each unit's last history row up to then, read as values: historical MPTT instances would load
    # their (unrecorded) tree fields one query each. A last row that is a deletion drops the unit.
    latest = (
        Unit.history.filter(history_date__lte=end_of_day(day))
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
        .values("id", "name", "parent_id", "sibling_order", "history_type")
    )
    rows = sorted(
        (row for row in latest if row["history_type"] != "-"),
        key=lambda row: (row["sibling_order"], row["name"], row["id"]),
    )
    units = {row["id"]: UnitAsOf(id=row["id"], name=row["name"], children=[], positions=[]) for row in rows}
    parents = {row["id"]: row["parent_id"] for row in rows}
    for version in in_force(day):
        path = version.snapshot.get("unit_path") or []
        unit = units.get(path[-1]["id"]) if path else None
        if unit is not None:
            unit.positions.append(
                {
                    "id": version.position_id,
                    "title": version.snapshot["position"]["title"],
                    "number": version.number,
                }
            )
    roots = []
    for pk, unit in units.items():
        parent = units.get(parents.get(pk))
        (parent.children if parent else roots).append(unit)
    for unit in units.values():
        unit.positions.sort(key=lambda p: (p["title"], p["id"]))
    return roots


def latest_published_of(position_ids) -> dict[int, JobDescriptionVersion]:
    """Each position's latest published version, keyed by position id (one query)."""
    rows = (
        JobDescriptionVersion.objects.filter(position_id__in=list(position_ids), state=State.PUBLISHED)
        .order_by("position_id", "-number")
        .distinct("position_id")
    )
    return {version.position_id: version for version in rows}


def published_descriptions(descriptions: list) -> list:
    """Each job description as its latest published version (positions never published as they are)."""
    published = latest_published_of(description.position.pk for description in descriptions)
    return [
        description_of(published[d.position.pk], d.position) if d.position.pk in published else d
        for d in descriptions
    ]
