"""The seed importer: hand-checked positions per document, clean text, idempotency, reports."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q

from duties.importer.normalise import NOISE_PHRASES, to_simplified
from duties.models import Duty, SourceDocument, Workflow, WorkflowStep
from duties.services import import_document, preview_document
from orgchart.models import Unit
from roles.models import Incumbent, Position, ReportingLine

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "source"
PINYIN = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("import_documents", stdout=out)
    return out.getvalue()


def _position(doc_prefix, title):
    return Position.objects.get(title=title, source_document__name__startswith=doc_prefix)


def _responsibilities(position):
    return list(position.duties.filter(kind=Duty.Kind.RESPONSIBILITY).order_by("order"))


HAND_CHECKED = [
    # (document, title, unit path, superiors, number of duties, first duty, last duty, first duty's line)
    (
        "000",
        "总经理",
        ["营销部职责", "营销本部"],
        [],
        3,
        "制定全集团营销、公关的方针和策略,并指导各职能处室具体实施;",
        "审核集团大型公关活动方案。",
        11,
    ),
    (
        "000",
        "营销处长",
        ["营销部职责", "营销本部"],
        [],
        6,
        "负责编制年度集团营销计划;",
        "负责集团各处室及各店之间的协调工作。",
        17,
    ),
    (
        "000",
        "销售主任",
        ["营销部职责(4)"],
        ["销售部经理"],
        6,
        "协助经理完成本部门销售业务及管理工作。",
        "积极完成上司临时安排的工作任务。",
        306,
    ),
    (
        "000",
        "大区经理",
        ["营销部职责(4)"],
        ["营销部副经理", "营销部经理"],
        12,
        "完成个人营销指标。",
        "参与组织对顾客技术培训。",
        249,
    ),
    (
        "001",
        "市场部经理",
        ["营销中心岗位职责"],
        [],
        16,
        "组织下属人员全面履行部门职责,全面负责销售部的日常管理工作,对销售的工作过程与工作成果负全面的管理和监控责任。",
        "完成上级交办的其他任务。",
        34,
    ),
    (
        "002",
        "事业部总监助理",
        ["销售总监助理岗位职责和具体工作实施流程"],
        ["事业部总监"],
        20,
        "负责市场开拓和管理工作;",
        "完成好领导交办其他各项基础性和临时性工作。",
        10,
    ),
    (
        "002",
        "总监助理",
        ["总监助理岗位职责"],
        [],
        36,
        "协助工程师进行产品的开发测试;",
        "完成营销总监安排的其他工作。",
        137,
    ),
    (
        "003",
        "销售部岗位(二)",
        ["销售部岗位职责汇编", "销售部"],
        [],
        10,
        "制定销售计划,努力完成和超完成预算额。",
        "严守职业道德,不泄露客户资料,做好保密工作。",
        18,
    ),
    (
        "003",
        "案场秘书",
        ["销售部岗位职责(2)"],
        [],
        28,
        "建立健全各项销售档案,为销售工作提供相关信息服务,并负责保密。",
        "完成上级安排的其他任务",
        189,
    ),
    (
        "001",
        "大区经理",
        ["营销中心岗位职责"],
        [],
        6,
        "依据公司经营计划,并配合公司总目标,拟订本区域的目标与工作计划,并随时予以追踪控制,以便有效执行。",
        "承办领导交办的其他事项及未尽事宜。",
        70,
    ),
    (
        "003",
        "部长",
        ["销售部岗位职责", "销售部"],
        [],
        12,
        "遵守公司的各项规章制度,在公司总经理的领导下,负责主持本部的全面工作,"
        "组织并督促部门人员全面完成本部职责范围内的各项工作任务。",
        "完成公司下达的其他任务。",
        54,
    ),
]


@pytest.mark.parametrize("doc,title,path,superiors,count,first,last,line", HAND_CHECKED)
def test_hand_checked_positions_are_imported_as_written(
    seeded, doc, title, path, superiors, count, first, last, line
):
    position = _position(doc, title)
    assert [u.name for u in position.unit.get_ancestors(include_self=True)] == path
    assert sorted(rl.superior.title for rl in position.superior_lines.all()) == sorted(superiors)
    duties = _responsibilities(position)
    assert len(duties) == count
    assert (duties[0].text, duties[-1].text) == (first, last)
    assert duties[0].source_document.name.startswith(doc)
    assert duties[0].source_line == line


def test_superiors_named_but_not_described_become_undescribed_positions(seeded):
    superior = _position("002", "事业部总监")
    assert superior.described is False
    assert _responsibilities(superior) == []
    assert _position("002", "事业部总监助理").described is True


def test_each_sub_document_becomes_one_root_unit(seeded):
    roots = Unit.objects.filter(parent__isnull=True, source_document__name__startswith="000")
    assert sorted(roots.values_list("name", flat=True)) == [
        "营销部职责",
        "营销部职责(2)",
        "营销部职责(3)",
        "营销部职责(4)",
        "营销部部门职责",
    ]
    sections = Unit.objects.get(name="营销本部").get_children()
    assert "计划统计处" in [s.name for s in sections]
    assert all(s.kind == Unit.Kind.SECTION for s in sections)


def test_requirements_run_into_a_bullet_line_are_split_off(seeded):
    position = _position("000", "营销信息管理担当")
    assert [d.text for d in _responsibilities(position)] == ["为营销本部人员作成周末调查日程表;", "其他。"]
    assert list(position.duties.filter(kind=Duty.Kind.REQUIREMENT).values_list("text", flat=True)) == [
        "营销专业、信息能力强者优先。"
    ]


def test_daily_workflow_document_becomes_an_ordered_workflow(seeded):
    workflow = Workflow.objects.get(source_document__name__startswith="004")
    assert workflow.owner_unit.name == "营运部"
    steps = list(workflow.steps.order_by("order"))
    assert len(steps) > 100
    assert steps[0].text == "营业前工作:"
    assert [s.order for s in steps] == list(range(1, len(steps) + 1))


def test_store_holds_no_traditional_characters_pinyin_mojibake_or_cruft(seeded):
    texts = list(Duty.objects.values_list("text", flat=True))
    texts += list(WorkflowStep.objects.values_list("text", flat=True))
    texts += list(Unit.objects.values_list("name", flat=True))
    texts += list(Position.objects.values_list("title", flat=True))
    texts += list(Position.objects.values_list("summary", flat=True))
    texts += list(Position.objects.values_list("authority", flat=True))
    assert len(texts) > 1000
    for text in texts:
        assert to_simplified(text) == text, text
        assert not PINYIN.search(text), text
        assert not any(phrase in text for phrase in NOISE_PHRASES), text
    # The originals keep the Traditional text of 002 and 003.
    assert Duty.objects.filter(original_text__contains="崗").exists()


def test_legitimate_parentheses_survive_mojibake_removal():
    assert to_simplified("總監(jiān)") == "总监"
    assert to_simplified("負責(zé)") == "负责"
    assert to_simplified("负责集团广告(媒体广告、平面广告)") == "负责集团广告(媒体广告、平面广告)"
    assert to_simplified("中心总经理:(刘诚)") == "中心总经理:(刘诚)"


def test_report_lists_noise_lines_and_every_line_not_understood(seeded):
    assert "== 001_ffd1e6a595ddc07b.txt" in seeded
    assert "lines skipped as noise: 7 [3, 4, 5, 6, 30, 196, 197]" in seeded
    _, report = preview_document("x.txt", "第一篇:测试\n市场部\n○市场专员职责\n◆走访客户;\n百度文库 下载\n")
    assert report.noise_lines == [5]
    assert report.totals["positions"] == 1 and report.totals["duties"] == 1


def test_lines_the_parser_cannot_place_are_reported_with_line_numbers(db):
    _, report = preview_document("x.txt", "第一篇:测试公司\n\n直接上级:总经理\n市场部\n")
    assert report.not_understood == [(3, "直接上级:总经理")]


def test_importing_the_same_documents_again_changes_nothing(seeded):
    def store_counts():
        return (
            Unit.objects.count(),
            Position.objects.count(),
            Duty.objects.count(),
            ReportingLine.objects.count(),
            WorkflowStep.objects.count(),
            Duty.history.count(),
            Position.history.count(),
        )

    before = store_counts()
    out = StringIO()
    call_command("import_documents", stdout=out)
    assert store_counts() == before
    assert out.getvalue().count("unchanged, nothing written") == 5


def test_a_changed_document_updates_what_changed_and_keeps_hr_edits(db):
    text = "第一篇:测试公司\n市场部\n○市场专员职责\n◆走访客户;\n◆整理资料;\n◆提交周报。\n"
    import_document("t.txt", text)
    position = Position.objects.get(title="市场专员")
    edited = position.duties.get(order=2)
    edited.text = "整理客户资料并归档;"
    edited.save()
    changed = text.replace("走访客户", "定期走访客户").replace("整理资料", "整理全部资料")
    report = import_document("t.txt", changed)
    texts = [d.text for d in _responsibilities(position)]
    assert texts == ["定期走访客户;", "整理客户资料并归档;", "提交周报。"]
    assert report.updated["duties"] == 1
    assert any("#2" in line for line in report.kept_edits)
    assert SourceDocument.objects.get(name="t.txt").text == changed


def test_a_failing_import_writes_nothing(db, monkeypatch):
    from duties.importer import apply

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply._Applier, "reporting_lines", boom)
    with pytest.raises(RuntimeError):
        import_document("t.txt", "第一篇:测试公司\n市场部\n○市场专员职责\n◆走访客户;\n")
    assert not Unit.objects.exists() and not SourceDocument.objects.exists() and not Duty.objects.exists()


def test_incumbent_names_are_kept_apart_from_titles(db):
    import_document(
        "t.txt", "第一篇:测试公司\n采购部\n订货助理—姜东汾\n◆下订单;\n中心总经理:(刘诚)\n◆全面管理;\n"
    )
    assert set(Position.objects.values_list("title", flat=True)) == {"订货助理", "中心总经理"}
    assert set(Incumbent.objects.values_list("name", flat=True)) == {"姜东汾", "刘诚"}
    assert not Duty.objects.filter(Q(text__contains="姜东汾") | Q(text__contains="刘诚")).exists()


def test_a_heading_displaced_after_its_own_bullets_gets_them_back(seeded):
    position = _position("000", "电视电台广告设计担当")
    assert [d.text for d in _responsibilities(position)] == ["电视广告短片、电台广告的设计制作。"]
    assert list(position.duties.filter(kind=Duty.Kind.REQUIREMENT).values_list("text", flat=True)) == [
        "装潢、艺术设计专业。"
    ]
    assert not Unit.objects.get(name="广告设计处").functions.exists()
    media = _position("000", "集团广告发布、集团报广告经营管理担当")
    assert _responsibilities(media)[0].text == "与广告媒体的交涉及定货;"
    assert _responsibilities(media)[-1].text == "其他。"


def test_a_compilers_note_pointing_at_another_file_is_skipped_as_noise(seeded):
    director = _position("001", "营销总监")

    assert _responsibilities(director)[-1].text == "承办总经理交办的其他任务。"
    assert not Duty.objects.filter(text__contains="此处同上").exists()
    assert "lines skipped as noise: 7 [3, 4, 5, 6, 30, 196, 197]" in seeded
