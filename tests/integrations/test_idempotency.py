"""API writes survive dropped connections and retries: nothing lost, nothing written twice."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from integrations.models import ApiClient, IdempotencyKey
from integrations.services import create_api_client
from orgchart.api import UnitViewSet
from orgchart.models import Unit
from tests.api.http import bearer
from tests.db_faults import backend_pid, cut_connection

UNITS = "/api/v1/units/"


def post(client, raw, body, key=None):
    headers = bearer(raw)
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(UNITS, body, content_type="application/json", **headers)


@pytest.fixture
def writer(db):
    return create_api_client(name="HRIS", scope=ApiClient.Scope.READ_WRITE)[1]


@pytest.fixture
def reconnect():
    """After a cut, give the rest of the test (and its teardown) a fresh connection."""
    yield
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_write_whose_connection_drops_answers_503_json_and_its_retry_writes_once(
    client, writer, monkeypatch, reconnect
):
    original = UnitViewSet.create_service

    def create_then_lose_the_connection(**data):
        unit = original(**data)
        cut_connection(backend_pid())
        return unit

    monkeypatch.setattr(UnitViewSet, "create_service", staticmethod(create_then_lose_the_connection))
    cut = post(client, writer, {"name": "新部门"}, key="order-1")

    assert cut.status_code == 503
    assert cut["Content-Type"] == "application/json"
    assert int(cut["Retry-After"]) > 0
    assert cut.json()["code"] == "database_unavailable"
    connection.close()
    assert not Unit.objects.filter(name="新部门").exists()  # no ghost write behind the 503

    monkeypatch.undo()
    first = post(client, writer, {"name": "新部门"}, key="order-1")
    again = post(client, writer, {"name": "新部门"}, key="order-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]
    assert again["Idempotent-Replayed"] == "true"
    assert Unit.objects.filter(name="新部门").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_answer_lost_after_the_commit_is_replayed_not_written_again(client, writer):
    first = post(client, writer, {"name": "财务部"}, key="k-42")
    assert first.status_code == 201
    assert IdempotencyKey.objects.get(key="k-42").status_code == 201  # committed with the write

    retries = [post(client, writer, {"name": "财务部"}, key="k-42") for _ in range(3)]

    assert {r.status_code for r in retries} == {201}
    assert {r.json()["id"] for r in retries} == {first.json()["id"]}
    assert Unit.objects.filter(name="财务部").count() == 1


def test_the_same_key_with_another_body_is_refused_with_422(client, writer):
    assert post(client, writer, {"name": "财务部"}, key="k-1").status_code == 201

    reused = post(client, writer, {"name": "人力资源部"}, key="k-1")

    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert not Unit.objects.filter(name="人力资源部").exists()


def test_key_refusals_speak_the_language_of_the_request(client, writer):
    post(client, writer, {"name": "财务部"}, key="k-1")
    headers = {**bearer(writer), "HTTP_IDEMPOTENCY_KEY": "k-1"}
    body = {"name": "人力资源部"}

    chinese = client.post(UNITS, body, content_type="application/json", **headers)
    english = client.post(UNITS, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers)

    assert chinese.json()["detail"] == "这个 Idempotency-Key 已用于另一个不同的请求。"
    assert english.json()["detail"] == "This Idempotency-Key was already used with a different request."


def test_keys_belong_to_their_caller(client, writer):
    other = create_api_client(name="ERP", scope=ApiClient.Scope.READ_WRITE)[1]
    assert post(client, writer, {"name": "财务部"}, key="k-1").status_code == 201
    assert post(client, other, {"name": "财务部"}, key="k-1").status_code == 201
    assert Unit.objects.filter(name="财务部").count() == 2


def test_a_session_write_with_a_key_is_replayed(client, hr_editor):
    client.force_login(hr_editor)
    answers = [
        client.post(UNITS, {"name": "审计部"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s-1")
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert Unit.objects.filter(name="审计部").count() == 1


def test_a_refusal_is_replayed_and_a_throttled_or_forbidden_answer_is_not(client, writer, hr_editor):
    assert post(client, writer, {"name": ""}, key="bad").status_code == 400
    assert post(client, writer, {"name": ""}, key="bad")["Idempotent-Replayed"] == "true"

    reader = create_api_client(name="BI")[1]
    assert post(client, reader, {"name": "部"}, key="r-1").status_code == 403
    assert not IdempotencyKey.objects.filter(key="r-1").exists()


def test_expired_keys_are_purged_and_may_be_used_again(client, writer):
    assert post(client, writer, {"name": "财务部"}, key="old").status_code == 201
    IdempotencyKey.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))

    again = post(client, writer, {"name": "财务部"}, key="old")

    assert again.status_code == 201
    assert not again.has_header("Idempotent-Replayed")
    assert Unit.objects.filter(name="财务部").count() == 2
    IdempotencyKey.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    call_command("purge_idempotency_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not IdempotencyKey.objects.exists()


def test_an_overlong_key_is_refused(client, writer):
    response = post(client, writer, {"name": "财务部"}, key="k" * 256)
    assert response.status_code == 400
    assert not Unit.objects.exists()
