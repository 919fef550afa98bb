"""Every answer of the API is JSON, errors included; no query string ends in a 500."""

import pytest
from django.test import Client

from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def raw_client():
    """A client that gets the 500 answer instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/duties/?kind=%00",
        "/api/v1/duties/?q=%E9%94%80%00%E5%94%AE",
        "/api/v1/positions/?q=%00",
        "/api/v1/units/?updated_since=2024%00",
    ],
)
def test_a_nul_in_an_api_query_is_a_400_in_json_naming_the_parameter(raw_client, manager, url):
    raw_client.force_login(manager)
    DutyFactory(position=PositionFactory(), text="销售")
    response = raw_client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    name = url.split("?")[1].split("=")[0]
    assert list(response.json()) == [name]


@pytest.mark.parametrize("query", ["q=%00", "q=%E9%94%80%00%E5%94%AE", "unit=%00", "%00=1"])
def test_a_nul_in_a_page_query_never_gives_a_500(raw_client, manager, query):
    raw_client.force_login(manager)
    PositionFactory(title="销售员")
    response = raw_client.get(f"/org/?{query}")
    assert response.status_code in (200, 400)


def test_an_unknown_api_url_is_a_json_404(raw_client, manager):
    raw_client.force_login(manager)
    for url in ["/api/nothing-here/", "/api/v1/nothing/", "/api/v2/units/"]:
        response = raw_client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert "detail" in response.json()


def test_an_unknown_page_is_still_a_page(raw_client):
    response = raw_client.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_is_json(raw_client, manager, monkeypatch):
    def broken(unit):
        raise RuntimeError("bug")

    monkeypatch.setattr("orgchart.api.build_tree", broken)
    raw_client.force_login(manager)
    unit = UnitFactory()
    response = raw_client.get(f"/api/v1/units/{unit.pk}/subtree/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
