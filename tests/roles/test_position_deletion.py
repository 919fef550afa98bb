"""Deleting a position: refused while others report to it; otherwise its duties, its own reporting
lines and its incumbents go with it, and the admin says so before it happens."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from duties.models import Duty
from roles.models import Incumbent, Position, ReportingLine
from tests.api.http import etag_of
from tests.factories import (
    DutyFactory,
    IncumbentFactory,
    PositionFactory,
    ReportingLineFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:roles_position_changelist")


@pytest.fixture
def team():
    unit = UnitFactory(name="营销部")
    director = PositionFactory(unit=unit, title="营销总监")
    manager = PositionFactory(unit=unit, title="销售经理")
    clerk = PositionFactory(unit=unit, title="销售内勤")
    ReportingLineFactory(subordinate=manager, superior=director)
    ReportingLineFactory(subordinate=clerk, superior=manager)
    DutyFactory(position=manager, order=1, text="制定销售计划")
    IncumbentFactory(position=manager, name="王五")
    return {"director": director, "manager": manager, "clerk": clerk}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_api_refuses_to_delete_a_position_others_report_to_with_409(client, hr_editor, team):
    client.force_login(hr_editor)
    url = f"/api/v1/positions/{team['manager'].pk}/"

    response = client.delete(url, HTTP_IF_MATCH=etag_of(client, url))

    assert response.status_code == 409
    assert "销售内勤" in response.json()["detail"]
    assert Position.objects.filter(pk=team["manager"].pk).exists()
    assert ReportingLine.objects.count() == 2 and Duty.objects.count() == 1


def test_the_api_deletes_a_position_nobody_reports_to_with_its_duties_and_lines(client, hr_editor, team):
    client.force_login(hr_editor)
    team["clerk"].delete()  # the manager now has no subordinate
    url = f"/api/v1/positions/{team['manager'].pk}/"

    assert client.delete(url, HTTP_IF_MATCH=etag_of(client, url)).status_code == 204

    assert not Position.objects.filter(pk=team["manager"].pk).exists()
    assert not ReportingLine.objects.exists() and not Duty.objects.exists()
    assert not Incumbent.objects.exists()


def test_the_admin_delete_page_refuses_a_position_others_report_to(client, hr_editor, team):
    client.force_login(hr_editor)
    url = reverse("admin:roles_position_delete", args=[team["manager"].pk])

    page = client.get(url)
    posted = client.post(url, {"post": "yes"})

    for response in (page, posted):
        assert response.status_code == 302
        assert response.url == reverse("admin:roles_position_change", args=[team["manager"].pk])
        assert any("不能删除岗位“销售经理”" in m and "销售内勤" in m for m in messages_of(response))
    assert Position.objects.filter(pk=team["manager"].pk).exists()


def test_the_admin_delete_confirmation_lists_duties_reporting_lines_and_incumbents(client, admin_user, team):
    client.force_login(admin_user)
    team["clerk"].delete()
    url = reverse("admin:roles_position_delete", args=[team["manager"].pk])

    page = client.get(url)

    content = page.content.decode()
    assert page.status_code == 200
    for listed in ("制定销售计划", "销售经理 → 营销总监", "王五"):
        assert listed in content
    client.post(url, {"post": "yes"})
    assert not Position.objects.filter(pk=team["manager"].pk).exists()


def test_the_admin_bulk_delete_refuses_positions_whose_subordinates_would_stay(client, hr_editor, team):
    client.force_login(hr_editor)
    chosen = [team["director"].pk, team["manager"].pk]  # the clerk still reports to the manager

    response = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    )

    assert response.status_code == 302
    assert any("不能删除岗位“销售经理”" in m for m in messages_of(response))
    assert Position.objects.count() == 3


def test_the_admin_bulk_delete_takes_a_superior_together_with_all_its_subordinates(client, admin_user, team):
    client.force_login(admin_user)
    chosen = [team["director"].pk, team["manager"].pk, team["clerk"].pk]

    confirmation = client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": chosen})
    assert confirmation.status_code == 200 and "制定销售计划" in confirmation.content.decode()
    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"})

    assert not Position.objects.exists() and not ReportingLine.objects.exists()
