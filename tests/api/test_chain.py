"""The chain of command is every solid-line path up, not only the oldest line's."""

import pytest

from roles.models import ReportingLine
from tests.factories import PositionFactory, ReportingLineFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, manager):
    client.force_login(manager)
    return client


def line(subordinate, superior, kind=ReportingLine.Kind.SOLID):
    return ReportingLineFactory(subordinate=subordinate, superior=superior, kind=kind)


def test_a_position_with_two_solid_superiors_has_both_paths(api):
    unit = UnitFactory()
    clerk, chief, deputy, head, ceo, adviser = (
        PositionFactory(unit=unit, title=t) for t in ["科员", "科长", "副科长", "部长", "总经理", "顾问"]
    )
    first = line(clerk, chief)
    second = line(clerk, deputy)
    line(deputy, head)
    line(chief, head)
    line(head, ceo)
    line(clerk, adviser, ReportingLine.Kind.DOTTED)

    body = api.get(f"/api/v1/positions/{clerk.pk}/chain/").json()

    assert body["primary"] == [chief.pk, head.pk, ceo.pk]
    assert body["paths"] == [[chief.pk, head.pk, ceo.pk], [deputy.pk, head.pk, ceo.pk]]
    assert {n["id"]: n["title"] for n in body["nodes"]} == {
        chief.pk: "科长",
        deputy.pk: "副科长",
        head.pk: "部长",
        ceo.pk: "总经理",
    }
    edges = {(e["subordinate"], e["superior"]) for e in body["edges"]}
    assert edges == {
        (clerk.pk, chief.pk),
        (clerk.pk, deputy.pk),
        (deputy.pk, head.pk),
        (chief.pk, head.pk),
        (head.pk, ceo.pk),
    }
    assert body["edges"][0]["id"] == first.pk
    assert second.pk in {e["id"] for e in body["edges"]}
    assert body["truncated"] is False


def test_a_top_position_has_an_empty_chain(api):
    top = PositionFactory()
    body = api.get(f"/api/v1/positions/{top.pk}/chain/").json()
    assert body == {"primary": [], "paths": [], "nodes": [], "edges": [], "truncated": False}


def ladder(levels: int):
    """A chain ``levels`` deep where every level has two solid superiors (a ladder of diamonds)."""
    unit = UnitFactory()
    bottom = current = PositionFactory(unit=unit)
    for _ in range(levels):
        left, right, top = PositionFactory(unit=unit), PositionFactory(unit=unit), PositionFactory(unit=unit)
        line(current, left)
        line(current, right)
        line(left, top)
        line(right, top)
        current = top
    return bottom


@pytest.mark.parametrize("levels", [2, 12])
def test_the_chain_takes_the_same_number_of_queries_however_deep(api, levels, django_assert_max_num_queries):
    bottom = ladder(levels)
    with django_assert_max_num_queries(16):
        body = api.get(f"/api/v1/positions/{bottom.pk}/chain/").json()
    assert len(body["nodes"]) == 3 * levels
    assert len(body["paths"]) == min(2**levels, 100)
    assert body["truncated"] is (2**levels > 100)
    assert all(len(path) == 2 * levels for path in body["paths"])
