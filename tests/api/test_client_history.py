"""A change made through an API client is recorded under the client and its owner, not anonymously."""

import pytest
from django.urls import reverse

from integrations.models import ApiClient
from integrations.services import create_api_client
from orgchart.models import Unit
from tests.api.http import bearer, etag_of
from tests.factories import PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(hr_editor):
    client, raw = create_api_client(name="ERP 系统", scope=ApiClient.Scope.READ_WRITE, owner=hr_editor)
    return client, bearer(raw)


def test_a_client_write_is_recorded_under_its_owner_and_names_the_client(client, erp, hr_editor):
    api_client, headers = erp
    unit = UnitFactory(name="营销部")
    url = f"/api/v1/units/{unit.pk}/"
    response = client.patch(
        url,
        {"name": "市场部"},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(client, url, **headers),
        **headers,
    )
    assert response.status_code == 200
    record = unit.history.first()
    assert record.history_user == hr_editor
    assert record.history_change_reason == f"API 客户端 #{api_client.pk} ERP 系统"


def test_a_client_without_an_owner_is_still_named(client):
    api_client, raw = create_api_client(name="旧系统", scope=ApiClient.Scope.READ_WRITE)
    unit = UnitFactory()
    response = client.post(
        "/api/v1/units/",
        {"name": "培训部", "parent": unit.pk},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 201
    record = Unit.objects.get(name="培训部").history.get()
    assert record.history_user is None
    assert "旧系统" in record.history_change_reason


def test_the_position_page_and_the_admin_history_show_the_client(client, erp, hr_editor):
    _, headers = erp
    position = PositionFactory(title="销售员")
    url = f"/api/v1/positions/{position.pk}/"
    response = client.patch(
        url,
        {"headcount": 4},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(client, url, **headers),
        **headers,
    )
    assert response.status_code == 200
    client.force_login(hr_editor)
    page = client.get(reverse("roles:position-detail", args=[position.pk]))
    assert page.status_code == 200, page
    change = next(e for e in page.context["history"] if e.action == "~")
    assert change.who.startswith("hr") and "ERP 系统" in change.who
    admin_page = client.get(reverse("admin:roles_position_history", args=[position.pk]))
    assert "ERP 系统" in admin_page.content.decode()


def test_a_session_write_is_not_attributed_to_a_client(editor, hr_editor):
    unit = UnitFactory(name="营销部")
    url = f"/api/v1/units/{unit.pk}/"
    editor.patch(url, {"name": "市场部"}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url))
    record = unit.history.first()
    assert (record.history_user, record.history_change_reason) == (hr_editor, None)


def test_the_admin_sets_the_creator_as_the_owner(client, hr_editor, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:integrations_apiclient_add"), {"name": "OA", "scope": "read", "rate": ""}
    )
    assert response.status_code == 302
    assert ApiClient.objects.get(name="OA").owner == admin_user
