"""Incremental sync: ?updated_since= lists changed rows and deletions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orgchart import services
from orgchart.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_updated_since_returns_changed_units_and_deleted_ids(client, manager):
    client.force_login(manager)
    old = UnitFactory(name="旧部门")
    doomed = UnitFactory(name="待撤销部门")
    Unit.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2))
    since = timezone.now() - timedelta(minutes=1)
    fresh = UnitFactory(name="新部门")
    services.delete_unit(doomed)
    body = client.get("/api/v1/units/", {"updated_since": since.isoformat()}).json()
    assert [u["id"] for u in body["results"]] == [fresh.pk]
    assert [d["id"] for d in body["deleted"]] == [doomed.pk]
    assert body["deleted"][0]["deleted_at"]


def test_a_list_without_updated_since_has_no_deleted_key(client, manager):
    client.force_login(manager)
    UnitFactory()
    assert "deleted" not in client.get("/api/v1/units/").json()


def test_an_unreadable_updated_since_is_a_400(client, manager):
    client.force_login(manager)
    response = client.get("/api/v1/units/", {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_pages_are_stable_and_cover_every_row_once(client, manager):
    client.force_login(manager)
    for i in range(7):
        UnitFactory(name=f"部门{i}")
    seen, url = [], "/api/v1/units/?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [u["id"] for u in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(Unit.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == 7


def test_updated_since_with_an_unusual_offset_is_compared_in_utc(client, manager):
    client.force_login(manager)
    UnitFactory(name="新部门")
    response = client.get("/api/v1/units/", {"updated_since": "0158-11-07T19:17:51-23:29"})
    assert response.status_code == 200
    assert [u["name"] for u in response.json()["results"]] == ["新部门"]
