"""Importing and exporting positions in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets import ADMIN_FORMATS
from roles.models import Position
from tests.factories import PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db

FORMAT_INDEX = {fmt().get_title(): index for index, fmt in enumerate(ADMIN_FORMATS)}
IMPORT_URL = reverse("admin:roles_position_import")


def upload(client, text):
    return client.post(
        IMPORT_URL,
        {"format": FORMAT_INDEX["csv"], "import_file": SimpleUploadedFile("positions.csv", text.encode())},
    )


@pytest.fixture
def units():
    group = UnitFactory(name="集团")
    sales = UnitFactory(name="营销中心", parent=group)
    return {"group": group, "sales": sales, "market": UnitFactory(name="市场部", parent=sales, code="MKT")}


def test_positions_import_by_unit_path_or_code_after_a_preview(client, hr_editor, units):
    client.force_login(hr_editor)
    text = "code,title,unit,headcount\nP1,营销总监,集团/营销中心,1\nP2,市场策划专员,MKT,3\n"

    preview = upload(client, text)

    assert not Position.objects.exists()
    assert "营销总监" in preview.content.decode()
    form = preview.context["confirm_form"]
    done = client.post(
        reverse("admin:roles_position_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
    )

    assert done.status_code == 302
    assert Position.objects.get(code="P1").unit == units["sales"]
    assert Position.objects.get(code="P2").headcount == 3


def test_an_ambiguous_unit_name_is_reported_for_its_row(client, hr_editor, units):
    client.force_login(hr_editor)
    UnitFactory(name="市场部", parent=units["group"])

    preview = upload(client, "code,title,unit\nP1,营销总监,营销中心\nP2,策划,市场部\n")

    assert [row.number for row in preview.context["result"].invalid_rows] == [2]
    assert "有多个组织单元叫“市场部”" in preview.content.decode()
    assert not Position.objects.exists()


def test_an_imported_change_raises_the_version_so_open_forms_go_stale(client, hr_editor, units):
    client.force_login(hr_editor)
    position = PositionFactory(unit=units["market"], title="策划", code="P9")

    preview = upload(client, f"id,code,title,unit\n{position.pk},P9,高级策划,MKT\n")
    form = preview.context["confirm_form"]
    client.post(
        reverse("admin:roles_position_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
    )

    position = Position.objects.get(pk=position.pk)
    assert (position.title, position.version) == ("高级策划", 2)
    assert position.history.count() == 2


def test_exported_positions_name_their_unit_by_path(client, hr_editor, units):
    client.force_login(hr_editor)
    PositionFactory(unit=units["market"], title="+策划", code="P1")

    response = client.post(
        reverse("admin:roles_position_export"),
        {
            "format": FORMAT_INDEX["csv"],
            "resource": 0,
            **{
                f"positionresource_{name}": "on"
                for name in ("id", "code", "title", "unit", "summary", "authority", "headcount", "described")
            },
        },
    )

    text = response.content.decode("utf-8-sig")
    assert "集团/营销中心/市场部" in text
    assert ",'+策划," in text
