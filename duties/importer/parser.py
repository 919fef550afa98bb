"""Pure parser: document text -> intermediate structure with line numbers. No database."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from duties.importer.markup import SourceLine, source_lines
from duties.importer.normalise import PINYIN_MOJIBAKE, is_noise, opens_related_links, to_simplified
from duties.importer.vocabulary import (
    ACTIVITY_WORDS,
    DUTIES,
    IGNORED,
    KPIS,
    LABEL_LINE,
    LABEL_PATTERN,
    LABELS,
    NOT_TITLES,
    REQUIREMENTS,
    SUBORDINATE,
    SUMMARY,
    SUPERIOR,
    TITLE,
    TITLE_TAIL,
    TITLE_WORD_PATTERN,
    UNIT,
    label_by_ending,
    label_of,
)
from duties.importer.vocabulary import (
    AUTHORITY as AUTHORITY_LABEL,
)
from duties.importer.vocabulary import (
    HEADCOUNT as HEADCOUNT_LABEL,
)

RESPONSIBILITY, REQUIREMENT, AUTHORITY, KPI = "responsibility", "requirement", "authority", "kpi"


@dataclass
class Item:
    text: str
    original: str
    line: int
    kind: str = RESPONSIBILITY
    listed: bool = False  # written behind a list marker


@dataclass
class ParsedPosition:
    title: str
    line: int
    described: bool = True
    # Created from a sub-document title ('第四篇:总监助理岗位职责'); a later 岗位名称 renames it.
    from_title: bool = False
    summary: str = ""
    authority: str = ""
    headcount: int | None = None
    superiors: list[str] = field(default_factory=list)
    subordinates: list[str] = field(default_factory=list)
    incumbents: list[str] = field(default_factory=list)
    # What made it a position: a label (岗位名称), a heading with 职责/岗位说明书, a title word only.
    evidence: str = "heading"
    items: dict[str, list[Item]] = field(
        default_factory=lambda: {RESPONSIBILITY: [], REQUIREMENT: [], AUTHORITY: [], KPI: []}
    )


@dataclass
class ParsedWorkflow:
    name: str
    line: int
    code: str = ""
    owner: str = ""
    steps: list[Item] = field(default_factory=list)


@dataclass
class ParsedUnit:
    name: str
    kind: str
    line: int
    children: list["ParsedUnit"] = field(default_factory=list)
    functions: list[Item] = field(default_factory=list)
    positions: list[ParsedPosition] = field(default_factory=list)
    workflows: list[ParsedWorkflow] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.children or self.functions or self.positions or self.workflows)


@dataclass
class ParsedDocument:
    name: str
    organisations: list[ParsedUnit] = field(default_factory=list)
    noise_lines: list[int] = field(default_factory=list)
    repeated_title_lines: list[int] = field(default_factory=list)
    # Unmarked lines kept as items right after a marked list: probably right, worth a look.
    unsure: list[tuple[int, str]] = field(default_factory=list)
    not_understood: list[tuple[int, str]] = field(default_factory=list)
    # A regulation or article pasted after a job description: reported, not stored.
    set_aside: list[tuple[int, str]] = field(default_factory=list)
    # Non-empty source lines, and those that became part of the tree.
    line_count: int = 0
    used_lines: set[int] = field(default_factory=set)


CN_NUM = "一二三四五六七八九十"
SUB_DOCUMENT = re.compile(rf"^第[{CN_NUM}\d]+篇\s*[::]?\s*(.*)$")
# Item markers: 1、 1. 8.1.1 (一) 一、 a. ◆ ● ○ 1) ?
MARKER = re.compile(
    rf"^(?:[◆●■▲◇·•♦\-‧∙・▪►▶➢➤✔✓√☆★※◎◉⊙□▍▌▐│┃❖]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳](?=[\u4e00-\u9fff])|\d+(?:\.\d+)+(?![\d.])|\d+(?:\.\d+)*[、.．)]|\d+(?:\.\d+)+|[(（][{CN_NUM}\d]+[)）]|[{CN_NUM}]+、|[a-zA-Z][.、)]|、)\s*"
)
FIELD_KEYS = (
    "直接上级|直属上级|直接下级|直接下属|岗位名称|职位名称|工作概述|本职工作|职位概要|"
    "管理权限|岗位要求|任职资格|任职要求|任职条件|主要职责|岗位职责|工作职责|工作责任|考核指标|绩效考核|"
    "流程名称|流程代号|主管部门|流程说明|工作流程|岗位性质|管理责任|所属部门|岗位编制|职务名称|直接责任|"
    "部门职责|岗位描述|部门性质|管理职能|下属岗位模块|职位描述|工作内容|岗位设置|岗位说明书"
)
# A label needs its colon unless it stands alone or before a blank ('绩效考核管理办法' is no label);
# names and superiors follow their label directly in flattened tables ('直接上级总经理').
FIELD = re.compile(
    rf"^(?:\d+[、.]\s*)?((?:{FIELD_KEYS})(?=\s*[::]|\s|$)|直接上级|直属上级|直接下级|直接下属|岗位名称|职位名称)"
    r"\s*[::]?\s*(.*)$"
)
# Where one line runs several items together, these are the seams.
INLINE_SPLIT = re.compile(
    "|".join(
        (
            r"(?:(?<=[;；。!？?])\s*|\s+)(?=[◆●]|\d{1,2}[、.](?!\d)|[a-hA-H][.、)](?=[\u4e00-\u9fff])"
            r"|\d{1,2}\)(?=[\u4e00-\u9fff]))",
            # '营运部经理岗位职责 岗位职责及工作范围:': a heading, then its text on the same line.
            r"(?<=岗位职责)\s+(?=\S)|(?<=工作职责)\s+(?=\S)",
            # Document-sharing previews squeeze a whole document into one line:
            # '…如下。二、采购中心(一)部门职责…(二)岗位职责1.采购总监直接上级:总经理①制定…;②…'.
            r"(?<=[。;；])(?=[一二三四五六七八九十]+、)",
            r"(?<=[。;；:\u4e00-\u9fff])(?=\([一二三四五六七八九十]+\)[\u4e00-\u9fff])",
            r"(?<=\)岗位职责)(?=\d{1,2}[、.](?!\d))",
            r"(?<=部门职责)(?=[\u4e00-\u9fff])",
            r"(?=[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳](?=[\u4e00-\u9fff]))",
            # ' (二)营销总监': a Chinese outline number in brackets after a blank.
            r"\s+(?=[(（][一二三四五六七八九十]+[)）])",
            # ' 营运部经理岗位职责 …': the next description's heading inside run-together text.
            r"(?:(?<=[\u4e00-\u9fff]{3})(?<![条章节篇])|(?<=[。;；:)]))\s+"
            r"(?=[^\s::;；,,。]{2,14}?(?:岗位职责|职责)(?:\s|[::]))",
            r"(?=[◆●○])",
            r"&",
            r"(?=岗位要求)",
            r"(?<=职责)(?=[一二三四五六七八九十]+、)",
            r"(?<=[。;；])(?=工作流程[::]|流程代号[::]|主管部门[::])",
            # '…执行。任职要求:1、…': the next labelled block glued to the end of a sentence.
            rf"(?<=[。;；])(?=(?:{LABEL_PATTERN})[::])",
            r"(?<=岗位职责\d)(?=1[、.])",
            # ' 二、岗位设置', ' 1.1订货助理': outline numbers after a blank.
            r"\s+(?=[一二三四五六七八九十]+、|\d+\.\d+[\u4e00-\u9fff])",
            # ' 流程代号:SC-003', ' 任职资格:': a labelled field after a blank; '…职位代码直属上级:'.
            rf"\s+(?=(?:{FIELD_KEYS})[::])",
            r"(?=直[接属]上级[::])",
            # ' 中心常务副总:(樊昕)': the next incumbent's heading.
            r"\s+(?=[\u4e00-\u9fff]{2,12}[::]\s*[(（][\u4e00-\u9fff]{2,4}[)）])",
            # '营运部总监一名; 经营效率经理一名;': a staffing list.
            r"(?<=名[;；])\s*(?=\S)|\s+(?=[^\s;；]{2,16}名[;；])",
        )
    )
)
POSITION_SUFFIX = (
    "经理|总监|主管|专员|助理|担当|员|长|主任|师|总|秘书|企划|文员|会计|出纳|顾问|代表|策划|"
    "管理|培训|设计|发布|干事|司机|保安|领班|负责人|督导|内勤"
)
ROLE_SUFFIX = (
    "经理|总监|主管|专员|助理|担当|员|长|主任|师|总|秘书|文员|会计|出纳|顾问|代表|干事|司机|领班|负责人|督导|"
    "内勤"
)
TITLE_POSITION = re.compile(rf"^(.{{2,12}}?(?:{ROLE_SUFFIX}))(?:岗位职责|具体工作|工作职责|职责|工作流程)")
POSITION_HEADING = re.compile(
    rf"^[○\[【]?\s*(?:[{CN_NUM}]+、|\d+[、.])?\s*((?=..).{{0,24}}?(?:{POSITION_SUFFIX}))\s*"
    r"(?:岗位职责|工作职责|职责|岗位说明书|岗位)?\s*[\]】]?\s*[::]?$"
)
BRACKET_HEADING = re.compile(r"^[○\[【]\s*(.{1,30}?)\s*(?:岗位职责|职责)?\s*[\]】]?$")
# '销售部岗位职责二', '总监助理岗位职责6': numbered variants of one description, one after another.
VARIANT_HEADING = re.compile(rf"^(.{{1,12}}?)岗位职责([{CN_NUM}]+|\d)$")
UNIT_HEADING = re.compile(
    r"^([^:]{1,14}?(?:本部|部|处|中心|室|科|组))(?:职能|职责|各岗位职责|岗位职责|工作职责)?$"
)
INCUMBENT = re.compile(
    r"^(.{2,20}?)\s*(?:[::]\s*[(（]([\u4e00-\u9fff]{2,4})[)）]|[—－]+\s*([\u4e00-\u9fff]{2,4}))$"
)
WORD = re.compile(r"[^\W_]")
PUNCT = set(",，;；。、!！?？")
SUB_HEADING_MAX = 16
# An unfinished line this long was wrapped by the web page, not ended by its author.
WRAPPED_MIN = 24

UNIT_NUMBERING = re.compile(
    rf"^(?:第[{CN_NUM}\d]+(?:章|节|部分|篇)|[{CN_NUM}]+[、.]|[(（][{CN_NUM}]+[)）])\s*[::]?\s*"
)
UNIT_KIND = (("中心", "centre"), ("处", "section"), ("组", "team"))


def unit_kind(name: str) -> str:
    for suffix, kind in UNIT_KIND:
        if name.endswith(suffix):
            return kind
    return "department"


def split_people(text: str) -> list[str]:
    text = re.sub(r"[(（]无[)）]|^无$", "", text).strip(" 。;；")
    people = [p.strip() for p in re.split(r"[、,，/和及]|以及", text) if p.strip()]
    # '营销部经理和副经理': the second shares the first one's unit prefix.
    prefix = re.match(r"^(.+?(?:部|中心|处))", people[0]) if people else None
    if prefix:
        people = [people[0]] + [
            p if p.startswith(prefix.group(1)) or len(p) > 4 else prefix.group(1) + p for p in people[1:]
        ]
    return people


class _State:
    def __init__(self, doc: ParsedDocument):
        self.doc = doc
        self.org: ParsedUnit | None = None
        self.unit: ParsedUnit | None = None
        self.position: ParsedPosition | None = None
        self.workflow: ParsedWorkflow | None = None
        self.section = RESPONSIBILITY
        self.last_item: Item | None = None
        self.last_marked = False
        self.pending: str | None = None
        # What is left of the current sub-document title, while it is being repeated below itself.
        self.title: str | None = None
        self.title_rest: str | None = None
        # Past the workflow: a page of related documents, each a title and its text.
        self.excerpts = False
        # Inside a regulation pasted after a description, until the next heading.
        self.aside = False
        # A list's marker style ('1、'), and the item whose colon opened a sub-list ('(1)…').
        self.list_family: str | None = None
        self.sub_parent: Item | None = None
        # The marker style of a numbered list of bare titles being read.
        self.roster_family: str | None = None
        # The number of the source line before the current one.
        self.previous_number = 0
        # The next few lines (Simplified), for rules that look ahead.
        self.following: list[str] = []

    def ensure_org(self, line: int) -> ParsedUnit:
        if self.org is None:
            self.new_org(self.doc.name, line)
        return self.org

    def new_org(self, name: str, line: int) -> None:
        taken = {o.name for o in self.doc.organisations}
        base, n = name, 1
        while name in taken:
            n += 1
            name = f"{base}({n})"
        self.org = ParsedUnit(name=name, kind="organisation", line=line)
        self.doc.organisations.append(self.org)
        self.unit, self.position, self.workflow, self.last_item = self.org, None, None, None
        self.title = self.title_rest = base
        role = TITLE_POSITION.match(base)
        if role and not NOT_TITLES.search(role.group(1)):
            self.new_position(role.group(1), line).from_title = True

    def new_unit(self, name: str, line: int) -> None:
        # '第一节 行政部', '一、财务部': the numbering is the document's, not the unit's name.
        name = UNIT_NUMBERING.sub("", name).strip() or name
        org = self.ensure_org(line)
        kind = unit_kind(name)
        parent = org
        if (
            kind in ("section", "team")
            and self.unit is not org
            and self.unit.kind in ("department", "centre")
        ):
            parent = self.unit
        elif kind in ("section", "team") and self.unit is not org and self.unit.kind == kind:
            parent = self._parent_of(self.unit) or org
        existing = next((u for u in parent.children if u.name == name), None)
        if existing is None:
            existing = ParsedUnit(name=name, kind=kind, line=line)
            parent.children.append(existing)
        self.unit, self.position, self.workflow, self.last_item = existing, None, None, None
        self.list_family = self.sub_parent = None
        self.section = RESPONSIBILITY

    def place_in_unit(self, name: str, line: int) -> None:
        """所属部门: the current position belongs to that unit (found anywhere in the organisation)."""
        name = re.sub(r"(?:职责|职能)$", "", name.split()[0].strip(" 。;；")) if name.split() else ""
        if not name or name == self.unit.name:
            return
        org = self.ensure_org(line)
        stack, target = [org], None
        while stack and target is None:
            node = stack.pop()
            target = node if node.name == name and node is not org else None
            stack.extend(node.children)
        if target is None:
            target = ParsedUnit(name=name, kind=unit_kind(name), line=line)
            org.children.append(target)
        position = self.position
        if position is not None and position in self.unit.positions:
            self.unit.positions.remove(position)
            same = next((p for p in target.positions if p.title == position.title), None)
            if same is None:
                target.positions.append(position)
            else:
                self.position = same
        self.unit = target

    def _parent_of(self, target: ParsedUnit) -> ParsedUnit | None:
        stack = [self.org]
        while stack:
            node = stack.pop()
            if target in node.children:
                return node
            stack.extend(node.children)
        return None

    def new_position(self, title: str, line: int) -> ParsedPosition:
        self.ensure_org(line)
        title = re.sub(r"^[\d.\s、]+", "", title.strip(" :：")) or title
        existing = next((p for p in self.unit.positions if p.title == title), None)
        if existing is not None and any(
            i.text.endswith(("…", "...")) for i in existing.items[RESPONSIBILITY]
        ):
            # A page's cut-off preview ('…展开全部') shown again in full: the full text wins.
            existing.items = {kind: [] for kind in existing.items}
        self._claim_displaced_items()
        if existing is None:
            existing = ParsedPosition(title=title, line=line)
            self.unit.positions.append(existing)
        elif not existing.described:
            existing.described, existing.line = True, line
        self.position, self.workflow, self.last_item = existing, None, None
        self.list_family = self.sub_parent = None
        self.section = RESPONSIBILITY
        return existing

    def add_workflow(self, name: str, line: int, owner: str | None = None) -> "ParsedWorkflow":
        """A workflow of the current unit; a second one of the same name there gets '(2)'."""
        taken = {w.name for w in self.unit.workflows}
        base, n = name, 1
        while name in taken:
            n += 1
            name = f"{base}({n})"
        workflow = ParsedWorkflow(name=name, line=line, owner=owner or self.unit.name)
        self.unit.workflows.append(workflow)
        return workflow

    def move_workflow_to(self, owner: str) -> None:
        """主管部门 names the owning department: the workflow lives there, not where it was listed."""
        org = self.ensure_org(self.workflow.line)
        stack, unit = [org], None
        while stack and unit is None:
            node = stack.pop()
            unit = node if node.name == owner else None
            stack.extend(node.children)
        if unit is None:
            unit = ParsedUnit(name=owner, kind=unit_kind(owner), line=self.workflow.line)
            org.children.append(unit)
        self.unit.workflows.remove(self.workflow)
        taken = {w.name for w in unit.workflows}
        base, n = self.workflow.name, 1
        while self.workflow.name in taken:
            n += 1
            self.workflow.name = f"{base}({n})"
        unit.workflows.append(self.workflow)
        self.workflow.owner = owner

    def staff(self, title: str, headcount: int, line: int) -> None:
        """A position listed with its headcount; described only if its description follows."""
        self.ensure_org(line)
        existing = next((p for p in self.unit.positions if p.title == title), None)
        if existing is None:
            existing = ParsedPosition(title=title, line=line, described=False)
            self.unit.positions.append(existing)
        existing.headcount = headcount
        self.position, self.workflow, self.last_item = None, None, None

    def _claim_displaced_items(self) -> None:
        """A heading displaced after its own bullets: '处' line, bullets, then two headings in a row.

        The first heading got nothing of its own, so the bullets between the unit
        heading and it were its duties (and requirements).
        """
        current = self.position
        if (
            current is None
            or any(current.items.values())
            or self.unit.positions[:1] != [current]
            or not self.unit.functions
            or self.unit.kind == "organisation"
        ):
            return
        for item in self.unit.functions:
            current.items[item.kind].append(item)
        self.unit.functions = []

    def add_item(self, text: str, original: str, line: int) -> bool:
        text = text.strip()
        if not text:
            return True
        if not WORD.search(text):
            return False  # a blank to fill in ('1、 ______'): no item, reported as not understood
        original = original.strip()
        if MARKER.match(original):
            original = MARKER.sub("", original, count=1).strip()
        if original == text:  # Simplified source: nothing to convert (conversion is the slow part)
            simplified = text
        else:
            fm = FIELD.match(original) or FIELD.match(to_simplified(original))
            if fm and to_simplified(fm.group(2)).strip() == text:
                original = original[len(original) - len(fm.group(2)) :].strip()
            simplified = to_simplified(original).strip()
        item = Item(
            text=simplified if simplified == text else text,
            original=original if simplified == text else text,
            line=line,
        )
        if self.section == IGNORED:
            return True  # the value of a field kept nowhere (工作环境, 薪资待遇)
        if self.workflow is not None:
            self.workflow.steps.append(item)
        elif self.position is not None:
            if self.section == "summary":
                self.section = RESPONSIBILITY
            self.position.items[self.section].append(item)
        elif self.unit is not None:
            item.kind = self.section if self.section == REQUIREMENT else RESPONSIBILITY
            self.unit.functions.append(item)
        else:
            return False
        self.last_item = item
        return True


def _segments(simplified: str, original: str) -> list[tuple[str, str]]:
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


ROLE_END = re.compile(f"(?:{ROLE_SUFFIX})$")
DATE_LINE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?$"
)
BARE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


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


def parse_document(name: str, text: str) -> ParsedDocument:
    doc = ParsedDocument(name=name)
    st = _State(doc)
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
    for index, source in enumerate(lines):
        number, original, simplified = source.number, source.text, converted[index]
        st.previous_number = lines[index - 1].number if index else 0
        st.following = converted[index + 1 : index + 4]
        following = st.following[0] if st.following else ""
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
        if is_noise(simplified) or number in signatures or advert:
            advert = simplified in ("广告", "推广", "赞助")  # the line after it is the advertisement
            doc.noise_lines.append(number)
            related = related or opens_related_links(simplified)
            contents = bool(re.fullmatch(r"目\s*录", simplified))
            continue
        if related and len(simplified) <= 40 and not MARKER.match(simplified):
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
        if source.heading and _heading(st, source, simplified, number):
            doc.used_lines.add(number)
            continue
        if st.org is None and not SUB_DOCUMENT.match(simplified) and _is_title_line(simplified):
            st.new_org(simplified.strip("[]【】"), number)
            doc.used_lines.add(number)
            if not workflow_document:
                continue
        if workflow_document:
            _workflow_line(st, simplified, original, number)
            doc.used_lines.add(number)
            continue
        segments = _segments(simplified, original)
        for position, (seg, seg_original) in enumerate(segments):
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


def _workflow_line(st: _State, text: str, original: str, number: int) -> None:
    if st.workflow is None:
        org = st.ensure_org(number)
        owner = re.search(r"(\S{1,6}?部)", text)
        unit_name = re.sub(r"^百货商场", "", owner.group(1) if owner else org.name)
        st.new_unit(unit_name, number)
        st.workflow = st.add_workflow(text, number)
        return
    if text == st.workflow.name:
        return
    st.add_item(MARKER.sub("", text, count=1) or text, original, number)


def _line(st: _State, text: str, original: str, number: int) -> bool:
    if not text:
        return True
    if text.isdigit() or text.startswith("|"):
        return False  # a stray page number; a table row that names no duties (reported)
    after_noise = bool(st.doc.noise_lines) and st.doc.noise_lines[-1] == st.previous_number
    if _tag_line(text, after_noise) or (SALARY.match(text) and len(text) <= 30):
        st.doc.noise_lines.append(number)  # a job board's tags or pay line
        return True
    chapter = CHAPTER.match(text)
    if chapter:
        return _chapter(st, re.sub(r"\s+", "", chapter.group(1)), text, original, number)
    if st.aside or _regulation_title(st, text) or _article_after_list(st, text):
        return _aside(st, text, original, number)
    pending, st.pending = getattr(st, "pending", None), None
    names_next = pending in ("title", "unit") and len(text) <= 30 and not MARKER.match(text)
    if names_next and not (label_of(text) or LABEL_LINE.match(text) or FIELD.match(text)):
        # '【岗位名称】' on its own line, the name on the next.
        return _field(st, "岗位名称" if pending == "title" else "所属部门", text, original, number)
    if (
        pending in ("sup", "sub")
        and st.position is not None
        and not MARKER.match(text)
        and not FIELD.match(text)
    ):
        people = split_people(text)
        (st.position.superiors if pending == "sup" else st.position.subordinates).extend(people)
        return True
    body = MARKER.sub("", text, count=1).strip() if MARKER.match(text) else ""
    if CHAIN_SEPARATOR.search(text) and _chain(st, body or text, original, number):
        return True
    staffed = HEADCOUNT.match(text)
    if staffed and ROLE_END.search(staffed.group(1)):
        st.staff(staffed.group(1), _number(staffed.group(2)), number)
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
            return _field(st, label.group(1), label.group(2).strip(), original, number)
        bare = re.sub(r"[\s::【】\[\]*]", "", text)
        if bare in LABELS:
            return _field(st, bare, "", original, number)
        ending = re.match(r"^([\u4e00-\u9fff]{3,6})[::]\s*(.{0,40})$", text)
        if ending and st.position is not None and label_by_ending(ending.group(1)):
            # An unlisted label named by its last word ('条件要求:', '工作待遇:面议').
            key = "任职资格" if label_by_ending(ending.group(1)) == REQUIREMENTS else "工作环境"
            return _field(st, key, ending.group(2).strip(), original, number)
    if _roster_line(st, text):
        st.doc.noise_lines.append(number)  # one name in a numbered list of posts (an index, a roster)
        return True
    if _title_heading(st, text, number) or _labelled_block_heading(st, text, number):
        return True
    if _card_heading(st, text, number):
        return True
    if _symbol_unit(st, text, number):
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
    spaced = _spaced_labels(text)
    if spaced:
        for key, value in spaced:
            _field(st, key, value, f"{key}:{value}", number)
        return True
    if body and not (set(body) & PUNCT) and len(body) <= 20 and not FIELD.match(body):
        # Behind a plain item number a short phrase is usually a duty ('8.负责合同打印与管理'); only
        # outline numbers ('3.1 营销部主任', '一、…') or an explicit '…职责' make it a heading.
        outline = re.match(rf"^(?:\d+\.\d+|[{CN_NUM}]+、)", text)
        if re.match(rf"^[{CN_NUM}]+、", text) and UNIT_HEADING.fullmatch(body) and not _duty_heading(body):
            st.new_unit(UNIT_HEADING.fullmatch(body).group(1), number)
            return True
        hm = VARIANT_HEADING.match(body) is None and (
            (outline and re.fullmatch(rf".{{1,14}}?(?:{ROLE_SUFFIX})", body) and POSITION_HEADING.match(body))
            or _duty_heading(body)
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
        return _field(st, m.group(1), m.group(2).strip(), original, number)
    if _one_line_position(st, text, original, number):
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
            return _field(st, fm.group(1), fm.group(2).strip(), original, number)
        st.last_marked = True
        if _group_heading(st, text, body):
            return True
        if _sub_item(st, text, body, original):
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
            return _value_items(st, text, original, number)
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


# '营运部总监一名;' in a staffing list (岗位设置): a position and its headcount.
HEADCOUNT = re.compile(rf"^(.{{2,16}}?)([{CN_NUM}两]|\d+)\s*名[;；。]?$")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else (CN_NUM.index(text) + 1 if text in CN_NUM else 2)


# '设计总监具体工作要求和权利:' / '设计总监的工作任务': a section of the current position.
SECTION_HEADING = re.compile(r"^(.{0,12}?)的?(?:具体)?(工作要求和权利|工作要求|工作任务)[::]?$")

# Step chains: 'A---B---C', 'A——B——C', 'A—B—C'. Times ('17 : 30 —18 : 00') are no chain.
CHAIN_SEPARATOR = re.compile(r"\s*(?:-{3,}|—{1,2}|→)\s*")
CHAIN_PREFIX = re.compile(r"^(.{1,20}?)[::]\s*")
GENERIC_FLOW = re.compile(r"^(?:通常的|日常|具体)?工作流程$")


def _chain_steps(text: str, named: bool = False) -> list[str] | None:
    parts = [p.strip() for p in CHAIN_SEPARATOR.split(text)]
    if len(parts) < (2 if named else 3) or any(not p or p[0].isdigit() or len(p) > 80 for p in parts):
        return None
    return parts


def _chain(st: _State, text: str, original: str, number: int) -> bool:
    """A step chain becomes a workflow of its own, named by its prefix or its owner."""
    prefix = CHAIN_PREFIX.match(text)
    body = text[prefix.end() :] if prefix else text
    steps = _chain_steps(body, named=bool(prefix and prefix.group(1).endswith("流程")))
    if steps is None:
        return False
    org = st.ensure_org(number)
    owner = st.position.title if st.position is not None else st.unit.name
    if prefix and not GENERIC_FLOW.match(prefix.group(1)):
        name = prefix.group(1)
    elif not prefix and "流程" in org.name and not org.workflows and st.unit is org:
        name = org.name
    else:
        name = f"{owner}工作流程"
    original_body = PINYIN_MOJIBAKE.sub("", original)
    original_body = original_body[-len(body) :] if len(original_body) >= len(body) else body
    original_steps = [p.strip() for p in CHAIN_SEPARATOR.split(original_body)]
    if len(original_steps) != len(steps):
        original_steps = steps
    workflow = st.add_workflow(name, number)
    workflow.steps = [
        Item(text=step, original=orig, line=number) for step, orig in zip(steps, original_steps, strict=True)
    ]
    st.workflow, st.last_item = None, None
    return True


NOT_A_NAME = re.compile(
    r"^(?:其他|其它|相关|主要|基本|具体|日常|个人|部门|工作|岗位|本|各|全体|所有|以上|上述|下列)"
)


def _duty_heading(text: str):
    m = re.match(r"^(.{2,16}?)(?:岗位职责|工作职责|职责)$", text)
    # '个人的岗位职责' names nobody; '市场部岗位职责' names a unit; '其他相关职责', '岗位分工及职责' a topic.
    if m is None or m.group(1).endswith(("的", "及", "和", "与")) or UNIT_HEADING.fullmatch(m.group(1)):
        return None
    if NOT_A_NAME.match(m.group(1)):
        return None
    return m


CANONICAL_KEY = {
    TITLE: "岗位名称",
    SUPERIOR: "直接上级",
    SUBORDINATE: "直接下级",
    SUMMARY: "工作概述",
    DUTIES: "岗位职责",
    REQUIREMENTS: "任职资格",
    AUTHORITY_LABEL: "管理权限",
    KPIS: "考核指标",
    HEADCOUNT_LABEL: "岗位编制",
}
OLD_KEYS = set(FIELD_KEYS.split("|"))


def _field(st: _State, key: str, value: str, original: str, number: int) -> bool:
    canonical = LABELS.get(key)
    if canonical == UNIT and not value.strip():
        st.pending = "unit"
        return True
    if canonical == UNIT:
        if st.position is None:
            name = re.sub(r"(?:职责|职能)$", "", value.split()[0]) if value.split() else ""
            if name:
                st.new_unit(name, number)
        else:
            st.place_in_unit(value, number)
        return True
    if canonical == IGNORED and key not in OLD_KEYS:
        st.section, st.workflow, st.last_item = IGNORED, None, None
        return True
    if key not in OLD_KEYS and canonical:
        key = CANONICAL_KEY[canonical]
    if key in ("岗位名称", "职位名称", "职务名称", "岗位描述") and not value.strip():
        st.pending = "title"
        return True
    if key in ("岗位名称", "职位名称", "职务名称", "岗位描述"):
        title = re.sub(r"(?:职位|岗位)(?:代码|编号)$", "", value.split("=")[0].strip())
        title = GLOSS.sub("", title).strip() or title  # '用户增长运营(Growth Operations)'

        if title and (st.position is None or st.position.title != title):
            if (
                st.position is not None
                and not any(st.position.items.values())
                and (key == "职务名称" or st.position.from_title)
            ):
                st.position.title, st.position.line, st.position.from_title = title, number, False
            else:
                st.new_position(title, number).evidence = "label"
        return True
    if key in ("部门性质", "下属岗位模块", "岗位设置", "岗位说明书"):
        st.position, st.workflow, st.section = None, None, RESPONSIBILITY
        return True
    if key == "管理职能" or (key == "管理权限" and st.position is None):
        st.position, st.workflow, st.section = None, None, RESPONSIBILITY
        return st.add_item(value, original, number) if value else True
    if key == "部门职责":
        st.position, st.workflow, st.section = None, None, RESPONSIBILITY
        return True
    if key in ("流程名称",):
        st.ensure_org(number)
        name, _, rest = value.partition(" ")
        st.workflow = st.add_workflow(name.rstrip("。.;；"), number)
        if rest.strip():
            st.doc.not_understood.append((number, rest.strip()))
        return True
    if key in ("流程代号", "主管部门") and st.workflow:
        # 'SC-003', '市场部'; what follows on the line is flow-chart debris ('① 调研 ① 呈报结果').
        first, _, rest = value.partition(" ")
        if key == "流程代号":
            st.workflow.code = first
        elif first and first != st.workflow.owner:
            st.move_workflow_to(first)
        if rest.strip():
            st.doc.not_understood.append((number, rest.strip()))
        return True
    if key == "流程说明" and st.workflow:
        return st.add_item(value, original, number) if value else True
    if key == "工作流程":
        st.ensure_org(number)
        title = f"{st.position.title}工作流程" if st.position else f"{st.unit.name}工作流程"
        st.workflow = st.add_workflow(title, number)
        return st.add_item(value, original, number) if value else True
    if st.position is None:
        if key in ("岗位要求", "任职资格", "任职要求", "任职条件"):
            st.section = REQUIREMENT
            return True if not value else st.add_item(value, original, number)
        if key in ("主要职责", "岗位职责", "工作职责", "直接责任"):
            st.section = RESPONSIBILITY
            return True if not value else st.add_item(value, original, number)
        return False
    pos = st.position
    st.workflow = None
    if key in ("直接上级", "直属上级"):
        inner = re.split(r"\s*(?:直接下级|直接下属)\s*[::]?\s*", value)
        pos.superiors.extend(split_people(inner[0]))
        if len(inner) > 1:
            pos.subordinates.extend(split_people(inner[1]))
            st.pending = None if inner[1].strip() else "sub"
        else:
            st.pending = None if inner[0].strip() else "sup"
    elif key in ("直接下级", "直接下属"):
        pos.subordinates.extend(split_people(value))
        st.pending = None if value.strip() else "sub"
    elif key in ("工作概述", "本职工作", "职位概要", "岗位性质"):
        st.section = "summary"
        pos.summary = (pos.summary + value).strip()
    elif key in ("管理权限", "管理责任"):
        pos.authority = (pos.authority + value).strip()
        if not value:
            st.section = AUTHORITY
    elif key in ("岗位要求", "任职资格", "任职要求", "任职条件"):
        st.section = REQUIREMENT
        return _value_items(st, value, original, number)
    elif key in ("考核指标", "绩效考核"):
        st.section = KPI
        return _value_items(st, value, original, number)
    elif key == "岗位编制":
        m = re.search(r"(\d+|[一二三四五六七八九十])\s*[名人]", value)
        if m:
            pos.headcount = (
                int(m.group(1)) if m.group(1).isdigit() else "一二三四五六七八九十".index(m.group(1)) + 1
            )
    else:
        st.section = RESPONSIBILITY
        return _value_items(st, value, original, number)
    return True


def _value_items(st: _State, value: str, original: str, number: int) -> bool:
    """A label's value on its own line: one item, or several run together with semicolons."""
    if not value:
        return True
    if MARKER.match(value):
        value = MARKER.sub("", value, count=1).strip()
        original = MARKER.sub("", original, count=1).strip() if MARKER.match(original) else original
    clauses = [c for c in re.split(r"(?<=[;；])", value) if c.strip(" ;；")]
    if len(clauses) < 3:
        return st.add_item(value, original, number)
    return all([st.add_item(clause.strip(), clause.strip(), number) for clause in clauses])


