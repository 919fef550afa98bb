"""Each layout family the importer reads, on small documents written here; and safe reading of files."""

import io
import time
import zipfile

import docx
import pytest

from importer.apply import preview
from importer.files import read_document
from importer.structure import REQUIREMENT, RESPONSIBILITY
from tests.importer.word import docx_bytes, word_table


def _positions(name: str, text: str) -> dict:
    parsed, _report = preview(name, text)
    found = {}
    stack = [(o, "") for o in parsed.organisations]
    while stack:
        unit, label = stack.pop()
        for p in unit.positions:
            if p.described:
                found[p.title] = p
        stack += [(child, child.name) for child in unit.children]
    return found


def _texts(position, kind=RESPONSIBILITY):
    return [item.text for item in position.items[kind]]


def test_numbered_titles_without_the_word_duties_open_positions():
    text = (
        "物流部岗位职责\n1. 仓库管理员\n职责:\n1、负责货物入库验收;\n2、负责库存盘点。\n"
        "2. 叉车司机\n职责:\n1、负责货物装卸;\n"
    )
    found = _positions("a.txt", text)
    assert set(found) == {"仓库管理员", "叉车司机"}
    assert _texts(found["仓库管理员"]) == ["负责货物入库验收;", "负责库存盘点。"]


def test_markdown_headings_bold_labels_and_english_glosses():
    text = (
        "# 某科技公司招聘\n\n## 技术部\n\n### 1. 产品经理（Product Manager）\n\n**岗位职责：**\n\n"
        "1. 负责需求调研；\n2. 编写产品文档。\n\n**任职要求：**\n\n1. 本科以上学历；\n\n---\n"
    )
    found = _positions("a.md", text)
    assert list(found) == ["产品经理"]
    assert _texts(found["产品经理"]) == ["负责需求调研;", "编写产品文档。"]
    assert _texts(found["产品经理"], REQUIREMENT) == ["本科以上学历;"]


def test_labels_name_fields_not_positions():
    text = (
        "职位名称：餐厅经理\n汇报对象：总经理\n直属下级：餐饮部主管\n职位概要：负责餐厅运营。\n"
        "工作职责：\n1、制定餐厅服务标准；\n2、控制餐厅成本。\n工作环境：室内\n"
    )
    found = _positions("a.txt", text)
    assert list(found) == ["餐厅经理"]
    manager = found["餐厅经理"]
    assert manager.superiors == ["总经理"] and manager.subordinates == ["餐饮部主管"]
    assert manager.summary == "负责餐厅运营。"
    assert _texts(manager) == ["制定餐厅服务标准;", "控制餐厅成本。"]


def test_one_position_per_line():
    found = _positions(
        "a.txt", "幼儿园岗位职责\n园长：负责全园管理；制定工作计划；\n保育员：负责幼儿生活照料；做好消毒。\n"
    )
    assert set(found) == {"园长", "保育员"}
    assert len(_texts(found["园长"])) == 2


def test_pipe_table_of_many_positions_skips_the_header_row():
    text = (
        "| 岗位 | 主要职责 | 任职要求 |\n| --- | --- | --- |\n"
        "| 出纳 | 1.办理现金收付；2.登记日记账 | 大专以上 |\n"
    )
    found = _positions("a.md", text)
    assert list(found) == ["出纳"]
    assert _texts(found["出纳"]) == ["办理现金收付;", "登记日记账"]


def test_sub_lists_belong_to_the_item_whose_colon_opened_them():
    text = "人事专员岗位职责\n1、负责招聘工作，包括：\n(1)发布职位；\n(2)筛选简历。\n2、办理入职手续。\n"
    found = _positions("a.txt", text)
    assert _texts(found["人事专员"]) == ["负责招聘工作,包括:发布职位;筛选简历。", "办理入职手续。"]


