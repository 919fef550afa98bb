"""The job-description page in real Chromium: reading, links, print layout, DOCX, phone width."""

import unicodedata
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from duties.models import Duty
from roles.models import ReportingLine
from tests.factories import (
    DutyFactory,
    IncumbentFactory,
    PositionFactory,
    ReportingLineFactory,
    SourceDocumentFactory,
    UnitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUTIES = [
    "负责统计制作全集团销售日报、月报、季报、半年报、年报表,并及时上送下传",
    "以销售数据为线索,总结集团销售好的店铺和差的店铺的经验教训",
    "对商流情况进行分析,提出销售趋势的预测和对策",
]


@pytest.fixture
def position():
    group = UnitFactory(name="集团")
    centre = UnitFactory(name="营销本部", parent=group)
    section = UnitFactory(name="计划统计处", parent=centre)
    document = SourceDocumentFactory(name="000_营销部职责.txt")
    position = PositionFactory(
        unit=section,
        title="销售统计担当",
        code="MKT-07",
        headcount=2,
        summary="负责全集团销售数据的统计、上报与分析,为经营决策提供依据。",
        authority="对各店上报数据的统计口径有解释权。",
        source_document=document,
        source_line=27,
    )
    boss = PositionFactory(unit=centre, title="营销处长", summary="负责编制年度集团营销计划。")
    ReportingLineFactory(subordinate=position, superior=boss)
    ReportingLineFactory(
        subordinate=position,
        superior=PositionFactory(unit=group, title="总经理", described=False, summary=""),
        kind=ReportingLine.Kind.DOTTED,
    )
    ReportingLineFactory(subordinate=PositionFactory(unit=section, title="统计助理"), superior=position)
    for order, text in enumerate(DUTIES, start=1):
        DutyFactory(
            position=position, order=order, text=text, source_document=document, source_line=27 + order
        )
    DutyFactory(position=position, kind=Duty.Kind.REQUIREMENT, order=1, text="营销专业优先,熟练使用办公软件")
    DutyFactory(position=position, kind=Duty.Kind.AUTHORITY, order=1, text="调阅各店销售数据")
    DutyFactory(position=position, kind=Duty.Kind.KPI, order=1, text="报表按时上送率不低于 99%")
    IncumbentFactory(position=position, name="李四")
    return position


def open_position(page, log_in, position, username="manager", password="pw-manager", suffix=""):
    url = f"/positions/{position.pk}/{suffix}"
    log_in(username, password, next_url=url)
    page.wait_for_url(f"**{url}")


def test_a_manager_opens_a_position_and_follows_a_superior_link(page, log_in, manager, position, screenshot):
    open_position(page, log_in, position)

    assert page.locator("h1").inner_text() == "销售统计担当"
    assert page.locator(".jd-duties li").all_inner_texts() == DUTIES
    assert page.locator(".jd-line-dotted").inner_text().startswith("总经理")
    assert page.locator(".edit-link").count() == 0
    assert page.get_by_text("李四").count() == 0
    screenshot("manager")

    page.get_by_role("link", name="营销处长").click()

    page.wait_for_url("**/positions/*/")
    assert page.locator("h1").inner_text() == "营销处长"
    assert page.locator(".jd-duties").count() == 0


def test_an_undescribed_superior_shows_a_notice(page, log_in, manager, position, screenshot):
    open_position(page, log_in, position)

    page.get_by_role("link", name="总经理").click()

    assert "尚未编写岗位说明书" in page.locator(".jd-notice").inner_text()
    screenshot("not-described")


def test_an_hr_editor_sees_the_edit_link_the_incumbents_and_the_history(
    page, log_in, hr_editor, position, screenshot
):
    position.summary = "负责全集团销售数据的统计与分析。"
    position._history_user = hr_editor
    position.save()
    open_position(page, log_in, position, "hr", "pw-hr-editor")

    assert page.locator(".edit-link").get_attribute("href") == f"/admin/roles/position/{position.pk}/change/"
    assert "李四" in page.locator(".jd-incumbents").inner_text()
    history = page.locator(".jd-history")
    assert "负责全集团销售数据的统计与分析。" in history.locator("ins").first.inner_text()
    screenshot("hr-editor")


def test_the_print_layout_hides_navigation_and_keeps_the_job_description(
    page, log_in, manager, position, screenshot
):
    open_position(page, log_in, position)

    page.emulate_media(media="print")

    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".jd-actions").is_visible()
    assert not page.locator(".jd-breadcrumbs").is_visible()
    assert page.locator(".jd-doc-title").is_visible()
    assert page.locator(".jd-duties li").count() == len(DUTIES)
    screenshot("print-media")


