"""Every write to the unit tree goes through here.

django-mptt keeps lft/rght/tree_id in each row and recomputes them from the
values held in memory, so two writers at once corrupt the tree. Each write
below takes one PostgreSQL advisory lock inside its transaction (serialising
all tree writers across processes and app instances), re-reads the rows it
touches, checks the business rules, then writes.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.locks import take_advisory_lock
from core.updates import assign_fields
from core.versioning import check_version
from orgchart.models import Unit

# What update_unit may change; the place in the tree is move_unit's.
EDITABLE_FIELDS = ("name", "kind", "code")
TREE_FIELDS = {"parent", "parent_id", "sibling_order", "lft", "rght", "tree_id", "level"}


@contextmanager
def tree_write_lock():
    with transaction.atomic():
        take_advisory_lock("unit_tree")
        yield


def check_parent(unit: Unit, parent: Unit | None) -> None:
    """Refuse to put ``unit`` under itself or under one of its descendants.

    Both are judged as stored now (read them inside the tree lock to rely on it); the admin form
    calls this before saving, move_unit again under the lock.
    """
    if parent is None or parent.tree_id != unit.tree_id or not (unit.lft <= parent.lft <= unit.rght):
        return
    if parent.pk == unit.pk:
        message = _("不能把“%(unit)s”移动到它自己下面。")
    else:
        message = _("不能把“%(unit)s”移动到它自己的下级单元“%(target)s”下面。")
    raise ValidationError(message % {"unit": unit.name, "target": parent.name}, code="move_into_descendant")


def _next_sibling_order(parent_id) -> int:
    current = Unit.objects.filter(parent_id=parent_id).aggregate(top=Max("sibling_order"))["top"]
    return 0 if current is None else current + 1


def create_unit(
    *,
    name: str,
    kind: str = Unit.Kind.DEPARTMENT,
    parent: Unit | None = None,
    code: str = "",
    sibling_order: int | None = None,
    **extra,
) -> Unit:
    with tree_write_lock():
        parent_id = parent.pk if parent else None
        if sibling_order is None:
            sibling_order = _next_sibling_order(parent_id)
        unit = Unit(
            name=name, kind=kind, code=code, parent_id=parent_id, sibling_order=sibling_order, **extra
        )
        unit.full_clean()
        unit.save()
        return unit


def create_organisations(roots: list[dict]) -> dict[int, Unit]:
    """New organisations with all their units in one locked write (an import of a new document).

    Each root is ``{"key", "name", "kind", "extra", "children": [...]}``; the nested-set fields are
    computed here, so the trees cost one insert per level instead of a locked write per unit.
    Returns the units by ``key``.
    """
    with tree_write_lock():
        tree_id = Unit.objects.aggregate(top=Max("tree_id"))["top"] or 0
        levels, by_key = defaultdict(list), {}

        def place(node, level, sibling_order, parent_key, counter):
            unit = Unit(
                name=node["name"],
                kind=node["kind"],
                sibling_order=sibling_order,
                tree_id=tree_id,
                level=level,
                lft=counter,
                **node.get("extra", {}),
            )
            for index, child in enumerate(node["children"]):
                counter = place(child, level + 1, index, node["key"], counter + 1)
            unit.rght = counter + 1
            unit.clean_fields(exclude=["parent", "source_document"])  # both are rows the caller holds
            levels[level].append((unit, parent_key))
            by_key[node["key"]] = unit
            return counter + 1

        for root in roots:
            tree_id += 1
            place(root, 0, 0, None, 1)
        for level in sorted(levels):
            for unit, parent_key in levels[level]:
                unit.parent = by_key[parent_key] if parent_key is not None else None
            bulk_create_with_history([unit for unit, _ in levels[level]], Unit, batch_size=500)
        return by_key


def update_unit(unit: Unit, *, expected_version=None, **fields) -> Unit:
    """Change a unit's own fields (not its place in the tree: see move_unit)."""
    if TREE_FIELDS & fields.keys():
        raise ValueError("use move_unit to change a unit's place in the tree")
    with tree_write_lock():
        current = Unit.objects.select_for_update().get(pk=unit.pk)
        check_version(current, expected_version)
        assign_fields(current, fields, EDITABLE_FIELDS)
        current.version += 1
        current.full_clean(exclude=["version"])
        current.save()
        return current


