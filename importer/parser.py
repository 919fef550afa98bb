"""The structure builder: a document's source lines become one tree of units, positions and items.

Pure (no database). Readers (markup.py for text and Markdown, docx_reader.py for Word, tables.py for
any table) turn a file into source lines; the rules that recognise headings, fields, lists, workflows
and text that is no job description live in headings.py, fields.py, lists.py, workflows.py and
asides.py, and are tried here in a declared order for each line.
"""

import re

from core.text import to_simplified
from importer.asides import (
    CHAPTER,
    CLOSING_WORDS,
    DOCUMENT_SECTION,
    END_MATTER,
    SAMPLE_SEPARATOR,
    article_after_list,
    document_section,
    open_chapter,
    regulation_title,
    set_aside,
)
from importer.fields import CANONICAL_KEY, read_field, spaced_labels, value_items
from importer.headings import (
    SALARY,
    card_heading,
    duty_heading,
    is_title_line,
    labelled_block_heading,
    markup_heading,
    one_line_position,
    roster_line,
    symbol_unit,
    title_heading,
    unit_and_title_heading,
)
from importer.hints import HEADING_ROLES, NOISE, apply_hint
from importer.lists import group_heading, marker_family, split_segments, sub_item, tag_line
from importer.markup import SourceLine, source_lines
from importer.normalise import NOISE_PHRASE, is_noise, opens_related_links
from importer.patterns import (
    BARE_NAME,
    BRACKET_HEADING,
    CHAIN_SEPARATOR,
    CN_NUM,
    DATE_LINE,
    FIELD,
    HEADCOUNT,
    INCUMBENT,
    LEADING_MARK,
    MARKER,
    POSITION_HEADING,
    PUNCT,
    ROLE_END,
    ROLE_SUFFIX,
    SECTION_HEADING,
    SUB_DOCUMENT,
    SUB_HEADING_MAX,
    UNIT_HEADING,
    VARIANT_HEADING,
    WRAPPED_MIN,
    count_of,
    is_title,
    split_people,
    title_core,
)
from importer.state import BuildState
from importer.structure import REQUIREMENT, RESPONSIBILITY, Item, ParsedDocument, ParsedPosition
from importer.vocabulary import (
    AUTHORITY as AUTHORITY_FIELD,
)
from importer.vocabulary import (
    DUTIES,
    ENGLISH_LABEL_LINE,
    ENGLISH_LABELS,
    IGNORED,
    KPIS,
    LABEL_LINE,
    LABEL_PATTERN,
    LABELS,
    NOT_TITLES,
    REQUIREMENTS,
    UNIT,
    english_label,
    label_by_ending,
    label_of,
)
from importer.workflows import read_chain, workflow_line


def _signature_lines(lines: list[SourceLine], converted: list[str]) -> set[int]:
    """A date line, and an author's bare name right above it ('胡应功' / '2014年5月21日')."""
    found = set()
    previous = None
    for source, line in zip(lines, converted, strict=True):
        if DATE_LINE.match(line):
            found.add(source.number)
            name = previous[1] if previous else ""
            if BARE_NAME.match(name) and not UNIT_HEADING.match(name) and not ROLE_END.search(name):
                found.add(previous[0])
        previous = (source.number, line)
    return found


def _excerpt_title(line: str, next_line: str) -> bool:
    """A short title line followed by a long line of items run together with spaces."""
    return (
        len(line) <= 30
        and not (set(line) & (PUNCT - {"、"}))
        and not MARKER.match(line)
        and not is_noise(line)
        and len(next_line) >= 40
        and next_line.count(" ") >= 2
    )


