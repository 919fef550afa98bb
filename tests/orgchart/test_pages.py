"""The org tree pages as managers and HR editors see them."""

import pytest
from django.urls import reverse

from duties.models import Duty
from tests.factories import DutyFactory, PositionFactory, ReportingLineFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    """集团 → 财务中心 → 会计部, plus a second organisation."""
    group = UnitFactory(name="华东集团", kind="organisation")
    finance = UnitFactory(name="财务中心", kind="centre", parent=group)
    accounting = UnitFactory(name="会计部", parent=finance)
    sales = UnitFactory(name="营销中心", kind="centre", parent=group)
    other = UnitFactory(name="西南实业公司", kind="organisation")
    ceo = PositionFactory(unit=group, title="总经理")
    cfo = PositionFactory(unit=finance, title="财务总监")
    clerk = PositionFactory(unit=accounting, title="总账会计")
    PositionFactory(unit=accounting, title="出纳")
    return {
        "group": group,
        "finance": finance,
        "accounting": accounting,
        "sales": sales,
        "other": other,
        "ceo": ceo,
        "cfo": cfo,
        "clerk": clerk,
    }


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def hr_client(client, hr_editor):
    client.force_login(hr_editor)
    return client


def tree_url(**params):
    from urllib.parse import urlencode

    return reverse("orgchart:tree") + ("?" + urlencode(params) if params else "")


