"""The seed importer: hand-checked positions per document, clean text, idempotency, reports."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q

from core.text import to_simplified
from duties.models import Duty, Workflow, WorkflowStep
from importer.apply import import_text, preview
from importer.normalise import NOISE_PHRASES
from orgchart.models import Unit
from roles.models import Incumbent, Position, ReportingLine
from sources.models import SourceDocument

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "source"
PINYIN = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture
def seeded(seeded_store):
    """The five seeds imported (a copy of one import per test process) and the import report."""
    return seeded_store


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
        5,
        "协助工程师进行产品的开发测试;",
        "跟进产品的验证、试产,并提供电子方面的技术支持。",
        137,
    ),
    (
        "002",
        "总监助理(7)",
        ["总监助理岗位职责"],
        [],
        6,
        "协助营销总监处理各种日常事务,协调日常工作的部署、督促和落实执行情况;",
        "完成营销总监安排的其他工作。",
        168,
    ),
    (
        "002",
        "设计总监",
        ["设计总监具体工作流程"],
        [],
        12,
        "做好自己本份的设计任务。",
        "定期提交部门工作计划、目标、建议、设备配置与更新建议。",
        122,
    ),
    (
        "003",
        "案场秘书",
        ["销售部岗位职责(2)", "销售部"],
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
    (
        "003",
        "销售内勤",
        ["销售部岗位职责", "销售部"],
        [],
        17,
        "与市场销售人员的联系",
        "注意对所发货物、样品、资料等定时查件。",
        81,
    ),
    (
        "003",
        "秘书",  # '秘書崗位職責': a one-word title before 岗位职责
        ["销售部岗位职责(4)"],
        [],
        7,
        "做好考勤管理,记录销售现场的考勤情况;每周每月按时提交排班表和考勤统计表;",
        "各类报表及相关文件分类、编号正确,存档及时、准确、完善。",
        353,
    ),
    (
        "004",
        "营运部总监",
        ["营运部岗位职责"],
        ["事业部总经理"],
        7,
        "修订及执行公司战略规划及与日常营运作相关的制度体系、业务流程;",
        "完成总经理临时交办的其他任务。",
        402,
    ),
    (
        "004",
        "中心总经理",
        ["市场运营中心岗位职责"],
        [],
        7,
        "根据公司年度经营目标和计划,进行业务需求和市场分析,"
        "制定本 中心年度、季度、月度发展规划、营销策略和实施方案等;",
        "协助公司总经理制定公司年度发展战略。",
        340,
    ),
]


@pytest.mark.parametrize("doc,title,path,superiors,count,first,last,line", HAND_CHECKED)
def test_hand_checked_positions_are_imported_as_written(
    seeded, doc, title, path, superiors, count, first, last, line
):
    # A title may recur in several sub-documents of one file; the unit path tells them apart.
    [position] = [
        p
        for p in Position.objects.filter(title=title, source_document__name__startswith=doc)
        if [u.name for u in p.unit.get_ancestors(include_self=True)] == path
    ]
    assert sorted(rl.superior.title for rl in position.superior_lines.all()) == sorted(superiors)
    duties = _responsibilities(position)
    assert len(duties) == count
    assert (duties[0].text, duties[-1].text) == (first, last)
    assert duties[0].source_document.name.startswith(doc)
    assert duties[0].source_line == line


def test_numbered_versions_of_a_departments_duties_are_its_functions(seeded):
    """'销售部岗位职责一…四' are four versions of the department's duties, not four positions."""
    [unit] = Unit.objects.filter(name="销售部", parent__name="销售部岗位职责汇编")
    assert not Position.objects.filter(title__startswith="销售部岗位").exists()
    functions = list(unit.functions.order_by("order").values_list("text", flat=True))
    assert "制定销售计划,努力完成和超完成预算额。" in functions
    assert "严守职业道德,不泄露客户资料,做好保密工作。" in functions


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
    # 000 lines 24-28: a flattened table put the heading after the position's first four bullets,
    # on the fourth bullet's line ('◆“营销动态”的作成; ○营销信息管理担当职责'); all six are its duties.
    position = _position("000", "营销信息管理担当")
    duties = [d.text for d in _responsibilities(position)]
    assert duties[0] == "新店开业时的各种调查;" and duties[-2:] == [
        "为营销本部人员作成周末调查日程表;",
        "其他。",
    ]
    assert len(duties) == 6
    assert not position.unit.functions.exists()
    assert list(position.duties.filter(kind=Duty.Kind.REQUIREMENT).values_list("text", flat=True)) == [
        "营销专业、信息能力强者优先。"
    ]