def parse_document(name: str, text: str, hints: dict[int, str] | None = None) -> ParsedDocument:
    """The tree a document's lines build; ``hints`` force the role of some lines (HR's corrections)."""
    hints = hints or {}
    doc = ParsedDocument(name=name)
    st = BuildState(doc)
    lines = source_lines(text)
    doc.line_count = len({line.number for line in lines})
    # Each line is converted once; OpenCC is most of the parsing time.
    converted = [to_simplified(line.text) for line in lines]
    workflow_document = any("工作流程" in line for line in converted[:3]) and not any(
        "岗位职责" in line for line in converted[:3]
    )
    signatures = _signature_lines(lines, converted)
    excerpts = related = contents = advert = False
    contents_seen: set[str] = set()
    named: set[int] = set()  # hinted heading lines already read (a table row read as several pieces)
    for index, source in enumerate(lines):
        number, original, simplified = source.number, source.text, converted[index]
        st.previous_number = lines[index - 1].number if index else 0
        st.following = converted[index + 1 : index + 4]
        following = st.following[0] if st.following else ""
        role = hints.get(number)
        if role and not (role in HEADING_ROLES and number in named):
            named.add(number)
            advert = False  # the hinted line is what it was said to be, whatever came before
            if apply_hint(st, role, simplified, original, number):
                if role != NOISE:
                    doc.used_lines.add(number)
            elif number not in doc.hints_not_applied:
                doc.hints_not_applied.append(number)
                doc.not_understood.append((number, original))
            continue
        if (workflow_document or excerpts) and _excerpt_title(simplified, following):
            # A page of related documents after the workflow: each title with its run-together text.
            workflow_document, excerpts = False, True
            st.excerpts = True
            st.new_org(simplified, number)
            doc.used_lines.add(number)
            continue
        entry = re.sub(r"[\s\d]+$", "", simplified)
        if (
            contents
            and not source.heading
            and entry not in contents_seen
            and len(simplified) <= 30
            and (MARKER.match(simplified) or re.search(r"\d+$", simplified))
        ):
            contents_seen.add(entry)
            doc.noise_lines.append(number)  # an entry of the table of contents
            continue
        contents = False
        # A line of many items run together loses only the notice inside it (below), not all of it.
        run_together = len(simplified) > 80 and len(split_segments(simplified, simplified)) >= 3
        if (is_noise(simplified) and not run_together) or number in signatures or advert:
            advert = simplified in ("广告", "推广", "赞助")  # the line after it is the advertisement
            doc.noise_lines.append(number)
            related = related or opens_related_links(simplified)
            contents = bool(re.fullmatch(r"目\s*录", simplified))
            continue
        if related and len(simplified) <= 40 and ":" not in simplified:
            doc.noise_lines.append(number)  # one more link title under '相关文章'
            continue
        related = False
        if st.org is not None and simplified == st.org.name and st.org.line != number and not st.title_rest:
            doc.repeated_title_lines.append(
                number
            )  # the organisation's name again (a page header, a sign-off)
            continue
        if st.title_rest:
            bare = simplified.strip("[]【】 ")
            if st.title_rest.startswith(bare) and not (
                bare == st.title_rest and UNIT_HEADING.fullmatch(bare)
            ):
                # The title again, whole or broken over lines ('销售总监助理' / '岗位职责和…');
                # a repeated '营销部职责' is left to open that department.
                st.title_rest = st.title_rest[len(bare) :] or st.title
                doc.repeated_title_lines.append(number)
                continue
            if simplified.startswith(st.title_rest + " "):
                # An excerpt opening with its own title: keep the rest of the line.
                cut = len(st.title_rest)
                original = original[cut:].strip() if len(original) == len(simplified) else None
                simplified = simplified[cut:].strip()
                original = original or simplified
        st.title_rest = None
        if source.heading and markup_heading(st, source, simplified, number):
            doc.used_lines.add(number)
            continue
        if st.org is None and not SUB_DOCUMENT.match(simplified) and is_title_line(simplified):
            # '启航幼教集团全员岗位责任制度.doc': a document site names the file.
            st.new_org(FILE_SUFFIX.sub("", simplified.strip("[]【】")), number)
            doc.used_lines.add(number)
            if not workflow_document:
                continue
        if workflow_document:
            workflow_line(st, simplified, original, number)
            doc.used_lines.add(number)
            continue
        segments = split_segments(simplified, original)
        for position, (seg, seg_original) in enumerate(segments):
            st.mid_line = position > 0
            if len(segments) > 1 and NOISE_PHRASE.search(seg):
                # A download notice inside a run-together line: its words go, the rest is read.
                if number not in doc.noise_lines:
                    doc.noise_lines.append(number)
                seg = " ".join(word for word in seg.split() if not NOISE_PHRASE.search(word))
                seg_original = seg if len(seg) != len(seg_original) else seg_original
                if not seg.strip():
                    continue
            if position + 1 < len(segments):
                st.following = [segments[position + 1][0].strip(), *converted[index + 1 : index + 3]]
            else:
                st.following = converted[index + 1 : index + 4]
            if _line(st, seg.strip(), seg_original.strip(), number):
                doc.used_lines.add(number)
            else:
                doc.not_understood.append((number, seg_original.strip()))
    _finish(doc)
    return doc


