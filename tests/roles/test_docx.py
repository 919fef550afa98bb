"""Word downloads of job descriptions, opened again with python-docx."""

from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn

from duties.models import Duty
from roles.models import ReportingLine
from tests.factories import (
    DutyFactory,
    PositionFactory,
    ReportingLineFactory,
    SourceDocumentFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def position():
    centre = UnitFactory(name="营销本部")
    section = UnitFactory(name="计划统计处", parent=centre)
    position = PositionFactory(
        unit=section,
        title="销售统计担当",
        code="MKT-07",
        headcount=2,
        summary="负责统计全集团销售数据。",
        authority="对统计口径有解释权。",
        source_document=SourceDocumentFactory(name="000_营销部职责.txt"),
        source_line=27,
    )
    ReportingLineFactory(subordinate=position, superior=PositionFactory(unit=centre, title="营销处长"))
    ReportingLineFactory(
        subordinate=position,
        superior=PositionFactory(unit=centre, title="总经理"),
        kind=ReportingLine.Kind.DOTTED,
    )
    ReportingLineFactory(subordinate=PositionFactory(unit=section, title="统计助理"), superior=position)
    # Created out of order: the document must follow ``order``.
    for order, text in [(3, "总结店铺经验"), (1, "制作销售日报"), (2, "制作销售月报")]:
        DutyFactory(position=position, order=order, text=text)
    DutyFactory(position=position, kind=Duty.Kind.REQUIREMENT, order=1, text="营销专业优先")
    DutyFactory(position=position, kind=Duty.Kind.AUTHORITY, order=1, text="调阅各店销售数据")
    DutyFactory(position=position, kind=Duty.Kind.KPI, order=1, text="报表按时上送率")
    return position


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return response, Document(BytesIO(response.content))


def cell_texts(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def test_an_anonymous_visitor_cannot_download(client, position):
    response = client.get(reverse("roles:position-docx", args=[position.pk]))

    assert response.status_code == 302


def test_the_docx_has_the_title_and_the_usual_field_table(client, manager, position):
    client.force_login(manager)

    _, document = download(client, reverse("roles:position-docx", args=[position.pk]))

    assert document.paragraphs[0].text == "岗位说明书"
    rows = cell_texts(document)
    assert rows[0] == ["岗位名称", "销售统计担当", "所属部门", "营销本部 / 计划统计处"]
    assert rows[1] == ["直接上级", "营销处长、总经理(虚线)", "直接下级", "统计助理"]
    assert rows[2] == ["编制", "2", "岗位编码", "MKT-07"]


def test_the_docx_sections_hold_every_item_in_order(client, manager, position):
    client.force_login(manager)

    _, document = download(client, reverse("roles:position-docx", args=[position.pk]))

    sections = {}
    rows = cell_texts(document)[3:]
    for heading, body in zip(rows[::2], rows[1::2], strict=True):
        sections[heading[0]] = body[0]
    assert list(sections) == ["工作概述", "岗位职责", "任职资格", "管理权限", "考核指标"]
    assert sections["工作概述"] == "负责统计全集团销售数据。"
    # Numbers come from Word's list numbering (numbering.xml), not typed into the text.
    assert sections["岗位职责"] == "制作销售日报\n制作销售月报\n总结店铺经验"
    assert sections["任职资格"] == "营销专业优先"
    assert sections["管理权限"] == "对统计口径有解释权。\n调阅各店销售数据"
    assert sections["考核指标"] == "报表按时上送率"


def test_the_docx_names_its_source_and_uses_a_cjk_font(client, manager, position):
    client.force_login(manager)

    _, document = download(client, reverse("roles:position-docx", args=[position.pk]))

    assert "来源:000_营销部职责.txt 第 27 行" in [p.text for p in document.paragraphs]
    assert "生成日期" in document.sections[0].footer.paragraphs[0].text
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"


def test_the_download_name_is_utf8_with_an_ascii_fallback(client, manager, position):
    client.force_login(manager)

    response, _ = download(client, reverse("roles:position-docx", args=[position.pk]))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="job-description-{position.pk}.docx"' in disposition
    assert "filename*=UTF-8''" + quote("岗位说明书-销售统计担当.docx") in disposition


def test_a_missing_position_has_no_document(client, manager):
    client.force_login(manager)

    assert client.get(reverse("roles:position-docx", args=[999_999])).status_code == 404


def test_an_undescribed_position_document_says_so(client, manager):
    position = PositionFactory(described=False, summary="")
    client.force_login(manager)

    _, document = download(client, reverse("roles:position-docx", args=[position.pk]))

    assert cell_texts(document)[4] == ["该岗位尚未编写岗位说明书。"] * 4


def _unit_with_positions(n: int):
    """A unit with ``n`` positions in itself and ``n`` in a child unit, each with duties and lines."""
    unit = UnitFactory(name="营销本部", parent=UnitFactory(name="集团"))
    child = UnitFactory(name="会员制处", parent=unit)
    titles = []
    for index in range(n):
        for home in (unit, child):
            position = PositionFactory(unit=home, title=f"{home.name}岗位{index:02d}")
            titles.append(position.title)
            for kind in Duty.Kind.values:
                DutyFactory(position=position, kind=kind, text=f"{position.title}的{kind}")
            ReportingLineFactory(subordinate=position, superior=PositionFactory(unit=UnitFactory()))
    UnitFactory(name="其他部门")  # its positions stay out
    return unit, titles


def test_the_unit_batch_has_every_position_of_the_unit_and_its_descendants(client, manager):
    unit, titles = _unit_with_positions(2)
    PositionFactory(title="外部岗位")
    client.force_login(manager)

    response, document = download(client, reverse("roles:unit-positions-docx", args=[unit.pk]))

    names = [table.rows[0].cells[1].text for table in document.tables]
    assert sorted(names) == sorted(titles)
    assert names[:2] == ["营销本部岗位00", "营销本部岗位01"]  # the unit's own first, then the child's
    assert cell_texts(document)[0][3] == "集团 / 营销本部"
    # The contents first, then each position in a section of its own starting on a new page.
    assert len(document.sections) == len(titles) + 1
    assert all(section.start_type == WD_SECTION.NEW_PAGE for section in document.sections[1:])
    assert "job-descriptions-unit-" in response["Content-Disposition"]


def test_an_empty_unit_batch_says_there_are_no_positions(client, manager):
    unit = UnitFactory()
    client.force_login(manager)

    _, document = download(client, reverse("roles:unit-positions-docx", args=[unit.pk]))

    assert document.tables == []
    assert "该组织单元下没有岗位。" in [p.text for p in document.paragraphs]


@pytest.mark.parametrize("size", [3, 30])
def test_the_single_docx_needs_the_same_queries_for_3_or_30_duties(
    client, manager, django_assert_max_num_queries, size
):
    position = PositionFactory()
    for index in range(size):
        for kind in Duty.Kind.values:
            DutyFactory(position=position, kind=kind, order=index)
        ReportingLineFactory(subordinate=position)
    client.force_login(manager)

    # The position, its parts, and its published versions (the document shows the published one).
    with django_assert_max_num_queries(10) as captured:
        _, document = download(client, reverse("roles:position-docx", args=[position.pk]))

    assert cell_texts(document)[6][0].count("\n") == size - 1
    print(f"single docx, {size} items: {len(captured.captured_queries)} queries")


@pytest.mark.parametrize("size", [3, 30])
def test_the_batch_docx_needs_the_same_queries_for_3_or_30_positions(
    client, manager, django_assert_max_num_queries, size
):
    unit, titles = _unit_with_positions(size)
    client.force_login(manager)

    with django_assert_max_num_queries(10) as captured:
        response, document = download(client, reverse("roles:unit-positions-docx", args=[unit.pk]))

    assert len(document.tables) == len(titles) == 2 * size
    queries, size_in_bytes = len(captured.captured_queries), len(response.content)
    print(f"batch docx, {2 * size} positions: {queries} queries, {size_in_bytes} bytes")


def test_a_missing_unit_has_no_batch_document(client, manager):
    client.force_login(manager)

    assert client.get(reverse("roles:unit-positions-docx", args=[999_999])).status_code == 404


def test_the_batch_document_is_refused_to_anonymous_visitors(client):
    unit = UnitFactory()

    response = client.get(reverse("roles:unit-positions-docx", args=[unit.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_docx_labels_follow_the_readers_language(client, manager, position, settings):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with translation.override("zh-hans"):  # the request switches this thread to English; switch back
        _, document = download(client, reverse("roles:position-docx", args=[position.pk]))

    assert document.paragraphs[0].text == "Job description"
    assert cell_texts(document)[0][:2] == ["Position title", "销售统计担当"]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def numbered(paragraph) -> str | None:
    """The numId of a paragraph in a Word list, or None."""
    num_id = paragraph._p.find(f"{W}pPr/{W}numPr/{W}numId")
    return None if num_id is None else num_id.get(f"{W}val")


def all_cell_paragraphs(document):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_the_docx_uses_word_headings_lists_and_page_fields(client, manager, position):
    client.force_login(manager)

    _, document = download(client, reverse("roles:position-docx", args=[position.pk]))

    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == ["销售统计担当"]
    section_headings = {p.text for p in all_cell_paragraphs(document) if p.style.name == "Heading 2"}
    assert section_headings == {"工作概述", "岗位职责", "任职资格", "管理权限", "考核指标"}

    paragraphs = {p.text: p for p in all_cell_paragraphs(document)}
    list_ids = {numbered(paragraphs[text]) for text in ("制作销售日报", "制作销售月报", "总结店铺经验")}
    assert len(list_ids) == 1 and None not in list_ids
    # Each list has a numbering of its own, restarting at 1; a lead paragraph is not numbered.
    assert numbered(paragraphs["报表按时上送率"]) not in list_ids | {None}
    assert numbered(paragraphs["对统计口径有解释权。"]) is None

    numbering = document.part.numbering_part.element
    list_id = list_ids.pop()
    (num,) = [n for n in numbering.findall(f"{W}num") if n.get(f"{W}numId") == list_id]
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstracts = numbering.findall(f"{W}abstractNum")
    (abstract,) = [a for a in abstracts if a.get(f"{W}abstractNumId") == abstract_id]
    assert abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "decimal"
    assert abstract.find(f"{W}lvl/{W}lvlText").get(f"{W}val") == "%1."
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"

    section = document.sections[0]
    assert "销售统计担当" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]
    instructions = [f.get(f"{W}instr") for f in footer._p.findall(f"{W}fldSimple")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("第  页 共  页")  # the numbers are the fields above


def test_the_batch_docx_starts_with_a_table_of_contents_and_heads_each_page(client, manager):
    unit, titles = _unit_with_positions(2)
    client.force_login(manager)

    _, document = download(client, reverse("roles:unit-positions-docx", args=[unit.pk]))

    body = document.element.body
    instructions = "".join(t.text for t in body.iter(f"{W}instrText"))
    assert instructions.split() == ["TOC", "\\o", '"1-1"', "\\h", "\\z", "\\u"]
    assert document.paragraphs[0].text == "目录"
    assert document.settings.element.find(f"{W}updateFields").get(f"{W}val") == "true"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert sorted(headings) == sorted(titles)
    # Every position's section has its own header naming it; the footer numbers the pages.
    for section, title in zip(document.sections[1:], headings, strict=True):
        assert not section.header.is_linked_to_previous
        assert title in section.header.paragraphs[0].text
    assert "PAGE" in document.sections[0].footer._element.xml
