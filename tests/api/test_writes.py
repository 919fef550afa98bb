"""Unit writes through the API: validation, optimistic concurrency, history."""

import pytest

from orgchart.models import Unit
from tests.api.http import etag_of
from tests.factories import PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_an_hr_editor_creates_a_unit_under_a_parent(editor):
    hq = UnitFactory(name="总部")
    response = editor.post(
        "/api/v1/units/", {"name": "人力资源部", "parent": hq.pk}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.headers["ETag"]
    unit = Unit.objects.get(name="人力资源部")
    assert unit.parent == hq
    assert unit.history.first().history_type == "+"


def test_invalid_input_gets_json_field_errors(editor):
    response = editor.post(
        "/api/v1/units/", {"name": "", "kind": "nonsense", "parent": 99999}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"name", "kind", "parent"}
    assert not Unit.objects.exists()


def test_an_update_with_the_current_etag_succeeds_and_is_in_history(editor):
    unit = UnitFactory(name="营销部")
    url = f"/api/v1/units/{unit.pk}/"
    response = editor.patch(
        url, {"name": "市场部"}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url)
    )
    assert response.status_code == 200
    assert response.json()["name"] == "市场部"
    unit.refresh_from_db()
    assert unit.name == "市场部"
    assert unit.version == 2
    assert [h.name for h in unit.history.all()[:2]] == ["市场部", "营销部"]


def test_a_stale_write_is_refused_with_412_and_changes_nothing(editor):
    unit = UnitFactory(name="营销部")
    url = f"/api/v1/units/{unit.pk}/"
    stale = etag_of(editor, url)
    first = editor.patch(url, {"name": "市场部"}, content_type="application/json", HTTP_IF_MATCH=stale)
    assert first.status_code == 200
    second = editor.patch(url, {"name": "销售部"}, content_type="application/json", HTTP_IF_MATCH=stale)
    assert second.status_code == 412
    assert "detail" in second.json()
    unit.refresh_from_db()
    assert unit.name == "市场部"


def test_a_write_without_if_match_is_refused_with_428(editor):
    unit = UnitFactory(name="营销部")
    response = editor.patch(f"/api/v1/units/{unit.pk}/", {"name": "x"}, content_type="application/json")
    assert response.status_code == 428
    assert editor.delete(f"/api/v1/units/{unit.pk}/").status_code == 428
    unit.refresh_from_db()
    assert unit.name == "营销部"


def test_moving_a_unit_under_its_own_descendant_is_a_400_with_a_message(editor):
    top = UnitFactory(name="营销部")
    child = UnitFactory(name="销售科", parent=top)
    url = f"/api/v1/units/{top.pk}/"
    response = editor.post(
        f"{url}move/",
        {"parent": child.pk},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
    )
    assert response.status_code == 400
    assert "销售科" in response.json()["non_field_errors"][0]
    top.refresh_from_db()
    assert top.parent is None


def test_moving_a_unit_puts_it_under_the_new_parent(editor):
    a = UnitFactory(name="甲")
    b = UnitFactory(name="乙")
    url = f"/api/v1/units/{b.pk}/"
    response = editor.post(
        f"{url}move/", {"parent": a.pk}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url)
    )
    assert response.status_code == 200
    b.refresh_from_db()
    assert b.parent == a


def test_deleting_a_unit_with_positions_is_refused_and_an_empty_one_is_deleted(editor):
    busy = UnitFactory(name="营销部")
    PositionFactory(unit=busy)
    url = f"/api/v1/units/{busy.pk}/"
    refused = editor.delete(url, HTTP_IF_MATCH=etag_of(editor, url))
    assert refused.status_code == 400
    assert Unit.objects.filter(pk=busy.pk).exists()
    empty = UnitFactory(name="临时组")
    url = f"/api/v1/units/{empty.pk}/"
    assert editor.delete(url, HTTP_IF_MATCH=etag_of(editor, url)).status_code == 204
    assert not Unit.objects.filter(pk=empty.pk).exists()
    assert Unit.history.filter(id=empty.pk, history_type="-").exists()


def test_a_read_with_the_current_etag_gets_304_and_after_a_change_200(editor):
    unit = UnitFactory(name="营销部")
    for url in [f"/api/v1/units/{unit.pk}/", "/api/v1/units/"]:
        tag = etag_of(editor, url)
        assert editor.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    tag = etag_of(editor, f"/api/v1/units/{unit.pk}/")
    editor.patch(
        f"/api/v1/units/{unit.pk}/", {"name": "市场部"}, content_type="application/json", HTTP_IF_MATCH=tag
    )
    assert editor.get(f"/api/v1/units/{unit.pk}/", HTTP_IF_NONE_MATCH=tag).status_code == 200
