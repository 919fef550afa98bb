"""The import review: how each source line was read, and the tree those readings build.

Pure (no database): the admin's review page and its JSON endpoint show the same data, each time
the parser has run with HR's hints.
"""

import hashlib

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import INVISIBLE
from duties.models import Duty
from importer.hints import HINT_ROLES, JOIN, NOISE, ORGANISATION, POSITION, SPLIT, UNIT, UNIT_LEVELS
from importer.markup import source_lines
from importer.report import ImportReport
from importer.structure import AUTHORITY, KPI, REQUIREMENT, RESPONSIBILITY, ParsedDocument

FIELD, FUNCTION, WORKFLOW, STEP = "field", "function", "workflow", "step"
CONTINUATION, REPEATED, ASIDE, UNKNOWN = "continuation", "repeated", "aside", "unknown"

# What a line was read as, in the words HR sees.
ROLE_LABELS = {
    ORGANISATION: gettext_lazy("组织"),
    UNIT: gettext_lazy("单元标题"),
    POSITION: gettext_lazy("岗位标题"),
    FIELD: gettext_lazy("字段(上级/下级/编制/概述/权限)"),
    **dict(Duty.Kind.choices),
    FUNCTION: gettext_lazy("单元职能"),
    WORKFLOW: gettext_lazy("流程"),
    STEP: gettext_lazy("流程步骤"),
    CONTINUATION: gettext_lazy("并入上一条"),
    NOISE: gettext_lazy("噪声(已搁置)"),
    REPEATED: gettext_lazy("重复的标题"),
    ASIDE: gettext_lazy("附带的规定或文章(已搁置)"),
    UNKNOWN: gettext_lazy("未能识别"),
}

# The corrections HR can make, each with its key (shown in the legend; the page's script reads them).
HINT_KEYS = {
    POSITION: "p",
    f"{UNIT}:1": "u",
    f"{UNIT}:2": "2",
    f"{UNIT}:3": "3",
    ORGANISATION: "o",
    RESPONSIBILITY: "d",
    REQUIREMENT: "r",
    KPI: "k",
    NOISE: "n",
    JOIN: "j",
    SPLIT: "s",
}
HINT_LABELS = {
    POSITION: gettext_lazy("岗位标题"),
    f"{UNIT}:1": gettext_lazy("单元标题(第1级)"),
    f"{UNIT}:2": gettext_lazy("单元标题(第2级)"),
    f"{UNIT}:3": gettext_lazy("单元标题(第3级)"),
    ORGANISATION: gettext_lazy("组织"),
    RESPONSIBILITY: gettext_lazy("职责(属上方岗位)"),
    REQUIREMENT: gettext_lazy("任职资格(属上方岗位)"),
    KPI: gettext_lazy("考核指标(属上方岗位)"),
    NOISE: gettext_lazy("噪声(搁置)"),
    JOIN: gettext_lazy("并入上一条"),
    SPLIT: gettext_lazy("按编号拆分"),
}
assert set(HINT_KEYS) == set(HINT_ROLES) == set(HINT_LABELS)
assert len(UNIT_LEVELS) == 3


def document_lines(text: str) -> list[tuple[int, str]]:
    """The lines the parser reads, by number, each with its text as written (a table row whole)."""
    raw = INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbers = sorted({line.number for line in source_lines(text)})
    return [(number, raw[number - 1].strip()) for number in numbers]


def line_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def line_roles(parsed: ParsedDocument) -> dict[int, str]:
    """Each read line's role; a line that is several things gets the one that names the most."""
    roles: dict[int, str] = {}
    units, stack = [], list(parsed.organisations)
    while stack:
        unit = stack.pop(0)
        units.append(unit)
        stack.extend(unit.children)
    roots = {id(org) for org in parsed.organisations}
    for unit in units:
        roles.setdefault(unit.line, ORGANISATION if id(unit) in roots else UNIT)
    for unit in units:
        for position in unit.positions:
            roles.setdefault(position.line, POSITION)
        for workflow in unit.workflows:
            roles.setdefault(workflow.line, WORKFLOW)
    for unit in units:
        for position in unit.positions:
            for kind, items in position.items.items():
                for item in items:
                    roles.setdefault(item.line, kind)
        for workflow in unit.workflows:
            for step in workflow.steps:
                roles.setdefault(step.line, STEP)
        for item in unit.functions:
            roles.setdefault(item.line, FUNCTION)
    for number in parsed.field_lines:
        roles.setdefault(number, FIELD)
    for number in parsed.noise_lines:
        roles.setdefault(number, NOISE)
    for number in parsed.repeated_title_lines:
        roles.setdefault(number, REPEATED)
    for number, _text in parsed.set_aside:
        roles.setdefault(number, ASIDE)
    for number in parsed.used_lines:
        roles.setdefault(number, CONTINUATION)
    for number, _text in parsed.not_understood:
        roles.setdefault(number, UNKNOWN)
    return roles


