"""The store as JSON (export_org) and back (import_org).

Ids in the export are stable keys built from names, not database ids, so an
export -> import into an empty store -> export round trip gives identical JSON:
unit id = "u:" + path names joined by " > "; position id = unit id + " # " + title
(plus " #n" for a repeated title in one unit, numbered by creation order).
"""

import json
from collections import defaultdict

from django.db import transaction
from django.db.models import Q

from core.search import duty_words
from duties.models import Duty, Workflow, WorkflowStep
from orgchart.models import Unit
from orgchart.services import create_unit
from roles.models import Position, ReportingLine
from roles.services import add_reporting_line
from sources.models import SourceDocument

DUTY_KEYS = {
    Duty.Kind.RESPONSIBILITY: "duties",
    Duty.Kind.REQUIREMENT: "requirements",
    Duty.Kind.KPI: "kpis",
    Duty.Kind.AUTHORITY: "authorities",
}


def _source(obj, names) -> dict:
    return {"document": names.get(obj.source_document_id), "line": obj.source_line}


def _item(obj, names) -> dict:
    return {"text": obj.text, "original": obj.original_text, "source": _source(obj, names)}


def _unit_key(path) -> str:
    return "u:" + " > ".join(path)


# Rows fetched per query while exporting: memory stays flat whatever the size of the store.
EXPORT_CHUNK = 500


def _tree_order() -> tuple[list[dict], dict[int, list[str]]]:
    """Every unit (light rows) in tree order (siblings by sibling_order, id), and each one's path."""
    rows = Unit.objects.values(
        "pk", "parent_id", "name", "kind", "sibling_order", "source_document_id", "source_line"
    )
    children = defaultdict(list)
    for row in rows.iterator(chunk_size=2000):
        children[row["parent_id"]].append(row)
    paths, ordered = {}, []
    stack = [
        (row, []) for row in sorted(children[None], key=lambda u: (u["sibling_order"], u["pk"]), reverse=True)
    ]
    while stack:  # depth first, without recursion: deep trees export too
        unit, prefix = stack.pop()
        paths[unit["pk"]] = [*prefix, unit["name"]]
        ordered.append(unit)
        below = sorted(
            children.pop(unit["pk"], []), key=lambda u: (u["sibling_order"], u["pk"]), reverse=True
        )
        stack.extend((child, paths[unit["pk"]]) for child in below)
    return ordered, paths


def _chunks(items: list):
    for start in range(0, len(items), EXPORT_CHUNK):
        yield items[start : start + EXPORT_CHUNK]


def _light_source(row, names) -> dict:
    return {"document": names.get(row["source_document_id"]), "line": row["source_line"]}


def _light_item(row, names) -> dict:
    return {"text": row["text"], "original": row["original_text"], "source": _light_source(row, names)}


ITEM_FIELDS = ("text", "original_text", "source_document_id", "source_line")


def _units(ordered, paths, names):
    for chunk in _chunks(ordered):
        functions = defaultdict(list)
        duties = Duty.objects.filter(unit_id__in=[u["pk"] for u in chunk]).order_by("kind", "order", "id")
        for row in duties.values("unit_id", *ITEM_FIELDS):
            functions[row["unit_id"]].append(_light_item(row, names))
        for u in chunk:
            yield {
                "id": _unit_key(paths[u["pk"]]),
                "name": u["name"],
                "path": paths[u["pk"]],
                "kind": u["kind"],
                "functions": functions[u["pk"]],
                "source": _light_source(u, names),
            }


def _positions(rank, paths, names):
    heads = list(Position.objects.values_list("pk", "unit_id", "title").iterator(chunk_size=5000))
    heads.sort(key=lambda p: (rank[p[1]], p[2], p[0]))
    keys, seen, refs = {}, defaultdict(int), {}
    for pk, unit_id, title in heads:
        base = _unit_key(paths[unit_id]) + " # " + title
        seen[base] += 1
        keys[pk] = base if seen[base] == 1 else f"{base} #{seen[base]}"
        refs[pk] = (title, unit_id)

    def ref(pk, kind):
        title, unit_id = refs[pk]
        return {"id": keys[pk], "title": title, "unit_path": paths[unit_id], "kind": kind}

    for chunk in _chunks([pk for pk, _, _ in heads]):
        rows = {p.pk: p for p in Position.objects.filter(pk__in=chunk).defer("search_words", "search_vector")}
        items = defaultdict(lambda: defaultdict(list))
        duties = Duty.objects.filter(position_id__in=chunk).order_by("kind", "order", "id")
        for row in duties.values("position_id", "kind", *ITEM_FIELDS):
            items[row["position_id"]][DUTY_KEYS[row["kind"]]].append(_light_item(row, names))
        ups, downs = defaultdict(list), defaultdict(list)
        lines = ReportingLine.objects.filter(Q(subordinate_id__in=chunk) | Q(superior_id__in=chunk))
        for sub, sup, kind in lines.order_by("id").values_list("subordinate_id", "superior_id", "kind"):
            if sub in rows:
                ups[sub].append(ref(sup, kind))
            if sup in rows:
                downs[sup].append(ref(sub, kind))
        for pk in chunk:
            p = rows[pk]
            yield {
                "id": keys[pk],
                "title": p.title,
                "unit_path": paths[p.unit_id],
                "described": p.described,
                "summary": p.summary,
                "authority": p.authority,
                "headcount": p.headcount,
                "superiors": sorted(ups[pk], key=lambda r: r["id"]),
                "subordinates": sorted(downs[pk], key=lambda r: r["id"]),
                **{key: items[pk][key] for key in DUTY_KEYS.values()},
                "source": _source(p, names),
            }


