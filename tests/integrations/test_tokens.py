"""API client tokens: hashed, revocable, scoped, throttled."""

import pytest
from django.core.cache import cache

from integrations.authentication import ClientRateThrottle
from integrations.models import ApiClient, hash_token
from integrations.services import create_api_client
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_only_a_hash_of_the_token_is_stored(client):
    api_client, raw = create_api_client(name="ERP")
    stored = ApiClient.objects.get(pk=api_client.pk)
    assert stored.token_hash == hash_token(raw) != raw
    assert raw.startswith(stored.prefix + ".")


def test_a_valid_token_reads_and_records_its_use(client):
    UnitFactory(name="总部")
    api_client, raw = create_api_client(name="ERP")
    response = client.get("/api/v1/units/", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "总部"
    api_client.refresh_from_db()
    assert api_client.last_used_at is not None


def test_a_wrong_or_revoked_token_gets_401(client):
    api_client, raw = create_api_client(name="ERP")
    assert client.get("/api/v1/units/", **bearer(raw + "x")).status_code == 401
    api_client.revoke()
    assert client.get("/api/v1/units/", **bearer(raw)).status_code == 401


def test_a_read_only_token_cannot_write(client):
    _, raw = create_api_client(name="ERP", scope=ApiClient.Scope.READ)
    response = client.post(
        "/api/v1/units/", {"name": "新部门"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 403


def test_a_read_write_token_can_write(client):
    _, raw = create_api_client(name="HRIS", scope=ApiClient.Scope.READ_WRITE)
    response = client.post(
        "/api/v1/units/", {"name": "新部门"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 201


def test_each_token_has_its_own_request_budget(client, monkeypatch):
    cache.clear()
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"api_client": "3/minute"})
    _, first = create_api_client(name="ERP")
    _, second = create_api_client(name="BI")
    codes = [client.get("/api/v1/units/", **bearer(first)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/units/", **bearer(second)).status_code == 200
    cache.clear()


def test_the_admin_shows_a_new_token_once_and_revokes_it(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/integrations/apiclient/add/", {"name": "ERP", "scope": "read"}, follow=True
    )
    assert response.status_code == 200
    api_client = ApiClient.objects.get(name="ERP")
    shown = [str(m) for m in response.context["messages"]]
    raw = next(
        word for m in shown for word in m.replace(":", " ").split() if word.startswith(api_client.prefix)
    )
    assert api_client.token_hash == hash_token(raw)
    client.post(
        "/admin/integrations/apiclient/",
        {"action": "revoke", "_selected_action": [api_client.pk]},
    )
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None
