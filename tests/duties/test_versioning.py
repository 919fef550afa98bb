"""Every save raises a record's version, so If-Match catches edits made outside the API too."""

import pytest

from duties.models import Duty
from importer.apply import import_text
from roles.models import ReportingLine
from tests.factories import DutyFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _etag(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


def test_an_admin_edit_between_an_api_read_and_write_makes_the_write_stale(client, hr_editor):
    duty = DutyFactory(text="处理顾客投诉")
    client.force_login(hr_editor)
    url = f"/api/v1/duties/{duty.pk}/"
    etag = _etag(client, url)

    admin_form = {
        "position": duty.position_id,
        "unit": "",
        "kind": duty.kind,
        "order": duty.order,
        "text": "处理顾客投诉并回访",
        "original_text": "",
    }
    response = client.post(f"/admin/duties/duty/{duty.pk}/change/", admin_form)
    assert response.status_code == 302
    assert Duty.objects.get(pk=duty.pk).version == 2

    response = client.patch(url, {"text": "另一项修改"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Duty.objects.get(pk=duty.pk).text == "处理顾客投诉并回访"


def test_saving_a_stale_copy_still_moves_the_version_past_the_stored_one():
    duty = DutyFactory()
    stale = Duty.objects.get(pk=duty.pk)
    duty.text = "第一次修改"
    duty.save()
    stale.text = "第二次修改"
    stale.save()
    assert Duty.objects.get(pk=duty.pk).version == 3


def test_a_reimport_that_changes_a_duty_raises_its_version():
    text = "第一篇:测试公司\n市场部\n○市场专员职责\n◆走访客户;\n"
    import_text("t.txt", text)
    duty = Duty.objects.get(text="走访客户;")
    assert duty.version == 1
    import_text("t.txt", text.replace("走访客户", "定期走访客户"))
    assert Duty.objects.get(pk=duty.pk).version == 2


def test_a_reporting_line_saved_by_any_path_is_versioned_too():
    line = ReportingLine.objects.create(subordinate=PositionFactory(), superior=PositionFactory())
    line.kind = ReportingLine.Kind.DOTTED
    line.save()
    assert ReportingLine.objects.get(pk=line.pk).version == 2


def test_a_row_deleted_under_a_write_is_a_404_not_a_500(client, hr_editor, monkeypatch):
    from duties.api import DutyViewSet

    duty = DutyFactory()
    client.force_login(hr_editor)
    url = f"/api/v1/duties/{duty.pk}/"
    etag = _etag(client, url)
    original_get_object = DutyViewSet.get_object

    def get_then_lose_the_row(view):
        found = original_get_object(view)
        Duty.objects.filter(pk=found.pk).delete()  # someone else deletes it meanwhile
        return found

    monkeypatch.setattr(DutyViewSet, "get_object", get_then_lose_the_row)
    response = client.patch(url, {"text": "修改"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 404
