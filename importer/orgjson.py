"""The store as JSON (export_org) and back (import_org).

Ids in the export are stable keys built from names, not database ids, so an
export -> import into an empty store -> export round trip gives identical JSON:
unit id = "u:" + path names joined by " > "; position id = unit id + " # " + title
(plus " #n" for a repeated title in one unit, numbered by creation order).
"""

import json
from collections import defaultdict

from django.db import transaction

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


def export_data() -> dict:
    names = dict(SourceDocument.objects.values_list("id", "name"))
    units = list(Unit.objects.all())
    children = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    paths, ordered = {}, []

    def walk(parent_id, prefix):
        for unit in sorted(children[parent_id], key=lambda u: (u.sibling_order, u.pk)):
            paths[unit.pk] = [*prefix, unit.name]
            ordered.append(unit)
            walk(unit.pk, paths[unit.pk])

    walk(None, [])
    rank = {unit.pk: i for i, unit in enumerate(ordered)}
    functions, duties = defaultdict(list), defaultdict(lambda: defaultdict(list))
    for duty in Duty.objects.order_by("kind", "order", "id"):
        if duty.unit_id:
            functions[duty.unit_id].append(_item(duty, names))
        else:
            duties[duty.position_id][DUTY_KEYS[duty.kind]].append(_item(duty, names))
    positions = sorted(Position.objects.all(), key=lambda p: (rank[p.unit_id], p.title, p.pk))
    keys, seen = {}, defaultdict(int)
    for p in positions:
        base = _unit_key(paths[p.unit_id]) + " # " + p.title
        seen[base] += 1
        keys[p.pk] = base if seen[base] == 1 else f"{base} #{seen[base]}"
    ups, downs = defaultdict(list), defaultdict(list)
    by_pk = {p.pk: p for p in positions}
    for line in ReportingLine.objects.order_by("id"):
        sup, sub = by_pk[line.superior_id], by_pk[line.subordinate_id]
        ups[sub.pk].append(
            {"id": keys[sup.pk], "title": sup.title, "unit_path": paths[sup.unit_id], "kind": line.kind}
        )
        downs[sup.pk].append(
            {"id": keys[sub.pk], "title": sub.title, "unit_path": paths[sub.unit_id], "kind": line.kind}
        )
    workflows = sorted(
        Workflow.objects.prefetch_related("steps"),
        key=lambda w: (rank.get(w.owner_unit_id, -1), w.name, w.code, w.pk),
    )
    return {
        "documents": [{"name": d.name, "sha256": d.sha256} for d in SourceDocument.objects.order_by("name")],
        "units": [
            {
                "id": _unit_key(paths[u.pk]),
                "name": u.name,
                "path": paths[u.pk],
                "kind": u.kind,
                "functions": functions[u.pk],
                "source": _source(u, names),
            }
            for u in ordered
        ],
        "positions": [
            {
                "id": keys[p.pk],
                "title": p.title,
                "unit_path": paths[p.unit_id],
                "described": p.described,
                "summary": p.summary,
                "authority": p.authority,
                "headcount": p.headcount,
                "superiors": sorted(ups[p.pk], key=lambda r: r["id"]),
                "subordinates": sorted(downs[p.pk], key=lambda r: r["id"]),
                **{key: duties[p.pk][key] for key in DUTY_KEYS.values()},
                "source": _source(p, names),
            }
            for p in positions
        ],
        "workflows": [
            {
                "name": w.name,
                "code": w.code,
                "owner_unit_path": paths.get(w.owner_unit_id),
                "steps": [_item(s, names) for s in w.steps.all()],
                "source": _source(w, names),
            }
            for w in workflows
        ],
    }


def export_json() -> str:
    return json.dumps(export_data(), ensure_ascii=False, indent=2)


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
