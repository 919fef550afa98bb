"""Reporting-line writes through the API: never a cycle, a self-line or a repeat; If-Match on changes."""

import contextlib
import threading

import pytest

from integrations.models import ApiClient
from integrations.services import create_api_client
from roles import services
from roles.models import ReportingLine
from tests.api.http import bearer, etag_of
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reporting-lines/"


@pytest.fixture
def chain():
    """销售员 → 销售科长 → 营销总监 (solid lines)."""
    clerk = PositionFactory(title="销售员")
    chief = PositionFactory(title="销售科长")
    director = PositionFactory(title="营销总监")
    services.add_reporting_line(subordinate=clerk, superior=chief)
    services.add_reporting_line(subordinate=chief, superior=director)
    return {"clerk": clerk, "chief": chief, "director": director}


def line_url(subordinate, superior):
    return f"{LIST}{ReportingLine.objects.get(subordinate=subordinate, superior=superior).pk}/"


def test_an_hr_editor_adds_a_dotted_line(editor, chain):
    planner = PositionFactory(title="市场策划")
    response = editor.post(
        LIST,
        {"subordinate": planner.pk, "superior": chain["director"].pk, "kind": "dotted"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["version"]) == ("dotted", 1)
    assert response.headers["ETag"].startswith('"v1-')
    line = ReportingLine.objects.get(subordinate=planner)
    assert line.superior == chain["director"]
    assert line.history.get().history_type == "+"


def test_a_line_closing_a_cycle_is_a_400_with_the_reason_and_nothing_is_written(editor, chain):
    before = ReportingLine.objects.count()
    response = editor.post(
        LIST,
        {"subordinate": chain["director"].pk, "superior": chain["clerk"].pk, "kind": "dotted"},
        content_type="application/json",
    )
    assert response.status_code == 400
    message = response.json()["non_field_errors"][0]
    assert "会形成循环" in message and "营销总监" in message and "销售员" in message
    assert ReportingLine.objects.count() == before
    assert ReportingLine.history.count() == before


def test_a_self_line_and_a_repeated_line_are_400_with_messages(editor, chain):
    clerk, chief = chain["clerk"], chain["chief"]
    to_self = editor.post(
        LIST, {"subordinate": clerk.pk, "superior": clerk.pk}, content_type="application/json"
    )
    assert to_self.status_code == 400
    assert to_self.json()["non_field_errors"] == ["岗位不能向自己汇报。"]
    repeat = editor.post(
        LIST, {"subordinate": clerk.pk, "superior": chief.pk}, content_type="application/json"
    )
    assert repeat.status_code == 400
    assert repeat.json()["non_field_errors"] == ["这条汇报关系已经存在。"]
    assert ReportingLine.objects.count() == 2


def test_bad_fields_get_json_field_errors(editor):
    response = editor.post(LIST, {"subordinate": 99999, "kind": "sideways"}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) >= {"subordinate", "superior", "kind"}
    assert not ReportingLine.objects.exists()


def test_an_update_that_would_close_a_cycle_is_refused_and_the_line_is_unchanged(editor, chain):
    url = line_url(chain["clerk"], chain["chief"])
    response = editor.patch(
        url,
        {"subordinate": chain["director"].pk},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
    )
    assert response.status_code == 400
    assert "会形成循环" in response.json()["non_field_errors"][0]
    line = ReportingLine.objects.get(superior=chain["chief"])
    assert (line.subordinate, line.version) == (chain["clerk"], 1)


def test_an_update_with_the_current_etag_changes_the_line_and_bumps_its_version(editor, chain):
    url = line_url(chain["clerk"], chain["chief"])
    response = editor.patch(
        url, {"kind": "dotted"}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url)
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.headers["ETag"].startswith('"v2-')
    line = ReportingLine.objects.get(subordinate=chain["clerk"])
    assert (line.kind, line.version) == ("dotted", 2)
    assert [h.kind for h in line.history.all()[:2]] == ["dotted", "solid"]


def test_updates_and_deletes_need_a_current_if_match(editor, chain):
    url = line_url(chain["clerk"], chain["chief"])
    stale = etag_of(editor, url)
    assert editor.patch(url, {"kind": "dotted"}, content_type="application/json").status_code == 428
    assert editor.delete(url).status_code == 428
    assert (
        editor.patch(
            url, {"kind": "dotted"}, content_type="application/json", HTTP_IF_MATCH=stale
        ).status_code
        == 200
    )
    refused = editor.patch(url, {"kind": "solid"}, content_type="application/json", HTTP_IF_MATCH=stale)
    assert refused.status_code == 412
    assert "detail" in refused.json()
    assert editor.delete(url, HTTP_IF_MATCH=stale).status_code == 412
    assert ReportingLine.objects.get(subordinate=chain["clerk"]).kind == "dotted"


def test_a_deleted_line_is_in_history_and_listed_for_sync(editor, chain):
    url = line_url(chain["clerk"], chain["chief"])
    line_id = int(url.rstrip("/").rsplit("/", 1)[1])
    assert editor.delete(url, HTTP_IF_MATCH=etag_of(editor, url)).status_code == 204
    assert not ReportingLine.objects.filter(pk=line_id).exists()
    assert ReportingLine.history.filter(id=line_id, history_type="-").exists()
    body = editor.get(LIST, {"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert [d["id"] for d in body["deleted"]] == [line_id]


def test_updated_since_lists_a_changed_line(editor, chain):
    ReportingLine.objects.update(updated_at="2020-01-01T00:00:00Z")
    url = line_url(chain["chief"], chain["director"])
    editor.patch(url, {"kind": "dotted"}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url))
    body = editor.get(LIST, {"updated_since": "2021-01-01T00:00:00Z"}).json()
    assert [line["subordinate"] for line in body["results"]] == [chain["chief"].pk]


def test_a_manager_and_a_read_only_token_get_403_a_read_write_token_writes(client, manager, chain):
    planner = PositionFactory(title="市场策划")
    payload = {"subordinate": planner.pk, "superior": chain["director"].pk}
    client.force_login(manager)
    assert client.post(LIST, payload, content_type="application/json").status_code == 403
    url = line_url(chain["clerk"], chain["chief"])
    assert client.delete(url, HTTP_IF_MATCH=etag_of(client, url)).status_code == 403
    client.logout()
    _, read_only = create_api_client(name="BI", scope=ApiClient.Scope.READ)
    _, read_write = create_api_client(name="HRIS", scope=ApiClient.Scope.READ_WRITE)
    assert client.post(LIST, payload, content_type="application/json", **bearer(read_only)).status_code == 403
    assert ReportingLine.objects.count() == 2
    assert (
        client.post(LIST, payload, content_type="application/json", **bearer(read_write)).status_code == 201
    )
    assert ReportingLine.objects.filter(subordinate=planner).exists()


def test_anonymous_writes_get_401(client, chain):
    payload = {"subordinate": chain["director"].pk, "superior": chain["clerk"].pk}
    assert client.post(LIST, payload, content_type="application/json").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_cannot_close_a_cycle_together(hr_editor, monkeypatch):
    """Each request pauses after its cycle check; the lock makes the second check see the first line."""
    from django.db import connection
    from django.test import Client

    first, second = PositionFactory(title="甲"), PositionFactory(title="乙")
    checked = threading.Barrier(2)
    check = services.validate_reporting_line

    def check_then_wait(*args, **kwargs):
        check(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait(timeout=1)  # without the lock both checks would pass before either insert

    monkeypatch.setattr(services, "validate_reporting_line", check_then_wait)
    statuses = []

    def post(subordinate, superior):
        client = Client()
        client.force_login(hr_editor)
        payload = {"subordinate": subordinate.pk, "superior": superior.pk}
        statuses.append(client.post(LIST, payload, content_type="application/json").status_code)
        connection.close()

    threads = [threading.Thread(target=post, args=pair) for pair in [(first, second), (second, first)]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 400]
    assert ReportingLine.objects.count() == 1
