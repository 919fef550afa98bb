"""The builder's state while it reads a document line by line: where the next item belongs."""

import re

from core.text import to_simplified
from importer.patterns import FIELD, MARKER, TITLE_POSITION, UNIT_NUMBERING, WORD, unit_kind
from importer.structure import (
    REQUIREMENT,
    RESPONSIBILITY,
    Item,
    ParsedDocument,
    ParsedPosition,
    ParsedUnit,
    ParsedWorkflow,
)
from importer.vocabulary import (
    IGNORED,
    NOT_TITLES,
)


class BuildState:
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
        # Positions that get a copy of every item of the current one (one list for several posts).
        self.sharing: list[ParsedPosition] = []
        # The line being read began with something else (a heading glued after an item).
        self.mid_line = False
        # A list's marker style ('1、'), and the item whose colon opened a sub-list ('(1)…').
        self.list_family: str | None = None
        self.sub_parent: Item | None = None
        # The marker style of a numbered list of bare titles being read.
        self.roster_family: str | None = None
        # The number of the source line before the current one.
        self.previous_number = 0
        # The next few lines (Simplified), for rules that look ahead.
        self.following: list[str] = []
        # Units HR marked as headings, by level (1 under the organisation), for the next deeper one.
        self.hint_levels: dict[int, ParsedUnit] = {}

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
        if self.org is not None and title.startswith(self.org.name) and len(title) > len(self.org.name) + 1:
            title = title[len(self.org.name) :]  # '云梦县博物馆文物库房保管员': the organisation's name first
        current = self.position
        if current is not None and current.title.endswith(title) and not any(current.items.values()):
            # '一、供电所所长' then '(一)所长岗位职责:': the short name of the position just opened.
            title = current.title
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
            glued = self.mid_line and self.unit.functions and self.last_item is self.unit.functions[-1]
            if glued and self.unit.kind != "organisation" and self.unit.positions == [existing]:
                # '◆…; ○营销信息管理担当职责' glued after a bullet: a flattened table put the
                # heading after its own first bullets, which went to the unit until now.
                for item in self.unit.functions:
                    existing.items[item.kind].append(item)
                self.unit.functions = []
        elif not existing.described:
            existing.described, existing.line = True, line
        self.position, self.workflow, self.last_item = existing, None, None
        self.list_family = self.sub_parent = None
        self.section = RESPONSIBILITY
        self.sharing = []
        return existing

    def share_with(self, titles: list[str], line: int) -> None:
        """Several positions described by one list: the first is read, the others get copies."""
        positions = [self.new_position(title, line) for title in titles]
        self.position, self.sharing = positions[0], positions[1:]

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
            for other in self.sharing:  # '以下岗位职责适用于:营业员、收银员': each gets the list
                other.items[self.section].append(Item(text=item.text, original=item.original, line=item.line))
        elif self.unit is not None:
            item.kind = self.section if self.section == REQUIREMENT else RESPONSIBILITY
            self.unit.functions.append(item)
        else:
            return False
        self.last_item = item
        return True
