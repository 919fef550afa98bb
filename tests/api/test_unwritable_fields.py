"""A write body field the API would drop silently is a 400 naming it; nothing is written."""

import pytest

from duties.models import Duty, Workflow
from orgchart.models import Unit
from roles.models import Position, ReportingLine
from tests.api.http import etag_of
from tests.factories import (
    DutyFactory,
    PositionFactory,
    ReportingLineFactory,
    UnitFactory,
    WorkflowFactory,
)

pytestmark = pytest.mark.django_db


def test_patching_a_units_parent_is_refused_with_a_pointer_to_move(editor):
    top, other = UnitFactory(name="总部"), UnitFactory(name="分公司")
    unit = UnitFactory(name="营销部", parent=top)
    url = f"/api/v1/units/{unit.pk}/"
    response = editor.patch(
        url,
        {"name": "市场部", "parent": other.pk},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["parent"]
    assert f"/api/v1/units/{unit.pk}/move/" in body["parent"][0]
    unit.refresh_from_db()
    assert (unit.name, unit.parent, unit.version) == ("营销部", top, 1)
    assert unit.history.count() == 1


def test_read_only_and_unknown_fields_are_named(editor):
    unit = UnitFactory(name="营销部")
    url = f"/api/v1/units/{unit.pk}/"
    response = editor.patch(
        url,
        {"name": "市场部", "version": 7, "colour": "red"},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        "colour": ["Unknown field."],
        "version": ["This field is read-only and cannot be written."],
    }
    unit.refresh_from_db()
    assert (unit.name, unit.version) == ("营销部", 1)


def test_moving_with_an_unknown_field_is_refused(editor):
    unit, target = UnitFactory(name="营销部"), UnitFactory(name="总部")
    url = f"/api/v1/units/{unit.pk}/"
    response = editor.post(
        f"{url}move/",
        {"parent": target.pk, "name": "市场部"},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
    )
    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    unit.refresh_from_db()
    assert (unit.parent, unit.version) == (None, 1)


def bodies():
    """(collection path, object factory, a valid create body, model) for each writable resource."""
    return {
        "units": (lambda: UnitFactory(), lambda: {"name": "培训部"}, Unit),
        "positions": (
            lambda: PositionFactory(),
            lambda: {"unit": UnitFactory().pk, "title": "培训专员"},
            Position,
        ),
        "duties": (
            lambda: DutyFactory(),
            lambda: {"position": PositionFactory().pk, "kind": "responsibility", "text": "组织培训"},
            Duty,
        ),
        "workflows": (lambda: WorkflowFactory(), lambda: {"name": "培训流程"}, Workflow),
        "reporting-lines": (
            lambda: ReportingLineFactory(),
            lambda: {"subordinate": PositionFactory().pk, "superior": PositionFactory().pk},
            ReportingLine,
        ),
    }


@pytest.mark.parametrize("resource", ["units", "positions", "duties", "workflows", "reporting-lines"])
def test_every_write_refuses_read_only_and_unknown_fields(editor, resource):
    make, body, model = bodies()[resource]
    obj = make()
    before = model.objects.count()
    created = editor.post(
        f"/api/v1/{resource}/",
        body() | {"id": 999, "created_at": "2020-01-01T00:00:00Z", "nonsense": 1},
        content_type="application/json",
    )
    assert created.status_code == 400
    assert set(created.json()) == {"id", "created_at", "nonsense"}
    assert model.objects.count() == before

    url = f"/api/v1/{resource}/{obj.pk}/"
    for method in ("patch", "put"):
        response = getattr(editor, method)(
            url,
            body() | {"version": 99, "updated_at": "2020-01-01T00:00:00Z"},
            content_type="application/json",
            HTTP_IF_MATCH=etag_of(editor, url),
        )
        assert response.status_code == 400, method
        assert set(response.json()) == {"version", "updated_at"}
    obj.refresh_from_db()
    assert obj.version == 1