# --- Rules of the genre: title words, labels, headings (see vocabulary.py) ---

LEADING_MARK = re.compile(
    rf"^(?:第[{CN_NUM}\d]+[条章节部分篇]\s*[::]?|[(（][{CN_NUM}\d]{{1,3}}[)）]|[{CN_NUM}]{{1,3}}\s*[、.．]|"
    r"\d{1,3}(?:\.\d{1,2})*\s*[、.．)）]?|[◆●■▲◇·•♦○★☆▪※\-]|[A-Za-z][.、)])\s*"
)
GLOSS = re.compile(r"\s*[(（][A-Za-z][\w .&/,'+-]*[)）]|\s+[A-Za-z][A-Za-z .&/'+-]*$")
TITLE_END = re.compile(rf"(?:{TITLE_WORD_PATTERN})$")
DUTY_VERB = re.compile(
    r"^(?:负责|协助|配合|完成|组织|参与|制定|执行|做好|督促|监督|指导|按照|根据|及时|定期|对接|服从|听从|"
    r"接受|汇报|报告|协调|带领|向|对|按|做|为|与|和|及|并|是|由|在|将|把|如|若|当|凡|各|本|该|其)"
)
# More verbs that open a duty; some also open a short title (监控员, 审核员), so only for longer lines.
LONG_DUTY_VERB = re.compile(
    r"^(?:发现|参加|检查|审核|审批|编制|编写|建立|落实|开展|收集|整理|保持|确保|保证|办理|处理|受理|跟进|"
    r"监控|核对|熟悉|了解|掌握|具有|具备)"
)
SENTENCE_PUNCT = set(",，;；。!！?？")
BRACKETS, COLONS = "【】[]〔〕<>《》「」 ", "::"


