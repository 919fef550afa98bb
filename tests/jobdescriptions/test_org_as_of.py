"""/org/?as_of=: the unit tree of that date (from the units' history) with the versions then in force."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from jobdescriptions.selectors import org_tree_as_of
from orgchart.models import Unit
from orgchart.services import delete_unit, move_unit
from roles.services import update_position
from tests.factories import PositionFactory, UnitFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def dated(unit_ids, day: date) -> None:
    """Date the units' latest history rows to ``day`` at noon, as if written then."""
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))
    for pk in unit_ids:
        record = Unit.history.filter(id=pk).order_by("-history_date", "-history_id").first()
        Unit.history.filter(history_id=record.history_id).update(history_date=moment)


def shape(nodes) -> list:
    return [(node.name, [p["title"] for p in node.positions], shape(node.children)) for node in nodes]


@pytest.fixture
def organisation(django_user_model, reviewer):
    """集团 > 营销本部 > 华东区 on 2026-01-01; 华东区 moved under 集团 on 2026-06-01; 培训部 closed then."""
    author = django_user_model.objects.create_user("author-hr")
    group = UnitFactory(name="集团")
    marketing = UnitFactory(name="营销本部", parent=group)
    east = UnitFactory(name="华东区", parent=marketing)
    training = UnitFactory(name="培训部", parent=group)
    dated([group.pk, marketing.pk, east.pk, training.pk], date(2026, 1, 1))
    rep = PositionFactory(unit=east, title="区域代表")
    trainer = PositionFactory(unit=training, title="培训师")
    publish(rep, author, reviewer, effective_date=date(2026, 1, 1))
    publish(trainer, author, reviewer, effective_date=date(2026, 1, 1))

    move_unit(Unit.objects.get(pk=east.pk), parent=Unit.objects.get(pk=group.pk))
    dated([east.pk], date(2026, 6, 1))
    update_position(trainer, unit=Unit.objects.get(pk=marketing.pk), title="营销培训师")
    publish(trainer, author, reviewer, effective_date=date(2026, 6, 1))
    delete_unit(Unit.objects.get(pk=training.pk))
    dated([training.pk], date(2026, 6, 1))
    return group


def test_before_the_move_the_tree_is_as_it_was(organisation):
    assert shape(org_tree_as_of(date(2026, 3, 1))) == [
        ("集团", [], [("营销本部", [], [("华东区", ["区域代表"], [])]), ("培训部", ["培训师"], [])])
    ]


def test_after_the_move_units_and_positions_are_where_they_went(organisation):
    assert shape(org_tree_as_of(date(2026, 6, 1))) == [
        ("集团", [], [("营销本部", ["营销培训师"], []), ("华东区", ["区域代表"], [])])
    ]


def test_before_anything_existed_the_tree_is_empty(organisation):
    assert org_tree_as_of(date(2025, 12, 31)) == []


def test_the_page_shows_the_tree_of_that_date_with_links_to_the_jd_then(client, manager, organisation):
    client.force_login(manager)

    page = client.get("/org/", {"as_of": "2026-03-01"}).content.decode()

    assert "培训部" in page
    assert "?as_of=2026-03-01" in page
    assert client.get("/org/", {"as_of": "2026-13-01"}).status_code == 400


@pytest.mark.parametrize("size", [2, 20])
def test_the_page_needs_the_same_queries_for_small_or_large_trees(
    client, manager, django_assert_max_num_queries, django_user_model, reviewer, size
):
    author = django_user_model.objects.create_user("author-hr")
    root = UnitFactory(name="集团")
    for index in range(size):
        unit = UnitFactory(name=f"部门{index}", parent=root)
        publish(PositionFactory(unit=unit), author, reviewer, effective_date=date(2026, 1, 1))
    client.force_login(manager)

    with django_assert_max_num_queries(6):  # session, user, units, versions, permissions (2)
        response = client.get("/org/", {"as_of": timezone.localdate().isoformat()})

    assert response.content.decode().count("data-position=") == size


def test_the_api_gives_the_tree_of_that_date(client, manager, organisation):
    client.force_login(manager)

    tree = client.get("/api/v1/organisation-as-of/", {"as_of": "2026-03-01"}).json()

    (group,) = tree
    marketing, training = group["children"]
    assert marketing["children"][0]["name"] == "华东区"
    assert training["positions"] == [{"id": training["positions"][0]["id"], "title": "培训师", "number": 1}]
    assert client.get("/api/v1/organisation-as-of/", {"as_of": "x"}).status_code == 400
