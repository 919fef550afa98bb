"""Read-side queries for the org tree pages (a screen's reads: units with their positions and functions).

Every function here issues a fixed number of queries, whatever the size of the
tree: counts over a subtree come from the MPTT interval (tree_id, lft, rght) in
one grouped query for all listed units, and paths come from one interval query for all hits.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Substr

from core.text import t2s
from duties.models import Duty, Workflow
from orgchart.models import Unit
from roles.models import Incumbent, Position, ReportingLine
from sources.models import SourceDocument

SEARCH_LIMIT = 50


def _count_subquery(queryset) -> Coalesce:
    counted = queryset.order_by().annotate(_group=Value(1)).values("_group").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def with_staffing(positions):
    """Positions annotated with 在岗 (incumbents) and vacancies (编制 minus 在岗, never below 0)."""
    staffed = Incumbent.objects.filter(position_id=OuterRef("pk"))
    return positions.annotate(incumbent_count=_count_subquery(staffed)).annotate(
        vacancies=Case(
            When(headcount__isnull=True, then=Value(0)),
            default=Greatest(F("headcount") - F("incumbent_count"), Value(0)),
            output_field=IntegerField(),
        )
    )


# Subtree figures of the listed units in one grouped query: each listed unit joins the units of its
# subtree by interval (tree_id, lft), their positions and each position's incumbents counted once, so
# a position is read once per listed unit above it instead of once per figure per unit.
ROLLUP_SQL = """
SELECT u.*, (u.rght - u.lft - 1) / 2 AS descendant_count,
    coalesce(r.own_positions, 0) AS own_positions,
    coalesce(r.total_positions, 0) AS total_positions,
    coalesce(r.total_headcount, 0) AS total_headcount,
    coalesce(r.total_incumbents, 0) AS total_incumbents,
    coalesce(r.total_vacancies, 0) AS total_vacancies,
    coalesce(r.mentioned_positions, 0) AS mentioned_positions
