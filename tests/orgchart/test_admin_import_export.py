"""Importing and exporting units in the admin: preview first, nothing half-written."""

import io
import json

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets import ADMIN_FORMATS
from orgchart import services as tree
from orgchart.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:orgchart_unit_import")
PROCESS_URL = reverse("admin:orgchart_unit_process_import")
EXPORT_URL = reverse("admin:orgchart_unit_export")
FORMAT_INDEX = {fmt().get_title(): index for index, fmt in enumerate(ADMIN_FORMATS)}


def upload(client, name, content, fmt):
    return client.post(
        IMPORT_URL,
        {"format": FORMAT_INDEX[fmt], "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(PROCESS_URL, {name: form.initial.get(name, "") for name in form.fields})


def snapshot():
    return list(Unit.objects.order_by("pk").values_list("pk", "name", "parent_id", "lft", "rght", "tree_id"))


@pytest.fixture
def group(hr_editor):
    return UnitFactory(name="集团", kind=Unit.Kind.ORGANISATION, code="G")


def test_a_valid_csv_is_previewed_and_written_only_after_confirming(client, hr_editor, group):
    client.force_login(hr_editor)
    csv = "id,name,kind,code,parent\n,营销中心,centre,S,集团\n,市场部,部,SM,集团/营销中心\n".encode()
    before = snapshot()

    preview = upload(client, "units.csv", csv, "csv")

    assert preview.status_code == 200
    content = preview.content.decode()
    assert "营销中心" in content and "市场部" in content
    assert preview.context["confirm_form"] is not None
    assert not preview.context["result"].has_errors()
    assert snapshot() == before  # the preview wrote nothing

    done = confirm(client, preview)

    assert done.status_code == 302
    market = Unit.objects.get(code="SM")
    assert market.kind == Unit.Kind.DEPARTMENT  # the Chinese label "部" was accepted
    assert [u.name for u in market.get_ancestors()] == ["集团", "营销中心"]
    assert market.history.count() == 1
    assert tree.tree_problems() == []


def test_an_xlsx_file_imports_like_a_csv(client, hr_editor, group):
    client.force_login(hr_editor)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "kind", "code", "parent"])
    sheet.append([None, "财务部", "department", "F", "G"])  # parent by code
    data = io.BytesIO()
    book.save(data)

    preview = upload(client, "units.xlsx", data.getvalue(), "xlsx")
    assert preview.context["confirm_form"] is not None
    confirm(client, preview)

    assert Unit.objects.get(code="F").parent_id == group.pk
    assert tree.tree_problems() == []


def test_importing_an_existing_unit_with_a_new_parent_moves_it_through_the_tree_service(
    client, hr_editor, group
):
    client.force_login(hr_editor)
    sales = UnitFactory(name="营销中心", parent=group)
    market = UnitFactory(name="市场部", parent=sales)
    data = json.dumps(
        [{"id": market.pk, "name": "市场部", "kind": "department", "code": "", "parent": "集团"}]
    )

    confirm(client, upload(client, "units.json", data.encode(), "json"))

    market = Unit.objects.get(pk=market.pk)
    assert market.parent_id == group.pk
    assert market.version == 2
    assert tree.tree_problems() == []


def test_a_row_with_an_unknown_parent_is_reported_by_row_and_nothing_is_written(client, hr_editor, group):
    client.force_login(hr_editor)
    csv = "id,name,kind,code,parent\n,营销中心,centre,S,集团\n,市场部,department,SM,不存在的部门\n".encode()
    before = snapshot()

    preview = upload(client, "units.csv", csv, "csv")

    assert preview.status_code == 200
    result = preview.context["result"]
    assert result.has_validation_errors()
    invalid = result.invalid_rows
    assert [row.number for row in invalid] == [2]
    assert "找不到组织单元“不存在的部门”" in preview.content.decode()
    assert preview.context.get("confirm_form") is None
    assert snapshot() == before