def test_daily_workflow_document_becomes_an_ordered_workflow(seeded):
    workflow = Workflow.objects.get(
        name="百货商场营运部日常工作流程", source_document__name__startswith="004"
    )
    assert workflow.owner_unit.name == "营运部"
    steps = list(workflow.steps.order_by("order"))
    assert len(steps) == 152
    assert steps[0].text == "营业前工作:"
    # The workflow ends where the page of related documents begins (line 310).
    assert steps[-1].source_line == 308
    assert [s.order for s in steps] == list(range(1, len(steps) + 1))


def test_related_documents_after_the_workflow_become_organisations_of_their_own(seeded):
    roots = Unit.objects.filter(parent__isnull=True, source_document__name__startswith="004")
    names = list(roots.order_by("source_line").values_list("name", flat=True))
    assert names[:4] == [
        "百货商场营运部日常工作流程",
        "市场部工作流程",
        "服装公司营运部各岗位职责及工作内容",
        "运营部工作要求",
    ]
    assert "营运部岗位职责" in names and "市场运营中心岗位职责" in names


def test_a_staffing_list_gives_headcounts_and_undescribed_positions(seeded):
    director = _position("004", "营运部总监")
    assert director.headcount == 1 and director.described
    listed_only = _position("004", "经营效率经理")
    assert listed_only.headcount == 1
    assert listed_only.described is False
    assert not listed_only.duties.exists()


def test_labelled_workflows_keep_code_and_owning_department(seeded):
    survey = Workflow.objects.get(name="市场调研流程")
    assert survey.code == "SC-003"
    assert [u.name for u in survey.owner_unit.get_ancestors(include_self=True)] == [
        "市场部工作流程(2)",
        "市场部",
    ]
    assert survey.steps.count() == 4


def test_step_chains_become_ordered_workflows(seeded):
    def steps(name):
        return list(Workflow.objects.get(name=name).steps.order_by("order").values_list("text", flat=True))

    daily = steps("销售助理工作流程")  # '通常的工作流程:早会中…——汇总…——…'
    assert len(daily) == 8
    assert (daily[0], daily[-1]) == ("早会中核对前一日《销售日报表》", "汇总当日的《工作日志》。")
    assert steps("设计总监具体工作流程") == [
        "全面负责组织项目设计",
        "把握设计方向",
        "提升设计品质",
        "控制设计时间",
    ]
    turnkey = steps("交钥匙流程")  # 'B、交钥匙流程: 区域经理…---工程督导…---…'
    assert turnkey[0] == "区域经理(客户经理)受到交期信息" and turnkey[-1] == "物控助理过账。"
    assert len(turnkey) == 5
    # Two chains of the same name in one unit stay two workflows.
    assert Workflow.objects.filter(name__startswith="交钥匙与集成流程").count() == 2
    assert not Duty.objects.filter(Q(text__contains="---") | Q(text__contains="《销售日报表》——")).exists()


def test_a_title_broken_over_two_lines_is_a_repeated_title_not_a_position(seeded):
    assert not Duty.objects.filter(text__contains="和具体工作实施流程").exists()
    assert not Position.objects.filter(
        title="销售总监助理", source_document__name__startswith="002", source_line=2
    ).exists()
    assert "lines skipped as repeated titles: 6 [2, 3, 76, 102, 136, 175]" in seeded


def test_numbered_variants_of_one_description_become_separate_positions(seeded):
    titles = Position.objects.filter(unit__name="总监助理岗位职责").values_list("title", flat=True)
    assert sorted(titles) == ["总监助理"] + [f"总监助理({n})" for n in range(2, 8)]
    assert not Duty.objects.filter(text__contains="岗位职责7").exists()


