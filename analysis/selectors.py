"""Reads of duty analysis for pages and the API: a unit's coverage, overlaps, similar positions, the library.

Each read is a fixed number of queries whatever the unit's size; the scoring is in memory (numpy).
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q
from scipy import sparse

from analysis import frequencies, matching
from analysis.models import MatchDecision, OverlapCandidate
from core.search import CONFIG, parse_query, search
from duties.models import Duty
from orgchart.models import Unit
from roles.models import Position

CONFIRMED = MatchDecision.Verdict.CONFIRMED
REJECTED = MatchDecision.Verdict.REJECTED
# Below the threshold, the best few duties are still shown to HR as suggestions to confirm.
SUGGESTIONS = 3
LIBRARY_LIMIT = 50
CANDIDATES = 200
OVERLAPS_SHOWN = 300
# What the analysis reads of a duty (not its search columns, the largest ones).
DUTY_FIELDS = ("id", "position_id", "unit_id", "kind", "order", "text")


@dataclass
class Match:
    function: Duty
    duty: Duty
    score: float
    verdict: str | None = None

    @property
    def matched(self) -> bool:
        if self.verdict:
            return self.verdict == CONFIRMED
        return self.score >= matching.MATCH_THRESHOLD

    @property
    def computed(self) -> bool:
        return self.score >= matching.MATCH_THRESHOLD


@dataclass
class FunctionCoverage:
    function: Duty
    matches: list[Match] = field(default_factory=list)  # carried out by these duties, best first
    rejected: list[Match] = field(default_factory=list)  # HR said no, although the score says yes
    suggestions: list[Match] = field(default_factory=list)  # best below the threshold

    @property
    def covered(self) -> bool:
        return bool(self.matches)

    @property
    def positions(self) -> list[Position]:
        return list({m.duty.position_id: m.duty.position for m in self.matches}.values())


@dataclass
class DutyOverlap:
    a: Duty
    b: Duty
    score: float


@dataclass
class SimilarPositions:
    a: Position
    b: Position
    share: float  # of the smaller JD's duties that have a counterpart in the other
    overlaps: int


@dataclass
class Coverage:
    unit: Unit
    functions: list[FunctionCoverage]
    positions: list[Position]
    duties: list[Duty]
    unmatched: list[Duty]
    overlaps: list[DutyOverlap]
    similar_positions: list[SimilarPositions]
    reporting_overlaps: list[OverlapCandidate]
    store_frequencies: bool

    @property
    def uncovered(self) -> list[FunctionCoverage]:
        return [f for f in self.functions if not f.covered]

    def matrix(self) -> list[tuple[Duty, list[dict]]]:
        """Functions × positions: each cell the best match of that position's duties (or None)."""
        rows = []
        for item in self.functions:
            best: dict[int, Match] = {}
            for match in item.matches:
                held = best.get(match.duty.position_id)
                if held is None or (match.verdict == CONFIRMED, match.score) > (
                    held.verdict == CONFIRMED,
                    held.score,
                ):
                    best[match.duty.position_id] = match
            rows.append((item.function, [best.get(p.pk) for p in self.positions]))
        return rows


def _subtree(unit: Unit) -> Q:
    return Q(unit__tree_id=unit.tree_id, unit__lft__gte=unit.lft, unit__lft__lt=unit.rght)


