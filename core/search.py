"""Indexed Chinese search: jieba words and character pairs in a 'simple' tsvector with a GIN index.

Any model with a ``search_words`` column can use it (duties and positions do).

PostgreSQL cannot segment Chinese, and pg_trgm finds no trigrams in it under a C ctype, so the
words are cut here and stored space-separated in ``search_words``; the GIN index is on
``to_tsvector('simple', search_words)``, which a model may store as a generated ``search_vector``
column (duties and positions do) so that ranking many matches does not recompute it. Besides
jieba's words every pair of adjacent CJK characters is stored too, so a query word that jieba cut
differently inside a duty ('投诉' in '被投诉人') is still found: it matches as a word or as all of
its character pairs.

The cutter is rjieba (jieba-rs: jieba's dictionary and algorithm in Rust): the same Chinese words
as jieba on the seeds, loaded in 0.15 s instead of 1.3 s and cutting about 20 times faster.
"""

import re

import rjieba
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F

from core.text import to_simplified

CJK = re.compile(r"[\u4e00-\u9fff]+")
# Letters and digits only: rjieba keeps codes like 'SC-003' or '8.1.2' whole where jieba split them,
# so every piece is cut at punctuation and both give the same lexemes ('sc', '003').
WORD = re.compile(r"[^\W_]+")
CONFIG = "simple"


def _words(pieces: list[str]) -> list[str]:
    return [word.lower() for piece in pieces for word in WORD.findall(piece)]


def _tokens(text: str) -> list[str]:
    return _words(rjieba.cut_for_search(text))


def index_words(*texts: str) -> str:
    """The lexemes stored for these texts: jieba words (with sub-words) and CJK character pairs."""
    words: list[str] = []
    for text in texts:
        text = to_simplified(text or "")
        words += _tokens(text)
        for run in CJK.findall(text):
            words += [run[i : i + 2] for i in range(len(run) - 1)]
    return " ".join(words)


def duty_words(text: str, original_text: str = "") -> str:
    # The original is the Traditional/mojibake source of the text, or what HR has since replaced:
    # searching it would add nothing or find words no longer in the duty.
    return index_words(text)


def position_words(title: str, summary: str = "") -> str:
    return index_words(title, summary)


def include_search_words(save_kwargs: dict) -> None:
    """A save limited to some fields still refreshes the search words derived from them."""
    if save_kwargs.get("update_fields") is not None:
        save_kwargs["update_fields"] = {*save_kwargs["update_fields"], "search_words"}


def _lexeme(term: str) -> str:
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def _required(word: str) -> str:
    """A query word matches as a stored word, or as all of its character pairs."""
    if len(word) == 1:
        return _lexeme(word) + ":*"
    pairs = [word[i : i + 2] for i in range(len(word) - 1)] if CJK.fullmatch(word) else []
    if len(pairs) <= 1:
        return _lexeme(word)
    return "(" + _lexeme(word) + " | (" + " & ".join(_lexeme(p) for p in pairs) + "))"


def parse_query(q: str) -> tuple[str, str] | None:
    """(filter tsquery, ranking tsquery) in raw syntax, or None when the query has no words."""
    q = to_simplified(q or "").strip()
    required = list(dict.fromkeys(_tokens_cut(q)))
    if not required:
        return None
    ranking = list(dict.fromkeys(_tokens(q) + required))
    return " & ".join(_required(w) for w in required), " | ".join(_lexeme(w) for w in ranking)


def _tokens_cut(text: str) -> list[str]:
    # The longest words (cut) are required; cut_for_search's sub-words only rank.
    return _words(rjieba.cut(text))


def search(queryset, q: str, fields=None):
    """Rows matching every word of ``q``, best first (ts_rank), ties by id.

    ``fields`` is accepted for old callers; the model's ``search_words`` covers its text fields.
    """
    parsed = parse_query(q)
    if parsed is None:
        return queryset
    must, rank = parsed
    if not _stores_vector(queryset.model):
        queryset = queryset.annotate(search_vector=SearchVector("search_words", config=CONFIG))
    return (
        queryset.filter(search_vector=SearchQuery(must, search_type="raw", config=CONFIG))
        .annotate(
            search_rank=SearchRank(F("search_vector"), SearchQuery(rank, search_type="raw", config=CONFIG))
        )
        .order_by("-search_rank", "id")
    )


def _stores_vector(model) -> bool:
    """A stored ``search_vector`` column: ranking reads it rather than recomputing it for every match."""
    return any(f.name == "search_vector" for f in model._meta.concrete_fields)
