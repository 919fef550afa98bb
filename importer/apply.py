"""Apply a parsed document to the store inside one transaction; idempotent.

Identity of imported items: units by (parent, name), positions by (unit, title),
duties by (owner, kind, order), workflows by (owner unit, name), steps by order.
An item counts as edited by HR when its text no longer equals the Simplified form
of the original text the importer stored next to it; such items are kept and reported.
"""

import hashlib
import re
from collections import defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg2.extras import execute_values
from simple_history.utils import bulk_create_with_history

from core.search import duty_words, position_words
from core.text import ITEM_MAX_LENGTH, PROSE_MAX_LENGTH, to_simplified
from duties.models import Duty, Workflow, WorkflowStep
from importer.corrections import reapply, save_corrections, version_of
from importer.parser import parse_document
from importer.report import ImportReport
from importer.structure import RESPONSIBILITY, ParsedDocument, ParsedPosition, ParsedUnit
from orgchart.models import Unit
from orgchart.services import create_organisations, create_unit
from roles.models import Incumbent, Position
from roles.services import add_reporting_lines
from sources.models import SourceDocument

# The unit word a root's name ends its subject with: 营销部职责 is a department, 运营中心业务流程 a centre.
# Words like 全部, 内部 or 部署 hold 部 without naming a unit.
ROOT_UNIT_WORD = re.compile(r"(?<![全内外局大])(公司|集团|中心|部门|部)(?![分署长位])")
ROOT_KINDS = {
    "公司": "organisation",
    "集团": "organisation",
    "中心": "centre",
    "部门": "department",
    "部": "department",
}


def root_kind(name: str) -> str:
    """Kind of a new root unit from its name: the last unit word in it, else an organisation.

    Roots are named after a document's sections, so a section on a sales department
    (营销部职责(2)) makes a department, not a group.
    """
    words = ROOT_UNIT_WORD.findall(re.sub(r"[(（]\d+[)）]$", "", name))
    return ROOT_KINDS[words[-1]] if words else "organisation"


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _count_tree(parsed: ParsedDocument) -> dict[str, int]:
    totals = dict.fromkeys(("units", "positions", "duties", "workflows", "steps", "functions"), 0)
    stack = list(parsed.organisations)
    while stack:
        unit = stack.pop()
        totals["units"] += 1
        totals["functions"] += len(unit.functions)
        totals["positions"] += len(unit.positions)
        totals["duties"] += sum(len(items) for p in unit.positions for items in p.items.values())
        totals["workflows"] += len(unit.workflows)
        totals["steps"] += sum(len(w.steps) for w in unit.workflows)
        stack.extend(unit.children)
    return totals


def preview(name: str, text: str, hints: dict[int, str] | None = None) -> tuple[ParsedDocument, ImportReport]:
    """Parse only (with HR's corrections as hints); nothing is written."""
    parsed = parse_document(name, text, hints)
    report = ImportReport(document=name, totals=_count_tree(parsed))
    _fit_names(parsed, report)
    report.noise_lines = parsed.noise_lines
    report.repeated_title_lines = parsed.repeated_title_lines
    report.unsure = parsed.unsure
    report.not_understood = parsed.not_understood
    report.set_aside = parsed.set_aside
    _judge(parsed, report)
    return parsed, report


# The stored columns' limits (orgchart.Unit.name, roles.Position.title, duties.Workflow.name).
NAME_LIMITS = {"unit": 200, "position": 200, "workflow": 255}


