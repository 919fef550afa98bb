"""Duty writes through the API: duties.services with If-Match, field errors, permissions, history."""

import pytest

from duties.models import Duty
from integrations.models import ApiClient
from integrations.services import create_api_client
from tests.api.http import bearer, etag_of
from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/duties/"


def test_a_new_duty_goes_to_the_end_of_its_positions_list_of_that_kind(editor, hr_editor):
    position = PositionFactory(title="销售员")
    DutyFactory(position=position, order=1, text="完成销售任务")
    DutyFactory(position=position, order=2, text="维护客户关系")
    DutyFactory(position=position, kind=Duty.Kind.REQUIREMENT, order=1, text="大专以上学历")
    response = editor.post(
        LIST, {"position": position.pk, "text": "处理顾客投诉"}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["order"], body["version"]) == ("responsibility", 3, 1)
    assert response.headers["ETag"].startswith('"v1-')
    duty = Duty.objects.get(text="处理顾客投诉")
    assert duty.position == position
    assert (duty.history.get().history_type, duty.history.get().history_user) == ("+", hr_editor)


def test_a_unit_function_is_created_with_an_explicit_order(editor):
    unit = UnitFactory(name="营销部")
    DutyFactory(position=None, unit=unit, text="制定营销计划")
    DutyFactory(position=None, unit=unit, text="组织市场调研")
    response = editor.post(
        LIST, {"unit": unit.pk, "text": "管理营销费用", "order": 2}, content_type="application/json"
    )
    assert response.status_code == 201
    listed = Duty.objects.filter(unit=unit).order_by("order").values_list("order", "text")
    assert list(listed) == [(1, "制定营销计划"), (2, "管理营销费用"), (3, "组织市场调研")]


def test_a_duty_of_both_a_position_and_a_unit_or_of_neither_is_refused(editor):
    position = PositionFactory()
    for payload in [{"position": position.pk, "unit": position.unit_id}, {}]:
        response = editor.post(LIST, payload | {"text": "某项职责"}, content_type="application/json")
        assert response.status_code == 400
        assert "职责条目必须且只能属于一个岗位或一个组织单元" in response.json()["non_field_errors"][0]
    assert not Duty.objects.exists()


def test_bad_fields_get_json_field_errors_and_nothing_is_written(editor):
    response = editor.post(
        LIST,
        {"position": 99999, "text": "", "kind": "nonsense", "order": -1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"position", "text", "kind", "order"}
    assert not Duty.objects.exists()


def test_an_update_with_the_current_etag_changes_the_duty_and_bumps_its_version(editor):
    duty = DutyFactory(text="处理投诉")
    url = f"{LIST}{duty.pk}/"
    response = editor.patch(
        url, {"text": "处理顾客投诉"}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url)
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.headers["ETag"].startswith('"v2-')
    duty.refresh_from_db()
    assert (duty.text, duty.version) == ("处理顾客投诉", 2)
    assert [h.text for h in duty.history.all()[:2]] == ["处理顾客投诉", "处理投诉"]


def test_moving_a_duty_to_another_position_puts_it_last_there(editor):
    duty = DutyFactory()
    target = PositionFactory()
    DutyFactory(position=target)
    url = f"{LIST}{duty.pk}/"
    response = editor.patch(
        url, {"position": target.pk}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url)
    )
    assert response.status_code == 200
    assert (response.json()["position"], response.json()["order"]) == (target.pk, 2)


def test_a_put_replaces_the_fields_and_keeps_the_order_when_not_given(editor):
    duty = DutyFactory(order=2, text="旧职责")
    url = f"{LIST}{duty.pk}/"
    response = editor.put(
        url,
        {"position": duty.position_id, "kind": "kpi", "text": "客户满意度"},
        content_type="application/json",
        HTTP_IF_MATCH=etag_of(editor, url),
    )
    assert response.status_code == 200
    duty.refresh_from_db()
    assert (duty.kind, duty.text) == ("kpi", "客户满意度")


def test_updates_and_deletes_without_if_match_get_428_and_stale_ones_412(editor):
    duty = DutyFactory(text="处理投诉")
    url = f"{LIST}{duty.pk}/"
    stale = etag_of(editor, url)
    assert editor.patch(url, {"text": "x"}, content_type="application/json").status_code == 428
    assert editor.delete(url).status_code == 428
    ok = editor.patch(url, {"text": "处理顾客投诉"}, content_type="application/json", HTTP_IF_MATCH=stale)
    assert ok.status_code == 200
    refused = editor.patch(url, {"text": "y"}, content_type="application/json", HTTP_IF_MATCH=stale)
    assert refused.status_code == 412
    assert "detail" in refused.json()
    assert editor.delete(url, HTTP_IF_MATCH=stale).status_code == 412
    duty.refresh_from_db()
    assert (duty.text, duty.version) == ("处理顾客投诉", 2)