@lru_cache(maxsize=8192)
def title_core(text: str) -> str:
    """'### 3. 产品经理（Product Manager）岗位职责:' → '产品经理'."""
    core = LEADING_MARK.sub("", text.strip(), count=1).strip()
    core = core.strip(BRACKETS).rstrip(COLONS).strip().rstrip(BRACKETS).strip()
    core = GLOSS.sub("", core).strip()
    # '车辆调度专员(运营中心)', '受雇律师(诉讼部)': the unit or a note in brackets after the title.
    bracketed = re.match(r"^(.{2,16}?)\s*\([^()]{1,12}\)$", core)
    if bracketed and TITLE_END.search(bracketed.group(1)):
        core = bracketed.group(1)
    for _ in range(2):
        core = TITLE_TAIL.sub("", core).strip()
    core = re.sub(r"(?:如下|的)$", "", core)
    core = TITLE_TAIL.sub("", core).strip()
    return core.strip(BRACKETS + COLONS).strip()


@lru_cache(maxsize=8192)
def is_title(core: str) -> bool:
    """A position's name: short, no sentence punctuation, ends with a title word, not a duty or label."""
    if not 2 <= len(core) <= 18 or set(core) & SENTENCE_PUNCT or core in LABELS or "的" in core:
        return False
    # '现场QA', 'IT主管': an English acronym after Chinese names a post too.
    acronym = re.fullmatch(r"[\u4e00-\u9fff]{2,8}(?:QA|QC|QE|PE|HR|IT|PM|AE|BD|CEO|CFO|CTO|COO)", core)
    if not (TITLE_END.search(core) or acronym) or re.search(r"\d{2,}|[%％]", core):
        return False
    if NOT_TITLES.search(core):
        return False  # 员工, 教职工, 管理人员: everyone, not one position
    if DUTY_VERB.match(core) and not TITLE_END.fullmatch(core):
        return False
    if LONG_DUTY_VERB.match(core) and len(core) > 5:
        return False
    return not re.search(r"(?:工作|管理|负责|进行|协助|完成)(?:的)?(?:员)?$", core) or TITLE_END.fullmatch(
        core
    )