def test_web_furniture_and_closing_remarks_are_not_duties():
    text = (
        "文档简介\n目录\n收银员岗位职责……………3\n收银员岗位职责\n1、负责收银；\n2、保管备用金。\n"
        "本职责自发布之日起执行。\n展开全部\n"
    )
    parsed, report = preview("a.txt", text)
    found = _positions("a.txt", text)
    assert _texts(found["收银员"]) == ["负责收银;", "保管备用金。"]
    assert {1, 2, 3, 7, 8} <= set(report.noise_lines)


def test_report_warns_loudly_when_no_position_is_found():
    _parsed, report = preview("a.txt", "公司简介\n我们是一家贸易公司,成立于2010年。\n欢迎加入。\n")
    assert any("未找到任何岗位" in w for w in report.warnings)
    assert report.lines_total == 3


def test_docx_label_value_table_with_merged_cells():
    document = word_table(
        [
            ["岗位名称", "销售经理", "所属部门", "销售部"],
            ["直接上级", "销售总监", "直接下级", "销售代表"],
            ["岗位职责", "", "", ""],
            ["序号", "职责描述", "", "权重"],
            ["1", "制定区域销售计划", "", "40%"],
            ["2", "管理重点客户", "", "60%"],
        ],
        merges=[((2, 0), (2, 3)), ((3, 1), (3, 2)), ((4, 1), (4, 2)), ((5, 1), (5, 2))],
        title="销售经理岗位说明书",
    )
    text = read_document("jd.docx", docx_bytes(document))
    found = _positions("jd.docx", text)
    assert list(found) == ["销售经理"]
    manager = found["销售经理"]
    assert manager.superiors == ["销售总监"]
    assert _texts(manager) == ["制定区域销售计划", "管理重点客户"]


def test_docx_heading_styles_and_word_list_numbering():
    document = docx.Document()
    document.add_heading("行政部", level=1)
    document.add_heading("前台", level=2)
    for duty in ("接待来访客人", "收发快递"):
        document.add_paragraph(duty, style="List Number")
    text = read_document("h.docx", docx_bytes(document))
    assert "1、接待来访客人" in text and "2、收发快递" in text
    found = _positions("h.docx", text)
    assert _texts(found["前台"]) == ["接待来访客人", "收发快递"]


def test_docx_table_of_many_positions():
    document = word_table(
        [["部门", "岗位", "岗位职责"], ["财务部", "会计", "1.记账\n2.报税"], ["财务部", "出纳", "办理收付"]]
    )
    found = _positions("m.docx", read_document("m.docx", docx_bytes(document)))
    assert set(found) == {"会计", "出纳"}
    assert _texts(found["会计"]) == ["记账", "报税"]


def test_docx_zip_bomb_is_refused_quickly():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"<w:t>" + b"A" * (1 << 20) + b"</w:t>"
            for _ in range(300):
                part.write(chunk)
    started = time.monotonic()
    with pytest.raises(ValueError, match="过大"):
        read_document("bomb.docx", data.getvalue())
    assert time.monotonic() - started < 2
    assert len(data.getvalue()) < 2 * 1024 * 1024


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030", "utf-8-sig"])
def test_text_encodings_are_read(encoding):
    text = "会计岗位职责\n1、负责记账。\n"
    assert read_document("a.txt", text.encode(encoding)) == text


def test_spreadsheet_rows_pasted_as_tab_separated_text():
    text = (
        "序号\t部门\t岗位名称\t主要职责\r\n"
        '1\t办公室\t办公室主任\t"1.主持办公室工作\n2.组织会议"\r\n'
        "2\t办公室\t文书\t1.收发文件\r\n"
    )
    found = _positions("a.txt", text)
    assert set(found) == {"办公室主任", "文书"}
    assert _texts(found["办公室主任"]) == ["主持办公室工作", "组织会议"]


