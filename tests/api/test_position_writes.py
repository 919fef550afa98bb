"""Position writes through the API go through roles.services with If-Match."""

import pytest

from roles.models import Position
from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_an_hr_editor_creates_a_position_in_a_unit(editor):
    unit = UnitFactory(name="营销部")
    response = editor.post(
        "/api/v1/positions/", {"unit": unit.pk, "title": "营销专员"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["unit_path"] == ["营销部"]
    assert Position.objects.get(title="营销专员").history.count() == 1


def test_a_duplicate_position_code_is_a_field_error(editor):
    PositionFactory(code="P-01")
    unit = UnitFactory()
    response = editor.post(
        "/api/v1/positions/",
        {"unit": unit.pk, "title": "另一个", "code": "P-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()
    assert Position.objects.filter(code="P-01").count() == 1


def test_a_position_update_needs_the_current_etag(editor):
    position = PositionFactory(title="销售员")
    url = f"/api/v1/positions/{position.pk}/"
    tag = editor.get(url).headers["ETag"]
    assert editor.patch(url, {"title": "x"}, content_type="application/json").status_code == 428
    ok = editor.patch(url, {"title": "高级销售员"}, content_type="application/json", HTTP_IF_MATCH=tag)
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = editor.patch(url, {"title": "y"}, content_type="application/json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    position.refresh_from_db()
    assert position.title == "高级销售员"


def test_deleting_a_position_removes_it_and_its_duties_and_is_listed_for_sync(editor):
    position = PositionFactory()
    DutyFactory(position=position)
    url = f"/api/v1/positions/{position.pk}/"
    tag = editor.get(url).headers["ETag"]
    assert editor.delete(url, HTTP_IF_MATCH=tag).status_code == 204
    assert not Position.objects.filter(pk=position.pk).exists()
    body = editor.get("/api/v1/positions/", {"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert [d["id"] for d in body["deleted"]] == [position.pk]


def test_a_manager_cannot_change_a_position(client, manager):
    client.force_login(manager)
    position = PositionFactory(title="销售员")
    url = f"/api/v1/positions/{position.pk}/"
    tag = client.get(url).headers["ETag"]
    response = client.patch(url, {"title": "x"}, content_type="application/json", HTTP_IF_MATCH=tag)
    assert response.status_code == 403
