"""Score the parser against hand-written expectations (fixtures/corpus, fixtures/source).

Pure: reads files, parses, compares; nothing is written to the database. The parse scored here is
the tree the importer writes, so the figures describe what an import would store.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.text import to_simplified
from importer.files import read_document
from importer.parser import parse_document
from importer.structure import RESPONSIBILITY, ParsedDocument

TRAILING = re.compile(r"[\s。;；,，.:：!！、]+$")
SPACES = re.compile(r"\s+")


def _key(text: str) -> str:
    return TRAILING.sub("", SPACES.sub("", to_simplified(text or "")))


@dataclass
class FoundPosition:
    title: str
    unit: str
    superiors: list[str]
    duties: int
    first_duty: str


@dataclass
class DocumentScore:
    document: str
    expected: int = 0
    found: int = 0
    matched: int = 0
    duty_counts: int = 0
    first_duties: int = 0
    superiors_compared: int = 0
    superiors: int = 0
    units: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong_counts: list[str] = field(default_factory=list)

    def add(self, other: "DocumentScore") -> None:
        for name in (
            "expected",
            "found",
            "matched",
            "duty_counts",
            "first_duties",
            "superiors_compared",
            "superiors",
            "units",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else (1.0 if not self.expected else 0.0)

    @property
    def duty_count_share(self) -> float:
        return self.duty_counts / self.matched if self.matched else 1.0

    @property
    def first_duty_share(self) -> float:
        return self.first_duties / self.matched if self.matched else 1.0

    @property
    def superior_share(self) -> float:
        return self.superiors / self.superiors_compared if self.superiors_compared else 1.0

    @property
    def unit_share(self) -> float:
        return self.units / self.matched if self.matched else 1.0

    def figures(self) -> dict[str, float]:
        return {
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "duty_counts": round(self.duty_count_share, 3),
            "first_duty": round(self.first_duty_share, 3),
            "superiors": round(self.superior_share, 3),
            "units": round(self.unit_share, 3),
        }


def found_positions(parsed: ParsedDocument) -> list[FoundPosition]:
    """Described positions with the unit they sit in ('' for an organisation's own positions)."""
    found = []

    def walk(unit, depth):
        for position in unit.positions:
            if not position.described:
                continue
            duties = position.items[RESPONSIBILITY]
            found.append(
                FoundPosition(
                    title=position.title,
                    unit="" if depth == 0 else unit.name,
                    superiors=list(position.superiors),
                    duties=len(duties),
                    first_duty=duties[0].text if duties else "",
                )
            )
        for child in unit.children:
            walk(child, depth + 1)

    for organisation in parsed.organisations:
        walk(organisation, 0)
    return found


def score_document(parsed: ParsedDocument, expected: dict) -> DocumentScore:
    score = DocumentScore(document=expected["document"])
    wanted = expected["positions"]
    found = found_positions(parsed)
    score.expected, score.found = len(wanted), len(found)
    unmatched = list(found)
    for want in wanted:
        title, unit = _key(want["title"]), _key(want.get("unit", ""))
        candidates = [f for f in unmatched if _key(f.title) == title]
        hit = next((f for f in candidates if _key(f.unit) == unit), candidates[0] if candidates else None)
        if hit is None:
            score.missed.append(want["title"])
            continue
        unmatched.remove(hit)
        score.matched += 1
        score.units += _key(hit.unit) == unit
        if hit.duties == want["duties"]:
            score.duty_counts += 1
        else:
            score.wrong_counts.append(f"{want['title']} {hit.duties}/{want['duties']}")
        # A sub-list joined to its parent item still starts with the parent's text.
        first, wanted_first = _key(hit.first_duty), _key(want.get("first_duty", ""))
        score.first_duties += first == wanted_first or (
            len(wanted_first) >= 6 and first.startswith(wanted_first)
        )
        expected_superiors = {_key(s) for s in want.get("superiors", [])}
        found_superiors = {_key(s) for s in hit.superiors}
        if expected_superiors or found_superiors:
            score.superiors_compared += 1
            score.superiors += expected_superiors == found_superiors
    score.extra = [f.title for f in unmatched]
    return score


def expectation_files(*folders: Path) -> list[Path]:
    return [path for folder in folders for path in sorted((folder / "expected").glob("*.json"))]


def score_file(expectation: Path) -> tuple[DocumentScore, ParsedDocument]:
    expected = json.loads(expectation.read_text(encoding="utf-8"))
    document = expectation.parent.parent / expected["document"]
    text = read_document(document.name, document.read_bytes())
    parsed = parse_document(document.name, text)
    return score_document(parsed, expected), parsed


def score_folder(folder: Path) -> tuple[list[DocumentScore], DocumentScore]:
    """Per-document scores and their micro-averaged total."""
    scores = [score_file(path)[0] for path in expectation_files(folder)]
    total = DocumentScore(document=folder.name)
    for score in scores:
        total.add(score)
    return scores, total