def _fitted(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _fit_names(parsed: ParsedDocument, report: ImportReport) -> None:
    """A heading longer than its column is shortened (the document keeps the whole line) and named.

    References by title (上级/下级) are shortened the same way, so they still find their position.
    """

    def fit(name: str, line: int, kind: str) -> str:
        limit = NAME_LIMITS[kind]
        if len(name) > limit:
            report.warnings.append(
                _(
                    "第 %(line)d 行:名称有 %(length)d 个字符,超过 %(limit)d 个字符的上限,"
                    "已截短保存;原文仍在来源文档中。"
                )
                % {"line": line, "length": len(name), "limit": limit}
            )
        return _fitted(name, limit)

    stack = list(parsed.organisations)
    while stack:
        unit = stack.pop()
        unit.name = fit(unit.name, unit.line, "unit")
        for position in unit.positions:
            position.title = fit(position.title, position.line, "position")
            position.superiors = [_fitted(t, NAME_LIMITS["position"]) for t in position.superiors]
            position.subordinates = [_fitted(t, NAME_LIMITS["position"]) for t in position.subordinates]
        for workflow in unit.workflows:
            workflow.name = fit(workflow.name, workflow.line, "workflow")
        stack.extend(unit.children)


def _confidence(position) -> str:
    """high: a label or a 职责 heading with duties; medium: a title word with duties; low: no duties."""
    if not position.items[RESPONSIBILITY]:
        return "low"
    return "high" if position.evidence in ("heading", "label") else "medium"


def _judge(parsed: ParsedDocument, report: ImportReport) -> None:
    """What a reader of the report must not miss: no position found, text gone to unit functions."""
    report.lines_total = parsed.line_count
    report.lines_used = len(parsed.used_lines)
    stack = list(parsed.organisations)
    while stack:
        unit = stack.pop(0)
        report.positions += [(p.title, p.line, _confidence(p)) for p in unit.positions if p.described]
        stack.extend(unit.children)
    totals = report.totals
    if not report.positions:
        report.warnings.append(
            _("未找到任何岗位:请检查文档格式(岗位名称、岗位职责等标题),内容不会作为岗位导入。")
        )
    if totals.get("functions", 0) > totals.get("duties", 0):
        report.warnings.append(
            _("多数条目(%(functions)d 条)归入了部门职能,只有 %(duties)d 条归入岗位:可能漏识了岗位标题。")
            % {"functions": totals.get("functions", 0), "duties": totals.get("duties", 0)}
        )
    if report.lines_total and report.used_share < 0.6:
        report.warnings.append(
            _("只有 %(share)d%% 的非空行被读取,其余为噪声或无法理解的行。")
            % {"share": round(report.used_share * 100)}
        )


class StalePreview(Exception):
    """The document was imported again after the preview being confirmed was made."""


def import_text(
    name: str, text: str, hints: dict[int, str] | None = None, *, base: str | None = None, user=None
) -> ImportReport:
    """Import one document with HR's corrections (``hints``; None: the ones stored with it, reapplied).

    ``base`` is the document's version when its preview was made (``document_version``): if another
    import landed since, StalePreview is raised and nothing is written.
    """
    stored = reapply(name, text)
    if hints is None:
        hints = stored.hints
        lost = stored.lost
    else:
        lost = []
    parsed, report = preview(name, text, hints)
    _report_lost(report, lost)
    digest = sha256_of(text)
    existing = SourceDocument.objects.filter(name=name).first()
    if base is not None and version_of(existing) != base:
        raise StalePreview(name)
    if existing is not None and existing.sha256 == digest and hints == stored.hints:
        report.unchanged = True
        return report
    # Everything that needs no database is done before the transaction, whose tree and
    # reporting-line locks make other writers wait.
    words = _search_words(parsed)
    try:
        with transaction.atomic():
            if existing is None:
                document = SourceDocument.objects.create(name=name, sha256=digest, text=text)
            else:
                document = SourceDocument.objects.select_for_update().get(pk=existing.pk)
                if base is not None and version_of(document) != base:
                    raise StalePreview(name)
                document.sha256, document.text = digest, text
                document.save()
            _Applier(document, report, words).run(parsed)
            if hints or stored.hints or stored.lost:
                save_corrections(document, text, hints, user)
    except IntegrityError as exc:
        # Two first imports of one name at once: the second finds the first's document.
        if existing is None and SourceDocument.objects.filter(name=name).exists():
            raise StalePreview(name) from exc
        raise
    return report


def _report_lost(report: ImportReport, lost: list[tuple[int, str, str]]) -> None:
    report.lost_corrections = lost
    if lost:
        report.warnings.append(_("%(n)d 条更正无法重新应用:文档中已找不到它们所在的行。") % {"n": len(lost)})


def _search_words(parsed: ParsedDocument) -> dict[int, str]:
    """The search words of every item, by the item's id."""
    words, stack = {}, list(parsed.organisations)
    while stack:
        unit = stack.pop()
        items = list(unit.functions) + [i for p in unit.positions for kind in p.items.values() for i in kind]
        for item in items:
            words[id(item)] = duty_words(item.text, item.original)
        stack.extend(unit.children)
    return words


def _edited(obj) -> bool:
    return bool(obj.original_text) and obj.text != to_simplified(obj.original_text)


class _Applier:
    def __init__(self, document: SourceDocument, report: ImportReport, words: dict[int, str] | None = None):
        self.document = document
        self.words = words or {}
        self.report = report
        self.positions_by_title: dict[str, Position] = {}
        self.pending_lines: list[tuple[Position, ParsedPosition]] = []
        self.seen: dict[type, set[int]] = {Unit: set(), Position: set(), Workflow: set()}
        self.new_duties: list[tuple] = []
        # Units this import created (by the parsed unit's id), and units whose rows were read once.
        self.new_units: dict[int, Unit] = {}
        self.units_read: set[int] = set()
        self.new_superiors: list[Position] = []
        self.new_unit_ids: set[int] = set()
        self.new_positions: list[Position] = []
        self.new_incumbents: list[Incumbent] = []
        self.new_workflows: list[tuple[Workflow, list[WorkflowStep]]] = []

    def prov(self, line: int) -> dict:
        return {"source_document": self.document, "source_line": line}

    def run(self, parsed: ParsedDocument) -> None:
        stored = set(
            Unit.objects.filter(parent=None, source_document=self.document).values_list("name", flat=True)
        )
        self.create_organisations([org for org in parsed.organisations if org.name not in stored])
        organisations = []
        for org in parsed.organisations:
            self.positions_by_title = {}
            self.pending_lines = []
            self.unit(org, None)
            organisations.append((self.positions_by_title, self.pending_lines))
        self.write_positions()
        self.write_duties()
        self.write_workflows()
        pairs = []
        for self.positions_by_title, self.pending_lines in organisations:
            pairs += self.reporting_line_pairs()
        self.write_superiors()
        self.reporting_lines(pairs)
        self.report.kept_edits.sort()
        self.report_missing()

    def report_missing(self) -> None:
        """Units, positions and workflows this document once created but no longer mentions.

        They are kept: HR may have attached people, lines or edits to them; the report says so.
        """
        for model, label, name in (
            (Unit, "unit", "name"),
            (Position, "position", "title"),
            (Workflow, "workflow", "name"),
        ):
            gone = model.objects.filter(source_document=self.document).exclude(pk__in=self.seen[model])
            for obj in gone.order_by("source_line", "pk"):
                self.report.missing.append(f"{label} {getattr(obj, name)} (line {obj.source_line})")

    def create_organisations(self, organisations: list[ParsedUnit]) -> None:
        """New organisations: all their units in one locked write instead of one per unit."""

        def node(parsed: ParsedUnit) -> dict:
            return {
                "key": id(parsed),
                "name": parsed.name,
                "kind": root_kind(parsed.name) if id(parsed) in roots else parsed.kind,
                "extra": self.prov(parsed.line),
                "children": [node(child) for child in parsed.children],
            }

        roots = {id(org) for org in organisations}
        if organisations:
            created = create_organisations([node(org) for org in organisations])
            self.new_units.update(created)
            self.new_unit_ids.update(unit.pk for unit in created.values())
            self.report.bump("created", "units", len(created))

    def unit(self, parsed: ParsedUnit, parent: Unit | None) -> Unit:
        unit = self.new_units.get(id(parsed))
        if unit is None:
            same = Unit.objects.filter(parent=parent, name=parsed.name)
            if parent is None:  # an organisation belongs to its document
                same = same.filter(source_document=self.document)
            unit = same.first()
        if unit is None:
            kind = root_kind(parsed.name) if parent is None else parsed.kind
            unit = create_unit(name=parsed.name, kind=kind, parent=parent, **self.prov(parsed.line))
            self.new_units[id(parsed)] = unit
            self.new_unit_ids.add(unit.pk)
            self.report.bump("created", "units")
        self.seen[Unit].add(unit.pk)
        # One read each for the unit's positions, their duties and incumbents, not one per position;
        # a unit created by this import has none.
        positions: dict[str, Position] = {}
        duties: dict[tuple, dict[int, Duty]] = defaultdict(dict)
        incumbents = defaultdict(set)
        if self.new_units.get(id(parsed)) is not unit or unit.pk in self.units_read:
            positions = {p.title: p for p in Position.objects.filter(unit=unit)}
            for duty in Duty.objects.filter(Q(unit=unit) | Q(position__unit=unit)):
                duties[(duty.unit_id and "unit", duty.position_id or duty.unit_id, duty.kind)][duty.order] = (
                    duty
                )
            for position_id, name in Incumbent.objects.filter(position__unit=unit).values_list(
                "position_id", "name"
            ):
                incumbents[position_id].add(name)
        self.units_read.add(unit.pk)
        self.items(
            parsed.functions,
            duties[("unit", unit.pk, "responsibility")],
            {"unit": unit},
            "responsibility",
            unit.name,
        )
        self.create_positions(unit, [p for p in parsed.positions if p.title not in positions], positions)
        for p in parsed.positions:
            self.position(p, unit, positions[p.title], duties, incumbents)
        for w in parsed.workflows:
            self.workflow(w, unit)
        for child in parsed.children:
            self.unit(child, unit)
        return unit

    def create_positions(self, unit: Unit, missing: list[ParsedPosition], positions: dict) -> None:
        """New positions of a unit, written with the document's others by write_positions."""
        new = []
        for parsed in missing:
            if parsed.title in positions:
                continue  # the same title twice in one unit
            position = Position(
                unit=unit,
                title=parsed.title,
                described=parsed.described,
                summary=parsed.summary,
                authority=parsed.authority,
                headcount=parsed.headcount,
                search_words=position_words(parsed.title, parsed.summary),  # bulk_create skips save()
                **self.prov(parsed.line),
            )
            positions[parsed.title] = position
            new.append(position)
        self.new_positions += new

    def write_positions(self) -> None:
        """The document's new positions in one insert with their history, then their incumbents."""
        if self.new_positions:
            bulk_create_with_history(
                self.new_positions, Position, batch_size=500, default_change_reason="import"
            )
            self.seen[Position].update(p.pk for p in self.new_positions)
            self.report.bump("created", "positions", len(self.new_positions))
        if self.new_incumbents:
            for incumbent in self.new_incumbents:
                incumbent.position = incumbent.position  # the position has its id by now
            bulk_create_with_history(self.new_incumbents, Incumbent, batch_size=500)
        self.new_positions, self.new_incumbents = [], []

    def check_length(self, where: str, length: int, limit: int) -> None:
        """An item longer than an edit may be is kept whole (nothing lost) and named in the report:
        it can only be saved again in the admin or the API once someone has shortened it."""
        if length > limit:
            self.report.warnings.append(
                _("%(where)s:%(length)d 个字符,超过编辑时允许的 %(limit)d 个字符;已完整保存,修改前需先缩短。")
                % {"where": where, "length": length, "limit": limit}
            )

    def position(self, parsed: ParsedPosition, unit: Unit, position: Position, duties, incumbents) -> None:
        fields = {"summary": parsed.summary, "authority": parsed.authority, "headcount": parsed.headcount}
        for key in ("summary", "authority"):
            self.check_length(f"{unit.name}/{parsed.title}: {key}", len(fields[key] or ""), PROSE_MAX_LENGTH)
        if position.pk is not None:  # a stored position; new ones are written by write_positions
            changed = []
            for key, value in fields.items():
                current = getattr(position, key)
                if current == value:
                    continue
                if current in ("", None) or not position.described:
                    setattr(position, key, value)
                    changed.append(key)
                else:
                    self.report.kept_edits.append(f"{unit.name}/{parsed.title}: {key}")
            if parsed.described and not position.described:
                position.described = True
                changed.append("described")
            if changed:
                position.save()
                self.report.bump("updated", "positions")
        if position.pk is not None:
            self.seen[Position].add(position.pk)
        self.positions_by_title.setdefault(parsed.title, position)
        self.pending_lines.append((position, parsed))
        for kind, items in parsed.items.items():
            existing = duties[(None, position.pk, kind)] if position.pk is not None else {}
            self.items(items, existing, {"position": position}, kind, parsed.title)
        known = incumbents[position.pk] if position.pk is not None else set()
        for name in parsed.incumbents:
            if name not in known:
                self.new_incumbents.append(Incumbent(position=position, name=name, **self.prov(parsed.line)))
                known.add(name)

    def items(self, items, existing: dict[int, Duty], owner: dict, kind: str, label: str) -> None:
        existing = dict(existing)
        updated = []
        for order, item in enumerate(items, start=1):
            self.check_length(
                f"{label}: {kind} #{order}", max(len(item.text), len(item.original)), ITEM_MAX_LENGTH
            )
            duty = existing.pop(order, None)
            if duty is None:
                self.new_duties.append(
                    (
                        owner.get("position"),
                        owner.get("unit"),
                        kind,
                        order,
                        item.text,
                        item.original,
                        # A direct insert skips save(), which fills the search words.
                        self.words.get(id(item)) or duty_words(item.text, item.original),
                        self.document.pk,
                        item.line,
                    )
                )
            elif duty.original_text == item.original and duty.text == item.text:
                continue
            elif _edited(duty):
                self.report.kept_edits.append(f"{label}: {kind} #{order}")
            else:
                duty.text, duty.original_text, duty.source_line = item.text, item.original, item.line
                duty.source_document = self.document
                updated.append(duty)
        for duty in updated:
            duty.save()
        self.report.bump("updated", "duties", len(updated))
        for duty in existing.values():
            if duty.source_document_id != self.document.pk:
                continue
            if _edited(duty):
                self.report.kept_edits.append(f"{label}: {kind} #{duty.order} (no longer in document)")
            else:
                duty.delete()
                self.report.bump("deleted", "duties")

    def write_duties(self) -> None:
        """Every new duty of the document in a few multi-row inserts (their owners exist by now).

        Tens of thousands of rows: building a model instance for each cost more than the insert.
        """
        if self.new_duties:
            now = timezone.now()
            rows = [
                (position and position.pk, unit and unit.pk, *rest, 1, now, now)
                for position, unit, *rest in self.new_duties
            ]
            table = connection.ops.quote_name(Duty._meta.db_table)
            with connection.cursor() as cursor:
                execute_values(
                    cursor.cursor,
                    f'INSERT INTO {table} (position_id, unit_id, kind, "order", text, original_text,'
                    " search_words, source_document_id, source_line, version, created_at, updated_at)"
                    " VALUES %s",
                    rows,
                    page_size=1000,
                )
        self.report.bump("created", "duties", len(self.new_duties))
        self.new_duties = []

    def workflow(self, parsed, unit: Unit) -> None:
        if unit.pk in self.new_unit_ids:
            # A unit this import created has no workflows yet: written with the others at the end.
            workflow = Workflow(name=parsed.name, code=parsed.code, owner_unit=unit, **self.prov(parsed.line))
            steps = [
                WorkflowStep(
                    workflow=workflow, order=order, text=i.text, original_text=i.original, **self.prov(i.line)
                )
                for order, i in enumerate(parsed.steps, start=1)
            ]
            self.new_workflows.append((workflow, steps))
            return
        workflow = Workflow.objects.filter(owner_unit=unit, name=parsed.name).first()
        if workflow is None:
            workflow = Workflow.objects.create(
                name=parsed.name, code=parsed.code, owner_unit=unit, **self.prov(parsed.line)
            )
            self.report.bump("created", "workflows")
        self.seen[Workflow].add(workflow.pk)
        existing = {s.order: s for s in workflow.steps.all()}
        new = []
        for order, item in enumerate(parsed.steps, start=1):
            step = existing.pop(order, None)
            if step is None:
                new.append(
                    WorkflowStep(
                        workflow=workflow,
                        order=order,
                        text=item.text,
                        original_text=item.original,
                        **self.prov(item.line),
                    )
                )
            elif step.original_text == item.original:
                continue
            elif _edited(step):
                self.report.kept_edits.append(f"{parsed.name}: step #{order}")
            else:
                step.text, step.original_text, step.source_line = item.text, item.original, item.line
                step.save()
        WorkflowStep.objects.bulk_create(new)
        for step in existing.values():
            if not _edited(step):
                step.delete()

    def write_workflows(self) -> None:
        if not self.new_workflows:
            return
        workflows = [workflow for workflow, _ in self.new_workflows]
        bulk_create_with_history(workflows, Workflow, batch_size=500)
        steps = []
        for workflow, own in self.new_workflows:
            for step in own:
                step.workflow = workflow  # the workflow has its id by now
            steps += own
        bulk_create_with_history(steps, WorkflowStep, batch_size=1000)
        self.seen[Workflow].update(w.pk for w in workflows)
        self.report.bump("created", "workflows", len(workflows))
        self.new_workflows = []

    def superior(self, title: str, near: Position) -> Position:
        """The position a description names as superior; a new, undescribed one if it has none."""
        found = self.positions_by_title.get(title)
        if found is None and near.unit_id not in self.new_unit_ids:
            found = Position.objects.filter(unit=near.unit, title=title).first()
        if found is None:
            found = Position(
                unit=near.unit,
                title=title,
                described=False,
                search_words=position_words(title, ""),
                **self.prov(near.source_line),
            )
            self.new_superiors.append(found)
        elif found.pk is not None:
            self.seen[Position].add(found.pk)
        self.positions_by_title[title] = found
        return found

    def write_superiors(self) -> None:
        if self.new_superiors:
            bulk_create_with_history(self.new_superiors, Position, default_change_reason="import")
            self.report.bump("created", "undescribed positions", len(self.new_superiors))
        self.seen[Position].update(p.pk for p in self.new_superiors)
        self.new_superiors = []

    def reporting_line_pairs(self) -> list[tuple]:
        """The lines one organisation's descriptions name: (subordinate, superior, provenance)."""
        pairs = []
        for position, parsed in self.pending_lines:
            source = self.prov(parsed.line)
            pairs += [(position, self.superior(t, position), source) for t in parsed.superiors]
            pairs += [
                (self.positions_by_title[t], position, source)
                for t in parsed.subordinates
                if t in self.positions_by_title
            ]
        # A title naming its own position ('经理' under 经理) is no line.
        return [pair for pair in pairs if pair[0].pk != pair[1].pk]

    def reporting_lines(self, pairs: list[tuple]) -> None:
        written, refused = add_reporting_lines(pairs)
        self.report.bump("created", "reporting lines", len(written))
        for sub, sup, exc in refused:  # a cycle in the document: refuse that line, report it
            self.report.warnings.append(f"{sub.title} → {sup.title}: {' '.join(exc.messages)}")