def test_the_print_view_shows_the_paper_layout_on_screen(page, log_in, manager, position, screenshot):
    open_position(page, log_in, position, suffix="?print=1")

    assert not page.locator(".site-header").is_visible()
    assert page.locator(".jd-preview-bar").is_visible()
    borders = page.locator(".jd-fields th").first.evaluate("cell => getComputedStyle(cell).borderTopColor")
    assert borders == "rgb(0, 0, 0)"
    screenshot("print-view")

    page.get_by_role("link", name="返回岗位说明书").click()
    assert page.locator(".site-header").is_visible()


def _printed_pages(page) -> list[str]:
    """The text of each printed sheet; the PDF's font maps some characters to look-alike radicals (⻚)."""
    page.emulate_media(media="print")
    pdf = PdfReader(BytesIO(page.pdf(format="A4")))
    return [unicodedata.normalize("NFKC", sheet.extract_text()).replace("⻚", "页") for sheet in pdf.pages]


def test_every_printed_page_names_the_position_and_numbers_the_page(page, log_in, manager, position):
    for order in range(len(DUTIES) + 1, 80):
        DutyFactory(position=position, order=order, text=f"第{order}项:按月汇总各店铺销售数据并核对差异")
    open_position(page, log_in, position)

    sheets = _printed_pages(page)
    assert len(sheets) >= 3
    for number, text in enumerate(sheets, start=1):
        assert "销售统计担当" in text.replace(" ", "")
        assert f"第 {number} 页 共 {len(sheets)} 页" in text

    page.emulate_media(media="screen")
    page.select_option("#language-select", "en")
    page.locator(".language-switch button[type=submit]").click()
    page.wait_for_url(f"**/positions/{position.pk}/")
    sheets = _printed_pages(page)
    assert all(f"Page {n} of {len(sheets)}" in text for n, text in enumerate(sheets, start=1))


def test_the_print_button_opens_the_print_dialog(page, log_in, manager, position):
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    open_position(page, log_in, position)

    page.locator(".jd-actions").get_by_role("button", name="打印").click()

    assert page.evaluate("window.printed") == 1


def test_the_docx_downloads_through_the_page_link_and_opens(page, log_in, manager, position, tmp_path):
    open_position(page, log_in, position)

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Word 文档").click()

    download = info.value
    assert download.suggested_filename == "岗位说明书-销售统计担当.docx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    document = Document(BytesIO(target.read_bytes()))
    assert document.paragraphs[0].text == "岗位说明书"
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "销售统计担当" in cells and "营销处长、总经理(虚线)" in cells
    assert "\n".join(DUTIES) in cells  # numbered by Word's list numbering, not typed numbers


def test_the_page_is_usable_by_keyboard(page, log_in, manager, position):
    open_position(page, log_in, position)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    focused = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
        if focused[-1] == "营销处长":
            break
    assert focused[-1] == "营销处长", focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/positions/*/")
    assert page.locator("h1").inner_text() == "营销处长"


def test_the_page_fits_a_phone_screen(page, log_in, manager, position, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    open_position(page, log_in, position)

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.locator(".jd-duties li").first.is_visible()
    screenshot("phone")


def test_the_unit_batch_docx_downloads_from_the_page(page, log_in, manager, position, tmp_path):
    open_position(page, log_in, position)

    with page.expect_download() as info:
        page.locator(".jd-batch-link").click()

    target = tmp_path / "batch.docx"
    info.value.save_as(target)
    document = Document(str(target))
    assert sorted(table.rows[0].cells[1].text for table in document.tables) == ["统计助理", "销售统计担当"]
    assert info.value.suggested_filename == "岗位说明书-计划统计处.docx"


def test_a_manager_reads_the_job_description_in_english(page, log_in, manager, position, screenshot):
    open_position(page, log_in, position)

    page.select_option("#language-select", "en")
    page.locator(".language-switch button[type=submit]").click()

    page.wait_for_url(f"**/positions/{position.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".jd-doc-title").inner_text() == "Job description"
    assert page.locator("#jd-duties").inner_text() == "Responsibilities"
    assert page.locator(".jd-duties li").all_inner_texts() == DUTIES
    screenshot("english")
