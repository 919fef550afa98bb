"""The store's word frequencies (analysis.models.WordFrequency): refreshed by the background job,
read for the words of the texts a request compares."""

from django.db import transaction

from analysis import matching
from analysis.models import WordFrequency
from duties.models import Duty

BATCH = 5000


def refresh() -> matching.Frequencies:
    """Count every word over all duties of the store and replace the stored counts."""
    counts = matching.Frequencies.of(
        matching.words(text)
        for text in Duty.objects.values_list("text", flat=True).iterator(chunk_size=BATCH)
    )
    with transaction.atomic():
        WordFrequency.objects.all().delete()
        rows = [WordFrequency(word=word[:100], documents=n) for word, n in counts.counts.items()]
        rows.append(WordFrequency(word="", documents=counts.documents))
        WordFrequency.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return counts


def stored(vocabulary) -> matching.Frequencies | None:
    """The stored counts of these words (one query), or None before the job first ran."""
    wanted = {""} | set(vocabulary)
    counts = dict(WordFrequency.objects.filter(word__in=wanted).values_list("word", "documents"))
    total = counts.pop("", None)
    if not total:
        return None
    return matching.Frequencies(total, counts)


def for_texts(word_lists) -> matching.Frequencies | None:
    return stored({word for ws in word_lists for word in ws})


def scores(left: list[str], right: list[str]):
    """Cosine of every text of ``left`` with every text of ``right``, weighted by the store's frequencies
    (or, before the job first ran, by these texts' own)."""
    word_lists = [matching.words(text) for text in left + right]
    frequencies = for_texts(word_lists)
    matrix = matching.vectors(word_lists, frequencies)
    return matching.similarities(matrix[: len(left)], matrix[len(left) :])