def test_a_deleted_duty_is_gone_in_history_and_listed_for_sync(editor):
    duty = DutyFactory()
    url = f"{LIST}{duty.pk}/"
    assert editor.delete(url, HTTP_IF_MATCH=etag_of(editor, url)).status_code == 204
    assert not Duty.objects.filter(pk=duty.pk).exists()
    assert Duty.history.filter(id=duty.pk, history_type="-").exists()
    body = editor.get(LIST, {"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert [d["id"] for d in body["deleted"]] == [duty.pk]


def test_updated_since_lists_a_changed_duty(editor):
    untouched = DutyFactory()
    changed = DutyFactory()
    Duty.objects.update(updated_at="2020-01-01T00:00:00Z")
    url = f"{LIST}{changed.pk}/"
    editor.patch(url, {"text": "新内容"}, content_type="application/json", HTTP_IF_MATCH=etag_of(editor, url))
    body = editor.get(LIST, {"updated_since": "2021-01-01T00:00:00Z"}).json()
    assert [d["id"] for d in body["results"]] == [changed.pk]
    assert untouched.pk not in [d["id"] for d in body["results"]]


def test_list_filters_still_apply(editor):
    duty = DutyFactory(text="处理顾客投诉")
    DutyFactory(text="编制财务报表")
    assert [d["id"] for d in editor.get(LIST, {"position": duty.position_id}).json()["results"]] == [duty.pk]


def test_a_manager_may_read_but_not_write_duties(client, manager):
    client.force_login(manager)
    duty = DutyFactory(text="处理投诉")
    url = f"{LIST}{duty.pk}/"
    tag = etag_of(client, url)
    assert (
        client.patch(url, {"text": "x"}, content_type="application/json", HTTP_IF_MATCH=tag).status_code
        == 403
    )
    assert client.delete(url, HTTP_IF_MATCH=tag).status_code == 403
    created = client.post(LIST, {"position": duty.position_id, "text": "x"}, content_type="application/json")
    assert created.status_code == 403
    duty.refresh_from_db()
    assert duty.text == "处理投诉"


def test_a_read_only_token_gets_403_and_a_read_write_token_writes(client):
    position = PositionFactory()
    _, read_only = create_api_client(name="BI", scope=ApiClient.Scope.READ)
    _, read_write = create_api_client(name="HRIS", scope=ApiClient.Scope.READ_WRITE)
    payload = {"position": position.pk, "text": "处理顾客投诉"}
    refused = client.post(LIST, payload, content_type="application/json", **bearer(read_only))
    assert refused.status_code == 403
    created = client.post(LIST, payload, content_type="application/json", **bearer(read_write))
    assert created.status_code == 201
    url = f"{LIST}{created.json()['id']}/"
    tag = etag_of(client, url, **bearer(read_write))
    changed = client.patch(
        url, {"text": "处理投诉"}, content_type="application/json", HTTP_IF_MATCH=tag, **bearer(read_write)
    )
    assert changed.status_code == 200
    assert Duty.objects.get().history.count() == 2


def test_anonymous_writes_get_401(client):
    duty = DutyFactory()
    assert client.post(LIST, {"text": "x"}, content_type="application/json").status_code == 401
    assert client.delete(f"{LIST}{duty.pk}/", HTTP_IF_MATCH='"v1-0"').status_code == 401


@pytest.mark.parametrize("siblings", [2, 20])
def test_writing_a_duty_needs_the_same_number_of_queries_however_long_its_list(
    editor, django_assert_max_num_queries, siblings
):
    position = PositionFactory()
    last = max(d.order for d in DutyFactory.create_batch(siblings, position=position))
    # The same bound for 2 or 20 siblings (the savepoints of the write's transaction included).
    with django_assert_max_num_queries(18):
        created = editor.post(
            LIST, {"position": position.pk, "text": "新职责"}, content_type="application/json"
        )
    assert created.status_code == 201
    assert created.json()["order"] == last + 1
    url = f"{LIST}{created.json()['id']}/"
    with django_assert_max_num_queries(18):
        changed = editor.patch(
            url, {"text": "改"}, content_type="application/json", HTTP_IF_MATCH=created["ETag"]
        )
    assert changed.status_code == 200
