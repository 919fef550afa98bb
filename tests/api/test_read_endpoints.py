"""Read endpoints of the REST API v1: what a client sees."""

import pytest
from django.core.management import call_command

from duties.models import Duty
from tests.factories import (
    DutyFactory,
    PositionFactory,
    ReportingLineFactory,
    UnitFactory,
    WorkflowStepFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    """总部 > 营销部 > 销售科, with a chain 科员 -> 科长 -> 部长 -> 总经理."""
    hq = UnitFactory(name="总部")
    marketing = UnitFactory(name="营销部", parent=hq)
    sales = UnitFactory(name="销售科", parent=marketing)
    other = UnitFactory(name="财务部", parent=hq)
    ceo = PositionFactory(unit=hq, title="总经理")
    head = PositionFactory(unit=marketing, title="营销部部长")
    chief = PositionFactory(unit=sales, title="销售科科长")
    clerk = PositionFactory(unit=sales, title="销售员")
    accountant = PositionFactory(unit=other, title="会计")
    ReportingLineFactory(subordinate=head, superior=ceo)
    ReportingLineFactory(subordinate=chief, superior=head)
    ReportingLineFactory(subordinate=clerk, superior=chief)
    DutyFactory(position=clerk, order=2, text="处理顾客投诉")
    DutyFactory(position=clerk, order=1, text="完成销售任务")
    DutyFactory(position=clerk, kind=Duty.Kind.REQUIREMENT, order=1, text="大专以上学历")
    DutyFactory(position=accountant, order=1, text="编制财务报表")
    return {
        "hq": hq,
        "marketing": marketing,
        "sales": sales,
        "other": other,
        "ceo": ceo,
        "head": head,
        "chief": chief,
        "clerk": clerk,
        "accountant": accountant,
    }


@pytest.fixture
def api(client, manager):
    client.force_login(manager)
    return client


def test_anonymous_requests_are_refused_with_401(client, org):
    for url in ["/api/v1/units/", "/api/v1/positions/", f"/api/v1/units/{org['hq'].pk}/subtree/"]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert "WWW-Authenticate" in response.headers


def test_a_manager_lists_units_in_tree_order_and_filters_by_parent(api, org):
    body = api.get("/api/v1/units/").json()
    assert [u["name"] for u in body["results"]] == ["总部", "营销部", "销售科", "财务部"]
    children = api.get(f"/api/v1/units/?parent={org['hq'].pk}").json()["results"]
    assert {u["name"] for u in children} == {"营销部", "财务部"}


def test_a_unit_detail_carries_its_version(api, org):
    body = api.get(f"/api/v1/units/{org['sales'].pk}/").json()
    assert body["name"] == "销售科"
    assert body["parent"] == org["marketing"].pk
    assert body["version"] == org["sales"].version


def test_a_units_subtree_is_nested_json(api, org):
    body = api.get(f"/api/v1/units/{org['marketing'].pk}/subtree/").json()
    assert body["name"] == "营销部"
    assert [c["name"] for c in body["children"]] == ["销售科"]
    assert body["children"][0]["children"] == []


def test_a_position_shows_unit_path_superiors_subordinates_and_ordered_duties(api, org):
    body = api.get(f"/api/v1/positions/{org['chief'].pk}/").json()
    assert body["unit_path"] == ["总部", "营销部", "销售科"]
    assert [p["title"] for p in body["superiors"]] == ["营销部部长"]
    assert [p["title"] for p in body["subordinates"]] == ["销售员"]
    clerk = api.get(f"/api/v1/positions/{org['clerk'].pk}/").json()
    assert [(d["kind"], d["text"]) for d in clerk["duties"]] == [
        ("requirement", "大专以上学历"),
        ("responsibility", "完成销售任务"),
        ("responsibility", "处理顾客投诉"),
    ]


def test_filtering_positions_by_unit_includes_its_descendants(api, org):
    body = api.get(f"/api/v1/positions/?unit={org['marketing'].pk}").json()
    assert {p["title"] for p in body["results"]} == {"营销部部长", "销售科科长", "销售员"}


def test_the_chain_of_command_runs_up_to_the_root(api, org):
    body = api.get(f"/api/v1/positions/{org['clerk'].pk}/chain/").json()
    titles = {p["id"]: p["title"] for p in body["nodes"]}
    assert [titles[i] for i in body["primary"]] == ["销售科科长", "营销部部长", "总经理"]
    assert body["paths"] == [body["primary"]]


def test_reporting_lines_are_listed(api, org):
    body = api.get("/api/v1/reporting-lines/").json()
    assert body["count"] == 3
    assert {(line["subordinate"], line["superior"]) for line in body["results"]} == {
        (org["head"].pk, org["ceo"].pk),
        (org["chief"].pk, org["head"].pk),
        (org["clerk"].pk, org["chief"].pk),
    }


def test_duties_filter_by_position_unit_and_kind(api, org):
    by_position = api.get(f"/api/v1/duties/?position={org['clerk'].pk}").json()
    assert by_position["count"] == 3
    by_unit = api.get(f"/api/v1/duties/?unit={org['other'].pk}").json()
    assert [d["text"] for d in by_unit["results"]] == ["编制财务报表"]
    by_kind = api.get("/api/v1/duties/?kind=requirement").json()
    assert [d["text"] for d in by_kind["results"]] == ["大专以上学历"]


def test_workflows_list_their_steps(api, org):
    step = WorkflowStepFactory(text="提交申请")
    body = api.get("/api/v1/workflows/").json()
    assert body["results"][0]["name"] == step.workflow.name
    assert [s["text"] for s in body["results"][0]["steps"]] == ["提交申请"]


def test_a_missing_object_is_a_404(api, org):
    assert api.get("/api/v1/positions/999999/").status_code == 404


def test_a_manager_may_read_but_not_write(api, org):
    response = api.post("/api/v1/units/", {"name": "新部门"}, content_type="application/json")
    assert response.status_code == 403


def test_the_schema_and_docs_are_served_without_a_cdn(api):
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
    assert "/static/drf_spectacular_sidecar/" in html


def test_the_openapi_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def build(scale):
    root = UnitFactory(name="根")
    for i in range(scale):
        unit = UnitFactory(name=f"部门{i}", parent=root)
        boss = PositionFactory(unit=unit)
        for _ in range(2):
            pos = PositionFactory(unit=unit)
            ReportingLineFactory(subordinate=pos, superior=boss)
            DutyFactory(position=pos)
            DutyFactory(position=pos, kind=Duty.Kind.REQUIREMENT)
        WorkflowStepFactory(workflow__owner_unit=unit)
    return root


@pytest.mark.parametrize("scale", [2, 20])
@pytest.mark.parametrize(
    "path,bound",
    [
        ("/api/v1/units/", 5),
        ("/api/v1/units/{root}/subtree/", 5),
        ("/api/v1/positions/", 10),
        ("/api/v1/positions/?unit={root}", 10),
        ("/api/v1/positions/{pos}/", 10),
        ("/api/v1/reporting-lines/", 5),
        ("/api/v1/duties/", 5),
        ("/api/v1/duties/?unit={root}", 6),
        ("/api/v1/workflows/", 6),
    ],
)
def test_read_endpoints_need_the_same_number_of_queries_on_small_and_10x_data(
    api, django_assert_max_num_queries, scale, path, bound
):
    from roles.models import Position

    root = build(scale)
    url = path.format(root=root.pk, pos=Position.objects.order_by("-id").first().pk)
    with django_assert_max_num_queries(bound):
        response = api.get(url)
    assert response.status_code == 200
