"""Text similarity of duties: TF-IDF over jieba words, cosine of the vectors.

Why this: duties and unit functions are short Chinese sentences that say the same task with the same
nouns and verbs (市场调研 / 市场调查, 客户 / 客户档案), so a bag of jieba words weighted by how rare a
word is across the store (TF-IDF) separates "does this task" from "shares a common word" well: on the
hand-labelled pairs (fixtures/analysis/) precision and recall are both 0.93 anywhere between 0.01 and
0.03. Character pairs added nothing there, embeddings would need model weights and a GPU-sized
dependency. The weighting is scikit-learn's (CountVectorizer, TF-IDF formula of TfidfTransformer with
``smooth_idf`` and ``sublinear_tf``), the words are rjieba's ``cut_for_search`` (jieba-rs, the cutter
core.search already uses), minus words every duty has (负责, 工作, 做好 ...).

Document frequencies come from the whole store (analysis.models.WordFrequency, refreshed by
``manage.py find_overlaps``): a unit's own handful of duties would make its common words look rare.
Pure functions: no database here.
"""

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import rjieba
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from core.text import to_simplified

# Words that say nothing about which task a duty is: duty boilerplate and function words.
_STOP = (
    "负责 工作 做好 及时 进行 相关 各项 协助 完成 组织 管理 公司 部门 "
    "以及 并 的 和 与 及 等 对 在 上级 领导 经理 职责"
)
STOP_WORDS = frozenset(_STOP.split())
# Variant spellings read as one word.
VARIANTS = {"其它": "其他"}
WORD = re.compile(r"\w")

# A function and a duty match from this cosine on (the labelled pairs plateau between 0.01 and 0.03).
MATCH_THRESHOLD = 0.02
# Two duties of different positions say the same thing from this cosine on.
OVERLAP_THRESHOLD = 0.5
# Two positions are near-duplicates when this share of the smaller one's duties has a counterpart
# (cosine DUPLICATE_DUTY_THRESHOLD or more) among the other's: paraphrases count here.
DUPLICATE_DUTY_THRESHOLD = 0.3
DUPLICATE_SHARE = 0.6
# "Other tasks the superior assigns": every position has one, so they overlap without meaning it.
_CATCH_ALL = "其他 交办 临时 安排 上司 任务 事项 事宜 未尽 积极 配合 承办 执行 总监 副总 总经理 主管 上级"
CATCH_ALL_WORDS = frozenset(_CATCH_ALL.split())


@functools.lru_cache(maxsize=200_000)
def words(text: str) -> tuple[str, ...]:
    """The jieba words of ``text`` that can tell tasks apart (two characters or more, no stop words).

    Cached by text: a unit's page cuts its thousands of duties once per process, not once per view.
    """
    text = to_simplified(text or "")
    for variant, usual in VARIANTS.items():
        text = text.replace(variant, usual)
    return tuple(
        word.lower()
        for word in rjieba.cut_for_search(text)
        if len(word) > 1 and WORD.search(word) and word not in STOP_WORDS
    )


@dataclass
class Frequencies:
    """How many documents (duties) of a corpus contain each word."""

    documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, word_lists: Iterable[list[str]]) -> "Frequencies":
        counts: Counter[str] = Counter()
        documents = 0
        for ws in word_lists:
            documents += 1
            counts.update(set(ws))
        return cls(documents, dict(counts))


def _same(ws):
    return ws


def vectors(word_lists: list, frequencies: Frequencies | None = None) -> sparse.csr_matrix:
    """One L2-normalised TF-IDF row per word list (rows of zeros for lists without words).

    Without ``frequencies`` the lists themselves are the corpus.
    """
    if not any(word_lists):
        return sparse.csr_matrix((len(word_lists), 1))
    counter = CountVectorizer(analyzer=_same, lowercase=False)
    counts = counter.fit_transform(word_lists).astype(np.float64).tocsr()
    if frequencies is None:
        frequencies = Frequencies.of(word_lists)
    vocabulary = counter.get_feature_names_out()
    df = np.array([frequencies.counts.get(word, 0) for word in vocabulary], dtype=np.float64)
    idf = np.log((1 + frequencies.documents) / (1 + df)) + 1
    counts.data = np.log(counts.data) + 1  # sublinear tf
    return normalize(counts @ sparse.diags(idf), norm="l2", copy=False).tocsr()


def similarities(left: sparse.csr_matrix, right: sparse.csr_matrix) -> np.ndarray:
    """Cosine of every row of ``left`` with every row of ``right`` (both already normalised)."""
    return np.asarray((left @ right.T).todense())


def is_catch_all(word_list: list[str]) -> bool:
    """A duty saying only "do what else you are told" (or nothing): never an overlap."""
    return len(set(word_list)) < 2 or set(word_list) <= CATCH_ALL_WORDS


def score(value: float) -> float:
    """Scores are shown and stored to three decimals."""
    return math.floor(value * 1000 + 0.5) / 1000
