"""Duty and workflow admin: editing, history with revert, import with preview, read-only managers."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets import ADMIN_FORMATS
from duties.models import Duty, Workflow, WorkflowStep
from tests.factories import DutyFactory, PositionFactory, UnitFactory
from tests.roles.test_admin import post_data_from

pytestmark = pytest.mark.django_db

FORMAT_INDEX = {fmt().get_title(): index for index, fmt in enumerate(ADMIN_FORMATS)}


@pytest.fixture
def planner():
    market = UnitFactory(name="市场部", parent=UnitFactory(name="集团"))
    return PositionFactory(unit=market, title="市场策划专员", code="MKT-01")


def test_an_hr_editor_edits_a_duty_and_reverts_it_from_its_history(client, hr_editor, planner):
    client.force_login(hr_editor)
    duty = DutyFactory(position=planner, text="调研市场需求")
    change_url = reverse("admin:duties_duty_change", args=[duty.pk])

    page = client.get(change_url)
    response = client.post(change_url, post_data_from(page, text="调研并分析市场需求"))
    assert response.status_code == 302
    assert Duty.objects.get(pk=duty.pk).text == "调研并分析市场需求"

    first = duty.history.earliest()
    revert_url = reverse("admin:duties_duty_simple_history", args=[duty.pk, first.history_id])
    page = client.get(revert_url)
    response = client.post(revert_url, post_data_from(page))

    assert response.status_code == 302
    assert Duty.objects.get(pk=duty.pk).text == "调研市场需求"
    assert duty.history.count() == 3


def test_a_duty_belonging_to_neither_a_position_nor_a_unit_is_refused(client, hr_editor):
    client.force_login(hr_editor)

    response = client.post(
        reverse("admin:duties_duty_add"), {"kind": Duty.Kind.RESPONSIBILITY, "order": 1, "text": "无主职责"}
    )

    assert response.status_code == 200
    assert "职责条目必须且只能属于一个岗位或一个组织单元。" in response.content.decode()
    assert not Duty.objects.exists()


def test_a_workflow_is_edited_with_its_ordered_steps(client, hr_editor):
    client.force_login(hr_editor)
    page = client.get(reverse("admin:duties_workflow_add"))

    response = client.post(
        reverse("admin:duties_workflow_add"),
        post_data_from(
            page,
            name="费用报销流程",
            **{
                "steps-TOTAL_FORMS": "2",
                "steps-0-order": "2",
                "steps-0-text": "财务审核",
                "steps-1-order": "1",
                "steps-1-text": "提交申请",
            },
        ),
    )

    assert response.status_code == 302
    workflow = Workflow.objects.get(name="费用报销流程")
    assert list(workflow.steps.order_by("order").values_list("text", flat=True)) == ["提交申请", "财务审核"]
    assert WorkflowStep.history.count() == 2


def test_a_manager_reads_duties_but_cannot_change_import_or_revert_them(client, manager, planner):
    client.force_login(manager)
    duty = DutyFactory(position=planner, text="调研市场需求")
    change_url = reverse("admin:duties_duty_change", args=[duty.pk])

    assert client.get(reverse("admin:duties_duty_changelist")).status_code == 200
    assert client.get(change_url).status_code == 200
    assert (
        client.post(change_url, {"position": planner.pk, "kind": "kpi", "order": 1, "text": "改"}).status_code
        == 403
    )
    assert client.get(reverse("admin:duties_duty_import")).status_code == 403
    assert client.get(reverse("admin:duties_workflow_changelist")).status_code == 200
    assert client.get(reverse("admin:duties_workflow_add")).status_code == 403
    assert Duty.objects.get(pk=duty.pk).text == "调研市场需求"


def test_duties_import_with_a_preview_and_report_bad_rows_by_number(client, hr_editor, planner):
    client.force_login(hr_editor)
    rows = [
        {"position": "MKT-01", "unit": "", "kind": "岗位职责", "order": 1, "text": "调研市场需求"},
        {"position": "MKT-99", "unit": "", "kind": "responsibility", "order": 2, "text": "不存在的岗位"},
        {"position": "", "unit": "集团/市场部", "kind": "奇怪的类别", "order": 1, "text": "部门职能"},
    ]

    preview = client.post(
        reverse("admin:duties_duty_import"),
        {
            "format": FORMAT_INDEX["json"],
            "import_file": SimpleUploadedFile("duties.json", json.dumps(rows).encode()),
        },
    )

    assert preview.status_code == 200
    assert [row.number for row in preview.context["result"].invalid_rows] == [2, 3]
    content = preview.content.decode()
    assert "找不到岗位“MKT-99”" in content
    assert "“奇怪的类别”不是有效的类型" in content
    assert preview.context.get("confirm_form") is None
    assert not Duty.objects.exists()

    preview = client.post(
        reverse("admin:duties_duty_import"),
        {
            "format": FORMAT_INDEX["json"],
            "import_file": SimpleUploadedFile(
                "duties.json", json.dumps([rows[0], {**rows[2], "kind": "职能"}]).encode()
            ),
        },
    )
    assert [row.number for row in preview.context["result"].invalid_rows] == [2]

    preview = client.post(
        reverse("admin:duties_duty_import"),
        {
            "format": FORMAT_INDEX["json"],
            "import_file": SimpleUploadedFile(
                "duties.json", json.dumps([rows[0], {**rows[2], "kind": "responsibility"}]).encode()
            ),
        },
    )
    assert not Duty.objects.exists()
    form = preview.context["confirm_form"]
    done = client.post(
        reverse("admin:duties_duty_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
    )

    assert done.status_code == 302
    assert planner.duties.get().text == "调研市场需求"
    assert Duty.objects.get(unit__name="市场部").text == "部门职能"
