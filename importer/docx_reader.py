"""A .docx as text lines: headings as Markdown '#', Word list numbering as numbers, tables as labels.

Word's automatic numbering (w:numPr) keeps the number out of the paragraph text, and heading
styles carry the structure, so both are written into the text the builder reads. Every body part
is accounted for: paragraphs and tables in document order (nested tables too).
"""

import io
import re
import zipfile

from django.utils.translation import gettext as _

from importer.tables import linearise

# A real job description is a few hundred KB of XML; a zip bomb is hundreds of MB.
MAX_UNCOMPRESSED = 40 * 1024 * 1024
HEADING_STYLE = re.compile(r"^(?:heading|标题|title|标题\s*)\s*(\d)?$", re.IGNORECASE)
BULLET_FORMATS = {"bullet", "none"}


def check_size(data: bytes) -> None:
    """Refuse a package whose parts expand past the limit, reading at most the limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError(_("不是有效的 .docx 文件。")) from exc
    declared = sum(info.file_size for info in archive.infolist())
    if declared > MAX_UNCOMPRESSED:
        raise ValueError(_("文档解压后过大(上限 40 MB),拒绝读取。"))
    budget = MAX_UNCOMPRESSED
    for info in archive.infolist():
        with archive.open(info) as part:
            while chunk := part.read(1 << 20):
                budget -= len(chunk)
                if budget < 0:  # the sizes in the directory lied
                    raise ValueError(_("文档解压后过大(上限 40 MB),拒绝读取。"))


def _heading_level(paragraph) -> int | None:
    style = paragraph.style
    while style is not None:
        match = HEADING_STYLE.match((style.name or "").strip())
        if match:
            return int(match.group(1) or 1)
        style = style.base_style
    outline = paragraph._p.find(".//{*}outlineLvl")
    if outline is not None:
        value = outline.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value) + 1
    return None


class _Numbering:
    """Formats and running counters of Word list numbering, by (numId, level)."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], str] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        abstract = {}
        for node in root.findall(f"{ns}abstractNum"):
            levels = {}
            for level in node.findall(f"{ns}lvl"):
                fmt = level.find(f"{ns}numFmt")
                levels[int(level.get(f"{ns}ilvl"))] = fmt.get(f"{ns}val") if fmt is not None else "decimal"
            abstract[node.get(f"{ns}abstractNumId")] = levels
        for num in root.findall(f"{ns}num"):
            ref = num.find(f"{ns}abstractNumId")
            levels = abstract.get(ref.get(f"{ns}val") if ref is not None else None, {})
            for level, fmt in levels.items():
                self.formats[(num.get(f"{ns}numId"), level)] = fmt

    @staticmethod
    def _num_pr(paragraph):
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = paragraph.style
        while style is not None:
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None:
                return ppr.numPr
            style = style.base_style
        return None

    def marker(self, paragraph) -> str | None:
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            style_name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
            if "list bullet" in style_name:
                return "● "
            if "list number" in style_name:
                num_id, level = style_name, 0
            else:
                return None
        else:
            num_id = str(num_pr.numId.val)
            level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            if num_id == "0":
                return None
        fmt = self.formats.get((num_id, level), "decimal")
        if fmt in BULLET_FORMATS:
            return "● "
        count = self.counters.get((num_id, level), 0) + 1
        self.counters[(num_id, level)] = count
        # A deeper level restarts when its parent moves on.
        for key in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[key]
        return f"({count})" if level else f"{count}、"


def _cells(table) -> list[list[list[str]]]:
    """Rows of distinct cells; a merged cell appears once, where it starts."""
    rows, above = [], []
    for row in table.rows:
        cells, seen = [], []
        for column, cell in enumerate(row.cells):
            tc = cell._tc
            if any(tc is s for s in seen):
                continue  # merged across
            seen.append(tc)
            if column < len(above) and above[column] is tc:
                cells.append([])  # merged down: said once, above
                continue
            paragraphs = [p.text for p in cell.paragraphs]
            for nested in cell.tables:
                paragraphs += linearise(_cells(nested))
            cells.append(paragraphs)
        above = [cell._tc for cell in row.cells]
        rows.append(cells)
    return rows


def read_docx(data: bytes) -> str:
    check_size(data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise ValueError(_("无法读取该 .docx 文件,文件可能已损坏。")) from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += linearise(_cells(block))
            continue
        text = block.text.strip()
        if not text:
            continue
        level = _heading_level(block)
        if level:
            lines.append("#" * min(level, 6) + " " + text)
            continue
        marker = numbering.marker(block)
        lines.append(f"{marker}{text}" if marker else text)
    return "\n".join(lines)
