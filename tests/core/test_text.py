"""Edited text: limited in length, and without invisible characters, however it is written
(API, admin forms, admin spreadsheet imports); the document importer reports what is too long."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets import ADMIN_FORMATS
from duties.models import Duty
from roles.models import Position
from tests.api.http import etag_of
from tests.factories import PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db

FORMAT_INDEX = {fmt().get_title(): index for index, fmt in enumerate(ADMIN_FORMATS)}
TURNED = "\u202e销售员\u202c"  # a right-to-left override shows "员售销"
HIDDEN = "处理\u200b顾客\u2066投诉\x07"


@pytest.fixture
def api(client, hr_editor):
    client.force_login(hr_editor)
    return client


def import_csv(client, model, text):
    preview = client.post(
        reverse(f"admin:{model}_import"),
        {"format": FORMAT_INDEX["csv"], "import_file": SimpleUploadedFile("data.csv", text.encode())},
    )
    form = preview.context.get("confirm_form")
    if form is not None:
        data = {name: form.initial.get(name, "") for name in form.fields}
        client.post(reverse(f"admin:{model}_process_import"), data)
    return preview


# Lengths ---------------------------------------------------------------------------------------


def test_a_duty_longer_than_2000_characters_is_a_400_naming_the_field(api):
    position = PositionFactory()

    too_long = api.post(
        "/api/v1/duties/", {"position": position.pk, "text": "责" * 2001}, content_type="application/json"
    )
    two_megabytes = api.post(
        "/api/v1/duties/",
        {"position": position.pk, "text": "责" * 2_000_000},
        content_type="application/json",
    )
    just_fits = api.post(
        "/api/v1/duties/", {"position": position.pk, "text": "责" * 2000}, content_type="application/json"
    )

    assert too_long.status_code == two_megabytes.status_code == 400
    assert "2000" in too_long.json()["text"][0]
    assert just_fits.status_code == 201
    assert Duty.objects.count() == 1


def test_a_summary_longer_than_10000_characters_is_a_400_naming_the_field(api):
    position = PositionFactory()
    url = f"/api/v1/positions/{position.pk}/"

    response = api.patch(
        url, {"summary": "述" * 10_001}, content_type="application/json", HTTP_IF_MATCH=etag_of(api, url)
    )

    assert response.status_code == 400 and "summary" in response.json()
    assert Position.objects.get(pk=position.pk).summary == position.summary


def test_a_workflow_step_longer_than_2000_characters_is_a_400(api):
    response = api.post(
        "/api/v1/workflows/",
        {"name": "报销流程", "steps": ["提交", "审" * 2001]},
        content_type="application/json",
    )

    assert response.status_code == 400 and "steps" in response.json()


def test_the_admin_form_refuses_an_over_long_duty(client, hr_editor):
    client.force_login(hr_editor)
    position = PositionFactory()

    response = client.post(
        reverse("admin:duties_duty_add"),
        {"position": position.pk, "kind": "responsibility", "text": "责" * 2001},
    )

    assert response.status_code == 200
    assert "text" in response.context["adminform"].form.errors
    assert not Duty.objects.exists()


def test_an_admin_import_reports_the_over_long_row_and_writes_nothing(client, hr_editor):
    client.force_login(hr_editor)
    PositionFactory(code="S1")

    preview = import_csv(client, "duties_duty", f"position,text\nS1,短职责\nS1,{'责' * 2001}\n")

    result = preview.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    assert "text" in result.invalid_rows[0].field_specific_errors
    assert not Duty.objects.exists()


def test_the_document_importer_keeps_an_over_long_item_whole_and_reports_it(db):
    from importer.apply import import_text

    long_item = "负责" + "客户资料的整理" * 300 + "。"
    report = import_text("t.txt", f"第一篇:测试公司\n采购部\n采购员\n◆下订单;\n◆{long_item}\n")

    assert Duty.objects.filter(text__startswith="负责客户资料").get().text == long_item
    assert any(str(len(long_item)) in warning and "2000" in warning for warning in report.warnings)


# Invisible characters --------------------------------------------------------------------------


def test_api_writes_drop_bidi_overrides_and_control_characters(api):
    unit = UnitFactory()
    created = api.post(
        "/api/v1/positions/", {"unit": unit.pk, "title": TURNED}, content_type="application/json"
    )
    position = Position.objects.get(pk=created.json()["id"])
    duty = api.post(
        "/api/v1/duties/", {"position": position.pk, "text": HIDDEN}, content_type="application/json"
    )

    assert created.status_code == 201 and created.json()["title"] == "销售员"
    assert position.title == "销售员"
    assert Duty.objects.get(pk=duty.json()["id"]).text == "处理顾客投诉"


def test_admin_forms_drop_bidi_overrides(client, hr_editor):
    from tests.roles.test_admin import post_data_from

    client.force_login(hr_editor)
    position = PositionFactory(title="销售员")
    url = reverse("admin:roles_position_change", args=[position.pk])

    response = client.post(url, post_data_from(client.get(url), title=TURNED, summary="负责\u202e销售"))

    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.title, position.summary) == ("销售员", "负责销售")


def test_admin_spreadsheet_imports_drop_bidi_overrides(client, hr_editor):
    client.force_login(hr_editor)
    UnitFactory(name="营销部", code="M")

    import_csv(client, "roles_position", f"code,title,unit\nP1,{TURNED},M\n")

    assert Position.objects.get(code="P1").title == "销售员"
