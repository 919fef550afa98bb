"""Workflow writes through the API: name, code, owner unit and the ordered steps as one list."""

import pytest

from duties.models import Workflow, WorkflowStep
from integrations.models import ApiClient
from integrations.services import create_api_client
from tests.api.http import bearer, etag_of
from tests.factories import UnitFactory, WorkflowFactory, WorkflowStepFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/workflows/"


def step_texts(workflow):
    return list(workflow.steps.order_by("order").values_list("text", flat=True))


def test_an_hr_editor_creates_a_workflow_with_its_steps_in_order(editor):
    unit = UnitFactory(name="财务部")
    response = editor.post(
        LIST,
        {
            "name": "费用报销流程",
            "code": "FI-01",
            "owner_unit": unit.pk,
            "steps": ["提交申请", "部门审核", "财务付款"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert [(s["order"], s["text"]) for s in body["steps"]] == [
        (1, "提交申请"),
        (2, "部门审核"),
        (3, "财务付款"),
    ]
    assert body["version"] == 1
    assert response.headers["ETag"].startswith('"v1-')
    workflow = Workflow.objects.get(name="费用报销流程")
    assert workflow.owner_unit == unit
    assert workflow.history.get().history_type == "+"
    assert WorkflowStep.history.filter(history_type="+").count() == 3


def test_new_steps_replace_the_old_ones_and_a_kept_step_keeps_its_row(editor):
    workflow = WorkflowFactory(name="采购流程")
    first = WorkflowStepFactory(workflow=workflow, order=1, text="提交申请")
    dropped = WorkflowStepFactory(workflow=workflow, order=2, text="口头批准")
    url = f"{LIST}{workflow.pk}/"
    response = editor.patch(
        url,
        {"steps": ["部门审核", "提交申请", "采购下单"]},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
    )
    assert response.status_code == 200
    assert [s["text"] for s in response.json()["steps"]] == ["部门审核", "提交申请", "采购下单"]
    assert response.json()["version"] == 2
    assert step_texts(workflow) == ["部门审核", "提交申请", "采购下单"]
    first.refresh_from_db()
    assert first.order == 2
    assert not WorkflowStep.objects.filter(pk=dropped.pk).exists()
    assert WorkflowStep.history.filter(id=dropped.pk, history_type="-").exists()


def test_an_update_without_steps_leaves_them_alone(editor):
    workflow = WorkflowFactory(name="采购流程")
    WorkflowStepFactory(workflow=workflow, text="提交申请")
    url = f"{LIST}{workflow.pk}/"
    response = editor.put(
        url,
        {"name": "采购审批流程", "code": "PU-01"},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
    )
    assert response.status_code == 200
    workflow.refresh_from_db()
    assert (workflow.name, workflow.code, workflow.version) == ("采购审批流程", "PU-01", 2)
    assert step_texts(workflow) == ["提交申请"]
    assert [h.name for h in workflow.history.all()[:2]] == ["采购审批流程", "采购流程"]


def test_an_empty_list_removes_every_step(editor):
    workflow = WorkflowFactory()
    WorkflowStepFactory(workflow=workflow)
    url = f"{LIST}{workflow.pk}/"
    response = editor.patch(
        url, {"steps": []}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url)
    )
    assert response.status_code == 200
    assert response.json()["steps"] == []


def test_bad_fields_and_blank_steps_get_field_errors_and_nothing_changes(editor):
    response = editor.post(
        LIST, {"name": "", "owner_unit": 99999, "steps": "不是列表"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"name", "owner_unit", "steps"}
    workflow = WorkflowFactory(name="采购流程")
    WorkflowStepFactory(workflow=workflow, text="提交申请")
    url = f"{LIST}{workflow.pk}/"
    blank = editor.patch(
        url,
        {"name": "新名称", "steps": ["审核", "  "]},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
    )
    assert blank.status_code == 400
    assert "steps" in blank.json()
    workflow.refresh_from_db()
    assert (workflow.name, workflow.version) == ("采购流程", 1)
    assert step_texts(workflow) == ["提交申请"]
    assert Workflow.objects.count() == 1


def test_updates_and_deletes_need_a_current_if_match(editor):
    workflow = WorkflowFactory(name="采购流程")
    url = f"{LIST}{workflow.pk}/"
    stale = etag_of(editor, url)
    assert editor.patch(url, {"name": "x"}, content_type="application/json").status_code == 428
    assert editor.delete(url).status_code == 428
    assert (
        editor.patch(
            url, {"name": "采购审批"}, content_type="application/json", HTTP_IF_MATCH=stale
        ).status_code
        == 200
    )
    refused = editor.patch(url, {"steps": ["x"]}, content_type="application/json", HTTP_IF_MATCH=stale)
    assert refused.status_code == 412
    assert editor.delete(url, HTTP_IF_MATCH=stale).status_code == 412
    workflow.refresh_from_db()
    assert (workflow.name, workflow.version) == ("采购审批", 2)
    assert step_texts(workflow) == []


def test_deleting_a_workflow_deletes_its_steps_and_is_listed_for_sync(editor):
    workflow = WorkflowFactory()
    step = WorkflowStepFactory(workflow=workflow)
    url = f"{LIST}{workflow.pk}/"
    assert editor.delete(url, HTTP_IF_MATCH=etag_of(editor, url)).status_code == 204
    assert not Workflow.objects.exists()
    assert not WorkflowStep.objects.filter(pk=step.pk).exists()
    assert Workflow.history.filter(id=workflow.pk, history_type="-").exists()
    body = editor.get(LIST, {"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert [d["id"] for d in body["deleted"]] == [workflow.pk]


def test_updated_since_lists_a_workflow_whose_steps_changed(editor):
    untouched = WorkflowFactory()
    changed = WorkflowFactory()
    Workflow.objects.update(updated_at="2020-01-01T00:00:00Z")
    url = f"{LIST}{changed.pk}/"
    editor.patch(
        url, {"steps": ["提交申请"]}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url)
    )
    body = editor.get(LIST, {"updated_since": "2021-01-01T00:00:00Z"}).json()
    assert [w["id"] for w in body["results"]] == [changed.pk]
    assert untouched.pk not in [w["id"] for w in body["results"]]


def test_a_manager_and_a_read_only_token_get_403_a_read_write_token_writes(client, manager):
    workflow = WorkflowFactory(name="采购流程")
    url = f"{LIST}{workflow.pk}/"
    client.force_login(manager)
    tag = etag_of(client, url)
    assert (
        client.patch(url, {"name": "x"}, content_type="application/json", HTTP_IF_MATCH=tag).status_code
        == 403
    )
    assert client.post(LIST, {"name": "x"}, content_type="application/json").status_code == 403
    client.logout()
    _, read_only = create_api_client(name="BI", scope=ApiClient.Scope.READ)
    _, read_write = create_api_client(name="HRIS", scope=ApiClient.Scope.READ_WRITE)
    assert client.delete(url, HTTP_IF_MATCH=tag, **bearer(read_only)).status_code == 403
    workflow.refresh_from_db()
    assert workflow.name == "采购流程"
    created = client.post(
        LIST, {"name": "入职流程", "steps": ["报到"]}, content_type="application/json", **bearer(read_write)
    )
    assert created.status_code == 201
    assert client.delete(url, HTTP_IF_MATCH=tag, **bearer(read_write)).status_code == 204


def test_anonymous_writes_get_401(client):
    assert client.post(LIST, {"name": "x"}, content_type="application/json").status_code == 401
