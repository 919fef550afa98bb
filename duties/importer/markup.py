"""Plain text and Markdown as source lines: markup removed, heading levels and tables kept as structure.

Web pages and converted Word files bring Markdown (#, **, ---, pipe tables) into the text. None of
that syntax may become a unit, position or duty; a heading's level and a table's rows are structure
the builder uses. Each output line keeps the number of the source line it came from.
"""

import re
from dataclasses import dataclass

from duties.importer.tables import linearise

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
RULE = re.compile(r"^\s*(?:[-*_=—─━~]\s*){3,}$")
EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
BULLET = re.compile(r"^\s*[*+]\s+(?=\S)")
QUOTE = re.compile(r"^\s*>\s?")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass
class SourceLine:
    number: int
    text: str
    heading: int | None = None  # Markdown/Word heading level
    from_table: bool = False


def _cells(line: str) -> list[list[str]]:
    inner = line.strip().strip("|")
    return [[p.strip() for p in HTML_BREAK.split(cell) if p.strip()] for cell in inner.split("|")]


def _table(rows: list[tuple[int, str]]) -> list[SourceLine]:
    """A pipe table's lines, each attributed to the row it came from."""
    body = [(n, line) for n, line in rows if not TABLE_SEPARATOR.match(line)]
    lines = linearise([_cells(line) for _, line in body])
    result, row = [], 0
    for text in lines:
        core = re.sub(r"^(?:\d+、|- )", "", text).split(":")[-1][:12]
        for index in range(row, len(body)):
            if core and core in body[index][1]:
                row = index
                break
        result.append(SourceLine(body[row][0], text, from_table=True))
    return result


def source_lines(text: str) -> list[SourceLine]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result: list[SourceLine] = []
    table: list[tuple[int, str]] = []
    for number, line in enumerate(raw, start=1):
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
        result.append(SourceLine(number, BULLET.sub("- ", line)))
    if table:
        result += _table(table)
    return result