def _workflows(rank, paths, names):
    heads = list(Workflow.objects.values_list("pk", "owner_unit_id", "name", "code"))
    heads.sort(key=lambda w: (rank.get(w[1], -1), w[2], w[3], w[0]))
    for chunk in _chunks([pk for pk, *_ in heads]):
        rows = {w.pk: w for w in Workflow.objects.filter(pk__in=chunk)}
        steps = defaultdict(list)
        for row in (
            WorkflowStep.objects.filter(workflow_id__in=chunk)
            .order_by("workflow", "order", "id")
            .values("workflow_id", *ITEM_FIELDS)
        ):
            steps[row["workflow_id"]].append(_light_item(row, names))
        for pk in chunk:
            w = rows[pk]
            yield {
                "name": w.name,
                "code": w.code,
                "owner_unit_path": paths.get(w.owner_unit_id),
                "steps": steps[pk],
                "source": _source(w, names),
            }


def export_chunks():
    """The export as pieces of text that join into ``json.dumps(data, ensure_ascii=False, indent=2)``.

    Units, positions and workflows are read a chunk at a time and written one by one, so memory
    holds a chunk plus the light keys (paths and position keys), never the whole document.
    """
    names = dict(SourceDocument.objects.values_list("id", "name"))
    ordered, paths = _tree_order()
    rank = {unit["pk"]: i for i, unit in enumerate(ordered)}
    sections = {
        "documents": (
            {"name": d.name, "sha256": d.sha256}
            for d in SourceDocument.objects.order_by("name").only("name", "sha256")
        ),
        "units": _units(ordered, paths, names),
        "positions": _positions(rank, paths, names),
        "workflows": _workflows(rank, paths, names),
    }
    yield "{"
    for index, (key, entries) in enumerate(sections.items()):
        yield ("," if index else "") + "\n  " + json.dumps(key) + ": ["
        empty = True
        for entry in entries:
            yield ("\n    " if empty else ",\n    ") + _dump(entry, level=2)
            empty = False
        yield "]" if empty else "\n  ]"
    yield "\n}"


def _dump(value, level: int) -> str:
    """``value`` as json.dumps(indent=2) prints it nested ``level`` deep (strings never hold a newline)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def export_data() -> dict:
    return json.loads(export_json())


def export_json() -> str:
    return "".join(export_chunks())


def import_org(text: str) -> dict:
    """Load an export_org JSON into the store (meant for an empty store); all or nothing."""
    data = json.loads(text)
    with transaction.atomic():
        docs = {}
        for d in data.get("documents", []):
            docs[d["name"]], _ = SourceDocument.objects.get_or_create(
                name=d["name"], defaults={"sha256": d["sha256"], "text": ""}
            )

        def prov(entry):
            src = entry.get("source") or {}
            return {"source_document": docs.get(src.get("document")), "source_line": src.get("line")}

        units, duties = {}, []
        for u in data.get("units", []):
            parent = units[tuple(u["path"][:-1])] if len(u["path"]) > 1 else None
            unit = create_unit(name=u["name"], kind=u["kind"], parent=parent, **prov(u))
            units[tuple(u["path"])] = unit
            duties += [
                Duty(
                    unit=unit,
                    kind=Duty.Kind.RESPONSIBILITY,
                    order=i,
                    text=f["text"],
                    original_text=f.get("original", ""),
                    **prov(f),
                )
                for i, f in enumerate(u["functions"], 1)
            ]
        positions = {}
        for p in data.get("positions", []):
            position = Position.objects.create(
                unit=units[tuple(p["unit_path"])],
                title=p["title"],
                described=p["described"],
                summary=p["summary"],
                authority=p["authority"],
                headcount=p["headcount"],
                **prov(p),
            )
            positions[p["id"]] = position
            for kind, key in DUTY_KEYS.items():
                duties += [
                    Duty(
                        position=position,
                        kind=kind,
                        order=i,
                        text=d["text"],
                        original_text=d.get("original", ""),
                        **prov(d),
                    )
                    for i, d in enumerate(p.get(key, []), 1)
                ]
        for duty in duties:  # bulk_create skips save(), which fills the search words
            duty.search_words = duty_words(duty.text, duty.original_text)
        Duty.objects.bulk_create(duties)
        for p in data.get("positions", []):
            for sup in p["superiors"]:
                add_reporting_line(
                    subordinate=positions[p["id"]], superior=positions[sup["id"]], kind=sup["kind"]
                )
        steps = []
        for w in data.get("workflows", []):
            owner = units.get(tuple(w["owner_unit_path"])) if w.get("owner_unit_path") else None
            workflow = Workflow.objects.create(name=w["name"], code=w["code"], owner_unit=owner, **prov(w))
            steps += [
                WorkflowStep(
                    workflow=workflow, order=i, text=s["text"], original_text=s.get("original", ""), **prov(s)
                )
                for i, s in enumerate(w["steps"], 1)
            ]
        WorkflowStep.objects.bulk_create(steps)
    return {"units": len(units), "positions": len(positions), "duties": len(duties), "steps": len(steps)}
