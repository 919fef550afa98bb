"""Admin spreadsheet files: what is exported and read back in is exactly what was stored.

CSV and XLSX cells that a spreadsheet would run as formulas are written with an apostrophe in front;
importing takes exactly that apostrophe off again, however many round trips are made.
"""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from core.spreadsheets import ADMIN_FORMATS
from duties.models import Duty
from orgchart.models import Unit
from roles.models import Position
from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db

FORMAT_INDEX = {fmt().get_title(): index for index, fmt in enumerate(ADMIN_FORMATS)}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "json": "json"}
TRICKY = ["-销售部", "=SUM(1)", "+86", "@x", "'=x", "''+1", "'普通"]

# (admin url name, resource class name, exported fields, model)
RESOURCES = [
    ("orgchart_unit", "unitresource", ("id", "name", "kind", "code", "parent"), Unit),
    (
        "roles_position",
        "positionresource",
        ("id", "code", "title", "unit", "summary", "authority", "headcount", "described"),
        Position,
    ),
    (
        "duties_duty",
        "dutyresource",
        ("id", "position", "unit", "kind", "order", "text", "original_text"),
        Duty,
    ),
]


def stored():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "name", "code", "parent_id", "version")),
        list(
            Position.objects.order_by("pk").values_list(
                "pk", "code", "title", "unit_id", "summary", "authority", "headcount", "version"
            )
        ),
        list(Duty.objects.order_by("pk").values_list("pk", "position_id", "order", "text", "original_text")),
    )


def export(client, name, resource, field_names, fmt):
    response = client.post(
        reverse(f"admin:{name}_export"),
        {"format": FORMAT_INDEX[fmt], "resource": 0, **{f"{resource}_{f}": "on" for f in field_names}},
    )
    assert response.status_code == 200
    return response.content


def import_back(client, name, content, fmt):
    preview = client.post(
        reverse(f"admin:{name}_import"),
        {
            "format": FORMAT_INDEX[fmt],
            "import_file": SimpleUploadedFile(f"data.{EXTENSIONS[fmt]}", content),
        },
    )
    assert preview.context["confirm_form"] is not None, preview.content.decode()[-3000:]
    form = preview.context["confirm_form"]
    done = client.post(
        reverse(f"admin:{name}_process_import"), {n: form.initial.get(n, "") for n in form.fields}
    )
    assert done.status_code == 302


def cells(content, fmt):
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return [[cell.value for cell in row] for row in sheet.iter_rows()]
    return content


@pytest.fixture
def tricky_store():
    group = UnitFactory(name="-销售部", code="+86")
    unit = UnitFactory(name="=SUM(1)", parent=group, code="@x")
    position = PositionFactory(
        unit=unit, title="=SUM(1)", code="-P1", summary="'=x", authority="@x", headcount=None
    )
    PositionFactory(unit=group, title="''+1", code="'普通", summary="+86")
    for order, text in enumerate(TRICKY, 1):
        DutyFactory(position=position, order=order, text=text, original_text=text)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize(("name", "resource", "field_names", "model"), RESOURCES)
def test_an_export_imported_back_twice_changes_nothing(
    client, hr_editor, tricky_store, fmt, name, resource, field_names, model
):
    client.force_login(hr_editor)
    before = stored()

    first = export(client, name, resource, field_names, fmt)
    import_back(client, name, first, fmt)
    second = export(client, name, resource, field_names, fmt)
    import_back(client, name, second, fmt)
    third = export(client, name, resource, field_names, fmt)

    assert stored() == before
    assert cells(first, fmt) == cells(second, fmt) == cells(third, fmt)


def test_spreadsheet_cells_that_would_run_as_formulas_are_escaped_and_json_is_not(
    client, hr_editor, tricky_store
):
    client.force_login(hr_editor)
    field_names = ("id", "name", "kind", "code", "parent")

    csv = export(client, "orgchart_unit", "unitresource", field_names, "csv").decode("utf-8-sig")
    sheet = cells(export(client, "orgchart_unit", "unitresource", field_names, "xlsx"), "xlsx")
    data = json.loads(export(client, "orgchart_unit", "unitresource", field_names, "json"))

    assert ",'-销售部," in csv and ",'+86," in csv
    assert "'=SUM(1)" in sheet[2] and "'@x" in sheet[2]
    assert {row["name"] for row in data} == {"-销售部", "=SUM(1)"}


def test_export_org_read_back_into_an_empty_store_gives_the_same_export(db, tricky_store):
    from importer.orgjson import import_org

    out = io.StringIO()
    call_command("export_org", stdout=out)
    for model in (Duty, Position):
        model.objects.all().delete()
    for unit in Unit.objects.order_by("-level"):
        unit.delete()

    import_org(out.getvalue())
    again = io.StringIO()
    call_command("export_org", stdout=again)

    assert again.getvalue() == out.getvalue()
    assert sorted(Duty.objects.values_list("text", flat=True)) == sorted(TRICKY)
