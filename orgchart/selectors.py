"""Read-side queries for the org tree pages (a screen's reads: units with their positions and functions).

Every function here issues a fixed number of queries, whatever the size of the
tree: counts over a subtree come from the MPTT interval (tree_id, lft, rght) in
a correlated subquery, and paths come from one interval query for all hits.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from core.text import t2s
from duties.models import Duty
from orgchart.models import Unit
from roles.models import Position, ReportingLine

SEARCH_LIMIT = 50


def _count_subquery(queryset) -> Coalesce:
    counted = queryset.order_by().annotate(_group=Value(1)).values("_group").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def units_with_counts():
    """Units annotated with own and subtree position counts and a child count."""
    own = Position.objects.filter(unit_id=OuterRef("pk"))
    subtree = Position.objects.filter(
        unit__tree_id=OuterRef("tree_id"),
        unit__lft__gte=OuterRef("lft"),
        unit__lft__lt=OuterRef("rght"),
    )
    return Unit.objects.annotate(
        own_positions=_count_subquery(own),
        total_positions=_count_subquery(subtree),
        descendant_count=(F("rght") - F("lft") - 1) / 2,
    ).order_by("tree_id", "lft")


def path_to(unit: Unit) -> list[Unit]:
    """Ancestors of ``unit`` from the root down, the unit itself last (one query)."""
    return list(
        Unit.objects.filter(tree_id=unit.tree_id, lft__lte=unit.lft, rght__gte=unit.rght).order_by("lft")
    )


@dataclass
class TreeNode:
    unit: Unit
    children: list["TreeNode"] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    expanded: bool = False
    on_path: bool = False
    target: bool = False

    @property
    def has_children(self) -> bool:
        return self.unit.descendant_count > 0

    @property
    def expandable(self) -> bool:
        return self.has_children or self.unit.own_positions > 0


def _positions_by_unit(unit_ids) -> dict[int, list[Position]]:
    grouped: dict[int, list[Position]] = {}
    for position in Position.objects.filter(unit_id__in=unit_ids).order_by("unit_id", "title", "id"):
        grouped.setdefault(position.unit_id, []).append(position)
    return grouped


def tree_for(open_unit: Unit | None = None) -> list[TreeNode]:
    """Root units, with the path down to ``open_unit`` expanded (three queries at most)."""
    path_ids = [u.pk for u in path_to(open_unit)] if open_unit else []
    units = list(units_with_counts().filter(Q(parent__isnull=True) | Q(parent_id__in=path_ids)))
    positions = _positions_by_unit(path_ids) if path_ids else {}
    nodes = {u.pk: TreeNode(unit=u) for u in units}
    roots = []
    for node in nodes.values():
        unit = node.unit
        if unit.pk in path_ids:
            node.expanded = True
            node.on_path = True
            node.positions = positions.get(unit.pk, [])
        node.target = open_unit is not None and unit.pk == open_unit.pk
        parent = nodes.get(unit.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.unit.sibling_order, n.unit.lft))
    roots.sort(key=lambda n: (n.unit.sibling_order, n.unit.tree_id))
    return roots


def children_of(unit: Unit) -> tuple[list[TreeNode], list[Position]]:
    """Direct children of a unit (with counts) and its own positions (two queries)."""
    children = [TreeNode(unit=u) for u in units_with_counts().filter(parent_id=unit.pk)]
    children.sort(key=lambda n: (n.unit.sibling_order, n.unit.lft))
    positions = list(Position.objects.filter(unit_id=unit.pk).order_by("title", "id"))
    return children, positions


def unit_with_counts(pk: int) -> Unit:
    return units_with_counts().get(pk=pk)


def unit_functions(unit: Unit) -> list[Duty]:
    return list(Duty.objects.filter(unit=unit).order_by("kind", "order", "id"))


# --- search -----------------------------------------------------------------


def search_terms(query: str) -> list[str]:
    """The query as typed and in Simplified Chinese (data is stored in Simplified)."""
    query = query.strip()
    if not query:
        return []
    return list(dict.fromkeys([query, t2s(query)]))


def _paths_for(units: list[Unit]) -> dict[int, list[Unit]]:
    """For each given unit, its path from the root (one query for all)."""
    if not units:
        return {}
    spans = {(u.tree_id, u.lft, u.rght) for u in units}
    condition = reduce(or_, (Q(tree_id=t, lft__lte=lft, rght__gte=rght) for t, lft, rght in spans))
    ancestors = list(Unit.objects.filter(condition).order_by("tree_id", "lft"))
    return {
        u.pk: [a for a in ancestors if a.tree_id == u.tree_id and a.lft <= u.lft and a.rght >= u.rght]
        for u in units
    }


@dataclass
class SearchHit:
    kind: str  # "unit" or "position"
    unit: Unit
    position: Position | None
    path: list[Unit]

    @property
    def text(self) -> str:
        return self.position.title if self.position else self.unit.name


def search(query: str, limit: int = SEARCH_LIMIT) -> tuple[list[SearchHit], bool]:
    """Units and positions whose name/title contains the query; (hits, truncated)."""
    terms = search_terms(query)
    if not terms:
        return [], False
    unit_q = reduce(or_, (Q(name__icontains=t) for t in terms))
    position_q = reduce(or_, (Q(title__icontains=t) for t in terms))
    units = list(Unit.objects.filter(unit_q).order_by("tree_id", "lft")[: limit + 1])
    positions = list(
        Position.objects.filter(position_q)
        .select_related("unit")
        .order_by("unit__tree_id", "unit__lft", "title", "id")[: limit + 1]
    )
    truncated = len(units) > limit or len(positions) > limit
    units, positions = units[:limit], positions[:limit]
    paths = _paths_for(units + [p.unit for p in positions])
    hits = [SearchHit("unit", u, None, paths[u.pk]) for u in units]
    hits += [SearchHit("position", p.unit, p, paths[p.unit_id]) for p in positions]
    return hits, truncated


# --- chart ------------------------------------------------------------------


def chart_data(unit: Unit, include_descendants: bool = False) -> dict:
    """Positions and reporting lines of a unit as nodes and edges (three queries).

    A position may report to several superiors (solid and dotted), so the lines
    form a DAG; positions outside the unit linked to it appear as ``external``
    nodes. ``units`` lists the unit (and its sub-units) to group positions by.
    """
    if include_descendants:
        units = Unit.objects.filter(tree_id=unit.tree_id, lft__gte=unit.lft, lft__lt=unit.rght)
    else:
        units = Unit.objects.filter(pk=unit.pk)
    unit_rows = list(units.order_by("lft").values("pk", "name", "parent_id"))
    unit_names = {row["pk"]: row["name"] for row in unit_rows}
    positions = list(
        Position.objects.filter(unit_id__in=list(unit_names)).order_by("unit__lft", "title", "id")
    )
    inside = {p.pk for p in positions}
    lines = list(
        ReportingLine.objects.filter(Q(subordinate_id__in=inside) | Q(superior_id__in=inside))
        .select_related("superior__unit", "subordinate__unit")
        .order_by("subordinate_id", "kind", "id")
    )
    nodes = [
        {
            "id": p.pk,
            "title": p.title,
            "unit": unit_names[p.unit_id],
            "unit_id": p.unit_id,
            "headcount": p.headcount,
            "external": False,
        }
        for p in positions
    ]
    external = {}
    for line in lines:
        for other in (line.superior, line.subordinate):
            if other.pk not in inside and other.pk not in external:
                external[other.pk] = {
                    "id": other.pk,
                    "title": other.title,
                    "unit": other.unit.name,
                    "unit_id": other.unit_id,
                    "headcount": other.headcount,
                    "external": True,
                }
    nodes += list(external.values())
    edges = [{"source": line.superior_id, "target": line.subordinate_id, "kind": line.kind} for line in lines]
    return {
        "unit": {"id": unit.pk, "name": unit.name},
        "units": [
            {
                "id": row["pk"],
                "name": row["name"],
                "parent_id": None if row["pk"] == unit.pk else row["parent_id"],
            }
            for row in unit_rows
        ],
        "nodes": nodes,
        "edges": edges,
    }
