"""Apply a parsed document to the store inside one transaction; idempotent.

Identity of imported items: units by (parent, name), positions by (unit, title),
duties by (owner, kind, order), workflows by (owner unit, name), steps by order.
An item counts as edited by HR when its text no longer equals the Simplified form
of the original text the importer stored next to it; such items are kept and reported.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duties.importer.normalise import to_simplified
from duties.importer.parser import RESPONSIBILITY, ParsedDocument, ParsedPosition, ParsedUnit, parse_document
from duties.importer.report import ImportReport
from duties.models import Duty, SourceDocument, Workflow, WorkflowStep
from duties.search import duty_words
from orgchart.models import Unit
from orgchart.services import create_unit
from roles.models import Incumbent, Position, ReportingLine
from roles.services import add_reporting_line


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


def preview(name: str, text: str) -> tuple[ParsedDocument, ImportReport]:
    """Parse only; nothing is written."""
    parsed = parse_document(name, text)
    report = ImportReport(document=name, totals=_count_tree(parsed))
    report.noise_lines = parsed.noise_lines
    report.repeated_title_lines = parsed.repeated_title_lines
    report.unsure = parsed.unsure
    report.not_understood = parsed.not_understood
    report.set_aside = parsed.set_aside
    _judge(parsed, report)
    return parsed, report


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


def import_text(name: str, text: str) -> ImportReport:
    parsed, report = preview(name, text)
    digest = sha256_of(text)
    existing = SourceDocument.objects.filter(name=name).first()
    if existing is not None and existing.sha256 == digest:
        report.unchanged = True
        return report
    with transaction.atomic():
        if existing is None:
            document = SourceDocument.objects.create(name=name, sha256=digest, text=text)
        else:
            existing.sha256, existing.text = digest, text
            existing.save()
            document = existing
        _Applier(document, report).run(parsed)
    return report


def _edited(obj) -> bool:
    return bool(obj.original_text) and obj.text != to_simplified(obj.original_text)


class _Applier:
    def __init__(self, document: SourceDocument, report: ImportReport):
        self.document = document
        self.report = report
        self.positions_by_title: dict[str, Position] = {}
        self.pending_lines: list[tuple[Position, ParsedPosition]] = []
        self.seen: dict[type, set[int]] = {Unit: set(), Position: set(), Workflow: set()}

    def prov(self, line: int) -> dict:
        return {"source_document": self.document, "source_line": line}

    def run(self, parsed: ParsedDocument) -> None:
        for org in parsed.organisations:
            self.positions_by_title = {}
            self.pending_lines = []
            self.unit(org, None)
            self.reporting_lines()
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

    def unit(self, parsed: ParsedUnit, parent: Unit | None) -> Unit:
        same = Unit.objects.filter(parent=parent, name=parsed.name)
        if parent is None:  # an organisation belongs to its document
            same = same.filter(source_document=self.document)
        unit = same.first()
        if unit is None:
            unit = create_unit(name=parsed.name, kind=parsed.kind, parent=parent, **self.prov(parsed.line))
            self.report.bump("created", "units")
        self.seen[Unit].add(unit.pk)
        self.items(
            parsed.functions, Duty.objects.filter(unit=unit), {"unit": unit}, "responsibility", unit.name
        )
        for p in parsed.positions:
            self.position(p, unit)
        for w in parsed.workflows:
            self.workflow(w, unit)
        for child in parsed.children:
            self.unit(child, unit)
        return unit

    def position(self, parsed: ParsedPosition, unit: Unit) -> None:
        position = Position.objects.filter(unit=unit, title=parsed.title).first()
        fields = {"summary": parsed.summary, "authority": parsed.authority, "headcount": parsed.headcount}
        if position is None:
            position = Position.objects.create(
                unit=unit, title=parsed.title, described=parsed.described, **fields, **self.prov(parsed.line)
            )
            self.report.bump("created", "positions")
        else:
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
        self.seen[Position].add(position.pk)
        self.positions_by_title.setdefault(parsed.title, position)
        self.pending_lines.append((position, parsed))
        for kind, items in parsed.items.items():
            self.items(
                items, Duty.objects.filter(position=position), {"position": position}, kind, parsed.title
            )
        known = set(position.incumbents.values_list("name", flat=True))
        for name in parsed.incumbents:
            if name not in known:
                Incumbent.objects.create(position=position, name=name, **self.prov(parsed.line))

    def items(self, items, queryset, owner: dict, kind: str, label: str) -> None:
        existing = {d.order: d for d in queryset.filter(kind=kind)}
        new, updated = [], []
        for order, item in enumerate(items, start=1):
            duty = existing.pop(order, None)
            if duty is None:
                new.append(
                    Duty(
                        kind=kind,
                        order=order,
                        text=item.text,
                        original_text=item.original,
                        search_words=duty_words(item.text, item.original),  # bulk_create skips save()
                        **owner,
                        **self.prov(item.line),
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
        if new:
            Duty.objects.bulk_create(new)
        self.report.bump("created", "duties", len(new))
        self.report.bump("updated", "duties", len(updated))
        for duty in existing.values():
            if duty.source_document_id != self.document.pk:
                continue
            if _edited(duty):
                self.report.kept_edits.append(f"{label}: {kind} #{duty.order} (no longer in document)")
            else:
                duty.delete()
                self.report.bump("deleted", "duties")

    def workflow(self, parsed, unit: Unit) -> None:
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

    def superior(self, title: str, near: Position) -> Position:
        found = self.positions_by_title.get(title)
        if found is None:
            found = Position.objects.filter(unit=near.unit, title=title).first()
        if found is None:
            found = Position.objects.create(
                unit=near.unit, title=title, described=False, **self.prov(near.source_line)
            )
            self.report.bump("created", "undescribed positions")
        self.seen[Position].add(found.pk)
        self.positions_by_title[title] = found
        return found

    def reporting_lines(self) -> None:
        for position, parsed in self.pending_lines:
            pairs = [(position, self.superior(t, position)) for t in parsed.superiors]
            pairs += [
                (self.positions_by_title[t], position)
                for t in parsed.subordinates
                if t in self.positions_by_title
            ]
            for sub, sup in pairs:
                if sub.pk == sup.pk or ReportingLine.objects.filter(subordinate=sub, superior=sup).exists():
                    continue
                try:
                    add_reporting_line(subordinate=sub, superior=sup, **self.prov(parsed.line))
                    self.report.bump("created", "reporting lines")
                except ValidationError as exc:  # a cycle in the document: refuse that line, report it
                    self.report.warnings.append(f"{sub.title} → {sup.title}: {' '.join(exc.messages)}")