def unit_coverage(unit: Unit) -> Coverage:
    """Which of the unit's functions the duties of its positions (and its sub-units') carry out.

    Five queries: functions, positions, their duties, HR's decisions, word frequencies (and one for
    reporting-chain overlaps stored by the job).
    """
    functions = list(Duty.objects.filter(unit=unit).only(*DUTY_FIELDS).order_by("kind", "order", "id"))
    positions = list(
        Position.objects.filter(_subtree(unit)).select_related("unit").order_by("unit__lft", "title", "id")
    )
    by_id = {p.pk: p for p in positions}
    duties = list(
        Duty.objects.filter(
            position__unit__tree_id=unit.tree_id,
            position__unit__lft__gte=unit.lft,
            position__unit__lft__lt=unit.rght,
            kind=Duty.Kind.RESPONSIBILITY,
        )
        .only(*DUTY_FIELDS)
        .order_by("position__unit__lft", "position__title", "position_id", "order", "id")
    )
    cache_position = Duty.position.field.set_cached_value
    for duty in duties:
        cache_position(duty, by_id[duty.position_id])
    verdicts = {
        (d.function_id, d.duty_id): d.verdict for d in MatchDecision.objects.filter(function__unit=unit)
    }
    word_lists = [matching.words(d.text) for d in functions + duties]
    stored = frequencies.for_texts(word_lists)
    vectors = matching.vectors(word_lists, stored)
    function_vectors, duty_vectors = vectors[: len(functions)], vectors[len(functions) :]
    scores = matching.similarities(function_vectors, duty_vectors) if functions and duties else None

    coverage_rows, matched_duties = [], set()
    duty_index = {d.pk: i for i, d in enumerate(duties)}
    for fi, function in enumerate(functions):
        item = FunctionCoverage(function)
        row = scores[fi] if scores is not None else np.zeros(len(duties))
        candidates = set(np.flatnonzero(row >= matching.MATCH_THRESHOLD).tolist())
        candidates |= {duty_index[d] for (f, d) in verdicts if f == function.pk and d in duty_index}
        for di in sorted(candidates, key=lambda i: -row[i]):
            match = Match(
                function, duties[di], matching.score(row[di]), verdicts.get((function.pk, duties[di].pk))
            )
            if match.matched:
                item.matches.append(match)
                matched_duties.add(di)
            else:
                item.rejected.append(match)
        item.matches.sort(key=lambda m: (m.verdict != CONFIRMED, -m.score))
        below = [
            i for i in np.argsort(-row)[: SUGGESTIONS + len(candidates)] if i not in candidates and row[i] > 0
        ]
        item.suggestions = [Match(function, duties[i], matching.score(row[i])) for i in below[:SUGGESTIONS]]
        coverage_rows.append(item)

    overlaps, similar = _overlaps_within_units(duties, word_lists[len(functions) :], duty_vectors)
    reporting = list(
        OverlapCandidate.objects.filter(
            scope=OverlapCandidate.Scope.REPORTING,
            kind=OverlapCandidate.Kind.DUTIES,
            position_a__in=[p.pk for p in positions],
        ).select_related("position_a", "position_b", "duty_a", "duty_b")[:200]
    )
    return Coverage(
        unit=unit,
        functions=coverage_rows,
        positions=positions,
        duties=duties,
        unmatched=[d for i, d in enumerate(duties) if i not in matched_duties] if functions else [],
        overlaps=overlaps,
        similar_positions=similar,
        reporting_overlaps=reporting,
        store_frequencies=stored is not None,
    )