def _activity_title(core: str) -> bool:
    """'运营策划', '商城管理' before 职责: a post named after its work."""
    return (
        2 < len(core) <= 8
        and core.endswith(tuple(ACTIVITY_WORDS))
        and not set(core) & SENTENCE_PUNCT
        and not DUTY_VERB.match(core)
        and not UNIT_HEADING.fullmatch(core)
        and core not in LABELS
    )


def _has_tail(text: str) -> bool:
    bare = re.sub(r"[::】\]\s]+$", "", GLOSS.sub("", text))
    return bool(TITLE_TAIL.search(bare)) or bare.endswith("如下")


def _opens_content(st: "_State") -> bool:
    """The next line starts a list, a labelled field or a duties label."""
    upcoming = st.following[0] if st.following else ""
    if not upcoming:
        return False
    if MARKER.match(upcoming) or LABEL_LINE.match(upcoming) or label_of(upcoming):
        return not (
            label_of(upcoming) == TITLE
            or (LABEL_LINE.match(upcoming) and LABELS.get(LABEL_LINE.match(upcoming).group(1)) == TITLE)
        )
    return False


def _title_heading(st: "_State", text: str, number: int, heading: bool = False) -> bool:
    """A short line naming a position: by its title word and by what follows it (or a heading style)."""
    text = text.rstrip("。")
    if set(text) & SENTENCE_PUNCT - {"、"} or len(text) > 40 or re.search(r"[::].", text):
        return False
    if FIELD.match(text) or LABEL_LINE.match(text) or (text.split() and text.split()[0] in LABELS):
        return False  # '岗位描述 售楼员': a label and its value
    core = title_core(text)
    bullet_heading = bool(re.match(r"^[●■◆▍【]", text)) and _opens_content(st)
    if not (is_title(core) or ((_has_tail(text) or bullet_heading) and _activity_title(core))):
        return False
    if (
        not heading
        and MARKER.match(text)
        and marker_family(text).startswith("symbol")
        and (marker_family(text) == st.list_family or (st.following and st.following[0][:1] == text[:1]))
    ):
        return False  # one more bullet of a list ('‧ 已注册保健员')
    running_list = marker_family(text) == st.list_family and st.last_item is not None
    if not heading and MARKER.match(text) and running_list and not _has_tail(text):
        return False  # '4、…报告中心主任' after '3、…': the list goes on
    if not (heading or _has_tail(text) or re.search(r"[【\[]", text) or _opens_content(st)):
        return False
    position = st.new_position(core, number)
    position.evidence = "heading" if (heading or _has_tail(text)) else "title word"
    return True


