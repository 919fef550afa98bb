"""The whole job description of a position as one JSON document, built from its live rows.

``assemble`` builds it for the submit service, the pages (from the rows they read anyway) and the
migration that published v1, so a version always holds the same parts: position fields, unit path,
superiors, subordinates, ordered duties by kind, and where each came from.
"""

from collections import defaultdict

from django.db.models import Q

# Bump when the shape changes; readers of old versions can tell them apart.
SCHEMA = 1
POSITION_FIELDS = ("title", "code", "summary", "authority", "headcount", "described")
KIND_ORDER = ("responsibility", "requirement", "authority", "kpi")


def _models(models):
    if models is not None:
        return models
    from duties.models import Duty
    from orgchart.models import Unit
    from roles.models import Position, ReportingLine
    from sources.models import SourceDocument

    return {
        "Position": Position,
        "Duty": Duty,
        "ReportingLine": ReportingLine,
        "Unit": Unit,
        "SourceDocument": SourceDocument,
    }


def line_entry(line, other, units: dict) -> dict:
    return {
        "id": other.pk,
        "title": other.title,
        "kind": line.kind,
        "unit": units.get(other.unit_id, ""),
    }


def _sorted_lines(lines: list[dict]) -> list[dict]:
    return sorted(lines, key=lambda line: (line["kind"] != "solid", line["title"], line["id"]))


def snapshots_of(position_ids, models=None) -> dict[int, dict]:
    """Snapshots of the given positions in a fixed number of queries, keyed by position id.

    ``models`` maps model names to classes (a migration passes its historical ones).
    """
    m = _models(models)
    positions = {
        p.pk: p for p in m["Position"].objects.filter(pk__in=list(position_ids)).select_related("unit")
    }
    if not positions:
        return {}
    duties = defaultdict(list)
    for duty in m["Duty"].objects.filter(position_id__in=positions).order_by("order", "id"):
        duties[duty.position_id].append(duty)
    lines = list(
        m["ReportingLine"]
        .objects.filter(Q(subordinate_id__in=list(positions)) | Q(superior_id__in=list(positions)))
        .select_related("superior", "subordinate")
        .order_by("id")
    )
    # Each position's unit and its ancestors (one query), and the units of the positions on its lines.
    ancestry = Q(pk__in=[])
    for unit in {p.unit_id: p.unit for p in positions.values()}.values():
        ancestry |= Q(tree_id=unit.tree_id, lft__lte=unit.lft, rght__gte=unit.rght)
    other_unit_ids = {line.superior.unit_id for line in lines} | {line.subordinate.unit_id for line in lines}
    units = {u.pk: u for u in m["Unit"].objects.filter(ancestry)}
    missing = other_unit_ids - set(units)
    if missing:
        units.update({u.pk: u for u in m["Unit"].objects.filter(pk__in=missing)})
    unit_names = {pk: unit.name for pk, unit in units.items()}
    document_ids = {p.source_document_id for p in positions.values()} | {
        d.source_document_id for items in duties.values() for d in items
    }
    documents = dict(
        m["SourceDocument"].objects.filter(pk__in=document_ids - {None}).values_list("pk", "name")
    )

    def path(unit_id) -> list[dict]:
        steps = []
        unit = units.get(unit_id)
        while unit is not None:
            steps.append({"id": unit.pk, "name": unit.name})
            unit = units.get(unit.parent_id)
        return steps[::-1]

    superiors, subordinates = defaultdict(list), defaultdict(list)
    for line in lines:
        if line.subordinate_id in positions:
            superiors[line.subordinate_id].append(line_entry(line, line.superior, unit_names))
        if line.superior_id in positions:
            subordinates[line.superior_id].append(line_entry(line, line.subordinate, unit_names))

    return {
        pk: assemble(
            position,
            path(position.unit_id),
            duties[pk],
            superiors[pk],
            subordinates[pk],
            documents.get,
        )
        for pk, position in positions.items()
    }


def assemble(position, unit_path, duties, superiors, subordinates, document_name) -> dict:
    """The snapshot document from rows already read; ``document_name`` maps a source document id
    to its name (None when unknown)."""
    items = sorted(duties, key=lambda d: (KIND_ORDER.index(d.kind), d.order, d.pk))
    entries = []
    for duty in items:
        entry = {"id": duty.pk, "kind": duty.kind, "order": duty.order, "text": duty.text}
        entry["source_line"] = duty.source_line
        name = document_name(duty.source_document_id) if duty.source_document_id else None
        if name:
            entry["source"] = name
        entries.append(entry)
    return {
        "schema": SCHEMA,
        "position": {"id": position.pk, **{name: getattr(position, name) for name in POSITION_FIELDS}},
        "unit_path": unit_path,
        "superiors": _sorted_lines(superiors),
        "subordinates": _sorted_lines(subordinates),
        "duties": entries,
        "source": {
            "document": document_name(position.source_document_id) if position.source_document_id else None,
            "line": position.source_line,
        },
    }


def snapshot(position) -> dict:
    """The position's working copy (its live rows) as a snapshot."""
    return snapshots_of([position.pk])[position.pk]


def content(snapshot_: dict) -> dict:
    """The parts of a snapshot a reader sees; provenance aside, two equal contents are one version."""
    return {key: value for key, value in snapshot_.items() if key != "source"} | {
        "duties": [{k: v for k, v in d.items() if k in ("kind", "text")} for d in snapshot_["duties"]]
    }
