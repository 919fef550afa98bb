"""Admin changelists need the same number of queries for small and ten times larger data."""

import pytest
from django.urls import reverse

from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db

# Fixed bounds, the same for both sizes: a changelist must not query per row.
MAX_QUERIES = {
    "admin:orgchart_unit_changelist": 8,
    "admin:roles_position_changelist": 10,
    "admin:duties_duty_changelist": 10,
}


def build_org(scale: int) -> dict:
    """``scale`` centres, each with 4 departments; 2 positions per department, 3 duties each."""
    group = UnitFactory(name="集团")
    first_centre = None
    for c in range(scale):
        centre = UnitFactory(name=f"中心{c}", parent=group)
        first_centre = first_centre or centre
        for d in range(4):
            department = UnitFactory(name=f"中心{c}部门{d}", parent=centre)
            for p in range(2):
                position = PositionFactory(unit=department, title=f"岗位{c}-{d}-{p}")
                for k in range(3):
                    DutyFactory(position=position, order=k, text=f"职责{c}-{d}-{p}-{k}")
    return {"group": group, "centre": first_centre}


def pages(org, scale):
    """(changelist, query parameters, rows expected) for the data of ``build_org(scale)``."""
    centre = org["centre"].pk
    return [
        ("admin:orgchart_unit_changelist", {}, 1 + 5 * scale),
        ("admin:orgchart_unit_changelist", {"q": "部门"}, 4 * scale),
        ("admin:roles_position_changelist", {}, 8 * scale),
        ("admin:roles_position_changelist", {"unit__id__inhierarchy": centre}, 8),
        ("admin:roles_position_changelist", {"q": "岗位"}, 8 * scale),
        ("admin:duties_duty_changelist", {}, 24 * scale),
        ("admin:duties_duty_changelist", {"position__unit__id__inhierarchy": centre}, 24),
        ("admin:duties_duty_changelist", {"q": "职责"}, 24 * scale),
    ]


@pytest.mark.parametrize("scale", [1, 10], ids=["small", "10x"])
def test_changelists_need_a_fixed_number_of_queries(client, hr_editor, django_assert_max_num_queries, scale):
    org = build_org(scale)
    client.force_login(hr_editor)
    client.get(reverse("admin:index"))  # session and permission caches warmed like a real visit

    for name, params, rows in pages(org, scale):
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            response = client.get(reverse(name), params)
        assert response.status_code == 200
        assert response.context["cl"].result_count == rows
        shown = min(rows, response.context["cl"].list_per_page)
        assert len(response.context["cl"].result_list) == shown