def test_moving_a_unit_under_its_descendant_by_import_is_refused_for_that_row(client, hr_editor, group):
    client.force_login(hr_editor)
    sales = UnitFactory(name="营销中心", parent=group)
    UnitFactory(name="市场部", parent=sales)
    csv = f"id,name,kind,code,parent\n{sales.pk},营销中心,centre,,集团/营销中心/市场部\n".encode()
    before = snapshot()

    preview = upload(client, "units.csv", csv, "csv")

    assert "不能把“营销中心”移动到它自己的下级单元“市场部”下面。" in preview.content.decode()
    assert preview.context.get("confirm_form") is None
    assert snapshot() == before


def test_a_file_with_the_wrong_columns_is_refused_and_nothing_is_written(client, hr_editor, group):
    client.force_login(hr_editor)
    before = snapshot()

    preview = upload(client, "units.csv", "姓名,电话\n张三,123\n".encode(), "csv")

    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is None
    assert preview.context["result"].has_errors()
    content = preview.content.decode()
    assert "缺少列:name" in content
    assert "无法识别的列:姓名, 电话" in content
    assert snapshot() == before


def test_a_file_that_is_not_utf8_text_is_refused_with_a_message(client, hr_editor, group):
    client.force_login(hr_editor)
    before = snapshot()

    preview = upload(client, "units.csv", b"\xff\xfe\x00\x81garbage\x9c\xe6", "csv")

    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is None
    assert preview.context["form"].errors["import_file"]
    assert snapshot() == before


def test_a_duplicate_code_in_the_file_is_reported_and_nothing_is_written(client, hr_editor, group):
    client.force_login(hr_editor)
    csv = "id,name,kind,code,parent\n,营销中心,centre,G,集团\n".encode()
    before = snapshot()

    preview = upload(client, "units.csv", csv, "csv")

    assert "该编码已被其他组织单元使用。" in preview.content.decode()
    assert snapshot() == before


def test_exported_csv_neutralises_cells_a_spreadsheet_would_run(client, hr_editor, group):
    client.force_login(hr_editor)
    UnitFactory(name='=HYPERLINK("http://x")', parent=group)
    UnitFactory(name="@SUM(A1)", parent=group)
    UnitFactory(name="普通部门", parent=group)

    response = client.post(
        EXPORT_URL,
        {
            "format": FORMAT_INDEX["csv"],
            "resource": 0,
            **{f"unitresource_{name}": "on" for name in ("id", "name", "kind", "code", "parent")},
        },
    )

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1)" in text
    assert "\n=" not in text and ",=" not in text
    assert ",集团\r\n" in text or ",集团\n" in text


def test_exported_xlsx_holds_no_formula_cells(client, hr_editor, group):
    client.force_login(hr_editor)
    UnitFactory(name="=1+1", parent=group)

    response = client.post(
        EXPORT_URL,
        {
            "format": FORMAT_INDEX["xlsx"],
            "resource": 0,
            **{f"unitresource_{name}": "on" for name in ("id", "name", "kind", "code", "parent")},
        },
    )

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    names = [row[1] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert "'=1+1" in names
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)


def test_a_manager_can_export_but_not_import(client, manager, group):
    client.force_login(manager)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(PROCESS_URL, {}).status_code == 403
    assert client.get(EXPORT_URL).status_code == 200


def test_a_row_refused_at_confirm_time_undoes_the_whole_import(client, hr_editor, group):
    """Between preview and confirm somebody takes a code the file uses: nothing of the file is kept."""
    client.force_login(hr_editor)
    csv = "id,name,kind,code,parent\n,营销中心,centre,S,集团\n,市场部,department,SM,集团/营销中心\n".encode()
    preview = upload(client, "units.csv", csv, "csv")
    assert preview.context["confirm_form"] is not None
    UnitFactory(name="另一个市场部", code="SM", parent=group)
    before = snapshot()

    done = confirm(client, preview)

    assert done.status_code == 302
    assert done.url == IMPORT_URL
    messages = [str(m) for m in get_messages(done.wsgi_request)]
    assert any(
        "没有导入任何数据" in text and "第 2 行" in text and "该编码已被其他组织单元使用。" in text
        for text in messages
    )
    assert snapshot() == before
    assert not Unit.objects.filter(code="S").exists()
