"""Tables (Word or Markdown) as the labelled lines the structure builder reads.

A job-description table is one of two shapes:
- a label|value grid for one position (岗位名称 | X | 所属部门 | Y, then a 岗位职责 block with one row per
  duty, often with 序号/权重/考核标准 columns), or
- one table for many positions, a header row (岗位 | 职责 | 任职要求) and a row per position.
Both become lines such as '岗位名称:X', '岗位职责:', '1、…', so one builder reads every layout.
Rows are lists of cells, a cell a list of paragraphs; merged cells arrive once (the reader dedupes).
"""

import re

from importer.vocabulary import (
    DUTIES,
    IGNORED,
    KPIS,
    REQUIREMENTS,
    SUBORDINATE,
    SUPERIOR,
    TITLE,
    UNIT,
    label_of,
)

Cell = list[str]
Row = list[Cell]

# Column headers of a duty block: 序号 | 职责描述 | 权重 | 考核标准.
NUMBER_HEADERS = {"序号", "编号", "No", "NO", "No.", "序", "项目", "项次", "項次"}
WEIGHT = re.compile(r"^\s*\d{1,3}(?:\.\d+)?\s*[%％]\s*$")
ITEM_SEAMS = re.compile(r"(?:(?<=[;；。])\s*|\s+|^)(?=\d{1,2}[、.．)）](?!\d)|[(（]\d{1,2}[)）])|<br\s*/?>")
LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[、.．)）](?!\d)|[(（]\d{1,2}[)）]|[●•·◆■▪\-*])\s*")
SECTION_LABELS = {DUTIES: "岗位职责", REQUIREMENTS: "任职资格", KPIS: "考核指标"}


def _text(cell: Cell) -> str:
    return " ".join(p.strip() for p in cell if p.strip())


def split_items(cell: Cell, semicolons: bool = False) -> list[str]:
    """A cell's items: its paragraphs, each split again where numbers run items together."""
    items = []
    for paragraph in cell:
        for piece in ITEM_SEAMS.split(paragraph):
            piece = LIST_MARK.sub("", piece or "").strip()
            if not piece:
                continue
            if semicolons and len(cell) == 1:
                items += [p.strip() for p in re.split(r"(?<=[;；])", piece) if p.strip(" ;；")]
            else:
                items.append(piece)
    return items


def _items(cell: Cell, semicolons: bool = False) -> list[str]:
    return [f"{n}、{item}" for n, item in enumerate(split_items(cell, semicolons), start=1)]


def _header_columns(row: Row) -> dict[str, int] | None:
    """A many-positions header row: a title column and a duties column."""
    columns = {}
    for index, cell in enumerate(row):
        field = label_of(_text(cell))
        if field and field not in columns:
            columns[field] = index
    if TITLE in columns and DUTIES in columns:
        return columns
    return None


def _many_positions(rows: list[Row], columns: dict[str, int]) -> list[str]:
    lines = []
    for row in rows:

        def cell(field, row=row):
            index = columns.get(field)
            return row[index] if index is not None and index < len(row) else []

        title = _text(cell(TITLE))
        if not title or label_of(title) == TITLE:
            continue
        lines.append(f"岗位名称:{title}")
        if _text(cell(UNIT)):
            lines.append(f"所属部门:{_text(cell(UNIT))}")
        for field, label in ((SUPERIOR, "直接上级"), (SUBORDINATE, "直接下级")):
            if _text(cell(field)):
                lines.append(f"{label}:{_text(cell(field))}")
        for field in (DUTIES, REQUIREMENTS, KPIS):
            if _text(cell(field)):
                lines.append(f"{SECTION_LABELS[field]}:")
                lines += _items(cell(field), semicolons=True)
    return lines


def _roster(row: Row) -> bool:
    fields = {label_of(_text(c)) for c in row}
    headers = all(label_of(_text(c)) or _text(c) in NUMBER_HEADERS for c in row)
    return headers and TITLE in fields and DUTIES not in fields and len(row) >= 2


HEADER_ENDINGS = (
    "工作",
    "分类",
    "类别",
    "事项",
    "描述",
    "要求",
    "标准",
    "内容",
    "权重",
    "占比",
    "依据",
    "值",
    "目标",
    "公式",
    "来源",
    "周期",
    "方式",
    "指标",
    "频次",
    "次数",
)


def _header_word(text: str) -> bool:
    return len(text) <= 10 and bool(
        text in NUMBER_HEADERS
        or label_of(text)
        or re.fullmatch(r"(?:权重|比重|占比|频率|时间|工作标准|考核|备注|)[%％]?", text)
        or text.endswith(HEADER_ENDINGS)
    )


def _duty_column(texts: list[str]) -> int | None:
    """Which column of a duty block's header holds the duty: 工作内容, 职责内容描述, 工作任务 …"""
    for index, text in enumerate(texts):
        if text and label_of(text) == DUTIES:
            return index
    for index, text in enumerate(texts):
        if re.search(r"内容|描述|任务|职责", text or "") and not re.search(r"分类|类别|范围", text):
            return index
    return None


def _is_header(row: Row) -> bool:
    """序号 | 职责描述 | 权重: column names of a duty block, not content."""
    texts = [_text(c) for c in row if _text(c)]
    return len(texts) >= 2 and all(_header_word(t) for t in texts)


