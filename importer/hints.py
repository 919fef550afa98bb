"""HR's corrections as hints: a line's role, forced before the builder's own rules read that line.

A hint is keyed by source line number. Headings take their name from the line; items go to the
position (or unit) above, as if the line had been read that way. Pure: no database.
"""

import re

from core.text import to_simplified
from importer.fields import read_field
from importer.patterns import MARKER, UNIT_NUMBERING, unit_kind
from importer.state import BuildState
from importer.structure import KPI, REQUIREMENT, RESPONSIBILITY, ParsedUnit
from importer.vocabulary import LABEL_LINE

ORGANISATION, UNIT, POSITION = "organisation", "unit", "position"
NOISE, JOIN, SPLIT = "noise", "join", "split"
UNIT_LEVELS = (1, 2, 3)
ITEM_ROLES = (RESPONSIBILITY, REQUIREMENT, KPI)
HINT_ROLES = (
    ORGANISATION,
    *(f"{UNIT}:{level}" for level in UNIT_LEVELS),
    POSITION,
    *ITEM_ROLES,
    NOISE,
    JOIN,
    SPLIT,
)
# Roles that name something: only the first piece of a line read as several pieces (a table row) takes it.
HEADING_ROLES = {ORGANISATION, POSITION, *(f"{UNIT}:{level}" for level in UNIT_LEVELS)}

# Unit names and position titles are stored in 200 characters; a heading is never that long.
NAME_MAX = 200
HEADING_WORDS = re.compile(r"\s*(?:各岗位职责|岗位职责|工作职责|岗位说明书|职责|职能)?\s*[::]?$")
BRACKETS = re.compile(r"^[○\[【《\s]+|[\]】》\s]+$")
# Where a run-together line is cut: before each item number ('1、', '2.', '(3)', '④', '五、').
NUMBER_SEAM = re.compile(
    r"(?<=\S)\s*(?=(?<![\d.])\d{1,2}[、.．)）](?!\d)|[(（]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"
    r"|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,2}、)"
)


def clean_hints(raw, line_numbers: set[int]) -> dict[int, str]:
    """Hints sent by a browser or stored: known roles on lines the document has; anything else dropped."""
    hints = {}
    if not isinstance(raw, dict):
        return hints
    for key, role in raw.items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            continue
        if number in line_numbers and role in HINT_ROLES:
            hints[number] = role
    return hints


def heading_name(text: str) -> str:
    """A heading line as a name: no list number, brackets, colon or '岗位职责' after it."""
    name = MARKER.sub("", text, count=1).strip() if MARKER.match(text) else text.strip()
    name = UNIT_NUMBERING.sub("", name).strip() or name
    name = BRACKETS.sub("", name)
    return HEADING_WORDS.sub("", name).strip() or name.strip()


def split_at_numbers(text: str) -> list[str]:
    """'1、走访客户 2、整理资料' as its numbered pieces, numbers removed."""
    pieces = [p.strip() for p in NUMBER_SEAM.split(text) if p.strip()]
    return [MARKER.sub("", p, count=1).strip() if MARKER.match(p) else p for p in pieces]


def apply_hint(st: BuildState, role: str, text: str, original: str, number: int) -> bool:
    """Read one line as HR said; False when the role cannot apply here (nothing above to join)."""
    st.pending, st.title_rest = None, None
    if role == NOISE:
        st.doc.noise_lines.append(number)
        return True
    if role in HEADING_ROLES:
        name = heading_name(text)[:NAME_MAX]
        if not name:
            return False  # '【】': nothing to name it by
        if role == ORGANISATION:
            st.new_org(name, number)
        elif role == POSITION:
            st.new_position(name, number).evidence = "label"
        else:
            _unit(st, name, int(role.partition(":")[2]), number)
        return True
    if role == JOIN:
        item = st.last_item
        if item is None:
            return False
        body = MARKER.sub("", original, count=1).strip() if MARKER.match(original) else original.strip()
        item.original += body
        item.text = to_simplified(item.original)
        return True
    if role == SPLIT:
        pieces, originals = split_at_numbers(text), split_at_numbers(original)
        pairs = list(zip(pieces, originals if len(originals) == len(pieces) else pieces, strict=True))
        label = LABEL_LINE.match(pairs[0][0]) if pairs else None
        if label and not label.group(2).strip():
            # '岗位职责:1、…2、…': the label says which list the pieces are.
            read_field(st, label.group(1), "", pairs[0][1], number)
            pairs = pairs[1:]
    else:
        body = MARKER.sub("", text, count=1).strip() if MARKER.match(text) else text
        pairs = [(body, original)]
    kind = role if role in ITEM_ROLES else _item_kind(st)
    section, st.section = st.section, kind
    if role != SPLIT:
        st.workflow = None  # a split line inside a workflow gives steps
    added = False
    for piece, piece_original in pairs:
        added = st.add_item(piece, piece_original, number) or added
        if st.last_item is not None:
            st.last_item.listed = True
    st.section = section  # the hint is for this line; the list being read goes on as it was
    return added


def _item_kind(st: BuildState) -> str:
    """A split line's pieces are items of the list being read, duties unless that is another kind."""
    return st.section if st.section in ITEM_ROLES else RESPONSIBILITY


def _unit(st: BuildState, name: str, level: int, number: int) -> None:
    """A unit at a level: 1 under the organisation, deeper ones under the last unit one level up."""
    org = st.ensure_org(number)
    parent = org
    if level > 1:
        parent = st.hint_levels.get(level - 1) or (st.unit if st.unit is not None else org)
    existing = next((u for u in parent.children if u.name == name), None)
    if existing is None:
        existing = ParsedUnit(name=name, kind=unit_kind(name), line=number)
        parent.children.append(existing)
    st.hint_levels = {k: v for k, v in st.hint_levels.items() if k < level}
    st.hint_levels[level] = existing
    st.unit, st.position, st.workflow, st.last_item = existing, None, None, None
    st.list_family = st.sub_parent = None
    st.section = RESPONSIBILITY
