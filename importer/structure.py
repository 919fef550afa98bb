"""What a document becomes before anything is written: units, positions, items, each with its line."""

from dataclasses import dataclass, field

RESPONSIBILITY, REQUIREMENT, AUTHORITY, KPI = "responsibility", "requirement", "authority", "kpi"


@dataclass
class Item:
    text: str
    original: str
    line: int
    kind: str = RESPONSIBILITY
    listed: bool = False  # written behind a list marker
    labelled: bool = False  # the value written on a label's own line ('职责:…')


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
    # Lines read as a labelled field (直接上级, 岗位职责:, 编制 …), and hints that could not apply.
    field_lines: set[int] = field(default_factory=set)
    hints_not_applied: list[int] = field(default_factory=list)
