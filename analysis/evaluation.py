"""Precision and recall of the matcher on hand-labelled function/duty pairs (fixtures/analysis/).

The pairs name their items by source document and line, so they are found again after a re-import;
a table row puts several items on one line, and there the text tells them apart.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q

from analysis import frequencies, matching
from duties.models import Duty

PAIRS = Path(__file__).resolve().parent.parent / "fixtures" / "analysis" / "function_duty_pairs.json"


@dataclass
class Evaluation:
    pairs: int
    true_positives: int
    false_positives: int
    false_negatives: int
    missing: int  # pairs whose items are not in the store

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        relevant = self.true_positives + self.false_negatives
        return self.true_positives / relevant if relevant else 0.0


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def evaluate(pairs: list[dict], threshold: float = matching.MATCH_THRESHOLD) -> Evaluation:
    """Score every labelled pair as coverage does (store frequencies) and count hits and misses."""
    wanted = Q(pk__in=[])
    for pair in pairs:
        for line in (pair["function_line"], pair["duty_line"]):
            wanted |= Q(source_document__name=pair["document"], source_line=line)
    at_line: dict[tuple[str, int], list[Duty]] = {}
    for duty in Duty.objects.filter(wanted).select_related("source_document").order_by("id"):
        at_line.setdefault((duty.source_document.name, duty.source_line), []).append(duty)

    def item(document: str, line: int, text: str) -> Duty | None:
        candidates = at_line.get((document, line), [])
        same = [duty for duty in candidates if duty.text == text]
        return (same or (candidates if len(candidates) == 1 else [None]))[0]

    found = [
        (
            item(p["document"], p["function_line"], p["function"]),
            item(p["document"], p["duty_line"], p["duty"]),
            p["match"],
        )
        for p in pairs
    ]
    present = [(f, d, label) for f, d, label in found if f is not None and d is not None]
    matrix = frequencies.scores([f.text for f, _d, _l in present], [d.text for _f, d, _l in present])
    result = Evaluation(len(pairs), 0, 0, 0, len(pairs) - len(present))
    for index, (_f, _d, label) in enumerate(present):
        predicted = bool(matrix[index, index] >= threshold)
        result.true_positives += int(predicted and label)
        result.false_positives += int(predicted and not label)
        result.false_negatives += int(label and not predicted)
    return result