def duty_overlaps(duties: list, word_lists: list[list[str]], vectors) -> tuple[list, list]:
    """Same-unit duty pairs of different positions that say the same thing, and near-duplicate positions.

    ``duties`` carry ``position_id`` and ``position`` (with ``unit_id``); returns pairs (index, index,
    score) and (position, position, share, duties with a counterpart). Shared by pages and the job;
    vectorised, since a large unit has hundreds of thousands of candidate pairs.
    """
    if not duties:
        return [], []
    catch_all = np.array([matching.is_catch_all(ws) for ws in word_lists])
    position = np.array([d.position_id for d in duties])
    unit = np.array([d.position.unit_id for d in duties])
    product = sparse.triu(vectors @ vectors.T, k=1).tocoo()
    keep = product.data >= matching.DUPLICATE_DUTY_THRESHOLD
    i, j, s = product.row[keep], product.col[keep], product.data[keep]
    keep = (position[i] != position[j]) & (unit[i] == unit[j]) & ~catch_all[i] & ~catch_all[j]
    i, j, s = i[keep], j[keep], s[keep]
    close = s >= matching.OVERLAP_THRESHOLD
    pairs = [(int(a), int(b), float(c)) for a, b, c in zip(i[close], j[close], s[close], strict=True)]

    # Which duties of a position have a counterpart in another position, each (position, other, duty)
    # counted once: encoded as one integer per triple so that np.unique stays one-dimensional.
    owners, owner = np.unique(position, return_inverse=True)
    n, p = len(duties), len(owners)
    triples = np.concatenate([(owner[i] * p + owner[j]) * n + i, (owner[j] * p + owner[i]) * n + j])
    pair_keys, counts = np.unique(np.unique(triples) // n, return_counts=True)
    counted = {
        (int(owners[k // p]), int(owners[k % p])): int(c) for k, c in zip(pair_keys, counts, strict=True)
    }
    sized, sizes = np.unique(position[~catch_all], return_counts=True)
    size = dict(zip(sized.tolist(), sizes.tolist(), strict=True))
    positions = {d.position_id: d.position for d in duties}
    duplicates = []
    for (a, b), _n in counted.items():
        if a > b or size.get(a, 0) < 3 or size.get(b, 0) < 3:
            continue
        smaller, other = (a, b) if size[a] <= size[b] else (b, a)
        share = counted.get((smaller, other), 0) / size[smaller]
        if share >= matching.DUPLICATE_SHARE:
            both = counted.get((a, b), 0) + counted.get((b, a), 0)
            duplicates.append((positions[a], positions[b], share, both))
    return pairs, duplicates


def _overlaps_within_units(duties, word_lists, vectors):
    """The page shows the closest OVERLAPS_SHOWN pairs; the job stores them all."""
    if not duties:
        return [], []
    pairs, duplicates = duty_overlaps(duties, word_lists, vectors)
    pairs = sorted(pairs, key=lambda pair: -pair[2])[:OVERLAPS_SHOWN]
    overlaps = [DutyOverlap(duties[i], duties[j], matching.score(s)) for i, j, s in pairs]
    similar = [SimilarPositions(a, b, matching.score(share), n) for a, b, share, n in duplicates]
    similar.sort(key=lambda s: -s.share)
    return overlaps, similar


# --- stored overlaps (the background job's) ---------------------------------------------------


def stored_overlaps(*, unit: Unit | None = None, position: Position | None = None, kind: str | None = None):
    queryset = OverlapCandidate.objects.select_related(
        "unit", "position_a__unit", "position_b__unit", "duty_a", "duty_b"
    ).order_by("-score", "id")
    if unit is not None:
        queryset = queryset.filter(
            position_a__unit__tree_id=unit.tree_id,
            position_a__unit__lft__gte=unit.lft,
            position_a__unit__lft__lt=unit.rght,
        )
    if position is not None:
        queryset = queryset.filter(Q(position_a=position) | Q(position_b=position))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


# --- the JD library -----------------------------------------------------------------------------


@dataclass
class LibraryEntry:
    position: Position
    organisation: str
    path: list[str]
    hits: list[Duty] = field(default_factory=list)
    score: float | None = None


def _organisations(positions: list[Position]) -> dict[int, list[str]]:
    """Unit names from the root down, per unit of these positions (one query)."""
    units = {p.unit for p in positions}
    if not units:
        return {}
    wanted = Q(pk__in=[])
    for unit in units:
        wanted |= Q(tree_id=unit.tree_id, lft__lte=unit.lft, rght__gte=unit.rght)
    ancestors = defaultdict(list)
    for a in Unit.objects.filter(wanted).order_by("tree_id", "lft"):
        ancestors[a.tree_id].append(a)
    return {
        u.pk: [a.name for a in ancestors[u.tree_id] if a.lft <= u.lft and a.rght >= u.rght] for u in units
    }


def library_search(query: str, limit: int = LIBRARY_LIMIT) -> list[LibraryEntry]:
    """Positions of every organisation whose title or duties match ``query``, best first (three queries)."""
    by_title = list(search(Position.objects.filter(described=True), query).select_related("unit")[:limit])
    duty_hits = list(
        search(Duty.objects.filter(position__isnull=False, position__described=True), query).select_related(
            "position__unit"
        )[: limit * 5]
    )
    entries: dict[int, LibraryEntry] = {}
    for position in by_title:
        entries[position.pk] = LibraryEntry(position, "", [])
    for duty in duty_hits:
        entry = entries.setdefault(duty.position_id, LibraryEntry(duty.position, "", []))
        if len(entry.hits) < 3:
            entry.hits.append(duty)
    chosen = list(entries.values())[:limit]
    paths = _organisations([e.position for e in chosen])
    for entry in chosen:
        entry.path = paths.get(entry.position.unit_id, [])
        entry.organisation = entry.path[0] if entry.path else ""
    return chosen


@dataclass
class AlignedRow:
    cells: list[tuple[Duty | None, float | None]]


@dataclass
class Comparison:
    positions: list[Position]
    paths: dict[int, list[str]]
    rows: list[AlignedRow]


def compare(position_ids: list[int]) -> Comparison:
    """JDs side by side: each duty of the first, with the most similar unused duty of each other JD
    on its row; the others' remaining duties follow on rows of their own (three queries)."""
    found = {p.pk: p for p in Position.objects.filter(pk__in=position_ids).select_related("unit")}
    positions = [found[pk] for pk in dict.fromkeys(position_ids) if pk in found]
    duties = list(
        Duty.objects.filter(position__in=positions, kind=Duty.Kind.RESPONSIBILITY).order_by("order", "id")
    )
    lists = {p.pk: [d for d in duties if d.position_id == p.pk] for p in positions}
    word_lists = [matching.words(d.text) for d in duties]
    vectors = matching.vectors(word_lists, frequencies.for_texts(word_lists)) if duties else None
    # Every pair's cosine in one product, not a sparse product per pair inside the loops below.
    similarity = matching.similarities(vectors, vectors) if duties else None
    row_of = {d.pk: i for i, d in enumerate(duties)}
    rows: list[AlignedRow] = []
    if positions:
        first, others = positions[0], positions[1:]
        used: dict[int, set[int]] = {p.pk: set() for p in others}
        for duty in lists[first.pk]:
            cells: list[tuple[Duty | None, float | None]] = [(duty, None)]
            for other in others:
                best, best_score = None, matching.MATCH_THRESHOLD
                for candidate in lists[other.pk]:
                    if candidate.pk in used[other.pk]:
                        continue
                    s = similarity[row_of[duty.pk], row_of[candidate.pk]]
                    if s >= best_score:
                        best, best_score = candidate, s
                if best is not None:
                    used[other.pk].add(best.pk)
                cells.append((best, matching.score(best_score) if best else None))
            rows.append(AlignedRow(cells))
        for column, other in enumerate(others, start=1):
            for duty in lists[other.pk]:
                if duty.pk not in used[other.pk]:
                    cells = [(None, None)] * len(positions)
                    cells[column] = (duty, None)
                    rows.append(AlignedRow(cells))
    return Comparison(positions, _organisations(positions), rows)


def similar_positions(position: Position, limit: int = 10) -> list[tuple[Position, float]]:
    """JDs anywhere in the store most like this one: candidates share a title word (the best-ranked
    few hundred), ranked by the cosine of title and duties taken together (four queries)."""
    parsed = parse_query(position.title)
    if parsed is None:
        return []
    any_word = SearchQuery(parsed[1], search_type="raw", config=CONFIG)
    candidates = list(
        Position.objects.filter(described=True, search_vector=any_word)
        .exclude(pk=position.pk)
        .annotate(rank=SearchRank(F("search_vector"), any_word))
        .order_by("-rank", "id")[:CANDIDATES]
    )
    ids = [position.pk] + [c.pk for c in candidates]
    texts: dict[int, list[str]] = defaultdict(list)
    for owner, text in Duty.objects.filter(position__in=ids, kind=Duty.Kind.RESPONSIBILITY).values_list(
        "position_id", "text"
    ):
        texts[owner].append(text)
    word_lists = [
        matching.words(" ".join([p_title] + texts[pk]))
        for pk, p_title in [(position.pk, position.title)] + [(c.pk, c.title) for c in candidates]
    ]
    vectors = matching.vectors(word_lists, frequencies.for_texts(word_lists))
    scores = matching.similarities(vectors[:1], vectors[1:])[0] if candidates else []
    ranked = sorted(zip(candidates, scores, strict=True), key=lambda pair: -pair[1])[:limit]
    units = {u.pk: u for u in Unit.objects.filter(pk__in={c.unit_id for c, _s in ranked})}
    for candidate, _s in ranked:
        candidate.unit = units[candidate.unit_id]
    return [(c, matching.score(s)) for c, s in ranked]