def _line(st: BuildState, text: str, original: str, number: int) -> bool:
    if not text:
        return True
    if text.isdigit() or text.startswith("|"):
        return False  # a stray page number; a table row that names no duties (reported)
    after_noise = bool(st.doc.noise_lines) and st.doc.noise_lines[-1] == st.previous_number
    if tag_line(text, after_noise) or (SALARY.match(text) and len(text) <= 30):
        st.doc.noise_lines.append(number)  # a job board's tags or pay line
        return True
    if DOCUMENT_SECTION.match(text):
        handled = document_section(st, text, original, number)
        if handled is not None:
            return handled
    chapter = CHAPTER.match(text)
    if chapter:
        return open_chapter(st, re.sub(r"\s+", "", chapter.group(1)), text, original, number)
    if st.aside or regulation_title(st, text) or article_after_list(st, text):
        handled = set_aside(st, text, original, number)
        if handled is not None:
            return handled
    pending, st.pending = getattr(st, "pending", None), None
    names_next = pending in ("title", "unit") and len(text) <= 30 and not MARKER.match(text)
    if names_next and not (label_of(text) or LABEL_LINE.match(text) or FIELD.match(text)):
        # '【岗位名称】' on its own line, the name on the next.
        return read_field(st, "岗位名称" if pending == "title" else "所属部门", text, original, number)
    if (
        pending in ("sup", "sub")
        and st.position is not None
        and not MARKER.match(text)
        and not FIELD.match(text)
    ):
        people = split_people(text)
        st.doc.field_lines.add(number)
        (st.position.superiors if pending == "sup" else st.position.subordinates).extend(people)
        return True
    body = MARKER.sub("", text, count=1).strip() if MARKER.match(text) else ""
    if CHAIN_SEPARATOR.search(text) and read_chain(st, body or text, original, number):
        return True
    staffed = HEADCOUNT.match(text)
    if staffed and ROLE_END.search(staffed.group(1)):
        st.staff(staffed.group(1), count_of(staffed.group(2)), number)
        return True
    if body and st.unit is not None and body in {p.title for p in st.unit.positions}:
        # '1.营运部总监' after the staffing list: that position's description starts here.
        st.new_position(body, number)
        return True
    section = SECTION_HEADING.match(text)
    if section and st.position is not None and st.position.title.startswith(section.group(1)):
        st.section = REQUIREMENT if "要求" in section.group(2) else RESPONSIBILITY
        st.workflow, st.last_item = None, None
        return True
    if not FIELD.match(text) and not (body and FIELD.match(body)):
        label = LABEL_LINE.match(text) or (LABEL_LINE.match(body) if body else None)
        if label:
            return read_field(st, label.group(1), label.group(2).strip(), original, number)
        english = ENGLISH_LABEL_LINE.match(text) or BARE_ENGLISH_LABEL.fullmatch(text)
        if english and english.group(1).lower() in ENGLISH_LABELS:
            key = _label_key(_english_field(st, english.group(1)))
            return read_field(st, key, english.group(2).strip(), original, number)
        if label_of(text) and english_label(text):
            key = _label_key(label_of(text))
            return read_field(st, key, "", original, number)
        bare = re.sub(r"[\s::【】\[\]*]", "", text)
        if bare in LABELS:
            return read_field(st, bare, "", original, number)
        if len(text) <= 30 and not re.search(r"[::].", text) and label_of(text):
            return read_field(st, _label_key(label_of(text)), "", original, number)  # '职责 Responsibilities'
        ending = re.match(r"^([\u4e00-\u9fff]{3,6})(?:[::]\s*(.{0,40}))?$", text)
        if ending and st.position is not None and label_by_ending(ending.group(1)):
            # An unlisted label named by its last word ('条件要求:', '工作待遇:面议').
            key = "任职资格" if label_by_ending(ending.group(1)) == REQUIREMENTS else "工作环境"
            return read_field(st, key, (ending.group(2) or "").strip(), original, number)
    if _own_section(st, text):
        # '(二)副所长岗位工作标准:': a section of the current position, named with its title.
        return read_field(st, OWN_SECTION.match(text).group(2), "", original, number)
    if ENGLISH_ONLY.fullmatch(text):
        st.doc.noise_lines.append(number)  # 'Executive Assistant': a translation of the line before
        return True
    if roster_line(st, text):
        st.doc.noise_lines.append(number)  # one name in a numbered list of posts (an index, a roster)
        return True
    if unit_and_title_heading(st, text, number):
        return True
    shared = SHARED_DUTIES.match(text)
    if shared and split_people(shared.group(1)):
        st.share_with([title_core(t) for t in split_people(shared.group(1))], number)
        return True
    if title_heading(st, text, number) or labelled_block_heading(st, text, number):
        return True
    if card_heading(st, text, number):
        return True
    if symbol_unit(st, text, number):
        return True
    if END_MATTER.match(LEADING_MARK.sub("", body or text, count=1)):
        st.doc.noise_lines.append(number)
        if CLOSING_WORDS.match(text):
            st.aside, st.position, st.last_item = True, None, None  # what follows is the page's, not the JD's
        return True
    if SAMPLE_SEPARATOR.match(text):
        st.doc.noise_lines.append(number)  # '…岗位职责范本2': the next sample starts
        st.position, st.workflow, st.last_item = None, None, None
        return True
    spaced = spaced_labels(text)
    if spaced:
        for key, value in spaced:
            read_field(st, key, value, f"{key}:{value}", number)
        return True
    if body and not (set(body) & PUNCT) and len(body) <= 20 and not FIELD.match(body):
        # Behind a plain item number a short phrase is usually a duty ('8.负责合同打印与管理'); only
        # outline numbers ('3.1 营销部主任', '一、…') or an explicit '…职责' make it a heading.
        outline = re.match(rf"^(?:\d+\.\d+|[{CN_NUM}]+、)", text)
        if re.match(rf"^[{CN_NUM}]+、", text) and UNIT_HEADING.fullmatch(body) and not duty_heading(body):
            st.new_unit(UNIT_HEADING.fullmatch(body).group(1), number)
            return True
        hm = VARIANT_HEADING.match(body) is None and (
            (outline and re.fullmatch(rf".{{1,14}}?(?:{ROLE_SUFFIX})", body) and POSITION_HEADING.match(body))
            or duty_heading(body)
        )
        if hm:
            st.new_position(hm.group(1), number)
            return True
    m = SUB_DOCUMENT.match(text)
    if m:
        # '第一篇市场部工作概述 一、…': the title ends at the first blank.
        title = (m.group(1).strip().split() or [st.doc.name])[0]
        if not (st.excerpts and st.org is not None and st.org.is_empty()):
            st.new_org(title, number)
        return True
    m = FIELD.match(text)
    if m:
        return read_field(st, m.group(1), m.group(2).strip(), original, number)
    if one_line_position(st, text, original, number):
        return True
    # '中心总经理:(刘诚)', '1.1订货助理—姜东汾': a position and the person in it (outline numbers allowed).
    outline = re.match(r"^\d+\.\d+\s*", text)
    m = INCUMBENT.match(text[outline.end() :] if outline else text)
    if m and (outline or not MARKER.match(text)) and is_title(title_core(m.group(1))):
        pos = st.new_position(title_core(m.group(1)), number)
        pos.incumbents.append(m.group(2) or m.group(3))
        return True
    m = VARIANT_HEADING.match(text)
    if m:
        base, variant = m.groups()
        if not UNIT_HEADING.fullmatch(base):
            st.new_position(f"{base}({variant})", number)
            return True
        # '销售部岗位职责二': one more version of a department's duties, so its functions.
        if st.unit is None or st.unit.name != base:
            st.new_unit(base, number)
        st.position, st.workflow, st.last_item, st.section = None, None, None, RESPONSIBILITY
        return True
    punct = set(text) & PUNCT
    if text[0] == "○":  # '○集团广告发布、集团报广告经营管理担当职责' is one heading
        punct -= {"、"}
    if (not MARKER.match(text) or text[0] in "○") and not punct and len(text) <= 30:
        um = UNIT_HEADING.match(text)
        if um and not text.startswith(("○", "[", "【")):
            st.new_unit(um.group(1), number)
            return True
        pm = POSITION_HEADING.match(text) or BRACKET_HEADING.match(text)
        if pm and NOT_TITLES.search(pm.group(1)):
            pm = None  # '施工现场管理人员岗位职责' heads the whole document
        if pm and (text[0] in "○[【" or re.search("职责|岗位", text) or POSITION_HEADING.match(text)):
            st.new_position(pm.group(1), number)
            return True
    if MARKER.match(text):
        body = MARKER.sub("", text, count=1).strip()
        fm = FIELD.match(body)
        if fm:
            return read_field(st, fm.group(1), fm.group(2).strip(), original, number)
        st.last_marked = True
        if group_heading(st, text, body):
            return True
        if sub_item(st, text, body, original):
            return True
        added = st.add_item(body, original, number)
        if added and st.last_item is not None:
            st.list_family, st.sub_parent = marker_family(text), None
            st.last_item.listed = True
        return added
    marked, st.last_marked = st.last_marked, False
    if st.position is not None and st.last_item is None and st.section in (RESPONSIBILITY, REQUIREMENT):
        # The first line under '工作内容' running its duties together with semicolons.
        clauses = [c for c in re.split(r"(?<=[;；])", text) if c.strip(" ;；")]
        if len(clauses) >= 3:
            return value_items(st, text, original, number)
    if st.position is not None and st.section == "summary":
        st.position.summary = (st.position.summary + text).strip()
        return True
    open_item = st.last_item is not None and st.last_item.text[-1:] not in "。;；!！:："
    if (
        st.position is not None
        and st.section == REQUIREMENT
        and not (open_item and len(st.last_item.text) > WRAPPED_MIN)
    ):
        # Requirement lists often carry no markers: one short line, one requirement.
        return st.add_item(text, original, number)
    if open_item:
        # A short unpunctuated item is a sub-heading ('购销合同的存档、登记') whose body follows;
        # a longer one was wrapped mid-sentence by the web page.
        joint = ":" if len(st.last_item.text) <= SUB_HEADING_MAX else ""
        st.last_item.original += joint + original
        st.last_item.text = to_simplified(st.last_item.original)
        return True
    if st.position is not None or st.unit is not None:
        if marked and st.last_item is not None:
            st.doc.unsure.append((number, original))
        return st.add_item(text, original, number)
    return False