def _one_line_position(st: "_State", text: str, original: str, number: int) -> bool:
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


def _heading(st: "_State", source: SourceLine, text: str, number: int) -> bool:
    """A Markdown or Word heading: an organisation, a unit, a position or a label."""
    if label_of(text):
        return False
    if _title_heading(st, text, number, heading=True):
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


def _is_title_line(text: str) -> bool:
    """The document's first line names it (an organisation), unless it is a list item or a label."""
    if len(text) > 30 or MARKER.match(text) or label_of(text) or LABEL_LINE.match(text):
        return False
    core = title_core(text)
    return not (is_title(core) and not _has_tail(text))


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


# '附则:…', '本职责自…起执行', '以上职责自公布之日起施行': a document's closing remarks, not duties.
END_MATTER = re.compile(
    r"^[(（]?(?:附则|附注|注[::]|备注[::]|说明[::]|以上(?:仅)?供参考|以上就是|以上(?:职责|内容|岗位)|希望(?:对|能)|"
    r"本(?:职责|说明书|制度|规定|办法|汇编|手册|岗位职责|细则)"
    r"(?:自|由|每|解释|未尽|如有|最终)|本(?:说明书|职责)每)"
)
# A closing remark of the page ('以上供参考…', '希望对大家有帮助'): comments and links follow, not duties.
CLOSING_WORDS = re.compile(r"^(?:以上(?:仅)?供参考|以上就是|希望(?:对|能))")
SAMPLE_SEPARATOR = re.compile(r"^.{2,30}?(?:范本|范文|模板|篇)\s*[\d一二三四五六七八九十]{1,2}$")
ORGANISATION_END = re.compile(r"(?:公司|集团|协会|学校|医院|酒店|银行|商场|工厂|幼儿园|学院|大学|中心店)$")
SUPERIOR_OR_DUTIES = {SUPERIOR, SUBORDINATE, DUTIES, SUMMARY, REQUIREMENTS}


