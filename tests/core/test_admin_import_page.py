"""The admin import page with DEBUG off: a clear message for a bad file, never a traceback, and
CSV files read whatever Excel saved them as (GB18030/GBK, UTF-16, UTF-8 with or without BOM)."""

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets import ADMIN_FORMATS
from roles.models import Position
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

FORMAT_INDEX = {fmt().get_title(): index for index, fmt in enumerate(ADMIN_FORMATS)}
IMPORT_URL = reverse("admin:roles_position_import")
CSV = "code,title,unit,summary\nP1,销售员,M,负责华东区销售\n"


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def editor(client, hr_editor):
    UnitFactory(name="营销部", code="M")
    client.force_login(hr_editor)
    return client


def upload(client, content: bytes, fmt="csv"):
    return client.post(
        IMPORT_URL,
        {"format": FORMAT_INDEX[fmt], "import_file": SimpleUploadedFile(f"positions.{fmt}", content)},
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse("admin:roles_position_process_import"), data)


def test_an_unknown_column_is_named_without_a_traceback(editor):
    response = upload(editor, "code,title,unit,岗位级别\nP1,销售员,M,3\n".encode())

    page = response.content.decode()
    assert response.status_code == 200
    assert "无法识别的列:岗位级别" in page
    assert "Traceback" not in page and 'File "' not in page and "raise ValueError" not in page
    assert not Position.objects.exists()


def test_a_row_error_names_its_row_and_column(editor):
    response = upload(editor, "code,title,unit\nP1,销售员,M\nP2,,M\n".encode())

    page = response.content.decode()
    assert "Traceback" not in page
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert "title" in response.context["result"].invalid_rows[0].field_specific_errors


@pytest.mark.parametrize(
    "encoded",
    [
        CSV.encode("gb18030"),
        CSV.encode("gbk"),
        CSV.encode("utf-8"),
        codecs.BOM_UTF8 + CSV.encode("utf-8"),
        CSV.encode("utf-16"),  # with its BOM, as Excel's "Unicode text"
        codecs.BOM_UTF16_BE + CSV.encode("utf-16-be"),
    ],
    ids=["gb18030", "gbk", "utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_chinese_csv_files_are_read_in_any_encoding_excel_saves(editor, encoded):
    preview = upload(editor, encoded)

    assert preview.context.get("confirm_form") is not None, preview.content.decode()
    assert confirm(editor, preview).status_code == 302
    position = Position.objects.get(code="P1")
    assert (position.title, position.summary) == ("销售员", "负责华东区销售")


def test_a_file_of_another_format_gets_a_clear_message(editor):
    response = upload(editor, b"PK\x03\x04 not a csv \xff\xfe\x00", fmt="xlsx")

    page = response.content.decode()
    assert "无法读取这个文件" in page
    assert "Error" not in response.context["form"].errors["import_file"][0]