def test_job_board_cards_keep_duties_and_drop_pay_tags_and_buttons():
    text = (
        "客户执行（AE）\n8-12K·13薪\n上海 静安区 ｜ 1-3年 ｜ 本科\n广告策划 客户维护 快消品牌\n"
        "职位描述\n岗位职责：\n1、对接客户需求；\n2、跟进项目进度。\n立即沟通  感兴趣  举报\n"
        "相似职位\n客户经理 15-20K\n"
    )
    found = _positions("a.txt", text)
    assert list(found) == ["客户执行"]
    assert _texts(found["客户执行"]) == ["对接客户需求;", "跟进项目进度。"]


def test_regulation_chapters_open_units_and_articles_name_positions():
    text = (
        "某药业岗位职责管理规定\n第一章 总则\n第一条 为明确职责,制定本规定。\n"
        "第二章 生产部岗位职责\n第二条 车间主任的职责:\n(一)组织生产;\n(二)管理人员。\n"
        "第三条 质量受权人的职责:负责产品放行;审核批记录;否决不合格批次。\n"
        "第三章 附则\n第四条 本规定自发布之日起施行。\n"
    )
    parsed, report = preview("a.txt", text)
    found = _positions("a.txt", text)
    assert set(found) == {"车间主任", "质量受权人"}
    assert _texts(found["质量受权人"]) == ["负责产品放行;", "审核批记录;", "否决不合格批次。"]
    assert [u.name for u in parsed.organisations[0].children] == ["生产部"]
    assert any("第一条" in line for _, line in report.set_aside)


def test_a_contents_page_and_letter_spaced_titles():
    text = (
        "合作社岗位职责\n目　录\n一、会计职责\n二、出纳职责\n\n"
        "会 计 职 责\n一、设置账簿;\n二、编制报表。\n出 纳 职 责\n一、办理收付。\n"
    )
    found = _positions("a.txt", text)
    assert set(found) == {"会计", "出纳"}
    assert _texts(found["会计"]) == ["设置账簿;", "编制报表。"]


def test_a_description_in_prose_gives_one_duty_per_sentence():
    text = (
        "影城岗位职责\n放映员\n负责影片的排片放映和设备开关机操作。每日检查放映机和音响的运行状态。"
        "放映中巡视放映厅,及时处理画面和声音故障。做好放映日志的记录和交接。\n"
    )
    found = _positions("a.txt", text)
    assert len(_texts(found["放映员"])) == 4


def test_a_roster_of_titles_is_no_list_of_headings():
    text = (
        "人才招募\n征才职缺一览\n1. 受雇律师(诉讼部)\n2. 法务助理(诉讼部)\n\n【法务助理】\n"
        "工作内容:\n1. 整理卷宗;\n2. 收发文书。\n"
    )
    found = _positions("a.txt", text)
    assert list(found) == ["法务助理"]
    assert _texts(found["法务助理"]) == ["整理卷宗;", "收发文书。"]


def test_bidi_overrides_and_invisible_characters_are_dropped():
    # U+202E would show '员专场市' for '市场专员' in the admin; zero-width marks hide in copied text.
    text = "市场部\n○市场\u202e专员职责\n◆走访\u200b客户;\n◆整理资料\x07。\n"
    found = _positions("a.txt", text)
    assert list(found) == ["市场专员"]
    duties = found["市场专员"].items["responsibility"]
    assert [d.text for d in duties] == ["走访客户;", "整理资料。"]
    assert [d.original for d in duties] == ["走访客户;", "整理资料。"]


def test_a_notice_inside_a_run_together_line_drops_only_itself():
    # A page saved as one line: the download notice inside it must not take the duties with it.
    text = (
        "收银员岗位职责 1、负责顾客购物的收银结算工作,唱收唱付;2、用扫码枪和POS机办理移动支付和刷卡结算;"
        "3、保管备用金和营业款,不得挪用。 百度文库 下载文档 4、交接班时与下一班核对备用金和票据。\n"
    )
    parsed, report = preview("a.txt", text)
    found = _positions("a.txt", text)
    assert len(_texts(found["收银员"])) == 4
    assert _texts(found["收银员"])[-1] == "交接班时与下一班核对备用金和票据。"
    assert report.noise_lines == [1]