def _labelled_block_heading(st: "_State", text: str, number: int) -> bool:
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


def _symbol_unit(st: "_State", text: str, number: int) -> bool:
    """'■ 客服部', '一、财务部': a department heading behind a symbol or an outline number."""
    m = re.match(rf"^(?:[■▲◆●★☆▍▌◎❖]|[{CN_NUM}]+[、.])\s*(.{{2,14}})$", text)
    if not m or set(m.group(1)) & (SENTENCE_PUNCT | {":", "、"}):
        return False
    unit = UNIT_HEADING.fullmatch(m.group(1))
    if unit is None or _duty_heading(m.group(1)):
        return False
    upcoming = st.following[0] if st.following else ""
    if upcoming[:1] == text[:1] and not re.match(rf"^[{CN_NUM}]", text):
        return False  # one more bullet of the same list
    st.new_unit(unit.group(1), number)
    return True


SPACED_LABEL = re.compile(rf"(?:^|\s+)({'|'.join(sorted(LABELS, key=len, reverse=True))})\s+(?=\S)")


def _spaced_labels(text: str) -> list[tuple[str, str]] | None:
    """'岗位名称 采购经理 所属部门 采购部': a Word table row flattened with spaces."""
    if not LABELS.get(text.split()[0] if text.split() else ""):
        return None
    found = list(SPACED_LABEL.finditer(text))
    if not found or found[0].start() != 0 or (len(found) < 2 and len(found[0].group(1)) < 4):
        return None
    pairs = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        pairs.append((match.group(1), text[match.end() : end].strip()))
    return pairs


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


