"""Plain text and Markdown as source lines: markup removed, heading levels and tables kept as structure.

Web pages and converted Word files bring Markdown (#, **, ---, pipe tables) into the text, and
spreadsheets pasted as text bring tab-separated rows. None of
that syntax may become a unit, position or duty; a heading's level and a table's rows are structure
the builder uses. Each output line keeps the number of the source line it came from.
"""

import csv
import io
import re
from dataclasses import dataclass

from core.text import INVISIBLE
from importer.tables import linearise

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
RULE = re.compile(r"^\s*(?:[-*_=—─━~═＝–‒┅┈]\s*){3,}$")
EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
BULLET = re.compile(r"^\s*[*+]\s+(?=\S)")
QUOTE = re.compile(r"^\s*>\s?")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
LETTER_SPACED = re.compile(r"^(?:[\u4e00-\u9fff][ \u3000]+)+[\u4e00-\u9fff]$")
SPACED_LABEL = re.compile(r"^((?:[\u4e00-\u9fff][ \u3000]){2,}[\u4e00-\u9fff])(?=[ \u3000]{2,})")


@dataclass
class SourceLine:
    number: int
    text: str
    heading: int | None = None  # Markdown/Word heading level
    from_table: bool = False


def _cells(line: str) -> list[list[str]]:
    inner = line.strip().strip("|")
    return [[p.strip() for p in HTML_BREAK.split(cell) if p.strip()] for cell in inner.split("|")]


def _attribute(lines: list[str], body: list[tuple[int, str]]) -> list[SourceLine]:
    """Each line a table became, with the number of the source row its text came from."""
    result, row = [], 0
    for text in lines:
        core = re.sub(r"^(?:\d+、|- )", "", text).split(":")[-1][:12]
        for index in range(row, len(body)):
            if core and core in body[index][1]:
                row = index
                break
        result.append(SourceLine(body[row][0], text, from_table=True))
    return result


def _table(rows: list[tuple[int, str]]) -> list[SourceLine]:
    """A pipe table's lines."""
    body = [(n, line) for n, line in rows if not TABLE_SEPARATOR.match(line)]
    return _attribute(linearise([_cells(line) for _, line in body]), body)


def _tab_table(rows: list[tuple[int, str]]) -> list[SourceLine]:
    """Rows copied from Excel: tab-separated, a cell with line breaks in double quotes."""
    text = "\n".join(line for _, line in rows)
    parsed = list(csv.reader(io.StringIO(text), delimiter="\t"))
    cells = [[[p.strip() for p in cell.split("\n") if p.strip()] for cell in row] for row in parsed]
    return _attribute(linearise(cells), rows)


def source_lines(text: str) -> list[SourceLine]:
    # Bidi overrides, zero-width marks and control characters are no part of any line (tabs stay).
    raw = INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result: list[SourceLine] = []
    table: list[tuple[int, str]] = []
    tabbed: list[tuple[int, str]] = []
    for number, line in enumerate(raw, start=1):
        if tabbed and (line.count("\t") >= 1 or _open_quote(tabbed)):
            tabbed.append((number, line))
            continue
        if tabbed:
            result += _tab_table(tabbed)
            tabbed = []
        if line.count("\t") >= 2 and not TABLE_ROW.match(line):
            tabbed.append((number, line))
            continue
        if TABLE_ROW.match(line) or (table and TABLE_SEPARATOR.match(line)):
            table.append((number, line))
            continue
        if table:
            result += _table(table)
            table = []
        line = QUOTE.sub("", line)
        line = EMPHASIS.sub(r"\2", line).strip().lstrip("\ufeff")
        if not line or RULE.match(line):
            continue
        heading = HEADING.match(line)
        if heading:
            if heading.group(2):
                result.append(SourceLine(number, heading.group(2), heading=len(heading.group(1))))
            continue
        if LETTER_SPACED.match(line):
            line = re.sub(r"[ \u3000]+", "", line)  # '会 计 职 责', spaced out on a wall chart
        else:  # '直 接 上 级     配送调度主管': a spaced-out label before its value
            line = SPACED_LABEL.sub(lambda m: re.sub(r"[ \u3000]", "", m.group(1)), line)
        result.append(SourceLine(number, BULLET.sub("- ", line)))
    if table:
        result += _table(table)
    if tabbed:
        result += _tab_table(tabbed)
    return result


def _open_quote(rows: list[tuple[int, str]]) -> bool:
    """Inside a quoted cell that spans lines (an odd number of quotes so far)."""
    return sum(line.count('"') for _, line in rows) % 2 == 1
