"""A lost database connection or a lock held too long answers 503 with Retry-After, never a 500 page."""

import time

import pytest
from django.db import connection
from django.urls import reverse

from integrations.models import ApiClient
from integrations.services import create_api_client
from orgchart.models import Unit
from tests.api.http import bearer
from tests.db_faults import backend_pid, cut_connection, lock_held
from tests.factories import UnitFactory


@pytest.fixture
def reconnect():
    yield
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_an_api_read_on_a_dropped_connection_answers_503_json(client, reconnect):
    _, raw = create_api_client(name="BI")
    cut_connection(backend_pid())

    response = client.get("/api/v1/units/", **bearer(raw))

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "10"
    assert "数据库暂时不可用" in response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_a_page_on_a_dropped_connection_answers_a_plain_503_page(client, manager, reconnect):
    client.force_login(manager)
    cut_connection(backend_pid())

    response = client.get("/org/")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "10"
    assert "数据库暂时不可用,请稍后重试。" in response.content.decode()


@pytest.mark.django_db
def test_a_unit_write_waiting_on_the_tree_lock_answers_503_within_seconds(client):
    _, raw = create_api_client(name="HRIS", scope=ApiClient.Scope.READ_WRITE)
    with lock_held("unit_tree"):
        started = time.monotonic()
        response = client.post(
            "/api/v1/units/", {"name": "新部门"}, content_type="application/json", **bearer(raw)
        )
        waited = time.monotonic() - started

    assert response.status_code == 503
    assert waited < 6
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "database_locked"
    assert "另一项操作" in response.json()["detail"]
    assert not Unit.objects.filter(name="新部门").exists()
    retry = client.post("/api/v1/units/", {"name": "新部门"}, content_type="application/json", **bearer(raw))
    assert retry.status_code == 201


@pytest.mark.django_db(transaction=True)  # the factory's tree lock is released by its commit
def test_an_admin_write_waiting_on_the_tree_lock_shows_a_clear_message(client, hr_editor):
    group = UnitFactory(name="集团")
    client.force_login(hr_editor)
    with lock_held("unit_tree"):
        response = client.post(
            reverse("admin:orgchart_unit_add"),
            {
                "name": "人力资源部",
                "kind": Unit.Kind.DEPARTMENT,
                "parent": group.pk,
                "functions-TOTAL_FORMS": "0",
                "functions-INITIAL_FORMS": "0",
            },
        )

    assert response.status_code == 503
    assert "数据正被另一项操作(例如导入)占用,请几秒钟后重试。" in response.content.decode()
    assert not Unit.objects.filter(name="人力资源部").exists()
