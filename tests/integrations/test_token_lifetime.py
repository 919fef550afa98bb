"""API tokens expire (a year by default) and are rotated with a grace period for the old one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from integrations.models import ApiClient
from integrations.services import create_api_client, rotate_api_client_token
from tests.api.http import bearer

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/units/"
LIST = "/admin/integrations/apiclient/"


def read(client, raw):
    return client.get(UNITS, **bearer(raw))


def test_a_new_token_expires_after_a_year():
    api_client, _ = create_api_client(name="ERP")
    lifetime = api_client.expires_at - timezone.now()
    assert timedelta(days=364) < lifetime <= timedelta(days=365)


def test_an_expired_token_gets_401_saying_so(client):
    api_client, raw = create_api_client(name="ERP")
    assert read(client, raw).status_code == 200
    ApiClient.objects.filter(pk=api_client.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = read(client, raw)

    assert response.status_code == 401
    assert response.json()["detail"] == "令牌已过期,请联系人力资源部门签发新令牌。"
    english = client.get(UNITS, HTTP_ACCEPT_LANGUAGE="en", **bearer(raw))
    assert "expired" in english.json()["detail"]


def test_after_a_rotation_both_tokens_work_during_the_grace_period_then_only_the_new_one(client):
    api_client, old = create_api_client(name="ERP")
    new = rotate_api_client_token(api_client)

    assert new != old
    assert read(client, old).status_code == 200
    assert read(client, new).status_code == 200
    api_client.refresh_from_db()
    assert timedelta(days=6) < api_client.previous_valid_until - timezone.now() <= timedelta(days=7)

    ApiClient.objects.filter(pk=api_client.pk).update(previous_valid_until=timezone.now())
    refused = read(client, old)

    assert refused.status_code == 401
    assert refused.json()["detail"] == "令牌已被新令牌替换,过渡期已结束。"
    assert read(client, new).status_code == 200


def test_rotating_an_expired_token_does_not_revive_it(client):
    api_client, old = create_api_client(name="ERP")
    api_client.expires_at = timezone.now() - timedelta(days=1)
    api_client.save()

    new = rotate_api_client_token(api_client)

    assert read(client, old).status_code == 401
    assert read(client, new).status_code == 200


def test_a_revoked_client_is_refused_with_either_token(client):
    api_client, old = create_api_client(name="ERP")
    new = rotate_api_client_token(api_client)
    api_client.revoke()
    assert read(client, old).status_code == read(client, new).status_code == 401


def test_hr_rotates_a_token_in_the_admin_and_sees_the_new_one_once(client, hr_editor):
    api_client, old = create_api_client(name="ERP")
    client.force_login(hr_editor)

    response = client.post(LIST, {"action": "rotate", "_selected_action": [api_client.pk]}, follow=True)

    api_client.refresh_from_db()
    shown = " ".join(str(m) for m in response.context["messages"])
    assert f"{api_client.prefix}." in shown
    new = shown.split("请立即复制保存:")[1].split(";")[0]
    assert read(client, new).status_code == 200
    assert read(client, old).status_code == 200
    assert api_client.previous_valid_until is not None


def test_hr_sees_last_use_and_expiry_in_the_admin_list_and_may_change_the_expiry(client, hr_editor):
    api_client, raw = create_api_client(name="ERP")
    read(client, raw)
    client.force_login(hr_editor)

    listing = client.get(LIST).content.decode()

    assert "最近使用" in listing and "过期时间" in listing
    api_client.refresh_from_db()
    assert api_client.last_used_at is not None
    assert "column-last_used_at" in listing and "column-expires_at" in listing

    response = client.post(
        f"/admin/integrations/apiclient/{api_client.pk}/change/",
        {"name": "ERP", "scope": "read", "rate": "", "expires_at_0": "2020-01-01", "expires_at_1": "00:00"},
    )
    assert response.status_code == 302
    assert read(client, raw).status_code == 401