# '以下岗位职责适用于:营业员、收银员、理货员': one list for several positions.
SHARED_DUTIES = re.compile(r"^(?:以下|下列|本)?(?:岗位)?职责(?:同时)?适用于[::]?\s*(.{2,60}?)[。:：]?$")


# A short line in English only, in a Chinese document: a title's or a heading's translation.
ENGLISH_ONLY = re.compile(r"[A-Za-z][A-Za-z .,&'()/-]{2,59}")
BARE_ENGLISH_LABEL = re.compile(r"[*\s]*([A-Za-z][A-Za-z' ]{2,24})[*\s]*()")


def _english_field(st: BuildState, label: str) -> str:
    """An English label; 'Duties' after the Chinese duties is their translation, kept nowhere."""
    field = ENGLISH_LABELS[label.lower()]
    kinds = {DUTIES: RESPONSIBILITY, REQUIREMENTS: REQUIREMENT}
    if field in kinds and st.position is not None and st.position.items[kinds[field]]:
        return IGNORED
    return field


OWN_SECTION = re.compile(
    rf"^(?:[(（][{CN_NUM}]+[)）]|[{CN_NUM}]+、|\d+[.、])?\s*(.{{0,16}}?)的?(?:岗位)?({LABEL_PATTERN})[::]?$"
)


