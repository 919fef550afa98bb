"""Headings: which lines open a position or a unit, by title words and by what follows them."""

import re

from importer.lists import marker_family
from importer.markup import SourceLine
from importer.patterns import (
    CN_NUM,
    DUTY_VERB,
    FIELD,
    LEADING_MARK,
    MARKER,
    ORGANISATION_END,
    SENTENCE_PUNCT,
    SUB_DOCUMENT,
    UNIT_HEADING,
    activity_title,
    has_tail,
    is_title,
    title_core,
)
from importer.state import BuildState
from importer.vocabulary import (
    DUTIES,
    LABEL_LINE,
    LABEL_PATTERN,
    LABELS,
    REQUIREMENTS,
    SUBORDINATE,
    SUMMARY,
    SUPERIOR,
    TITLE,
    label_of,
)

NOT_A_NAME = re.compile(
    r"^(?:其他|其它|相关|主要|基本|具体|日常|个人|部门|工作|岗位|本|各|全体|所有|以上|上述|下列)"
)


def duty_heading(text: str):
    m = re.match(r"^(.{2,16}?)(?:岗位职责|工作职责|职责)$", text)
    # '个人的岗位职责' names nobody; '市场部岗位职责' names a unit; '其他相关职责', '岗位分工及职责' a topic.
    if m is None or m.group(1).endswith(("的", "及", "和", "与")) or UNIT_HEADING.fullmatch(m.group(1)):
        return None
    if NOT_A_NAME.match(m.group(1)):
        return None
    return m


LABEL_ANYWHERE = re.compile(rf"(?:^|\s)(?:{LABEL_PATTERN})\s*[::]")


def _opens_content(st: "BuildState") -> bool:
    """The next line starts a list, a labelled field or a duties label."""
    upcoming = st.following[0] if st.following else ""
    if not upcoming:
        return False
    if MARKER.match(upcoming) or LABEL_LINE.match(upcoming) or label_of(upcoming):
        return not (
            label_of(upcoming) == TITLE
            or (LABEL_LINE.match(upcoming) and LABELS.get(LABEL_LINE.match(upcoming).group(1)) == TITLE)
        )
    # Fields side by side ('岗位类别:… 直接上级:…'), or duties run together in one paragraph ('A;B;C。').
    if LABEL_ANYWHERE.search(upcoming):
        return True
    return len(upcoming) >= 30 and len(re.findall(r"[;；]", upcoming)) >= 2


def title_heading(st: "BuildState", text: str, number: int, heading: bool = False) -> bool:
    """A short line naming a position: by its title word and by what follows it (or a heading style)."""
    text = text.rstrip("。")
    if set(text) & SENTENCE_PUNCT - {"、"} or len(text) > 40 or re.search(r"[::].", text):
        return False
    if FIELD.match(text) or LABEL_LINE.match(text) or (text.split() and text.split()[0] in LABELS):
        return False  # '岗位描述 售楼员': a label and its value
    core = title_core(text)
    bullet_heading = bool(re.match(r"^[●■◆▍【]", text)) and _opens_content(st)
    if not (is_title(core) or ((has_tail(text) or bullet_heading) and activity_title(core))):
        return False
    if (
        not heading
        and MARKER.match(text)
        and marker_family(text).startswith("symbol")
        and (marker_family(text) == st.list_family or (st.following and st.following[0][:1] == text[:1]))
    ):
        return False  # one more bullet of a list ('‧ 已注册保健员')
    running_list = marker_family(text) == st.list_family and st.last_item is not None
    if not heading and MARKER.match(text) and running_list and not has_tail(text):
        return False  # '4、…报告中心主任' after '3、…': the list goes on
    if not (heading or has_tail(text) or re.search(r"[【\[]", text) or _opens_content(st)):
        return False
    position = st.new_position(core, number)
    position.evidence = "heading" if (heading or has_tail(text)) else "title word"
    return True


def one_line_position(st: "BuildState", text: str, original: str, number: int) -> bool:
    """'园长:负责全园工作;…;…': a position and its duties on one line."""
    m = re.match(r"^(.{2,20}?)[::]\s*(.{6,})$", text)
    if not m or label_of(m.group(1)) or set(m.group(1)) & SENTENCE_PUNCT:
        return False
    core = title_core(m.group(1))
    if not is_title(core) or not re.search(r"[;；。]|\d[、.]", m.group(2)):
        return False
    position = st.new_position(core, number)
    position.evidence = "title word"
    pieces = [
        p for p in re.split(r"(?<=[;；])|(?<=。)(?=.)|\s*(?=(?<!\d)\d{1,2}[、.](?!\d))", m.group(2)) if p
    ]
    for piece in pieces:
        piece = MARKER.sub("", piece.strip(), count=1).strip()
        if piece.strip(" ;；。"):
            st.add_item(piece, piece, number)
    return True


def markup_heading(st: "BuildState", source: SourceLine, text: str, number: int) -> bool:
    """A Markdown or Word heading: an organisation, a unit, a position or a label."""
    if label_of(text):
        return False
    if title_heading(st, text, number, heading=True):
        return True
    core = title_core(text)
    unit = UNIT_HEADING.fullmatch(core) or UNIT_HEADING.fullmatch(re.sub(r"(?:职能|职责)$", "", core))
    if (st.org is None or (source.heading == 1 and st.org.is_empty())) and (
        unit is None or source.heading == 1
    ):
        st.new_org(text.strip("[]【】"), number)
        return True
    if unit and len(core) <= 16 and not set(core) & SENTENCE_PUNCT:
        st.new_unit(unit.group(1), number)
        return True
    return False


