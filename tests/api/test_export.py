"""Export of a unit's positions and duties as JSON or formula-safe CSV."""

import csv
import io

import pytest

from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_with_duties():
    top = UnitFactory(name="营销部")
    sub = UnitFactory(name="销售科", parent=top)
    DutyFactory(position=PositionFactory(unit=top, title="部长"), text="制定营销计划")
    DutyFactory(position=PositionFactory(unit=sub, title="销售员"), text='=HYPERLINK("x")')
    DutyFactory(position=PositionFactory(unit=UnitFactory(name="财务部")), text="记账")
    return top


def test_json_export_lists_duties_of_the_unit_and_its_descendants(client, manager, unit_with_duties):
    client.force_login(manager)
    rows = client.get(f"/api/v1/units/{unit_with_duties.pk}/export/").json()
    assert [(r["unit"], r["position"], r["text"]) for r in rows] == [
        ("营销部", "部长", "制定营销计划"),
        ("销售科", "销售员", '=HYPERLINK("x")'),
    ]


def test_csv_export_escapes_formulas(client, manager, unit_with_duties):
    client.force_login(manager)
    response = client.get(f"/api/v1/units/{unit_with_duties.pk}/export/", {"as": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["unit", "position_id", "position", "kind", "order", "text"]
    assert [r[5] for r in rows[1:]] == ["制定营销计划", '\'=HYPERLINK("x")']
