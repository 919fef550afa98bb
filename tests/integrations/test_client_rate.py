"""Each API client may have its own request budget, set in the admin; blank means API_RATE."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from integrations.authentication import ClientRateThrottle
from integrations.models import ApiClient
from integrations.services import create_api_client

pytestmark = pytest.mark.django_db

RATE_MESSAGE = "请求频率格式应为“次数/时间单位”"


@pytest.fixture(autouse=True)
def empty_throttle_history():
    cache.clear()
    yield
    cache.clear()


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_client_with_its_own_rate_gets_429_with_retry_after_once_it_is_spent(client):
    _, limited = create_api_client(name="ERP", rate="2/minute")
    _, other = create_api_client(name="BI")

    codes = [client.get("/api/v1/units/", **bearer(limited)).status_code for _ in range(2)]
    refused = client.get("/api/v1/units/", **bearer(limited))

    assert codes == [200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert [client.get("/api/v1/units/", **bearer(other)).status_code for _ in range(3)] == [200] * 3


def test_a_client_without_a_rate_and_sessions_keep_the_default(client, hr_editor, monkeypatch):
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"api_client": "3/minute"})
    _, generous = create_api_client(name="HRIS", rate="100/minute")
    _, default = create_api_client(name="BI")

    assert [client.get("/api/v1/units/", **bearer(generous)).status_code for _ in range(5)] == [200] * 5
    assert [client.get("/api/v1/units/", **bearer(default)).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    client.force_login(hr_editor)
    assert [client.get("/api/v1/units/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_changed_rate_applies_to_the_next_request(client):
    api_client, raw = create_api_client(name="ERP", rate="1/minute")
    assert client.get("/api/v1/units/", **bearer(raw)).status_code == 200
    assert client.get("/api/v1/units/", **bearer(raw)).status_code == 429

    ApiClient.objects.filter(pk=api_client.pk).update(rate="5/minute")

    assert client.get("/api/v1/units/", **bearer(raw)).status_code == 200


def test_a_malformed_rate_stored_around_the_admin_falls_back_to_the_default(client, monkeypatch):
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"api_client": "1/minute"})
    api_client, raw = create_api_client(name="ERP")
    ApiClient.objects.filter(pk=api_client.pk).update(rate="lots")

    assert [client.get("/api/v1/units/", **bearer(raw)).status_code for _ in range(2)] == [200, 429]


@pytest.mark.parametrize("rate", ["600/minute", "10/s", "1/sec", "5000/hour", "1/d", " 60 / min "])
def test_valid_rates_are_accepted(rate):
    api_client, _ = create_api_client(name="ERP", rate=rate)
    assert api_client.rate == rate.replace(" ", "")


@pytest.mark.parametrize("rate", ["600", "abc", "0/minute", "-5/minute", "600/fortnight", "600/minute/2"])
def test_invalid_rates_are_refused_before_anything_is_written(rate):
    with pytest.raises(ValidationError) as refused:
        create_api_client(name="ERP", rate=rate)
    assert RATE_MESSAGE in refused.value.message_dict["rate"][0]
    assert not ApiClient.objects.exists()


def test_the_admin_form_refuses_an_invalid_rate_with_the_message(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/integrations/apiclient/add/", {"name": "ERP", "scope": "read", "rate": "600 per minute"}
    )
    assert response.status_code == 200
    assert RATE_MESSAGE in response.content.decode()
    assert not ApiClient.objects.exists()


def test_the_admin_shows_and_changes_a_clients_rate(client, admin_user):
    client.force_login(admin_user)
    client.post("/admin/integrations/apiclient/add/", {"name": "ERP", "scope": "read", "rate": "600/minute"})
    api_client = ApiClient.objects.get(name="ERP")
    assert api_client.rate == "600/minute"
    create_api_client(name="BI")

    listing = client.get("/admin/integrations/apiclient/").content.decode()
    assert "600/minute" in listing
    assert "默认(" in listing

    response = client.post(
        f"/admin/integrations/apiclient/{api_client.pk}/change/",
        {"name": "ERP", "scope": "read", "rate": "30/hour"},
    )
    assert response.status_code == 302
    api_client.refresh_from_db()
    assert api_client.rate == "30/hour"