def is_title_line(text: str) -> bool:
    """The document's first line names it (an organisation), unless it is a list item or a label."""
    if len(text) > 30 or MARKER.match(text) or label_of(text) or LABEL_LINE.match(text):
        return False
    core = title_core(text)
    return not (is_title(core) and not has_tail(text))


SUPERIOR_OR_DUTIES = {SUPERIOR, SUBORDINATE, DUTIES, SUMMARY, REQUIREMENTS}


def labelled_block_heading(st: "BuildState", text: str, number: int) -> bool:
    """A short unpunctuated line right before 直接上级/岗位职责/任职资格 names a position."""
    core = title_core(text)
    if MARKER.match(text) and not (re.match(r"^[\d一二三四五六七八九十]+[、.]", text) and is_title(core)):
        return False
    if (
        SUB_DOCUMENT.match(text)
        or re.search(r"第[\d一二三四五六七八九十]+[章节条篇]", text)
        or ORGANISATION_END.search(core)
    ):
        return False
    if not 2 <= len(core) <= 12 or set(core) & (SENTENCE_PUNCT | {":", "、"}) or label_of(core):
        return False
    if UNIT_HEADING.fullmatch(core) or re.search(r"[A-Za-z]{3,}|\d", core) or DUTY_VERB.match(core):
        return False
    upcoming = st.following[0] if st.following else ""
    label = LABEL_LINE.match(upcoming)
    field = LABELS.get(label.group(1)) if label else label_of(upcoming)
    if field not in SUPERIOR_OR_DUTIES:
        return False
    position = st.new_position(core, number)
    position.evidence = "structure"
    return True


def symbol_unit(st: "BuildState", text: str, number: int) -> bool:
    """'■ 客服部', '一、财务部', '3.3 质量部': a department heading behind a symbol or an outline number."""
    m = re.match(rf"^(?:[■▲◆●★☆▍▌◎❖]|[{CN_NUM}]+[、.]|\d+\.\d+(?!\.)\s)\s*(.{{2,14}})$", text)
    if not m or set(m.group(1)) & (SENTENCE_PUNCT | {":", "、"}):
        return False
    unit = UNIT_HEADING.fullmatch(m.group(1))
    if unit is None or duty_heading(m.group(1)):
        return False
    upcoming = st.following[0] if st.following else ""
    if upcoming[:1] == text[:1] and not re.match(rf"^[{CN_NUM}\d]", text):
        return False  # one more bullet of the same list
    st.new_unit(unit.group(1), number)
    return True


# '8-12K·13薪', '15-25K', '面议', '6000-8000元/月': the pay line under a job board's title.
SALARY = re.compile(r"^(?:\d+(?:\.\d+)?\s*[-~至]\s*\d+(?:\.\d+)?\s*(?:[KkWw千万]|元)|面议|薪资面议)")


def card_heading(st: "BuildState", text: str, number: int) -> bool:
    """A job board's card: a short title line with the pay on the next line."""
    upcoming = st.following[0] if st.following else ""
    core = title_core(text)
    if not SALARY.match(upcoming) or not 2 <= len(core) <= 16 or set(core) & (SENTENCE_PUNCT | {":"}):
        return False
    if label_of(core) or MARKER.match(text) or DUTY_VERB.match(core):
        return False
    st.new_position(core, number).evidence = "structure"
    return True


def roster_line(st: "BuildState", text: str) -> bool:
    """'1. 受雇律师 2. 法务助理 …': numbered lines that are nothing but titles list posts, not headings."""
    if not MARKER.match(text) or not is_title(title_core(text)):
        st.roster_family = None
        return False
    family = marker_family(text)
    upcoming = st.following[0] if st.following else ""
    listed_next = (
        bool(MARKER.match(upcoming)) and marker_family(upcoming) == family and is_title(title_core(upcoming))
    )
    if listed_next or st.roster_family == family:
        st.roster_family = family
        return True
    st.roster_family = None
    return False


UNIT_AND_TITLE = re.compile(r"^(.{2,14}?(?:部|中心|处|科|室|组|店|车间))\s*(?:—{1,2}|-|－|/|／)\s*(.{2,20})$")


def unit_and_title_heading(st: "BuildState", text: str, number: int) -> bool:
    """'行政部—行政主管岗位职责', '采购部/采购员岗位职责': the unit and the position on one heading line."""
    m = UNIT_AND_TITLE.match(LEADING_MARK.sub("", text, count=1).strip())
    if not m or set(text) & SENTENCE_PUNCT:
        return False
    unit, core = UNIT_HEADING.fullmatch(m.group(1)), title_core(m.group(2))
    if unit is None or not (is_title(core) or (has_tail(m.group(2)) and activity_title(core))):
        return False
    if not (has_tail(m.group(2)) or _opens_content(st)):
        return False
    st.new_unit(unit.group(1), number)
    st.new_position(core, number).evidence = "heading"
    return True
