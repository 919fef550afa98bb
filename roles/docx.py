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
from docx.enum.section import WD_ORIENT, WD_SECTION
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
# The abstract numbering (numbering.xml) of the numbered lists: "1." with a hanging indent.
LIST_ABSTRACT_ID = "90"


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
    for name, size in (("Heading 1", 14), ("Heading 2", 10.5)):
        heading = document.styles[name]
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.paragraph_format.space_before = Pt(0)
        heading.paragraph_format.space_after = Pt(2)
    _page_footer(section.footer.paragraphs[0])
    _add_list_definition(document)
    return document


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word computes when it lays out the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_footer(paragraph) -> None:
    """第 X 页 共 Y 页 from PAGE and NUMPAGES fields, and the day the file was made."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(_("第 "))
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(_(" 页 共 "))
    _field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(_(" 页"))
    paragraph.add_run(" · " + _("生成日期:%(date)s") % {"date": date.today().isoformat()})


def _page_header(section, title: str) -> None:
    """The position's name on top of every page of its job description."""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.text = ""
    run = paragraph.add_run(_("岗位说明书 · %(title)s") % {"title": title})
    run.font.size = Pt(9)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _add_list_definition(document: Document) -> None:
    """One decimal list definition in numbering.xml; each list gets its own w:num restarting at 1."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), LIST_ABSTRACT_ID)
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1."), ("w:lvlJc", "left")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        level.append(element)
    paragraph_properties = OxmlElement("w:pPr")
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), "425")
    indent.set(qn("w:hanging"), "425")
    paragraph_properties.append(indent)
    level.append(paragraph_properties)
    abstract.append(level)
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)


def _new_list(document: Document) -> int:
    """A w:num of the list definition that starts again at 1; returns its numId."""
    numbering = document.part.numbering_part.element
    num = numbering.add_num(int(LIST_ABSTRACT_ID))
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    return num.numId


def _number(paragraph, num_id: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), str(num_id))
    numbering.append(level)
    numbering.append(number)
    style = properties.find(qn("w:pStyle"))  # numPr comes right after the style in pPr
    if style is not None:
        style.addnext(numbering)
    else:
        properties.insert(0, numbering)


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


def _write_lines(cell, lines: list[str], empty: str) -> None:
    lines = lines or [empty]
    cell.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line)


def _write_items(document, cell, texts: list[str], lead: list[str], empty: str) -> None:
    """``lead`` paragraphs as they are, then ``texts`` as a Word numbered list (not typed numbers)."""
    if not texts:
        _write_lines(cell, lead or [empty], empty)
        return
    if lead:
        _write_lines(cell, lead, empty)
    num_id = _new_list(document)
    for index, text in enumerate(texts):
        paragraph = cell.paragraphs[0] if index == 0 and not lead else cell.add_paragraph()
        paragraph.add_run(text)
        _number(paragraph, num_id)


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


def _section(document, table, heading: str, lines: list[str], empty: str, *, items=None) -> None:
    """A heading row (Word's Heading 2, so it shows in the navigation pane) and a body row."""
    heading_cells = table.add_row().cells
    merged = heading_cells[0].merge(heading_cells[-1])
    merged.paragraphs[0].style = document.styles["Heading 2"]
    _write(merged, heading, bold=True)
    _shade(merged)
    body_cells = table.add_row().cells
    body = body_cells[0].merge(body_cells[-1])
    if items is None:
        _write_lines(body, lines, empty)
    else:
        _write_items(document, body, [item.text for item in items], lines, empty)


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
    _page_header(document.sections[-1], position.title)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("岗位说明书"))
    run.bold = True
    run.font.size = Pt(18)
    # The position's name is the document's Heading 1: the navigation pane and the contents list it.
    name = document.add_paragraph(position.title, style=document.styles["Heading 1"])
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER

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
    authority = [position.authority] if position.authority else []
    _section(document, table, _("工作概述"), summary, none)
    _section(document, table, _("岗位职责"), [], none, items=description.responsibilities)
    _section(document, table, _("任职资格"), [], none, items=description.requirements)
    _section(document, table, _("管理权限"), authority, none, items=description.authorities)
    _section(document, table, _("考核指标"), [], none, items=description.kpis)
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


def add_revisions(document: Document, revisions) -> None:
    """The revision table (修订记录): version, effective date, change note and approver of each
    published version, oldest first; ``revisions`` are jobdescriptions versions."""
    heading = document.add_paragraph(style=document.styles["Heading 2"])
    heading.add_run(_("修订记录"))
    table = document.add_table(rows=1, cols=4)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(
        table.rows[0].cells, (_("版本"), _("生效日期"), _("修改说明"), _("审批人")), strict=True
    ):
        _write(cell, text, bold=True, center=True)
        _shade(cell)
    for revision in revisions:
        cells = table.add_row().cells
        values = (
            revision.label,
            revision.effective_date.isoformat() if revision.effective_date else "—",
            revision.change_note or "—",
            revision.reviewer.get_username() if revision.reviewer else "—",
        )
        for cell, value in zip(cells, values, strict=True):
            _write(cell, value)
    _cell_margins(table)


def job_description_docx(description: JobDescription, revisions=None) -> bytes:
    """One job description; with ``revisions`` (published versions), its revision table at the end."""
    document = new_document()
    add_job_description(document, description)
    if revisions:
        add_revisions(document, revisions)
    return _to_bytes(document)


def job_descriptions_docx(descriptions: list[JobDescription]) -> bytes:
    """Several job descriptions in one document, each starting on a new page."""
    document = new_document()
    if not descriptions:
        document.add_paragraph(_("该组织单元下没有岗位。"))
        return _to_bytes(document)
    _table_of_contents(document, [description.position.title for description in descriptions])
    for description in descriptions:
        document.add_section(WD_SECTION.NEW_PAGE)  # its own header: the position's name
        add_job_description(document, description)
    return _to_bytes(document)


def _complex_field_char(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _table_of_contents(document: Document, titles: list[str]) -> None:
    """A TOC field over the Heading 1 paragraphs (the positions), filled with their names until
    Word updates it (it asks on opening: settings' updateFields) with page numbers."""
    heading = document.add_paragraph(style=document.styles["TOC Heading"])
    heading.add_run(_("目录"))
    first = document.add_paragraph()
    _complex_field_char(first, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-1" \\h \\z \\u '
    first.add_run()._r.append(instruction)
    _complex_field_char(first, "separate")
    first.add_run(titles[0])
    last = first
    for title in titles[1:]:
        last = document.add_paragraph(title)
    _complex_field_char(last, "end")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII fallback name and the real name per RFC 5987/6266."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
