"""Job descriptions (岗位说明书) as Word documents, in the usual one-table layout.

Plain functions fed by ``roles.selectors``; they never query the database themselves.
"""

from collections.abc import Iterable
from datetime import date
from io import BytesIO
from urllib.parse import quote

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from roles.models import ReportingLine
from roles.selectors import JobDescription

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LATIN_FONT = "SimSun"
EAST_ASIAN_FONT = "宋体"
HEADER_FILL = "D9E2EC"


def _set_fonts(style_or_run_element, size: Pt | None = None) -> None:
    """Give a style (or run) both a Latin and an East Asian font, so CJK text never falls back."""
    rpr = style_or_run_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def new_document() -> Document:
    """An empty A4 document whose styles use a CJK font."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2)
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        _set_fonts(style.element)
        style.font.name = LATIN_FONT
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.2
    footer = section.footer.paragraphs[0]
    footer.text = _("岗位说明书 · 生成日期:%(date)s") % {"date": date.today().isoformat()}
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document


def _shade(cell, fill: str = HEADER_FILL) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _write(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _write_lines(cell, lines: list[str], empty: str, *, numbered: bool = False) -> None:
    lines = lines or [empty]
    cell.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line)
    if numbered:  # hanging indent, so wrapped lines align after "12. "
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.left_indent = Cm(0.75)
            paragraph.paragraph_format.first_line_indent = Cm(-0.75)


def _cell_margins(table, top_bottom: int = 60, left_right: int = 100) -> None:
    """Breathing room inside every cell (twentieths of a point)."""
    margins = OxmlElement("w:tblCellMar")
    for side, size in (
        ("top", top_bottom),
        ("left", left_right),
        ("bottom", top_bottom),
        ("right", left_right),
    ):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(size))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _lines_text(lines: Iterable[ReportingLine], attribute: str) -> str:
    names = []
    for line in lines:
        name = getattr(line, attribute).title
        if line.kind == ReportingLine.Kind.DOTTED:
            name = _("%(name)s(虚线)") % {"name": name}
        names.append(name)
    return pgettext("list separator", "、").join(names) or "—"


def _section(table, heading: str, lines: list[str], empty: str, *, numbered: bool = False) -> None:
    heading_cells = table.add_row().cells
    merged = heading_cells[0].merge(heading_cells[-1])
    _write(merged, heading, bold=True)
    _shade(merged)
    body_cells = table.add_row().cells
    _write_lines(body_cells[0].merge(body_cells[-1]), lines, empty, numbered=numbered)


def _numbered(items) -> list[str]:
    return [f"{number}. {item.text}" for number, item in enumerate(items, start=1)]


def _provenance_text(description: JobDescription) -> str:
    position = description.position
    if not position.source_document:
        return _("来源:人工录入")
    if position.source_line:
        return _("来源:%(document)s 第 %(line)s 行") % {
            "document": position.source_document.name,
            "line": position.source_line,
        }
    return _("来源:%(document)s") % {"document": position.source_document.name}


def add_job_description(document: Document, description: JobDescription) -> None:
    """Append one position's job description: title, the field table, the sections, provenance."""
    position = description.position
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("岗位说明书"))
    run.bold = True
    run.font.size = Pt(18)

    table = document.add_table(rows=3, cols=4)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table)
    fields = [
        (_("岗位名称"), position.title, _("所属部门"), description.unit_path_text),
        (
            _("直接上级"),
            _lines_text(description.superior_lines, "superior"),
            _("直接下级"),
            _lines_text(description.subordinate_lines, "subordinate"),
        ),
        (
            _("编制"),
            "" if position.headcount is None else str(position.headcount),
            _("岗位编码"),
            position.code,
        ),
    ]
    for row, values in zip(table.rows, fields, strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            is_label = index % 2 == 0
            _write(cell, value or ("" if is_label else "—"), bold=is_label, center=is_label)
            if is_label:
                _shade(cell)

    none = _("无")
    summary = [position.summary] if position.summary else []
    if not position.described:
        summary = [_("该岗位尚未编写岗位说明书。")]
    authority = ([position.authority] if position.authority else []) + _numbered(description.authorities)
    _section(table, _("工作概述"), summary, none)
    _section(table, _("岗位职责"), _numbered(description.responsibilities), none, numbered=True)
    _section(table, _("任职资格"), _numbered(description.requirements), none, numbered=True)
    _section(table, _("管理权限"), authority, none)
    _section(table, _("考核指标"), _numbered(description.kpis), none, numbered=True)
    label, value = Cm(2.6), Cm(5.7)
    for column, width in zip(table.columns, (label, value, label, value), strict=True):
        column.width = width
    for index, row in enumerate(table.rows):
        if index < len(fields):
            for cell, width in zip(row.cells, (label, value, label, value), strict=True):
                cell.width = width
        else:  # a section row: one cell across the table
            row.cells[0].width = 2 * (label + value)

    note = document.add_paragraph()
    note_run = note.add_run(_provenance_text(description))
    note_run.font.size = Pt(8)
    note_run.font.color.rgb = RGBColor(0x52, 0x60, 0x6D)


def _to_bytes(document: Document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def job_description_docx(description: JobDescription) -> bytes:
    document = new_document()
    add_job_description(document, description)
    return _to_bytes(document)


def job_descriptions_docx(descriptions: list[JobDescription]) -> bytes:
    """Several job descriptions in one document, each starting on a new page."""
    document = new_document()
    if not descriptions:
        document.add_paragraph(_("该组织单元下没有岗位。"))
    for index, description in enumerate(descriptions):
        if index:
            document.add_page_break()
        add_job_description(document, description)
    return _to_bytes(document)


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII fallback name and the real name per RFC 5987/6266."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
