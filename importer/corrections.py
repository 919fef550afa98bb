"""HR's corrections kept with a source document: found again by each line's text, saved on import.

A correction follows its line: in a changed document it goes to a line with the same text (the
nearest to where it was when several have it); one whose line is gone is reported, not guessed.
"""

from dataclasses import dataclass

from importer.models import LineCorrection
from importer.review import document_lines, line_hash
from sources.models import SourceDocument


@dataclass
class Reapplied:
    hints: dict[int, str]
    # Corrections whose line is no longer in the document: (old line number, role, its text).
    lost: list[tuple[int, str, str]]


def reapply(name: str, text: str) -> Reapplied:
    """The stored corrections of the document called ``name``, mapped onto the lines of ``text``."""
    corrections = list(
        LineCorrection.objects.filter(document__name=name)
        .order_by("line")
        .values_list("line", "role", "text_hash", "text")
    )
    if not corrections:
        return Reapplied({}, [])
    lines_by_hash: dict[str, list[int]] = {}
    for number, line in document_lines(text):
        lines_by_hash.setdefault(line_hash(line), []).append(number)
    hints, lost = {}, []
    for old, role, digest, line_text in corrections:
        free = [n for n in lines_by_hash.get(digest, []) if n not in hints]
        if not free:
            lost.append((old, role, line_text))
            continue
        hints[min(free, key=lambda n: (abs(n - old), n))] = role
    return Reapplied(hints, lost)


def save_corrections(document: SourceDocument, text: str, hints: dict[int, str], user=None) -> None:
    """The document's corrections become ``hints`` (inside the import's transaction)."""
    LineCorrection.objects.filter(document=document).delete()
    lines = dict(document_lines(text))
    LineCorrection.objects.bulk_create(
        LineCorrection(
            document=document,
            line=number,
            role=role,
            text_hash=line_hash(lines[number]),
            text=lines[number][:200],
            saved_by=user if user is not None and user.is_authenticated else None,
        )
        for number, role in sorted(hints.items())
        if number in lines
    )


def document_version(name: str) -> str:
    """What a preview was made against: the stored document's hash and last import, '' for none yet."""
    row = SourceDocument.objects.filter(name=name).values_list("sha256", "imported_at").first()
    return _version(*row) if row else ""


def _version(sha256: str, imported_at) -> str:
    return f"{sha256}@{imported_at.isoformat()}"


def version_of(document: SourceDocument | None) -> str:
    return _version(document.sha256, document.imported_at) if document is not None else ""
