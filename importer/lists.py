"""Lists: run-together lines split into items, marker styles, sub-lists, group headings, tag lines."""

import re

from core.text import PINYIN_MOJIBAKE, to_simplified
from importer.patterns import CN_NUM, INLINE_SPLIT, MARKER, SENTENCE_PUNCT, TITLE_END, WORD
from importer.state import BuildState
from importer.structure import RESPONSIBILITY
from importer.vocabulary import (
    LABELS,
)


def split_segments(simplified: str, original: str) -> list[tuple[str, str]]:
    """Split a line that runs several items together; keep each piece's original text."""
    parts = [p for p in INLINE_SPLIT.split(simplified) if p and p.strip()]
    if len(parts) <= 1:
        return [(simplified, original)]
    # OpenCC maps character for character, so offsets carry over unless pinyin was removed;
    # then the pieces keep their Simplified text as original.
    result = [(part, part) for part in parts]
    if len(simplified) != len(original):
        original = PINYIN_MOJIBAKE.sub("", original)
    if len(simplified) == len(original):
        pos, mapped = 0, []
        for part, _ in result:
            start = simplified.find(part, pos)
            mapped.append((part, original[start : start + len(part)]))
            pos = start + len(part)
        return mapped
    return result


MARKER_FAMILIES = (
    ("number-comma", re.compile(r"^\d+\s*、")),
    ("number-dot", re.compile(r"^\d+\s*[.．](?!\d)")),
    ("outline", re.compile(r"^\d+(?:\.\d+)+")),
    ("paren-number", re.compile(r"^[(（]\d+[)）]")),
    ("number-paren", re.compile(r"^\d+\s*[)）]")),
    ("chinese", re.compile(rf"^[{CN_NUM}]+\s*[、.]")),
    ("paren-chinese", re.compile(rf"^[(（][{CN_NUM}]+[)）]")),
    ("letter", re.compile(r"^[a-zA-Z][.、)]")),
)


def marker_family(text: str) -> str:
    for name, pattern in MARKER_FAMILIES:
        if pattern.match(text):
            return name
    return "symbol:" + text[:1]


def sub_item(st: "BuildState", text: str, body: str, original: str) -> bool:
    """'1、…包括:' then '(1)…(2)…': the sub-list belongs to the item whose colon opened it."""
    family = marker_family(text)
    parent = st.sub_parent
    if not WORD.search(body):
        return False  # a blank to fill in is no sub-item
    if parent is None:
        last = st.last_item
        if last is None or st.list_family in (None, family) or not last.text.rstrip().endswith(":"):
            return False
        if (
            st.position is None
            or last
            not in st.position.items[st.section if st.section in st.position.items else RESPONSIBILITY]
        ):
            return False
        parent = st.sub_parent = last
    elif family == st.list_family:
        st.sub_parent = None
        return False
    raw = MARKER.sub("", original, count=1).strip() if MARKER.match(original) else original
    parent.original = f"{parent.original}{raw}"
    parent.text = to_simplified(parent.original)
    return True


GROUPING_FAMILIES = {"chinese", "paren-chinese", "outline", "letter"}


def group_heading(st: "BuildState", text: str, body: str) -> bool:
    """'一、协助经理搞好日常管理工作' over '1、…2、…': a heading grouping the items below, not one of them."""
    upcoming = st.following[0] if st.following else ""
    if st.position is None or not MARKER.match(upcoming) or len(body.rstrip(":")) > 16:
        return False
    if set(body.rstrip(":")) & SENTENCE_PUNCT:
        return False
    family, below = marker_family(text), marker_family(upcoming)
    if family == below:
        return False
    if family == "outline":  # '8.3.1 接听' over '8.3.1.1 …': only a deeper outline number counts
        depth = text.split()[0].count(".") if text.split() else 0
        deeper = upcoming.split()[0].count(".") if upcoming.split() else 0
        return below == "outline" and deeper > depth
    return family in GROUPING_FAMILIES and below not in GROUPING_FAMILIES


def tag_line(text: str, after_noise: bool = False) -> bool:
    """'广告策划 客户维护 快消品牌': a job board's tags, short words that are no labels (nor titles,
    unless the line follows the card's facts, which are noise)."""
    words = text.split()
    return (
        3 <= len(words) <= 6
        and all(2 <= len(w) <= 6 and not set(w) & (SENTENCE_PUNCT | {":", "、"}) for w in words)
        and not any(w in LABELS or MARKER.match(w) for w in words)
        and (after_noise or not any(TITLE_END.search(w) for w in words))
    )
