"""The unit admin as HR editors and managers use it."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.urls import reverse

from orgchart import services as tree
from orgchart.forms import UnitAdminForm
from orgchart.models import Unit
from tests.factories import UnitFactory
from tests.roles.test_admin import post_data_from

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orgchart_unit_changelist")
# Management form of the (empty) inline of a unit's functions.
NO_FUNCTIONS = {"functions-TOTAL_FORMS": "0", "functions-INITIAL_FORMS": "0"}


def change_url(unit):
    return reverse("admin:orgchart_unit_change", args=[unit.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(unit, **overrides):
    data = {
        "name": unit.name,
        "kind": unit.kind,
        "code": unit.code,
        "parent": unit.parent_id or "",
        "expected_version": unit.version,
        **NO_FUNCTIONS,
    }
    data.update(overrides)
    return data


@pytest.fixture
def org():
    group = UnitFactory(name="集团", kind=Unit.Kind.ORGANISATION)
    sales = UnitFactory(name="营销中心", parent=group, kind=Unit.Kind.CENTRE)
    market = UnitFactory(name="市场部", parent=sales)
    finance = UnitFactory(name="财务部", parent=group)
    return {"group": group, "sales": sales, "market": market, "finance": finance}


def children_names(unit):
    return [child.name for child in Unit.objects.get(pk=unit.pk).get_children()]


def test_an_hr_editor_sees_the_tree_with_drag_and_drop(client, hr_editor, org):
    client.force_login(hr_editor)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    content = response.content.decode()
    assert "mptt/draggable-admin.js" in content
    assert "营销中心" in content and "市场部" in content


def test_dragging_a_unit_under_another_moves_it_through_the_tree_service(client, hr_editor, org):
    client.force_login(hr_editor)

    response = client.post(
        CHANGELIST,
        {
            "cmd": "move_node",
            "cut_item": org["market"].pk,
            "pasted_on": org["finance"].pk,
            "position": "last-child",
        },
    )

    assert response.status_code == 200
    assert children_names(org["finance"]) == ["市场部"]
    assert Unit.objects.get(pk=org["market"].pk).version == org["market"].version + 1
    assert tree.tree_problems() == []
    assert any("市场部" in text and "财务部" in text for text in messages_of(response))


def test_dropping_a_unit_before_or_after_a_sibling_reorders_them(client, hr_editor, org):
    client.force_login(hr_editor)
    group, sales, finance = org["group"], org["sales"], org["finance"]

    client.post(
        CHANGELIST, {"cmd": "move_node", "cut_item": finance.pk, "pasted_on": sales.pk, "position": "left"}
    )
    assert children_names(group) == ["财务部", "营销中心"]

    client.post(
        CHANGELIST, {"cmd": "move_node", "cut_item": finance.pk, "pasted_on": sales.pk, "position": "right"}
    )
    assert children_names(group) == ["营销中心", "财务部"]

    client.post(
        CHANGELIST,
        {"cmd": "move_node", "cut_item": finance.pk, "pasted_on": group.pk, "position": "first-child"},
    )
    assert children_names(group) == ["财务部", "营销中心"]
    assert tree.tree_problems() == []


def test_dragging_a_unit_under_its_own_descendant_is_refused_with_a_message(client, hr_editor, org):
    client.force_login(hr_editor)
    before = list(Unit.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "tree_id"))

    response = client.post(
        CHANGELIST,
        {
            "cmd": "move_node",
            "cut_item": org["sales"].pk,
            "pasted_on": org["market"].pk,
            "position": "last-child",
        },
    )

    assert response.status_code == 400
    assert "下级单元“市场部”" in response.json()["error"]
    assert any("下级单元“市场部”" in text for text in messages_of(response))
    assert (
        list(Unit.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "tree_id")) == before
    )


def test_an_unknown_drop_instruction_is_refused_without_a_change(client, hr_editor, org):
    client.force_login(hr_editor)

    response = client.post(
        CHANGELIST,
        {"cmd": "move_node", "cut_item": org["market"].pk, "pasted_on": org["finance"].pk, "position": "x"},
    )

    assert response.status_code == 400
    assert Unit.objects.get(pk=org["market"].pk).parent_id == org["sales"].pk


def test_an_hr_editor_adds_a_unit_at_the_end_of_its_parent(client, hr_editor, org):
    client.force_login(hr_editor)

    response = client.post(
        reverse("admin:orgchart_unit_add"),
        {
            "name": "人力资源部",
            "kind": Unit.Kind.DEPARTMENT,
            "code": "HR",
            "parent": org["group"].pk,
            **NO_FUNCTIONS,
        },
    )

    assert response.status_code == 302
    assert children_names(org["group"]) == ["营销中心", "财务部", "人力资源部"]
    assert Unit.objects.get(code="HR").history.count() == 1
    assert tree.tree_problems() == []


def test_changing_the_parent_in_the_form_moves_the_unit(client, hr_editor, org):
    client.force_login(hr_editor)
    market = org["market"]

    response = client.post(change_url(market), form_data(market, name="市场营销部", parent=org["finance"].pk))

    assert response.status_code == 302
    market = Unit.objects.get(pk=market.pk)
    assert market.name == "市场营销部"
    assert market.parent_id == org["finance"].pk
    assert tree.tree_problems() == []


def test_choosing_a_descendant_as_parent_in_the_form_shows_an_error(client, hr_editor, org):
    client.force_login(hr_editor)
    sales = org["sales"]

    response = client.post(change_url(sales), form_data(sales, parent=org["market"].pk))

    assert response.status_code == 200
    assert "不能把“营销中心”移动到它自己的下级单元“市场部”下面。" in response.content.decode()
    assert Unit.objects.get(pk=sales.pk).parent_id == org["group"].pk
    assert tree.tree_problems() == []


def test_a_stale_unit_form_is_refused_and_keeps_the_other_edit(client, hr_editor, org):
    client.force_login(hr_editor)
    sales = org["sales"]
    stale = form_data(sales, name="市场中心")
    tree.update_unit(sales, name="销售中心")  # somebody else saves first

    response = client.post(change_url(sales), stale)

    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert Unit.objects.get(pk=sales.pk).name == "销售中心"


def test_the_change_form_carries_the_current_version(client, hr_editor, org):
    client.force_login(hr_editor)
    tree.update_unit(org["finance"], name="财务管理部")

    response = client.get(change_url(org["finance"]))

    assert response.status_code == 200
    assert response.context["adminform"].form.initial["expected_version"] == 2


def test_deleting_a_unit_with_children_is_refused(client, hr_editor, org):
    client.force_login(hr_editor)

    response = client.post(reverse("admin:orgchart_unit_delete", args=[org["sales"].pk]), {"post": "yes"})

    assert response.status_code in (200, 302)
    assert Unit.objects.filter(pk=org["sales"].pk).exists()
    assert tree.tree_problems() == []


def test_deleting_a_leaf_unit_goes_through_the_service(client, hr_editor, org):
    client.force_login(hr_editor)

    response = client.post(reverse("admin:orgchart_unit_delete", args=[org["market"].pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Unit.objects.filter(pk=org["market"].pk).exists()
    assert tree.tree_problems() == []


def test_a_manager_sees_the_tree_but_cannot_change_it(client, manager, org):
    client.force_login(manager)
    market = org["market"]

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(change_url(market)).status_code == 200
    assert client.get(reverse("admin:orgchart_unit_add")).status_code == 403
    assert client.post(reverse("admin:orgchart_unit_add"), {"name": "新部门"}).status_code == 403
    assert client.post(change_url(market), form_data(market, name="改名")).status_code == 403
    moved = client.post(
        CHANGELIST,
        {"cmd": "move_node", "cut_item": market.pk, "pasted_on": org["finance"].pk, "position": "last-child"},
    )
    assert moved.status_code == 403
    assert client.get(reverse("admin:orgchart_unit_import")).status_code == 403
    market = Unit.objects.get(pk=market.pk)
    assert (market.name, market.parent_id) == ("市场部", org["sales"].pk)
    assert not Unit.objects.filter(name="新部门").exists()


@pytest.mark.parametrize("renames", [3, 30])
def test_the_history_page_costs_the_same_for_a_short_and_a_long_history(
    client, hr_editor, org, renames, django_assert_max_num_queries
):
    market = org["market"]
    for n in range(renames):
        market = tree.update_unit(Unit.objects.get(pk=market.pk), name=f"市场部{n}")
    client.force_login(hr_editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:orgchart_unit_history", args=[market.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("营销中心") >= renames


def test_drag_handles_are_offered_only_to_those_who_may_move_units(client, manager, hr_editor, org):
    client.force_login(manager)
    assert 'class="drag-handle"' not in client.get(CHANGELIST).content.decode()
    client.force_login(hr_editor)
    assert 'class="drag-handle"' in client.get(CHANGELIST).content.decode()


def test_the_revert_page_restores_a_renamed_and_moved_unit_through_the_services(client, hr_editor, org):
    client.force_login(hr_editor)
    market = org["market"]
    original = market.history.earliest()
    tree.update_unit(market, name="市场营销部")
    tree.move_unit(Unit.objects.get(pk=market.pk), parent=org["finance"])
    revert_url = reverse("admin:orgchart_unit_simple_history", args=[market.pk, original.history_id])

    page = client.get(revert_url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.initial["name"] == "市场部"
    assert form.initial["parent"] == org["sales"].pk
    data = {
        name: form.initial.get(name) or "" for name in ("name", "kind", "code", "parent", "expected_version")
    }
    response = client.post(revert_url, data)

    assert response.status_code == 302
    market = Unit.objects.get(pk=market.pk)
    assert (market.name, market.parent_id) == ("市场部", org["sales"].pk)
    assert tree.tree_problems() == []
    assert market.history.count() == 5  # created, renamed, moved, reverted name, reverted place


def test_reverting_to_a_parent_that_is_now_a_descendant_is_refused(client, hr_editor, org):
    client.force_login(hr_editor)
    sales, market, finance = org["sales"], org["market"], org["finance"]
    tree.move_unit(sales, parent=finance)
    history_under_finance = Unit.objects.get(pk=sales.pk).history.latest()
    tree.move_unit(Unit.objects.get(pk=sales.pk), parent=org["group"])
    tree.move_unit(finance, parent=market)  # 财务部 is now below 营销中心
    revert_url = reverse(
        "admin:orgchart_unit_simple_history", args=[sales.pk, history_under_finance.history_id]
    )

    page = client.get(revert_url)
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name) or "" for name in ("name", "kind", "code", "parent", "expected_version")
    }
    response = client.post(revert_url, data)

    assert response.status_code == 200
    assert "不能把“营销中心”移动到它自己的下级单元“财务部”下面。" in response.content.decode()
    assert Unit.objects.get(pk=sales.pk).parent_id == org["group"].pk
    assert tree.tree_problems() == []


def test_a_unit_page_edits_the_units_functions_in_order(client, hr_editor, org):
    client.force_login(hr_editor)
    finance = org["finance"]
    page = client.get(change_url(finance))

    response = client.post(
        change_url(finance),
        post_data_from(
            page,
            **{
                "functions-TOTAL_FORMS": "2",
                "functions-0-kind": "responsibility",
                "functions-0-order": "2",
                "functions-0-text": "编制财务报表",
                "functions-1-kind": "responsibility",
                "functions-1-order": "1",
                "functions-1-text": "管理资金",
            },
        ),
    )

    assert response.status_code == 302
    assert list(finance.functions.order_by("order").values_list("text", flat=True)) == [
        "管理资金",
        "编制财务报表",
    ]
    assert Unit.objects.get(pk=finance.pk).version == finance.version  # own fields unchanged: no new version


def test_a_refusal_that_slips_past_the_form_is_still_refused_whole_by_the_service(
    client, hr_editor, org, monkeypatch
):
    """Another editor may change the tree between validation and saving; the service decides."""
    monkeypatch.setattr(UnitAdminForm, "clean", forms.ModelForm.clean)  # the form's checks saw an older tree
    client.force_login(hr_editor)
    sales = org["sales"]

    response = client.post(change_url(sales), form_data(sales, name="销售中心", parent=org["market"].pk))

    assert response.status_code == 302
    assert any("下级单元“市场部”" in text for text in messages_of(response))
    sales = Unit.objects.get(pk=sales.pk)
    assert (sales.name, sales.parent_id, sales.version) == (
        "营销中心",
        org["group"].pk,
        1,
    )  # the rename was undone too
    assert tree.tree_problems() == []


def test_the_english_admin_names_lists_in_the_plural(client, hr_editor, settings):
    client.force_login(hr_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("admin:index")).content.decode()
    for plural in ("Organisational units", "Positions", "Duty items", "Reporting lines", "API clients"):
        assert plural in page, plural
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "组织单元" in client.get(reverse("admin:index")).content.decode()