def _sub_item(st: "_State", text: str, body: str, original: str) -> bool:
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


# '公司业务招待费管理规定': the title of a regulation, article or form pasted after a description.
REGULATION_TITLE = re.compile(r"^.{2,24}(?:规定|制度|办法|细则|须知|守则|条例|规范|通知|附件.*|清单)$")


def _regulation_title(st: "_State", text: str) -> bool:
    return (
        st.position is not None
        and any(st.position.items.values())
        and not MARKER.match(text)
        and not set(text) & (SENTENCE_PUNCT | {":"})
        and bool(REGULATION_TITLE.match(text))
    )


def _article_after_list(st: "_State", text: str) -> bool:
    """A long unmarked paragraph after a finished list: an article's text, not one more duty."""
    last = st.last_item
    named = re.match(r"^(.{2,24}?)[::]", text)
    if named and is_title(title_core(named.group(1))):
        return False  # '第五条 车间主任的职责:负责…;…': the next position, on one line
    return (
        st.last_marked
        and st.position is not None
        and last is not None
        and last.text[-1:] in "。;；.!！"
        and not MARKER.match(text)
        and not CHAIN_SEPARATOR.search(text)  # a workflow's steps ('A——B——C') are no article
        and len(text) >= 70
        and text.count("。") + text.count(":") >= 2
    )