def _grid(rows: list[Row]) -> list[str]:
    """Label|value rows of one position; a section label opens a block of item rows."""
    lines: list[str] = []
    section = None
    counter = 0
    text_column = None  # the 工作内容 column of a header row, where a duty's text stands
    for row in rows:
        texts = [_text(c) for c in row]
        if not any(texts):
            continue
        if _is_header(row):
            first = label_of(texts[0])
            if first in SECTION_LABELS:
                section, counter = first, 0
                lines.append(f"{SECTION_LABELS[first]}:")
            elif section is None and DUTIES in [label_of(t) for t in texts if t]:
                # 序号 | 工作内容 | 工作要求 with no section row above it: the header names the block.
                section, counter = DUTIES, 0
                lines.append(f"{SECTION_LABELS[DUTIES]}:")
            if section == DUTIES:
                text_column = _duty_column(texts)
            continue
        first = label_of(texts[0]) if texts[0] else None
        if first in SECTION_LABELS or (first == IGNORED and len(row) <= 2):
            if first in SECTION_LABELS:
                section, counter = first, 0
                lines.append(f"{SECTION_LABELS[first]}:")
            else:
                section = IGNORED
                lines.append(f"{texts[0].rstrip(':：')}:{' '.join(texts[1:])}")
                continue
            rest = row[1:]
        elif first and first not in SECTION_LABELS:
            # 岗位名称 | X | 所属部门 | Y: label/value pairs.
            pairs, index, section = [], 0, None
            if first == IGNORED:
                # 工作关系 | 内部协调 | …: a field kept nowhere, with rows merged below its label.
                section = IGNORED
                lines.append(f"{texts[0].rstrip(':：')}:")
                continue
            while index < len(row):
                label = texts[index]
                if label_of(label) and label_of(label) not in SECTION_LABELS:
                    value = (
                        texts[index + 1] if index + 1 < len(row) and not label_of(texts[index + 1]) else ""
                    )
                    pairs.append(f"{label.rstrip(':：')}:{value}")
                    index += 2 if value else 1
                else:
                    pairs.append(label)
                    index += 1
            lines += [p for p in pairs if p]
            continue
        else:
            rest = row
        if section is None:
            lines += [t for t in texts if t]
            continue
        if section == IGNORED:
            continue
        distinct = [t for t in dict.fromkeys(texts) if t]
        merged_across = len(row) == 1 and len(distinct) == 1
        if (
            section == DUTIES
            and merged_across
            and len(distinct[0]) <= 16
            and not re.search(r"[,，;；。]", distinct[0])
        ):
            # '一、日常监控' merged across the table: a category over the duties below, not one of them.
            if re.match(r"^[一二三四五六七八九十]+[、.]", distinct[0]):
                lines.append(distinct[0])
            continue
        # Item rows: the number, the text, then weights or standards; keep the text.
        in_column = text_column is not None and text_column < len(row) and rest is row
        if section == DUTIES and in_column and _text(row[text_column]):
            rest = [row[text_column]]
        cells = [c for c in rest if _text(c)]
        cells = [
            c for c in cells if not re.fullmatch(r"\d{1,2}[、.]?", _text(c)) and not WEIGHT.match(_text(c))
        ]
        if not cells:
            continue
        if (
            len(cells) >= 2
            and label_of(_text(cells[0])) is None
            and len(_text(cells[0])) <= 8
            and section == REQUIREMENTS
        ):
            # 学历 | 本科以上: a requirement with its own small label.
            lines.append(f"- {_text(cells[0])}:{_text(cells[1])}")
            continue
        if len(cells) >= 2 and len(_text(cells[0])) <= 8 and len(_text(cells[-1])) > len(_text(cells[0])):
            # 职责范围 | 工作任务: a category over several tasks; the tasks are the items.
            cells = cells[1:2] if section == DUTIES else cells
        for item in split_items(cells[0]):
            counter += 1
            lines.append(f"{counter}、{item}")
    return lines


def linearise(rows: list[Row]) -> list[str]:
    """The lines a table stands for, in reading order."""
    rows = [row for row in rows if any(_text(c) for c in row)]
    if not rows:
        return []
    rows = _labels_over_values(rows)
    for index, row in enumerate(rows[:3]):
        columns = _header_columns(row)
        if columns and all(len(_text(c)) <= 12 for c in row):
            return rows_before(rows[:index]) + _many_positions(rows[index + 1 :], columns)
        if _roster(row):
            # 部门 | 职位 | 人数: a list of posts without duties; kept as rows for the report.
            return ["| " + " | ".join(_text(c) for c in r) + " |" for r in rows]
    return _grid(rows)


def _all_labels(row: Row) -> bool:
    """A row of field names (岗位名称 | 所属部门), or one section name (岗位职责) on its own."""
    texts = [_text(c) for c in row if _text(c)]
    fields = [label_of(t) for t in texts]
    if len(texts) == 1:
        return fields[0] is not None
    return bool(texts) and all(f is not None and f not in SECTION_LABELS for f in fields)


def _labels_over_values(rows: list[Row]) -> list[Row]:
    """A form whose label rows stand above their value rows ('岗位名称 | 所属部门' over 'X | Y'):
    rows again as label | value pairs. Only when label rows recur, which a header row does not."""
    field_rows = [row for row in rows if _all_labels(row) and len([c for c in row if _text(c)]) > 1]
    if len(field_rows) < 2:
        return rows
    paired, index = [], 0
    while index < len(rows):
        row = rows[index]
        below = rows[index + 1] if index + 1 < len(rows) else None
        if _all_labels(row) and below is not None and not _all_labels(below):
            labels = [c for c in row if _text(c)]
            values = [c for c in below if _text(c)]
            if len(labels) == len(values):
                paired += [[label, value] for label, value in zip(labels, values, strict=True)]
                index += 2
                continue
            if len(labels) == 1 and len(values) == 1:
                paired.append([labels[0], values[0]])
                index += 2
                continue
        paired.append(row)
        index += 1
    return paired


def rows_before(rows: list[Row]) -> list[str]:
    """A caption row above a header row ('销售部岗位一览')."""
    return [_text(row[0]) for row in rows if _text(row[0])]
