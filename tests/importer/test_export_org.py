"""export_org prints the store as JSON; importing that JSON into an empty store gives it back exactly."""

import json
from io import StringIO

from django.core.management import call_command

from duties.models import Duty, Workflow
from orgchart.models import Unit
from roles.models import Incumbent, Position, ReportingLine
from sources.models import SourceDocument


def _export() -> str:
    out = StringIO()
    call_command("export_org", stdout=out)
    return out.getvalue()


def _empty_the_store():
    Duty.objects.all().delete()
    Workflow.objects.all().delete()
    ReportingLine.objects.all().delete()
    Incumbent.objects.all().delete()
    Position.objects.all().delete()
    for unit in Unit.objects.order_by("-level"):
        unit.delete()
    SourceDocument.objects.all().delete()


def test_export_has_the_documented_shape(seeded_store):
    data = json.loads(_export())
    assert set(data) == {"documents", "units", "positions", "workflows"}
    assert len(data["documents"]) == 5 and set(data["documents"][0]) == {"name", "sha256"}
    unit = next(u for u in data["units"] if u["name"] == "计划统计处")
    assert unit["path"] == ["营销部职责", "营销本部", "计划统计处"]
    assert unit["kind"] == "section"
    department = next(u for u in data["units"] if u["path"] == ["营销部职责", "营销本部"])
    assert department["functions"][0]["source"] == {"document": "000_4f4ac37b287a14be.txt", "line": 4}
    position = next(
        p for p in data["positions"] if p["title"] == "大区经理" and p["unit_path"] == ["营销部职责(4)"]
    )
    assert {s["title"] for s in position["superiors"]} == {"营销部经理", "营销部副经理"}
    assert position["duties"][0] == {
        "text": "完成个人营销指标。",
        "original": "完成个人营销指标。",
        "source": {"document": "000_4f4ac37b287a14be.txt", "line": 249},
    }
    assert position["summary"] == "完成片区营销任务。"
    workflow = next(w for w in data["workflows"] if w["name"] == "百货商场营运部日常工作流程")
    assert workflow["owner_unit_path"] == ["百货商场营运部日常工作流程", "营运部"]


def test_export_is_the_same_read_in_small_chunks(seeded_store, monkeypatch):
    """The export is written a chunk of rows at a time; chunk boundaries change nothing."""
    from importer import orgjson

    whole = _export()
    monkeypatch.setattr(orgjson, "EXPORT_CHUNK", 7)
    assert _export() == whole
    assert json.loads(whole) == orgjson.export_data()


def test_export_never_contains_incumbents_names(db):
    from importer.apply import import_text

    import_text("t.txt", "第一篇:测试公司\n采购部\n订货助理—姜东汾\n◆下订单;\n")
    assert "姜东汾" not in _export()


def test_export_then_import_into_an_empty_store_then_export_is_identical(seeded_store, tmp_path):
    first = _export()
    _empty_the_store()
    assert not Unit.objects.exists()
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    call_command("import_documents", str(path), stdout=StringIO())
    assert _export() == first
    assert Position.objects.filter(described=False).exists()
