"""Coverage, overlaps, similar positions and match verdicts over the API: who may do what, what comes back."""

import pytest
from django.core.management import call_command

from analysis.models import MatchDecision
from duties.models import Duty
from integrations.models import ApiClient
from integrations.services import create_api_client

V1 = "/api/v1/"


@pytest.fixture(autouse=True)
def _no_budget_left_over(db):
    from django.core.cache import cache

    cache.clear()


def _token(scope):
    _client, raw = create_api_client(name=f"t-{scope}", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_anonymous_gets_401(client, sales):
    for url in (f"coverage/{sales['unit'].pk}/", "overlaps/", f"similar-positions/{sales['clerk'].pk}/"):
        assert client.get(V1 + url).status_code == 401
    assert client.post(V1 + "match-decisions/", {}, content_type="application/json").status_code == 401


def test_coverage_for_a_read_token(client, sales):
    response = client.get(f"{V1}coverage/{sales['unit'].pk}/", **_token(ApiClient.Scope.READ))
    assert response.status_code == 200
    data = response.json()
    supplies = sales["functions"][2]
    assert data["uncovered"] == [supplies.pk]
    survey = next(f for f in data["functions"] if f["id"] == sales["functions"][0].pk)
    assert survey["covered"] and {m["duty"]["position_title"] for m in survey["matches"]} == {
        "营销部经理",
        "营销部主任",
    }
    assert {d["text"] for d in data["unmatched_duties"]} >= {"负责车辆调度与保养"}
    assert data["overlaps"] and data["similar_positions"]
    assert client.get(f"{V1}coverage/999999/", **_token(ApiClient.Scope.READ)).status_code == 404


def test_manager_reads_but_may_not_decide(client, manager, sales):
    client.force_login(manager)
    assert client.get(f"{V1}coverage/{sales['unit'].pk}/").status_code == 200
    body = {"function": sales["functions"][2].pk, "duty": Duty.objects.get(text="负责车辆调度与保养").pk}
    response = client.post(
        V1 + "match-decisions/", {**body, "verdict": "confirmed"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_read_token_may_not_decide(client, sales):
    body = {"function": sales["functions"][2].pk, "duty": Duty.objects.get(text="负责车辆调度与保养").pk}
    response = client.post(
        V1 + "match-decisions/",
        {**body, "verdict": "confirmed"},
        content_type="application/json",
        **_token(ApiClient.Scope.READ),
    )
    assert response.status_code == 403


def test_hr_confirms_replaces_and_withdraws_a_verdict(client, hr_editor, sales):
    client.force_login(hr_editor)
    vehicles = Duty.objects.get(text="负责车辆调度与保养")
    body = {"function": sales["functions"][2].pk, "duty": vehicles.pk}
    response = client.post(
        V1 + "match-decisions/", {**body, "verdict": "confirmed"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["decided_by"] == "hr"
    assert client.get(f"{V1}coverage/{sales['unit'].pk}/").json()["uncovered"] == []
    response = client.post(
        V1 + "match-decisions/", {**body, "verdict": "rejected"}, content_type="application/json"
    )
    assert response.status_code == 201 and MatchDecision.objects.get().verdict == "rejected"
    listed = client.get(V1 + "match-decisions/", {"unit": sales["unit"].pk}).json()
    assert listed["count"] == 1
    assert client.delete(f"{V1}match-decisions/{MatchDecision.objects.get().pk}/").status_code == 204
    swapped = {"function": vehicles.pk, "duty": sales["functions"][2].pk, "verdict": "confirmed"}
    response = client.post(V1 + "match-decisions/", swapped, content_type="application/json")
    assert response.status_code == 400


def test_overlaps_from_the_job_and_similar_positions(client, manager, sales):
    call_command("find_overlaps", verbosity=0)
    client.force_login(manager)
    data = client.get(V1 + "overlaps/", {"unit": sales["unit"].pk, "kind": "positions"}).json()
    assert data["count"] == 1
    [pair] = data["results"]
    assert {pair["position_a_title"], pair["position_b_title"]} == {"营销部经理", "营销部主任"}
    duties = client.get(V1 + "overlaps/", {"position": sales["manager"].pk, "kind": "duties"}).json()
    assert duties["count"] >= 3
    assert client.get(V1 + "overlaps/", {"bogus": 1}).status_code == 400
    similar = client.get(f"{V1}similar-positions/{sales['manager'].pk}/").json()
    assert similar and similar[0]["position"]["title"] == "营销部主任"


def test_coverage_query_count_is_flat(client, manager, sales, django_assert_max_num_queries):
    from tests.factories import DutyFactory, PositionFactory

    client.force_login(manager)
    with django_assert_max_num_queries(16):
        client.get(f"{V1}coverage/{sales['unit'].pk}/")
    for n in range(30):
        position = PositionFactory(unit=sales["unit"], title=f"专员{n}")
        DutyFactory(position=position, text=f"收集市场信息{n}")
    with django_assert_max_num_queries(16):
        client.get(f"{V1}coverage/{sales['unit'].pk}/")
