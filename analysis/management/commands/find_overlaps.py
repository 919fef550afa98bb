"""The whole store's overlaps, as a background job (cron, or after an import): never in a request.

Refreshes the word frequencies every similarity reads, then replaces the stored overlap candidates:
duties of different positions in one unit that say the same thing, near-duplicate positions of one
unit, and duties a position shares with a position it reports to (solid or dotted line). The store is
read unit by unit (and reporting lines in batches), so memory stays that of the largest unit.
"""

import time
from types import SimpleNamespace

from django.core.management.base import BaseCommand
from django.db import transaction

from analysis import frequencies, matching
from analysis.models import OverlapCandidate
from analysis.selectors import duty_overlaps
from duties.models import Duty
from roles.models import ReportingLine

BATCH = 2000


def _duty(row) -> SimpleNamespace:
    pk, position_id, unit_id, text = row
    return SimpleNamespace(
        pk=pk, position_id=position_id, text=text, position=SimpleNamespace(pk=position_id, unit_id=unit_id)
    )


class Command(BaseCommand):
    help = (
        "Refresh word frequencies; find overlapping duties and near-duplicate positions in the whole store."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        store = frequencies.refresh()
        rows = self.same_unit(store) + self.reporting(store)
        with transaction.atomic():
            OverlapCandidate.objects.all().delete()
            OverlapCandidate.objects.bulk_create(rows, batch_size=BATCH)
        kinds = {kind: sum(r.kind == kind for r in rows) for kind in OverlapCandidate.Kind.values}
        self.stdout.write(
            f"{store.documents} duties, {kinds['duties']} duty overlaps, "
            f"{kinds['positions']} similar position pairs in {time.perf_counter() - started:.1f} s"
        )

    def _units(self):
        """Each unit's responsibility duties, one unit at a time (one streamed query)."""
        queryset = (
            Duty.objects.filter(position__isnull=False, kind=Duty.Kind.RESPONSIBILITY)
            .order_by("position__unit_id", "position_id", "order", "id")
            .values_list("id", "position_id", "position__unit_id", "text")
        )
        unit, duties = None, []
        for row in queryset.iterator(chunk_size=BATCH):
            if row[2] != unit and duties:
                yield unit, duties
                duties = []
            unit = row[2]
            duties.append(_duty(row))
        if duties:
            yield unit, duties

    def same_unit(self, store) -> list[OverlapCandidate]:
        rows = []
        for unit_id, duties in self._units():
            if len({d.position_id for d in duties}) < 2:
                continue
            word_lists = [matching.words(d.text) for d in duties]
            pairs, duplicates = duty_overlaps(duties, word_lists, matching.vectors(word_lists, store))
            for i, j, score in pairs:
                rows.append(
                    OverlapCandidate(
                        kind=OverlapCandidate.Kind.DUTIES,
                        scope=OverlapCandidate.Scope.UNIT,
                        unit_id=unit_id,
                        position_a_id=duties[i].position_id,
                        position_b_id=duties[j].position_id,
                        duty_a_id=duties[i].pk,
                        duty_b_id=duties[j].pk,
                        score=matching.score(score),
                    )
                )
            for a, b, share, _n in duplicates:
                rows.append(
                    OverlapCandidate(
                        kind=OverlapCandidate.Kind.POSITIONS,
                        scope=OverlapCandidate.Scope.UNIT,
                        unit_id=unit_id,
                        position_a_id=a.pk,
                        position_b_id=b.pk,
                        score=matching.score(share),
                    )
                )
        return rows

    def reporting(self, store) -> list[OverlapCandidate]:
        """Duties a position shares with a superior: the superior doing the subordinate's work, or twice."""
        rows = []
        lines = list(ReportingLine.objects.order_by("id").values_list("subordinate_id", "superior_id"))
        for start in range(0, len(lines), BATCH):
            batch = lines[start : start + BATCH]
            ids = {p for line in batch for p in line}
            by_position: dict[int, list] = {}
            for row in (
                Duty.objects.filter(position__in=ids, kind=Duty.Kind.RESPONSIBILITY)
                .order_by("position_id", "order", "id")
                .values_list("id", "position_id", "position__unit_id", "text")
            ):
                by_position.setdefault(row[1], []).append(_duty(row))
            for subordinate, superior in batch:
                below, above = by_position.get(subordinate, []), by_position.get(superior, [])
                if not below or not above:
                    continue
                word_lists = [matching.words(d.text) for d in below + above]
                vectors = matching.vectors(word_lists, store)
                scores = matching.similarities(vectors[: len(below)], vectors[len(below) :])
                for i, j in zip(*(scores >= matching.OVERLAP_THRESHOLD).nonzero(), strict=True):
                    if matching.is_catch_all(word_lists[i]) or matching.is_catch_all(
                        word_lists[len(below) + j]
                    ):
                        continue
                    rows.append(
                        OverlapCandidate(
                            kind=OverlapCandidate.Kind.DUTIES,
                            scope=OverlapCandidate.Scope.REPORTING,
                            position_a_id=subordinate,
                            position_b_id=superior,
                            duty_a_id=below[i].pk,
                            duty_b_id=above[j].pk,
                            score=matching.score(float(scores[i, j])),
                        )
                    )
        return rows
