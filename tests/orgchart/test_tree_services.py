import pytest
from django.core.exceptions import ValidationError

from core.versioning import StaleEditError
from orgchart import services as tree
from orgchart.models import Unit
from tests.factories import PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def names(queryset):
    return [unit.name for unit in queryset]


def test_children_keep_the_order_they_were_created_in():
    group = UnitFactory(name="集团", kind=Unit.Kind.ORGANISATION)
    for name in ["营销部", "财务部", "人力资源部"]:
        UnitFactory(name=name, parent=group)

    group.refresh_from_db()
    assert names(group.get_children()) == ["营销部", "财务部", "人力资源部"]
    assert tree.tree_problems() == []


def test_moving_a_unit_to_an_index_reorders_its_new_siblings():
    group = UnitFactory(name="集团")
    sales, finance, hr = (UnitFactory(name=n, parent=group) for n in ["营销部", "财务部", "人力资源部"])

    tree.move_unit(hr, parent=group, index=0)

    assert names(Unit.objects.get(pk=group.pk).get_children()) == ["人力资源部", "营销部", "财务部"]
    assert tree.tree_problems() == []


def test_a_subtree_moves_with_its_unit():
    group = UnitFactory(name="集团")
    sales = UnitFactory(name="营销部", parent=group)
    planning = UnitFactory(name="计划统计处", parent=sales)
    other = UnitFactory(name="另一集团")

    tree.move_unit(sales, parent=other)

    planning.refresh_from_db()
    assert [u.name for u in planning.get_ancestors()] == ["另一集团", "营销部"]
    assert tree.tree_problems() == []


def test_moving_a_unit_under_its_own_descendant_is_refused_and_changes_nothing():
    group = UnitFactory(name="集团")
    sales = UnitFactory(name="营销部", parent=group)
    planning = UnitFactory(name="计划统计处", parent=sales)

    with pytest.raises(ValidationError, match="下级单元“计划统计处”"):
        tree.move_unit(sales, parent=planning)
    with pytest.raises(ValidationError, match="自己下面"):
        tree.move_unit(sales, parent=sales)

    sales.refresh_from_db()
    assert sales.parent_id == group.pk
    assert tree.tree_problems() == []


def test_the_admin_form_and_move_unit_share_one_descendant_rule(monkeypatch):
    from orgchart import forms

    assert forms.check_parent is tree.check_parent
    group = UnitFactory(name="集团")
    sales = UnitFactory(name="营销部", parent=group)
    planning = UnitFactory(name="计划统计处", parent=sales)
    other = UnitFactory(name="另一集团")
    for allowed in (None, group, other, UnitFactory(name="财务部", parent=group)):
        tree.check_parent(sales, allowed)
    for refused in (sales, planning):
        with pytest.raises(ValidationError) as refusal:
            tree.check_parent(sales, refused)
        assert refusal.value.code == "move_into_descendant"

    calls = []
    monkeypatch.setattr(forms, "check_parent", lambda unit, parent: calls.append((unit.pk, parent.pk)))
    form = forms.UnitAdminForm(
        data={"name": sales.name, "kind": sales.kind, "code": "", "parent": planning.pk}, instance=sales
    )
    assert form.is_valid()
    assert calls == [(sales.pk, planning.pk)]


def test_a_stale_edit_is_refused_with_a_message():
    unit = UnitFactory(name="营销部")
    tree.update_unit(unit, expected_version=1, name="营销中心")

    with pytest.raises(StaleEditError, match="已被他人修改"):
        tree.update_unit(unit, expected_version=1, name="市场部")
    assert Unit.objects.get(pk=unit.pk).name == "营销中心"


def test_deleting_a_unit_with_children_or_positions_is_refused():
    group = UnitFactory(name="集团")
    sales = UnitFactory(name="营销部", parent=group)
    PositionFactory(unit=sales)

    with pytest.raises(ValidationError, match="下级单元"):
        tree.delete_unit(group)
    with pytest.raises(ValidationError, match="岗位"):
        tree.delete_unit(sales)


def test_check_tree_reports_and_repairs_a_corrupted_tree(capsys):
    from django.core.management import CommandError, call_command

    group = UnitFactory(name="集团")
    UnitFactory(name="营销部", parent=group)
    UnitFactory(name="财务部", parent=group)
    Unit.objects.filter(name="财务部").update(lft=2)  # what concurrent mptt writers produce

    with pytest.raises(CommandError):
        call_command("check_tree")
    call_command("check_tree", "--fix")

    assert tree.tree_problems() == []
    assert "rebuilt" in capsys.readouterr().out


def test_new_organisations_are_written_whole_with_consistent_nested_sets():
    UnitFactory(name="已有集团", kind=Unit.Kind.ORGANISATION)

    def node(key, name, *children):
        return {"key": key, "name": name, "kind": Unit.Kind.DEPARTMENT, "children": list(children)}

    created = tree.create_organisations(
        [
            node("a", "甲公司", node("a1", "营销部", node("a11", "策划处")), node("a2", "财务部")),
            node("b", "乙公司", node("b1", "工程部")),
        ]
    )

    assert tree.tree_problems() == []
    first = Unit.objects.get(pk=created["a"].pk)
    assert names(first.get_children()) == ["营销部", "财务部"]
    assert names(first.get_descendants()) == ["营销部", "策划处", "财务部"]
    assert created["a11"].get_ancestors().count() == 2
    assert Unit.objects.get(pk=created["b1"].pk).parent.name == "乙公司"
    assert Unit.history.filter(name="策划处").count() == 1  # history kept as for single writes