@pytest.mark.parametrize(
    "name,args",
    [
        ("orgchart:tree", []),
        ("orgchart:unit", [1]),
        ("orgchart:children", [1]),
        ("orgchart:chart", [1]),
        ("orgchart:chart-json", [1]),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name, args):
    url = reverse(name, args=args)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_tree_lists_the_organisations_with_own_and_subtree_position_counts(manager_client, org):
    response = manager_client.get(tree_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="tree"' in html
    assert f'id="unit-{org["group"].pk}"' in html
    assert f'id="unit-{org["other"].pk}"' in html
    # Children are not rendered until expanded.
    assert f'id="unit-{org["finance"].pk}"' not in html
    group = next(n for n in response.context["roots"] if n.unit.pk == org["group"].pk)
    assert group.unit.own_positions == 1
    assert group.unit.total_positions == 4
    assert "岗位 1 / 共 4" in html


def test_opening_a_unit_expands_the_path_to_it_and_lists_its_positions(manager_client, org):
    response = manager_client.get(tree_url(open=org["accounting"].pk))

    html = response.content.decode()
    for unit in ("group", "finance", "accounting"):
        assert f'id="unit-{org[unit].pk}"' in html
    assert f'href="/positions/{org["clerk"].pk}/"' in html
    assert f'href="/positions/{org["cfo"].pk}/"' in html
    assert 'aria-current="location"' in html
    roots = response.context["roots"]
    group = next(n for n in roots if n.unit.pk == org["group"].pk)
    finance = next(n for n in group.children if n.unit.pk == org["finance"].pk)
    assert group.expanded and finance.expanded and finance.on_path
    assert [n.unit.name for n in group.children] == ["财务中心", "营销中心"]


def test_an_unknown_unit_to_open_just_shows_the_roots(manager_client, org):
    response = manager_client.get(tree_url(open="999999"))

    assert response.status_code == 200
    assert all(not node.expanded for node in response.context["roots"])


def test_the_children_endpoint_returns_a_group_fragment_with_children_and_positions(manager_client, org):
    response = manager_client.get(reverse("orgchart:children", args=[org["finance"].pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<ul role="group">')
    assert f'id="unit-{org["accounting"].pk}"' in html
    assert 'aria-expanded="false"' in html
    assert f'href="/positions/{org["cfo"].pk}/"' in html
    assert "<html" not in html


def test_the_children_of_a_missing_unit_are_not_found(manager_client):
    assert manager_client.get(reverse("orgchart:children", args=[424242])).status_code == 404


def test_a_manager_sees_no_edit_links(manager_client, org):
    for url in (
        tree_url(open=org["accounting"].pk),
        reverse("orgchart:unit", args=[org["accounting"].pk]),
        reverse("orgchart:children", args=[org["group"].pk]),
    ):
        html = manager_client.get(url).content.decode()
        assert "/admin/" not in html, url


def test_an_hr_editor_gets_edit_links_to_the_admin(hr_client, org):
    unit = org["accounting"]

    tree_html = hr_client.get(tree_url(open=unit.pk)).content.decode()
    detail_html = hr_client.get(reverse("orgchart:unit", args=[unit.pk])).content.decode()

    assert f'href="/admin/orgchart/unit/{unit.pk}/change/"' in tree_html
    assert f'href="/admin/orgchart/unit/{unit.pk}/change/"' in detail_html
    assert f'href="/admin/roles/position/{org["clerk"].pk}/change/"' in detail_html


def test_search_finds_units_and_positions_with_their_path_and_highlight(manager_client, org):
    response = manager_client.get(tree_url(q="财务"))

    html = response.content.decode()
    hits = response.context["hits"]
    assert [(h.kind, h.text) for h in hits] == [("unit", "财务中心"), ("position", "财务总监")]
    assert [u.name for u in hits[0].path] == ["华东集团", "财务中心"]
    assert "<mark>财务</mark>中心" in html
    assert "<mark>财务</mark>总监" in html
    assert f'href="#unit-{org["finance"].pk}"' in html
    assert f'href="/positions/{org["cfo"].pk}/"' in html


def test_search_accepts_traditional_characters(manager_client, org):
    hits = manager_client.get(tree_url(q="財務")).context["hits"]

    assert {h.text for h in hits} == {"财务中心", "财务总监"}


def test_search_escapes_the_text_it_highlights(manager_client, org):
    UnitFactory(name="<b>审计</b>部", parent=org["group"])

    html = manager_client.get(tree_url(q="审计")).content.decode()

    assert "&lt;b&gt;<mark>审计</mark>&lt;/b&gt;部" in html
    assert "<b>审计" not in html


def test_a_search_without_hits_says_so(manager_client, org):
    html = manager_client.get(tree_url(q="不存在的部门")).content.decode()

    assert "没有找到匹配的单元或岗位" in html


def test_the_unit_page_shows_path_functions_children_and_positions(manager_client, org):
    finance = org["finance"]
    DutyFactory(position=None, unit=finance, kind=Duty.Kind.RESPONSIBILITY, order=2, text="编制年度预算")
    DutyFactory(position=None, unit=finance, kind=Duty.Kind.RESPONSIBILITY, order=1, text="负责会计核算")

    response = manager_client.get(reverse("orgchart:unit", args=[finance.pk]))

    html = response.content.decode()
    assert [u.name for u in response.context["path"]] == ["华东集团", "财务中心"]
    assert html.index("负责会计核算") < html.index("编制年度预算")
    assert f'href="/org/units/{org["accounting"].pk}/"' in html
    assert f'href="/positions/{org["cfo"].pk}/"' in html
    assert response.context["unit"].total_positions == 3
    assert f'href="/org/units/{finance.pk}/chart/"' in html
    assert f'href="{reverse("roles:unit-positions-docx", args=[finance.pk])}"' in html


def test_the_chart_data_has_positions_and_solid_and_dotted_lines(manager_client, org):
    analyst = PositionFactory(unit=org["finance"], title="财务分析师")
    ReportingLineFactory(subordinate=org["cfo"], superior=org["ceo"], kind="solid")
    ReportingLineFactory(subordinate=analyst, superior=org["cfo"], kind="solid")
    ReportingLineFactory(subordinate=analyst, superior=org["ceo"], kind="dotted")

    data = manager_client.get(reverse("orgchart:chart-json", args=[org["finance"].pk])).json()

    by_id = {n["id"]: n for n in data["nodes"]}
    assert data["unit"]["name"] == "财务中心"
    assert by_id[analyst.pk]["external"] is False
    assert by_id[org["ceo"].pk]["external"] is True
    assert org["clerk"].pk not in by_id  # in a sub-unit
    assert sorted((e["source"], e["target"], e["kind"]) for e in data["edges"]) == sorted(
        [
            (org["ceo"].pk, org["cfo"].pk, "solid"),
            (org["cfo"].pk, analyst.pk, "solid"),
            (org["ceo"].pk, analyst.pk, "dotted"),
        ]
    )


def test_the_chart_can_include_the_positions_of_sub_units(manager_client, org):
    url = reverse("orgchart:chart-json", args=[org["finance"].pk]) + "?descendants=1"

    data = manager_client.get(url).json()

    assert {n["title"] for n in data["nodes"]} == {"财务总监", "总账会计", "出纳"}
    staffing = {"headcount": 0, "incumbents": 0, "vacancies": 0}
    assert data["units"] == [
        {"id": org["finance"].pk, "name": "财务中心", "parent_id": None, **staffing},
        {"id": org["accounting"].pk, "name": "会计部", "parent_id": org["finance"].pk, **staffing},
    ]


def test_the_chart_page_lists_the_reporting_lines_as_a_table(manager_client, org):
    ReportingLineFactory(subordinate=org["cfo"], superior=org["ceo"], kind="dotted")

    html = manager_client.get(reverse("orgchart:chart", args=[org["finance"].pk])).content.decode()

    assert "vendor/d3/d3.min.js" in html
    assert "js/chart.js" in html
    assert "虚线汇报" in html
    assert f'href="/positions/{org["ceo"].pk}/"' in html


def test_pages_switch_to_english(manager_client, org):
    manager_client.post(reverse("set_language"), {"language": "en", "next": "/org/"})

    html = manager_client.get(tree_url()).content.decode()

    assert '<html lang="en">' in html
    assert "Organisation structure" in html
    assert "Positions 1 / 4 in total" in html


def test_without_javascript_the_toggles_are_links_that_open_and_close_a_unit(manager_client, org):
    group, finance = org["group"], org["finance"]

    closed = manager_client.get(tree_url()).content.decode()
    opened = manager_client.get(tree_url(open=finance.pk)).content.decode()

    assert f'class="toggle" href="?open={group.pk}#unit-{group.pk}"' in closed
    # Closing the finance centre goes back to its parent; closing the root to the plain tree.
    assert f'class="toggle" href="?open={group.pk}#unit-{finance.pk}"' in opened
    assert 'class="toggle" href="?"' in opened


def test_the_pages_are_read_only(hr_client, org):
    for url in (tree_url(), reverse("orgchart:unit", args=[org["group"].pk])):
        assert hr_client.post(url, {"name": "改名"}).status_code == 405
    org["group"].refresh_from_db()
    assert org["group"].name == "华东集团"


def test_a_search_with_too_many_hits_shows_the_first_ones_and_says_so(manager_client, org):
    from orgchart.selectors import SEARCH_LIMIT

    for n in range(SEARCH_LIMIT + 1):
        UnitFactory(name=f"测试处{n}", parent=org["sales"])

    response = manager_client.get(tree_url(q="测试处"))

    assert len(response.context["hits"]) == SEARCH_LIMIT
    assert response.context["truncated"] is True
    assert f"只显示前 {SEARCH_LIMIT} 项" in response.content.decode()


def test_units_appear_in_the_order_set_in_the_tree(manager_client, org):
    from orgchart import services as tree

    tree.move_unit(org["sales"], parent=org["group"], index=0)
    tree.move_unit(org["other"], parent=None, index=0)

    roots = manager_client.get(tree_url(open=org["group"].pk)).context["roots"]

    assert [n.unit.name for n in roots] == ["西南实业公司", "华东集团"]
    assert [n.unit.name for n in roots[1].children] == ["营销中心", "财务中心"]