def line_warnings(
    parsed: ParsedDocument, report: ImportReport, hints: dict[int, str]
) -> dict[int, list[str]]:
    """The report's remarks about single lines, by line, to be shown next to them."""
    found: dict[int, list[str]] = {}
    for number, text in parsed.not_understood:
        if number in parsed.hints_not_applied and hints.get(number) == JOIN:
            found.setdefault(number, []).append(_("更正无法应用:上方没有可并入的条目。"))
        elif number in parsed.hints_not_applied:
            found.setdefault(number, []).append(_("更正无法应用:这一行没有可作名称的文字。"))
        else:
            found.setdefault(number, []).append(_("未能识别:%(text)s") % {"text": text})
    for number, _text in parsed.unsure:
        found.setdefault(number, []).append(_("没有列表标记,按条目保留,请核对。"))
    for _title, number, confidence in report.positions:
        if confidence == "low":
            found.setdefault(number, []).append(_("把握低:这个岗位没有职责条目。"))
        elif confidence == "medium":
            found.setdefault(number, []).append(_("把握中等,请核对。"))
    return found


def review_lines(
    text: str, parsed: ParsedDocument, report: ImportReport, hints: dict[int, str]
) -> list[dict]:
    """One row per source line: number, text, role, HR's correction and the warnings about it."""
    roles, warnings = line_roles(parsed), line_warnings(parsed, report, hints)
    return [
        {
            "n": number,
            "text": line,
            "role": roles.get(number, UNKNOWN),
            "label": str(ROLE_LABELS[roles.get(number, UNKNOWN)]),
            "hint": hints.get(number, ""),
            "warnings": warnings.get(number, []),
        }
        for number, line in document_lines(text)
    ]


CONFIDENCE = {
    "high": gettext_lazy("把握高"),
    "medium": gettext_lazy("把握中等,请核对"),
    "low": gettext_lazy("把握低:没有职责条目"),
}


def tree_rows(parsed: ParsedDocument, report: ImportReport) -> list[dict]:
    """The tree the document builds, flattened with depths: units, then positions with their counts."""
    rows = []
    confidence = {(title, line): CONFIDENCE[level] for title, line, level in report.positions}
    kinds = (RESPONSIBILITY, REQUIREMENT, KPI, AUTHORITY)
    kind_labels = {kind: str(ROLE_LABELS[kind]) for kind in kinds}

    def walk(unit, depth):
        detail = [_("职能 %(n)d 条") % {"n": len(unit.functions)}] if unit.functions else []
        rows.append(
            {
                "depth": min(depth, 6),
                "kind": "unit",
                "label": unit.name,
                "line": unit.line,
                "detail": " · ".join(detail),
                "items": [i.text for i in unit.functions],
            }
        )
        for position in unit.positions:
            counts = [f"{kind_labels[k]} {len(position.items[k])}" for k in kinds if position.items[k]]
            extra = [f"{_('直接上级')}: {'、'.join(position.superiors)}"] if position.superiors else []
            rows.append(
                {
                    "depth": min(depth + 1, 6),
                    "kind": "position",
                    "label": position.title,
                    "line": position.line,
                    "detail": " · ".join(
                        [*counts, str(confidence.get((position.title, position.line), _("仅被提及")))]
                    ),
                    "items": extra
                    + [f"{kind_labels[kind]}: {i.text}" for kind in kinds for i in position.items[kind]],
                }
            )
        for workflow in unit.workflows:
            rows.append(
                {
                    "depth": min(depth + 1, 6),
                    "kind": "workflow",
                    "label": workflow.name,
                    "line": workflow.line,
                    "detail": _("步骤 %(n)d 个") % {"n": len(workflow.steps)},
                    "items": [s.text for s in workflow.steps],
                }
            )
        for child in unit.children:
            walk(child, depth + 1)

    for organisation in parsed.organisations:
        walk(organisation, 0)
    return rows


def summary(report: ImportReport) -> dict:
    """The counts and warnings above the review, as the endpoint sends them."""
    totals = report.totals
    return {
        "units": totals.get("units", 0),
        "positions": totals.get("positions", 0),
        "duties": totals.get("duties", 0),
        "workflows": totals.get("workflows", 0),
        "noise": len(report.noise_lines),
        "warnings": list(report.warnings),
        "lines_used": report.lines_used,
        "lines_total": report.lines_total,
    }