FROM {unit_table} u
LEFT JOIN (
    SELECT l.id AS unit_id,
        count(*) FILTER (WHERE p.unit_id = l.id) AS own_positions,
        count(*) AS total_positions,
        sum(p.headcount)::bigint AS total_headcount,
        sum(coalesce(s.n, 0))::bigint AS total_incumbents,
        -- greatest() skips NULL: a position without 编制 has no vacancy.
        sum(greatest(p.headcount - coalesce(s.n, 0), 0))::bigint AS total_vacancies,
        count(*) FILTER (WHERE NOT p.described) AS mentioned_positions
    FROM {unit_table} l
    JOIN {unit_table} d ON d.tree_id = l.tree_id AND d.lft >= l.lft AND d.lft < l.rght
    JOIN {position_table} p ON p.unit_id = d.id
    LEFT JOIN (
        SELECT position_id, count(*) AS n FROM {incumbent_table} GROUP BY position_id
    ) s ON s.position_id = p.id
    WHERE l.id IN ({listed})
    GROUP BY l.id
) r ON r.unit_id = u.id
WHERE u.id IN ({listed})
ORDER BY u.tree_id, u.lft
"""


def units_with_counts(units=None) -> list[Unit]:
    """The given units (all by default) with own and subtree position counts, a child count and staffing.

    Staffing is rolled up over the unit and its descendants: 编制 (sum of headcounts), 在岗
    (incumbents) and vacancies summed per position, so one overstaffed position hides no gap.
    One query, ordered by tree and position in it.
    """
    units = Unit.objects.all() if units is None else units
    listed, params = units.order_by().values("pk").query.sql_with_params()
    sql = ROLLUP_SQL.format(
        unit_table=Unit._meta.db_table,
        position_table=Position._meta.db_table,
        incumbent_table=Incumbent._meta.db_table,
        listed=listed,
    )
    return list(Unit.objects.raw(sql, (*params, *params)))


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
    for position in with_staffing(Position.objects.filter(unit_id__in=unit_ids)).order_by(
        "unit_id", "title", "id"
    ):
        grouped.setdefault(position.unit_id, []).append(position)
    return grouped


def tree_for(open_unit: Unit | None = None) -> list[TreeNode]:
    """Root units, with the path down to ``open_unit`` expanded (three queries at most)."""
    path_ids = [u.pk for u in path_to(open_unit)] if open_unit else []
    return _tree(set(path_ids), {open_unit.pk} if open_unit else set())


def tree_for_hits(hits: list["SearchHit"]) -> list[TreeNode]:
    """The organisations holding search hits, each branch down to a hit expanded (two queries).

    A unit hit shows among its siblings; a position hit shows inside its expanded unit.
    The paths come with the hits, so this costs no query per hit.
    """
    path_ids, targets = set(), set()
    for hit in hits:
        steps = hit.path if hit.kind == "position" else hit.path[:-1]
        path_ids.update(u.pk for u in steps)
        if hit.kind == "unit":
            targets.add(hit.unit.pk)
    tree_ids = {hit.unit.tree_id for hit in hits}
    return _tree(path_ids, targets, tree_ids=tree_ids)


def _tree(path_ids: set[int], targets: set[int], tree_ids: set[int] | None = None) -> list[TreeNode]:
    roots_q = Q(parent__isnull=True)
    if tree_ids is not None:
        roots_q &= Q(tree_id__in=tree_ids)
    units = units_with_counts(Unit.objects.filter(roots_q | Q(parent_id__in=path_ids)))
    positions = _positions_by_unit(path_ids) if path_ids else {}
    nodes = {u.pk: TreeNode(unit=u) for u in units}
    roots = []
    for node in nodes.values():
        unit = node.unit
        if unit.pk in path_ids:
            node.expanded = True
            node.on_path = True
            node.positions = positions.get(unit.pk, [])
        node.target = unit.pk in targets
        parent = nodes.get(unit.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.unit.sibling_order, n.unit.lft))
    roots.sort(key=lambda n: (n.unit.sibling_order, n.unit.tree_id))
    return roots


@dataclass
class DocumentGroup:
    """The organisations one source document produced, as a manager browses them."""

    document_id: int | None
    title: str
    file_name: str
    roots: list[TreeNode] = field(default_factory=list)
    # Roots with no position anywhere below them: section headings such as 工作流程.
    empty_roots: list[TreeNode] = field(default_factory=list)


DOCUMENT_ORDINAL = re.compile(r"^第[一二三四五六七八九十百\d]+[篇章节部分]\s*[:：]?\s*")


def document_title(head: str, fallback: str) -> str:
    """A document's title: its first non-empty line, in Simplified, without 第一篇: numbering."""
    for line in head.splitlines():
        line = DOCUMENT_ORDINAL.sub("", t2s(line.strip()))
        if line:
            return line[:80]
    return fallback


def group_by_document(roots: list[TreeNode]) -> list[DocumentGroup]:
    """Roots grouped by the document they were imported from (one query); hand-made ones last."""
    ids = {node.unit.source_document_id for node in roots} - {None}
    documents = (
        SourceDocument.objects.filter(pk__in=ids)
        .annotate(head=Substr("text", 1, 300))
        .values("pk", "name", "head")
        .order_by("name")
    )
    groups = {
        row["pk"]: DocumentGroup(row["pk"], document_title(row["head"], row["name"]), row["name"])
        for row in documents
    }
    manual = DocumentGroup(None, "", "")
    for node in roots:
        group = groups.get(node.unit.source_document_id, manual)
        (
            group.roots if node.unit.total_positions or node.on_path or node.target else group.empty_roots
        ).append(node)
    return [g for g in [*groups.values(), manual] if g.roots or g.empty_roots]


