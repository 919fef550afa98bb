"""A list query the API cannot apply is a 400 naming the parameter, never silently ignored."""

import pytest

from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, manager):
    client.force_login(manager)
    unit = UnitFactory(name="营销部")
    DutyFactory(position=PositionFactory(unit=unit), text="处理顾客投诉")
    return client


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/duties/?kind=bogus", "kind"),
        ("/api/v1/duties/?position=abc", "position"),
        ("/api/v1/duties/?unit=1.5", "unit"),
        ("/api/v1/units/?parent=abc", "parent"),
        ("/api/v1/units/?parent=99999999999999999999", "parent"),
        ("/api/v1/positions/?unit=-3", "unit"),
        ("/api/v1/units/?page_size=-1", "page_size"),
        ("/api/v1/units/?page_size=0", "page_size"),
        ("/api/v1/units/?page_size=ten", "page_size"),
        ("/api/v1/duties/?page_size=100000", "page_size"),
        ("/api/v1/positions/?ordering=nonsense", "ordering"),
        ("/api/v1/workflows/?colour=red", "colour"),
        ("/api/v1/reporting-lines/?kind=solid", "kind"),
    ],
)
def test_a_bad_or_unknown_parameter_is_a_400_naming_it(api, url, parameter):
    response = api.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert parameter in response.json()


def test_an_unknown_export_representation_is_a_400(api):
    unit = UnitFactory()
    response = api.get(f"/api/v1/units/{unit.pk}/export/?as=pdf")
    assert response.status_code == 400
    assert list(response.json()) == ["as"]


def test_good_parameters_still_filter(api):
    unit = UnitFactory(name="财务部")
    DutyFactory(position=PositionFactory(unit=unit), text="编制报表", kind="requirement")
    assert api.get(f"/api/v1/duties/?unit={unit.pk}&kind=requirement").json()["count"] == 1
    assert api.get("/api/v1/duties/?q=投诉&page_size=1&page=1&format=json").json()["count"] == 1
    assert api.get("/api/v1/units/?parent=99999").json()["count"] == 0
    assert api.get(f"/api/v1/positions/?unit={unit.pk}").json()["count"] == 1
