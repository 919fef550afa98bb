"""Every admin page of the three apps opens for an HR editor, and its scripts are served locally."""

import pytest
from django.urls import reverse

from duties.models import Duty, Workflow, WorkflowStep
from orgchart.models import Unit
from roles import services
from roles.models import Incumbent, Position, ReportingLine
from tests.factories import (
    DutyFactory,
    IncumbentFactory,
    PositionFactory,
    UnitFactory,
    WorkflowStepFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [Unit, Position, ReportingLine, Incumbent, Duty, Workflow, WorkflowStep]


@pytest.fixture
def one_of_each():
    group = UnitFactory(name="集团")
    market = UnitFactory(name="市场部", parent=group)
    director = PositionFactory(unit=group, title="总经理")
    planner = PositionFactory(unit=market, title="策划")
    return {
        Unit: market,
        Position: planner,
        ReportingLine: services.add_reporting_line(subordinate=planner, superior=director),
        Incumbent: IncumbentFactory(position=planner),
        Duty: DutyFactory(position=planner),
        WorkflowStep: WorkflowStepFactory(),
        Workflow: Workflow.objects.get(),
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_admin_page_opens_for_an_hr_editor(client, hr_editor, one_of_each, model):
    client.force_login(hr_editor)
    obj = one_of_each[model]
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    urls = [
        reverse(f"{prefix}_changelist"),
        reverse(f"{prefix}_add"),
        reverse(f"{prefix}_change", args=[obj.pk]),
        reverse(f"{prefix}_history", args=[obj.pk]),
        reverse(f"{prefix}_simple_history", args=[obj.pk, obj.history.earliest().history_id]),
    ]
    if model in (Unit, Position, Duty):
        urls += [reverse(f"{prefix}_import"), reverse(f"{prefix}_export")]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_drag_and_drop_script_and_styles_are_served_from_static(client, hr_editor):
    client.force_login(hr_editor)
    UnitFactory(name="集团")

    page = client.get(reverse("admin:orgchart_unit_changelist")).content.decode()

    for asset in ("mptt/draggable-admin.js", "mptt/draggable-admin.css", "admin/js/vendor/jquery/jquery.js"):
        assert f"/static/{asset}" in page
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200, asset
        response.close()
    assert "//cdn" not in page