def move_unit(unit: Unit, *, parent: Unit | None, index: int | None = None, expected_version=None) -> Unit:
    """Put ``unit`` under ``parent`` (None: make it a root) at sibling ``index``.

    ``index`` None appends after the last sibling.
    """
    with tree_write_lock():
        current = Unit.objects.select_for_update().get(pk=unit.pk)
        check_version(current, expected_version)
        target = Unit.objects.get(pk=parent.pk) if parent is not None else None
        check_parent(current, target)
        target_id = target.pk if target else None
        siblings = list(
            Unit.objects.filter(parent_id=target_id)
            .exclude(pk=current.pk)
            .order_by("sibling_order", "lft")
            .values_list("pk", flat=True)
        )
        if index is None or index > len(siblings):
            index = len(siblings)
        index = max(index, 0)
        # Renumber the new siblings around a gap at ``index``; their relative
        # order (and so their tree positions) does not change.
        renumbered = [
            Unit(pk=pk, sibling_order=order if order < index else order + 1)
            for order, pk in enumerate(siblings)
        ]
        Unit.objects.bulk_update(renumbered, ["sibling_order"])
        current.parent = target
        current.sibling_order = index
        current.version = current.version + 1
        current.save()
        return current


def delete_unit(unit: Unit, *, expected_version=None) -> None:
    with tree_write_lock():
        current = Unit.objects.select_for_update().get(pk=unit.pk)
        check_version(current, expected_version)
        if current.get_children().exists():
            raise ValidationError(
                _("“%(unit)s”下还有下级单元,不能删除。") % {"unit": current.name}, code="has_children"
            )
        if current.positions.exists():
            raise ValidationError(
                _("“%(unit)s”下还有岗位,不能删除。") % {"unit": current.name}, code="has_positions"
            )
        current.delete()


def tree_problems() -> list[str]:
    """Inconsistencies in the stored nested-set fields; empty when the tree is valid."""
    checks = {
        "duplicate (tree_id, lft)": """
            SELECT tree_id, lft FROM orgchart_unit GROUP BY tree_id, lft HAVING count(*) > 1""",
        "duplicate (tree_id, rght)": """
            SELECT tree_id, rght FROM orgchart_unit GROUP BY tree_id, rght HAVING count(*) > 1""",
        "lft not below rght": "SELECT id FROM orgchart_unit WHERE lft >= rght",
        "child outside its parent": """
            SELECT c.id FROM orgchart_unit c JOIN orgchart_unit p ON c.parent_id = p.id
            WHERE c.tree_id <> p.tree_id OR c.lft <= p.lft OR c.rght >= p.rght
               OR c.level <> p.level + 1""",
        "root not at level 0 or not starting at 1": """
            SELECT id FROM orgchart_unit WHERE parent_id IS NULL AND (level <> 0 OR lft <> 1)""",
        "root sharing a tree_id": """
            SELECT tree_id FROM orgchart_unit WHERE parent_id IS NULL
            GROUP BY tree_id HAVING count(*) > 1""",
        "tree size mismatch (rght of root != 2 * nodes)": """
            SELECT r.id FROM orgchart_unit r
            WHERE r.parent_id IS NULL AND r.rght <> 2 * (
                SELECT count(*) FROM orgchart_unit n WHERE n.tree_id = r.tree_id)""",
    }
    problems = []
    with connection.cursor() as cursor:
        for label, sql in checks.items():
            cursor.execute(sql)
            rows = cursor.fetchall()
            if rows:
                problems.append(f"{label}: {len(rows)} row(s), e.g. {rows[0]}")
    return problems


def rebuild_tree() -> None:
    with tree_write_lock():
        Unit.objects.rebuild()
