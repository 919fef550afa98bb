"""Admin changelists stay small as the store grows: a limited unit filter, a page of units, estimates."""

from django.test import Client

from core.admin_mixins import EstimatedCountPaginator
from duties.models import Duty
from orgchart import services as tree
from orgchart.models import Unit
from tests.factories import DutyFactory, PositionFactory


def _tree():
    root = tree.create_unit(name="集团", kind=Unit.Kind.ORGANISATION)
    department = tree.create_unit(name="销售部", parent=root)
    section = tree.create_unit(name="渠道处", parent=department, kind=Unit.Kind.SECTION)
    team = tree.create_unit(name="华东组", parent=section, kind=Unit.Kind.TEAM)
    tree.create_unit(name="另一集团", kind=Unit.Kind.ORGANISATION)
    return root, department, section, team


def _filter_links(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_unit_filter_lists_roots_then_the_path_and_children_of_the_chosen_unit(client, hr_editor):
    root, department, section, team = _tree()
    PositionFactory(unit=team, title="渠道专员")
    client.force_login(hr_editor)
    page = _filter_links(client, "/admin/roles/position/")
    assert f"unit__id__inhierarchy={root.pk}" in page
    assert f"unit__id__inhierarchy={section.pk}" not in page
    page = _filter_links(client, f"/admin/roles/position/?unit__id__inhierarchy={department.pk}")
    assert f"unit__id__inhierarchy={section.pk}" in page  # a child of the chosen unit
    assert f"unit__id__inhierarchy={team.pk}" not in page
    assert "渠道专员" in page  # the chosen unit's descendants' positions are listed


def test_the_unit_changelist_shows_a_page_of_units_not_the_whole_tree(client, hr_editor):
    from orgchart.admin import UnitAdmin

    assert UnitAdmin.list_per_page <= 200
    client.force_login(hr_editor)
    assert client.get("/admin/orgchart/unit/").status_code == 200


def test_counts_are_exact_below_the_estimate_threshold_and_when_filtered(db, monkeypatch):
    DutyFactory.create_batch(3)
    assert EstimatedCountPaginator(Duty.objects.order_by("id"), 100).count == 3
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_FROM", -1)
    filtered = Duty.objects.filter(kind=Duty.Kind.RESPONSIBILITY).order_by("id")
    assert EstimatedCountPaginator(filtered, 100).count == filtered.count()