def _own_section(st: BuildState, text: str) -> bool:
    own = OWN_SECTION.match(text)
    sections = (REQUIREMENTS, KPIS, AUTHORITY_FIELD)
    if not own or st.position is None or LABELS.get(own.group(2)) not in sections:
        return False
    return own.group(1) in (st.position.title, "") or is_title(title_core(own.group(1)))


FILE_SUFFIX = re.compile(r"\.(?:docx?|pdf|txt|wps)$", re.IGNORECASE)


def _label_key(field: str) -> str:
    """The label word read_field knows for a canonical field ('所属部门' for a unit)."""
    return {UNIT: "所属部门", IGNORED: "工作环境", **CANONICAL_KEY}[field]


def _finish(doc: ParsedDocument) -> None:
    """A position that got no content is a mention (a staffing list, a contents page), not a description."""
    stack = list(doc.organisations)
    while stack:
        unit = stack.pop()
        for position in unit.positions:
            _split_prose(position)
            if position.described and not (
                any(position.items.values()) or position.summary or position.authority
            ):
                position.described = False
        stack.extend(unit.children)


def _split_prose(position: ParsedPosition) -> None:
    """A description written as one paragraph of sentences: each sentence is a duty."""
    duties = position.items[RESPONSIBILITY]
    if len(duties) != 1 or duties[0].listed or len(duties[0].text) < 60:
        return
    item = duties[0]
    sentences = [s for s in re.split(r"(?<=。)", item.text) if s.strip()]
    originals = [s for s in re.split(r"(?<=。)", item.original) if s.strip()]
    if len(sentences) < 3:
        return
    if len(originals) != len(sentences):
        originals = sentences
    position.items[RESPONSIBILITY] = [
        Item(text=text.strip(), original=original.strip(), line=item.line)
        for text, original in zip(sentences, originals, strict=True)
    ]
