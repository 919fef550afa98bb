"""The position admin: ordered duties, superiors without cycles, personal data, stale edits, revert."""

import pytest
from django.urls import reverse

from duties.models import Duty
from roles import services
from roles.models import Incumbent, Position, ReportingLine
from tests.factories import DutyFactory, IncumbentFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:roles_position_changelist")


def change_url(position):
    return reverse("admin:roles_position_change", args=[position.pk])


def _field_value(bound):
    value = bound.value()
    if value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else None
    return value


def post_data_from(page, **changes):
    """The data a browser would post back from an admin change page, with ``changes`` applied.

    Keys of ``changes`` are full form field names, e.g. ``summary`` or ``duties-0-text``.
    """
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = _field_value(form[name])
            if value is not None:
                data[form.add_prefix(name)] = value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.fixture
def setup():
    group = UnitFactory(name="集团")
    sales = UnitFactory(name="营销中心", parent=group)
    market = UnitFactory(name="市场部", parent=sales)
    finance = UnitFactory(name="财务部", parent=group)
    director = PositionFactory(unit=sales, title="营销总监", summary="负责营销中心全面工作。")
    planner = PositionFactory(unit=market, title="市场策划专员", summary="负责市场策划。")
    accountant = PositionFactory(unit=finance, title="会计", summary="负责核算。")
    services.add_reporting_line(subordinate=planner, superior=director)
    DutyFactory(position=planner, order=2, text="撰写推广方案")
    DutyFactory(position=planner, order=1, text="调研市场需求")
    IncumbentFactory(position=planner, name="李四")
    return {
        "group": group,
        "sales": sales,
        "market": market,
        "finance": finance,
        "director": director,
        "planner": planner,
        "accountant": accountant,
    }


def test_an_hr_editor_sees_duties_in_order_superiors_and_incumbents(client, hr_editor, setup):
    client.force_login(hr_editor)

    page = client.get(change_url(setup["planner"]))

    assert page.status_code == 200
    inlines = {inline.formset.prefix: inline.formset for inline in page.context["inline_admin_formsets"]}
    assert [form.instance.text for form in inlines["duties"].initial_forms] == [
        "调研市场需求",
        "撰写推广方案",
    ]
    assert [form.instance.superior.title for form in inlines["superior_lines"].initial_forms] == ["营销总监"]
    assert "李四" in page.content.decode()


