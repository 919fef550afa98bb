"""The Chinese interface shows no English: admin changelists, change forms, history and revert pages,
import/export pages and the public pages, rendered in zh-hans, have no English word in their visible
text (apart from names of formats and products), and export files are named in Chinese."""

import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets import ADMIN_FORMATS
from duties.models import Duty, Workflow, WorkflowStep
from orgchart.models import Unit
from roles import services
from roles.models import Incumbent, Position, ReportingLine
from sources.models import SourceDocument
from tests.factories import (
    DutyFactory,
    IncumbentFactory,
    PositionFactory,
    SourceDocumentFactory,
    UnitFactory,
    WorkflowStepFactory,
)

pytestmark = pytest.mark.django_db

# Names that stay as they are in a Chinese interface: formats, products, keys of the keyboard.
ALLOWED = {"API", "CSV", "DOCX", "XLSX", "JSON", "TXT", "MD", "ID", "KPI", "Word", "PDF", "SVG", "PNG", "SHA"}
ALLOWED |= {"Tab", "Enter", "Esc", "Shift", "Home", "End"}
FORMAT_INDEX = {fmt().get_title(): index for index, fmt in enumerate(ADMIN_FORMATS)}
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
BUTTON_TYPES = {"submit", "button", "reset"}


class VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes, button captions and the naming attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"script", "style", "template"}:
            self.hidden_depth += 1
            return
        for name in VISIBLE_ATTRIBUTES & attributes.keys():
            self.parts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in BUTTON_TYPES:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)


def english_words(html: str, data_words: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = re.sub(r"\b[0-9a-f]{16,}\b", " ", " ".join(parser.parts))  # hashes
    words = re.findall(r"[A-Za-z]{2,}", text)
    return sorted({w for w in words if w.upper() not in {a.upper() for a in ALLOWED} and w not in data_words})


@pytest.fixture
def store(hr_editor):
    from django.contrib.auth.models import Permission

    hr_editor.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    group = UnitFactory(name="集团", code="JT")
    market = UnitFactory(name="市场部", parent=group, code="SC")
    director = PositionFactory(unit=group, title="总经理", code="ZJL")
    planner = PositionFactory(unit=market, title="策划", code="CH")
    line = services.add_reporting_line(subordinate=planner, superior=director)
    duty = DutyFactory(position=planner, order=1, text="撰写方案")
    services.update_position(planner, summary="负责市场策划与推广。")
    step = WorkflowStepFactory(text="提交申请")
    document = SourceDocumentFactory(name="制度.txt")
    return {
        Unit: market,
        Position: planner,
        ReportingLine: line,
        Incumbent: IncumbentFactory(position=planner, name="张三"),
        Duty: duty,
        Workflow: step.workflow,
        WorkflowStep: step,
        SourceDocument: document,
    }


def file_columns() -> set[str]:
    """Column names of the import/export files: the import and export pages list them as they are."""
    from duties.resources import DutyResource
    from orgchart.resources import UnitResource
    from roles.resources import PositionResource

    names = set()
    for resource in (UnitResource, PositionResource, DutyResource):
        for field in resource().get_user_visible_fields():
            names.update(re.findall(r"[A-Za-z]{2,}", field.column_name))
            names.update(re.findall(r"[A-Za-z]{2,}", field.column_name.replace("_", " ").title()))
    return names


def admin_pages(store):
    for model, obj in store.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{prefix}_changelist")
        yield reverse(f"{prefix}_change", args=[obj.pk])
        yield reverse(f"{prefix}_history", args=[obj.pk])
        record = obj.history.earliest()
        yield reverse(f"{prefix}_simple_history", args=[obj.pk, record.history_id])
        if model is not SourceDocument:
            yield reverse(f"{prefix}_add")
    for model in (Unit, Position, Duty):
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_import")
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
    yield reverse("admin:index")
    yield reverse("admin:app_list", args=["roles"])
    yield reverse("admin:sources_sourcedocument_upload")


def public_pages(store):
    unit, position = store[Unit], store[Position]
    yield "/org/"
    yield f"/org/units/{unit.pk}/"
    yield f"/org/units/{unit.pk}/chart/"
    yield f"/positions/{position.pk}/"
    yield f"/positions/{position.pk}/?print=1"


def test_admin_and_public_pages_show_no_english(client, hr_editor, store):
    # The user's name and the units' and positions' codes are data, not interface text.
    data_words = {hr_editor.get_username(), "JT", "SC", "ZJL", "CH", *file_columns()}
    client.force_login(hr_editor)
    found = {}
    for url in [*admin_pages(store), *public_pages(store)]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        words = english_words(response.content.decode(), data_words)
        if words:
            found[url] = words
    assert not found, found


def test_the_login_page_shows_no_english(client):
    assert english_words(client.get(reverse("login")).content.decode(), set()) == []
    assert english_words(client.get(reverse("admin:login")).content.decode(), set()) == []


def test_import_errors_and_preview_show_no_english(client, hr_editor):
    client.force_login(hr_editor)
    UnitFactory(name="集团", code="JT")
    bad = "id,code,title,unit\n,P1,,NOPE\n"
    response = client.post(
        reverse("admin:roles_position_import"),
        {"format": FORMAT_INDEX["csv"], "import_file": SimpleUploadedFile("岗位.csv", bad.encode())},
    )
    page = response.content.decode()
    assert "某些行的数据验证失败" in page
    assert english_words(page, {hr_editor.get_username(), "NOPE", *file_columns()}) == []


def test_export_files_are_named_in_chinese(client, hr_editor, store):
    client.force_login(hr_editor)
    response = client.post(
        reverse("admin:roles_position_export"),
        {"format": FORMAT_INDEX["csv"], "resource": 0, "positionresource_title": "on"},
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Position-')
    # filename*=UTF-8''岗位-YYYY-MM-DD.csv, percent-encoded
    expected = r"filename\*=UTF-8''%E5%B2%97%E4%BD%8D-\d{4}-\d{2}-\d{2}\.csv$"
    assert re.search(expected, disposition), disposition
