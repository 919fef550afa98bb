"""The admin is branded 岗位职责管理, has a favicon, and counts each unit's positions in one query."""

import pytest
from django.urls import reverse

from tests.factories import PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_carry_the_product_name_and_a_favicon(client, hr_editor):
    client.force_login(hr_editor)
    page = client.get(reverse("admin:index")).content.decode()
    assert "岗位职责管理" in page
    assert "Django" not in page
    assert 'rel="icon"' in page and "favicon.svg" in page


def test_public_pages_have_a_favicon_and_favicon_ico_points_to_it(client, manager):
    client.force_login(manager)
    page = client.get("/org/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_unit_changelist_counts_positions_without_a_query_per_row(
    client, hr_editor, django_assert_max_num_queries
):
    group = UnitFactory(name="集团")
    units = [UnitFactory(name=f"部门{n}", parent=group) for n in range(6)]
    for number, unit in enumerate(units):
        for index in range(number):
            PositionFactory(unit=unit, title=f"岗位{number}-{index}")
    client.force_login(hr_editor)
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin:orgchart_unit_changelist"))
    assert "岗位数" in response.content.decode()
    counts = {unit.name: unit.position_count for unit in response.context["cl"].result_list}
    assert counts == {"集团": 0, **{f"部门{n}": n for n in range(6)}}