def children_of(unit: Unit) -> tuple[list[TreeNode], list[Position]]:
    """Direct children of a unit (with counts) and its own positions (two queries)."""
    children = [TreeNode(unit=u) for u in units_with_counts(Unit.objects.filter(parent_id=unit.pk))]
    children.sort(key=lambda n: (n.unit.sibling_order, n.unit.lft))
    positions = list(with_staffing(Position.objects.filter(unit_id=unit.pk)).order_by("title", "id"))
    return children, positions


def unit_with_counts(pk: int) -> Unit:
    found = units_with_counts(Unit.objects.filter(pk=pk))
    if not found:
        raise Unit.DoesNotExist(pk)
    return found[0]


def unit_functions(unit: Unit) -> list[Duty]:
    return list(Duty.objects.filter(unit=unit).order_by("kind", "order", "id"))


def unit_workflows(unit: Unit) -> list[Workflow]:
    """Workflows owned by the unit or a unit below it, with their step counts (one query)."""
    return list(
        Workflow.objects.filter(
            owner_unit__tree_id=unit.tree_id, owner_unit__lft__gte=unit.lft, owner_unit__lft__lt=unit.rght
        )
        .select_related("owner_unit")
        .annotate(step_count=Count("steps"))
        .order_by("owner_unit__lft", "name", "id")
    )


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
    """Positions and reporting lines of a unit as nodes and edges (three queries, however large).

    A position may report to several superiors (solid and dotted), so the lines
    form a DAG; positions outside the unit linked to it appear as ``external``
    nodes. ``units`` lists the unit (and its sub-units) to group positions by.
    """
    if include_descendants:
        units = Unit.objects.filter(tree_id=unit.tree_id, lft__gte=unit.lft, lft__lt=unit.rght)
    else:
        units = Unit.objects.filter(pk=unit.pk)
    unit_rows = units_with_counts(units)
    unit_names = {row.pk: row.name for row in unit_rows}
    # Lines first, as bare ids (joining wide position rows to every line made PostgreSQL scan them
    # all), then the positions inside and the external ends of those lines in one query.
    inside_ids = Position.objects.filter(unit_id__in=list(unit_names)).values("pk")
    lines = list(
        ReportingLine.objects.filter(Q(subordinate_id__in=inside_ids) | Q(superior_id__in=inside_ids))
        .order_by("subordinate_id", "kind", "id")
        .only("subordinate_id", "superior_id", "kind")
    )
    ends = {pk for line in lines for pk in (line.subordinate_id, line.superior_id)}
    found = list(
        with_staffing(Position.objects.filter(Q(unit_id__in=list(unit_names)) | Q(pk__in=ends)))
        .select_related("unit")
        .defer("search_words", "search_vector")
        .order_by("unit__lft", "title", "id")
    )
    positions = [p for p in found if p.unit_id in unit_names]
    inside = {p.pk for p in positions}
    by_pk = {p.pk: p for p in found}
    for line in lines:
        line.superior, line.subordinate = by_pk[line.superior_id], by_pk[line.subordinate_id]
    nodes = [
        {
            "id": p.pk,
            "title": p.title,
            "unit": unit_names[p.unit_id],
            "unit_id": p.unit_id,
            "headcount": p.headcount,
            "incumbents": p.incumbent_count,
            "vacancies": p.vacancies,
            "described": p.described,
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
                    "described": other.described,
                    "external": True,
                }
    nodes += list(external.values())
    edges = [{"source": line.superior_id, "target": line.subordinate_id, "kind": line.kind} for line in lines]
    return {
        "unit": {"id": unit.pk, "name": unit.name},
        "units": [
            {
                "id": row.pk,
                "name": row.name,
                "parent_id": None if row.pk == unit.pk else row.parent_id,
                "headcount": row.total_headcount,
                "incumbents": row.total_incumbents,
                "vacancies": row.total_vacancies,
            }
            for row in unit_rows
        ],
        "nodes": nodes,
        "edges": edges,
    }
