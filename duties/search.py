"""Chinese search over duty and position text: jieba splits the query into words."""

import jieba
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

jieba.setLogLevel(60)


def query_terms(q: str) -> list[str]:
    """Words of the query (jieba), without blanks and punctuation; the whole query if none."""
    terms = [t.strip() for t in jieba.cut_for_search(q) if t.strip() and t.strip().isalnum()]
    return list(dict.fromkeys(terms)) or ([q.strip()] if q.strip() else [])


def search(queryset, q: str, fields: list[str]):
    """Rows containing every longest query word, ranked by how many words they contain."""
    terms = query_terms(q)
    if not terms:
        return queryset
    # cut_for_search also yields sub-words; require the maximal words (jieba.cut) only.
    required = [t for t in jieba.cut(q) if t.strip() and t.strip().isalnum()] or terms
    for term in required:
        queryset = queryset.filter(Q(*[Q(**{f"{f}__icontains": term}) for f in fields], _connector=Q.OR))
    score = sum(
        (
            Case(
                When(Q(**{f"{f}__icontains": term}), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for term in terms
            for f in fields
        ),
        Value(0),
    )
    return queryset.annotate(search_rank=Coalesce(score, Value(0))).order_by("-search_rank", "id")