def _aside(st: "_State", text: str, original: str, number: int) -> bool:
    """Lines of a pasted regulation are set aside (reported) until a heading opens a unit or position."""
    if st.aside and (
        SUB_DOCUMENT.match(text)
        or _title_heading(st, text, number)
        or _labelled_block_heading(st, text, number)
        or (LABEL_LINE.match(text) and LABELS.get(LABEL_LINE.match(text).group(1)) == TITLE)
    ):
        st.aside = False
        if SUB_DOCUMENT.match(text) or LABEL_LINE.match(text):
            return _line(st, text, original, number)
        return True
    st.aside = True
    st.position, st.workflow, st.last_item = None, None, None
    st.doc.set_aside.append((number, original))
    return True


GROUPING_FAMILIES = {"chinese", "paren-chinese", "outline", "letter"}


def _group_heading(st: "_State", text: str, body: str) -> bool:
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


def _tag_line(text: str, after_noise: bool = False) -> bool:
    """'广告策划 客户维护 快消品牌': a job board's tags, short words that are no labels (nor titles,
    unless the line follows the card's facts, which are noise)."""
    words = text.split()
    return (
        3 <= len(words) <= 6
        and all(2 <= len(w) <= 6 and not set(w) & (SENTENCE_PUNCT | {":", "、"}) for w in words)
        and not any(w in LABELS or MARKER.match(w) for w in words)
        and (after_noise or not any(TITLE_END.search(w) for w in words))
    )


# '8-12K·13薪', '15-25K', '面议', '6000-8000元/月': the pay line under a job board's title.
SALARY = re.compile(r"^(?:\d+(?:\.\d+)?\s*[-~至]\s*\d+(?:\.\d+)?\s*(?:[KkWw千万]|元)|面议|薪资面议)")


def _card_heading(st: "_State", text: str, number: int) -> bool:
    """A job board's card: a short title line with the pay on the next line."""
    upcoming = st.following[0] if st.following else ""
    core = title_core(text)
    if not SALARY.match(upcoming) or not 2 <= len(core) <= 16 or set(core) & (SENTENCE_PUNCT | {":"}):
        return False
    if label_of(core) or MARKER.match(text) or DUTY_VERB.match(core):
        return False
    st.new_position(core, number).evidence = "structure"
    return True


CHAPTER = re.compile(rf"^第[{CN_NUM}\d]+[章节]\s*(.*)$")


def _chapter(st: "_State", name: str, text: str, original: str, number: int) -> bool:
    """'第二章 生产部岗位职责' opens a unit; '第一章 总则', '第五章 附则' hold articles, not duties."""
    st.position, st.workflow, st.last_item, st.section = None, None, None, RESPONSIBILITY
    st.list_family = st.sub_parent = None
    unit = UNIT_HEADING.fullmatch(re.sub(r"(?:各岗位职责|岗位职责|职责|职能)$", "", name) or name)
    if unit and not set(name) & SENTENCE_PUNCT:
        st.aside = False
        st.new_unit(unit.group(1), number)
        return True
    if re.match(r"^(?:总则|附则|附录|附件)", name):
        st.aside = True
        st.doc.set_aside.append((number, original))
        return True
    st.aside = False
    return True


def _roster_line(st: "_State", text: str) -> bool:
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