def test_an_authors_signature_and_date_never_reach_the_store(seeded):
    assert not Duty.objects.filter(text__contains="胡应功").exists()
    assert not WorkflowStep.objects.filter(text__contains="胡应功").exists()
    assert "lines skipped as noise: 2 [73, 74]" in seeded


def test_incumbents_named_in_run_together_text_are_personal_data_not_duties(seeded):
    names = {"刘诚", "樊昕", "李金山", "刘青", "王一地"}
    assert names <= set(Incumbent.objects.values_list("name", flat=True))
    assert _position("004", "中心常务副总").incumbents.get().name == "樊昕"
    for name in names:
        assert not Duty.objects.filter(text__contains=name).exists(), name
        assert not WorkflowStep.objects.filter(text__contains=name).exists(), name
        assert not Position.objects.filter(title__contains=name).exists(), name


def test_flow_chart_debris_is_reported_as_not_understood(seeded):
    assert "line 392: ① 调研 ① 呈报结果 ① ①" in seeded


def test_unmarked_lines_after_a_marked_list_are_kept_and_flagged_for_a_look(seeded):
    report = seeded.split("== 001")[1].split("== 002")[0]
    assert "lines kept as items without a list marker, worth a look: 3" in report
    assert "     line 20: 负责实施审核合同、合作条款、各项相关费用,协调和解决各种合作中的问题;" in report


def test_a_regulation_pasted_after_a_description_is_set_aside_not_stored(seeded):
    # 001 line 148 starts a travel-expense regulation under the last position's numbered duties.
    report = seeded.split("== 001")[1].split("== 002")[0]
    assert "lines set aside as a pasted regulation or article (not stored): 24" in report
    assert "     line 148: 公司业务招待费管理规定" in report
    assert not Duty.objects.filter(text__startswith="公司业务招待费管理规定").exists()
    assistant = _position("001", "市场部销售助理")
    assert len(_responsibilities(assistant)) == 11


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
    _, report = preview("x.txt", "第一篇:测试\n市场部\n○市场专员职责\n◆走访客户;\n百度文库 下载\n")
    assert report.noise_lines == [5]
    assert report.totals["positions"] == 1 and report.totals["duties"] == 1


def test_lines_the_parser_cannot_place_are_reported_with_line_numbers(db):
    _, report = preview("x.txt", "第一篇:测试公司\n\n直接上级:总经理\n市场部\n")
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
    import_text("t.txt", text)
    position = Position.objects.get(title="市场专员")
    edited = position.duties.get(order=2)
    edited.text = "整理客户资料并归档;"
    edited.save()
    changed = text.replace("走访客户", "定期走访客户").replace("整理资料", "整理全部资料")
    report = import_text("t.txt", changed)
    texts = [d.text for d in _responsibilities(position)]
    assert texts == ["定期走访客户;", "整理客户资料并归档;", "提交周报。"]
    assert report.updated["duties"] == 1
    assert any("#2" in line for line in report.kept_edits)
    assert SourceDocument.objects.get(name="t.txt").text == changed


def test_units_and_positions_dropped_from_a_document_are_reported_and_kept(db):
    text = "第一篇:测试公司\n市场部\n○市场专员职责\n◆走访客户;\n销售部\n○销售员职责\n◆签订合同;\n"
    import_text("t.txt", text)
    report = import_text("t.txt", text.replace("销售部\n○销售员职责\n◆签订合同;\n", ""))
    assert report.missing == ["unit 销售部 (line 5)", "position 销售员 (line 6)"]
    assert "no longer in the document, kept: position 销售员 (line 6)" in report.as_text()
    assert Position.objects.filter(title="销售员").exists()


def test_a_failing_import_writes_nothing(db, monkeypatch):
    from importer import apply

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply._Applier, "reporting_lines", boom)
    with pytest.raises(RuntimeError):
        import_text("t.txt", "第一篇:测试公司\n市场部\n○市场专员职责\n◆走访客户;\n")
    assert not Unit.objects.exists() and not SourceDocument.objects.exists() and not Duty.objects.exists()


def test_incumbent_names_are_kept_apart_from_titles(db):
    import_text(
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