def test_a_manager_reads_positions_but_sees_no_incumbents_and_cannot_change(client, manager, setup):
    client.force_login(manager)
    planner = setup["planner"]

    page = client.get(change_url(planner))
    assert page.status_code == 200
    assert "李四" not in page.content.decode()
    assert "incumbents" not in {inline.formset.prefix for inline in page.context["inline_admin_formsets"]}

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:roles_position_add")).status_code == 403
    assert client.post(change_url(planner), {"title": "改名", "unit": planner.unit_id}).status_code == 403
    assert (
        client.post(reverse("admin:roles_position_delete", args=[planner.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Position.objects.get(pk=planner.pk).title == "市场策划专员"
    assert client.get(reverse("admin:roles_incumbent_changelist")).status_code == 403
    assert client.get(reverse("admin:roles_reportingline_changelist")).status_code == 200
    assert client.post(reverse("admin:roles_reportingline_add"), {}).status_code == 403


def test_an_hr_editor_edits_summary_duties_and_superiors_in_one_save(client, hr_editor, setup):
    client.force_login(hr_editor)
    planner = setup["planner"]
    page = client.get(change_url(planner))

    response = client.post(
        change_url(planner),
        post_data_from(
            page,
            summary="负责市场策划与品牌推广。",
            **{
                "duties-0-order": "3",  # 调研市场需求 goes last
                "duties-2-kind": Duty.Kind.KPI,
                "duties-2-order": "1",
                "duties-2-text": "方案按期完成率",
                "superior_lines-1-superior": str(setup["accountant"].pk),
                "superior_lines-1-kind": ReportingLine.Kind.DOTTED,
            },
        ),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    planner = Position.objects.get(pk=planner.pk)
    assert planner.summary == "负责市场策划与品牌推广。"
    assert planner.version == 2
    responsibilities = planner.duties.filter(kind=Duty.Kind.RESPONSIBILITY).order_by("order")
    assert [d.text for d in responsibilities] == ["撰写推广方案", "调研市场需求"]
    assert planner.duties.get(kind=Duty.Kind.KPI).text == "方案按期完成率"
    assert set(planner.superior_lines.values_list("superior__title", "kind")) == {
        ("营销总监", ReportingLine.Kind.SOLID),
        ("会计", ReportingLine.Kind.DOTTED),
    }


def test_a_superior_that_would_close_a_cycle_is_refused_in_the_inline(client, hr_editor, setup):
    client.force_login(hr_editor)
    director = setup["director"]
    page = client.get(change_url(director))

    response = client.post(
        change_url(director),
        post_data_from(
            page,
            summary="不应保存的修改",
            **{"superior_lines-0-superior": str(setup["planner"].pk)},
        ),
    )

    assert response.status_code == 200
    assert "会形成循环" in response.content.decode()
    director = Position.objects.get(pk=director.pk)
    assert director.summary == "负责营销中心全面工作。"
    assert not director.superior_lines.exists()


def test_the_same_superior_twice_in_the_inline_is_refused(client, hr_editor, setup):
    client.force_login(hr_editor)
    planner = setup["planner"]
    page = client.get(change_url(planner))

    response = client.post(
        change_url(planner),
        post_data_from(page, **{"superior_lines-1-superior": str(setup["director"].pk)}),
    )

    assert response.status_code == 200
    assert "这条汇报关系已经存在。" in response.content.decode()
    assert planner.superior_lines.count() == 1


def test_a_stale_position_form_is_refused_and_keeps_the_other_edit(client, hr_editor, setup):
    client.force_login(hr_editor)
    planner = setup["planner"]
    page = client.get(change_url(planner))
    services.update_position(planner, summary="别人先保存的概述")

    response = client.post(change_url(planner), post_data_from(page, summary="我的概述"))

    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert Position.objects.get(pk=planner.pk).summary == "别人先保存的概述"


def test_reverting_a_summary_edit_restores_it_as_a_new_version(client, hr_editor, setup):
    client.force_login(hr_editor)
    planner = setup["planner"]
    first = planner.history.earliest()
    services.update_position(planner, summary="改过的概述")
    history_page = client.get(reverse("admin:roles_position_history", args=[planner.pk]))
    assert history_page.status_code == 200
    assert "改过的概述" in history_page.content.decode()
    revert_url = reverse("admin:roles_position_simple_history", args=[planner.pk, first.history_id])

    page = client.get(revert_url)
    assert page.context["adminform"].form["summary"].value() == "负责市场策划。"
    response = client.post(revert_url, post_data_from(page))

    assert response.status_code == 302
    planner = Position.objects.get(pk=planner.pk)
    assert planner.summary == "负责市场策划。"
    assert planner.version == 3
    assert planner.history.count() == 3


def test_a_manager_sees_history_but_cannot_revert(client, manager, setup):
    client.force_login(manager)
    planner = setup["planner"]
    first = planner.history.earliest()
    services.update_position(planner, summary="改过的概述")
    revert_url = reverse("admin:roles_position_simple_history", args=[planner.pk, first.history_id])

    assert client.get(reverse("admin:roles_position_history", args=[planner.pk])).status_code == 200
    response = client.post(
        revert_url, {"title": planner.title, "unit": planner.unit_id, "summary": "负责市场策划。"}
    )

    assert response.status_code == 403
    assert Position.objects.get(pk=planner.pk).summary == "改过的概述"


def test_search_finds_positions_by_chinese_title_unit_and_duty_text(client, hr_editor, setup):
    client.force_login(hr_editor)

    def found(query):
        response = client.get(CHANGELIST, {"q": query})
        return {position.title for position in response.context["cl"].result_list}

    assert found("策划") == {"市场策划专员"}
    assert found("财务") == {"会计"}
    assert found("推广方案") == {"市场策划专员"}


def test_the_unit_filter_includes_positions_of_descendant_units(client, hr_editor, setup):
    client.force_login(hr_editor)

    response = client.get(CHANGELIST, {"unit__id__inhierarchy": setup["sales"].pk})

    assert response.status_code == 200
    assert {p.title for p in response.context["cl"].result_list} == {"营销总监", "市场策划专员"}


def test_reporting_line_admin_refuses_a_cycle_with_a_message(client, hr_editor, setup):
    client.force_login(hr_editor)

    response = client.post(
        reverse("admin:roles_reportingline_add"),
        {
            "subordinate": setup["director"].pk,
            "superior": setup["planner"].pk,
            "kind": ReportingLine.Kind.SOLID,
        },
    )

    assert response.status_code == 200
    assert "会形成循环" in response.content.decode()
    assert ReportingLine.objects.count() == 1


def test_incumbents_admin_is_for_holders_of_the_personal_data_permission(client, hr_editor, setup):
    client.force_login(hr_editor)

    response = client.get(reverse("admin:roles_incumbent_changelist"))

    assert response.status_code == 200
    assert "李四" in response.content.decode()
    assert Incumbent.objects.count() == 1


def test_reverting_a_reporting_line_into_a_cycle_is_refused(client, hr_editor, setup):
    client.force_login(hr_editor)
    director, planner, accountant = setup["director"], setup["planner"], setup["accountant"]
    line = ReportingLine.objects.get(subordinate=planner)
    services.update_reporting_line(line, subordinate=accountant)  # now 会计 → 营销总监
    old = line.history.earliest()  # 市场策划专员 → 营销总监
    services.add_reporting_line(subordinate=director, superior=planner)  # 营销总监 → 市场策划专员
    revert_url = reverse("admin:roles_reportingline_simple_history", args=[line.pk, old.history_id])

    page = client.get(revert_url)
    response = client.post(revert_url, post_data_from(page))

    assert response.status_code == 200
    assert "会形成循环" in response.content.decode()
    assert ReportingLine.objects.get(pk=line.pk).subordinate_id == accountant.pk
