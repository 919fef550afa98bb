"""Word documents built in tests, the way HR's job-description forms are laid out."""

import io

import docx


def word_table(rows: list[list[str]], merges=(), title: str | None = None):
    """A document with one table; ``merges`` are ((row, col), (row, col)) corners to merge."""
    document = docx.Document()
    if title:
        document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in enumerate(rows):
        for column, value in enumerate(cells):
            table.cell(row, column).text = value
    for (top, left), (bottom, right) in merges:
        merged = table.cell(top, left).merge(table.cell(bottom, right))
        merged.text = rows[top][left]
    return document


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
