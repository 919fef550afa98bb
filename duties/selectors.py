"""Reads for the workflow pages, each in a fixed number of queries whatever the number of steps."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q

from duties.models import Workflow, WorkflowStep
from orgchart.models import Unit
from roles.models import Position

# More lanes than this make the chart unreadable; the positions named least go to one shared lane.
MAX_LANES = 8
# A role a step starts with though no position holds that title (工程督导协调, 二级仓管入库登记).
ROLE_AT_START = re.compile(
    r"^([\u4e00-\u9fff]{1,8}?(?:经理|总监|主管|专员|助理|督导|仓管|文员|会计|出纳|顾问|秘书|主任|内勤|负责人))"
)


@dataclass
class Lane:
    label: str
    position: Position | None = None


@dataclass
class FlowStep:
    step: WorkflowStep
    number: int
    lane: int | None
    # One flag per lane: the step's box sits in the lane whose flag is set.
    cells: list[bool] = field(default_factory=list)


@dataclass
class WorkflowChart:
    workflow: Workflow
    unit_path: list[Unit]
    steps: list[FlowStep]
    lanes: list[Lane]


def _actor(text: str, titles: list[str]) -> str | None:
    """The position a step names first (the longest title where several start at the same place)."""
    best, best_at = None, len(text)
    for title in titles:  # longest first
        at = text.find(title)
        if 0 <= at < best_at:
            best, best_at = title, at
    if best is None:
        role = ROLE_AT_START.match(text.strip())
        best = role.group(1) if role else None
    return best


def _related_positions(workflow: Workflow) -> dict[str, Position]:
    """Positions a step may name: those of the owner's organisation and of the workflow's document."""
    scope = Q(pk__in=[])
    if workflow.owner_unit_id:
        scope |= Q(unit__tree_id=workflow.owner_unit.tree_id)
    if workflow.source_document_id:
        scope |= Q(source_document_id=workflow.source_document_id)
    by_title: dict[str, Position] = {}
    for position in Position.objects.filter(scope).order_by("id").only("id", "title", "unit_id", "described"):
        if len(position.title) >= 2:
            by_title.setdefault(position.title, position)
    return by_title


def workflow_chart(pk: int) -> WorkflowChart:
    """A workflow with its steps in order, each placed in the lane of the position it names first.

    A step naming no position of the store but starting with a role (工程督导…) gets that role's lane.

    Raises Workflow.DoesNotExist.
    """
    workflow = Workflow.objects.select_related("owner_unit", "source_document").get(pk=pk)
    steps = list(workflow.steps.order_by("order", "id"))
    positions = _related_positions(workflow)
    titles = sorted(positions, key=len, reverse=True)
    actors = [_actor(step.text, titles) for step in steps]
    named = [a for a in actors if a]
    ranked = sorted(dict.fromkeys(named), key=lambda t: -named.count(t))
    kept = set(ranked[:MAX_LANES] if len(ranked) <= MAX_LANES else ranked[: MAX_LANES - 1])
    lanes = [Lane(title, positions.get(title)) for title in dict.fromkeys(a for a in named if a in kept)]
    index = {lane.label: i for i, lane in enumerate(lanes)}
    if lanes and (len(kept) < len(ranked) or len(named) < len(actors)):
        index[None] = len(lanes)
        lanes.append(Lane(""))  # steps naming no position, or one of the positions named least
    flow = []
    for number, (step, actor) in enumerate(zip(steps, actors, strict=True), start=1):
        lane = index.get(actor if actor in kept else None) if lanes else None
        flow.append(FlowStep(step, number, lane, [i == lane for i in range(len(lanes))]))
    unit_path = []
    if workflow.owner_unit_id:
        owner = workflow.owner_unit
        unit_path = list(
            Unit.objects.filter(tree_id=owner.tree_id, lft__lte=owner.lft, rght__gte=owner.rght).order_by(
                "lft"
            )
        )
    return WorkflowChart(workflow, unit_path, flow, lanes)


def all_workflows() -> list[Workflow]:
    """Every workflow with its owner unit and step count, by document then name (one query)."""
    return list(
        Workflow.objects.select_related("owner_unit", "source_document")
        .annotate(step_count=Count("steps"))
        .order_by("source_document__name", "name", "id")
    )
