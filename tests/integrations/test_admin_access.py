"""HR editors issue, edit and revoke API clients in the admin; managers never see them."""

import pytest

from integrations.models import ApiClient
from integrations.services import create_api_client

pytestmark = pytest.mark.django_db

LIST = "/admin/integrations/apiclient/"
ADD = "/admin/integrations/apiclient/add/"


def change_url(api_client):
    return f"/admin/integrations/apiclient/{api_client.pk}/change/"


def test_hr_editors_see_api_clients_in_the_admin_index(client, hr_editor):
    client.force_login(hr_editor)
    index = client.get("/admin/").content.decode()
    assert LIST in index
    assert client.get(LIST).status_code == 200


def test_hr_editors_issue_a_token_and_see_it_once(client, hr_editor):
    client.force_login(hr_editor)
    response = client.post(ADD, {"name": "ERP", "scope": "read_write", "rate": "600/minute"}, follow=True)
    assert response.status_code == 200
    api_client = ApiClient.objects.get(name="ERP")
    assert api_client.scope == "read_write"
    messages = " ".join(str(m) for m in response.context["messages"])
    assert f"{api_client.prefix}." in messages


def test_hr_editors_change_a_client_and_revoke_it(client, hr_editor):
    api_client, raw = create_api_client(name="ERP")
    client.force_login(hr_editor)
    assert client.get(change_url(api_client)).status_code == 200
    response = client.post(change_url(api_client), {"name": "ERP 生产", "scope": "read", "rate": "10/second"})
    assert response.status_code == 302

    response = client.post(LIST, {"action": "revoke", "_selected_action": [api_client.pk]}, follow=True)

    api_client.refresh_from_db()
    assert (api_client.name, api_client.rate) == ("ERP 生产", "10/second")
    assert api_client.revoked_at is not None
    assert "已吊销 1 个令牌" in response.content.decode()
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_hr_editors_cannot_delete_a_client_so_it_stays_on_record(client, hr_editor):
    api_client, _ = create_api_client(name="ERP")
    client.force_login(hr_editor)
    listing = client.get(LIST).content.decode()
    assert "delete_selected" not in listing
    assert client.get(f"/admin/integrations/apiclient/{api_client.pk}/delete/").status_code == 403
    assert ApiClient.objects.filter(pk=api_client.pk).exists()


def test_managers_neither_see_nor_edit_api_clients(client, manager):
    api_client, _ = create_api_client(name="ERP")
    client.force_login(manager)

    assert LIST not in client.get("/admin/").content.decode()
    assert client.get(LIST).status_code == 403
    assert client.get(change_url(api_client)).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"name": "偷偷", "scope": "read_write"}).status_code == 403
    assert client.post(LIST, {"action": "revoke", "_selected_action": [api_client.pk]}).status_code == 403

    api_client.refresh_from_db()
    assert api_client.revoked_at is None
    assert not ApiClient.objects.filter(name="偷偷").exists()


def test_refreshing_the_groups_keeps_the_api_client_permissions(hr_editor, manager):
    """The groups are rebuilt by later migrations and fixtures; the extra permissions must survive."""
    from django.apps import apps

    from core.groups import ensure_groups

    ensure_groups(apps)

    hr_editor = type(hr_editor).objects.get(pk=hr_editor.pk)
    manager = type(manager).objects.get(pk=manager.pk)
    for verb in ("add", "change", "view"):
        assert hr_editor.has_perm(f"integrations.{verb}_apiclient")
        assert not manager.has_perm(f"integrations.{verb}_apiclient")
    assert not hr_editor.has_perm("integrations.delete_apiclient")
