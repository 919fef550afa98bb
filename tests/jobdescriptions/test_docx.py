"""The Word download is the published version, with its revision table (修订记录)."""

from datetime import date

import pytest
from django.urls import reverse

from duties.services import update_duty
from jobdescriptions import services
from tests.roles.test_docx import download

from .conftest import publish

pytestmark = pytest.mark.django_db


def texts(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def revision_rows(document) -> list[list[str]]:
    table = document.tables[-1]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def two_versions(position, hr_editor, reviewer, django_user_model):
    author = django_user_model.objects.create_user("earlier-hr")
    publish(position, author, reviewer, effective_date=date(2026, 1, 1))
    update_duty(position.duties.get(kind="responsibility", order=2), text="编制季度销售报表。")
    version = services.submit(position, hr_editor, "报表改为按季编制")
    services.approve(version, reviewer, effective_date=date(2026, 7, 1))
    update_duty(position.duties.get(kind="responsibility", order=1), text="尚未发布的修改。")
    return position


def test_the_docx_is_the_published_version_with_its_revisions(client, manager, two_versions):
    client.force_login(manager)

    _, document = download(client, reverse("roles:position-docx", args=[two_versions.pk]))

    assert "编制季度销售报表。" in texts(document)
    assert "尚未发布的修改。" not in texts(document)
    assert revision_rows(document) == [
        ["版本", "生效日期", "修改说明", "审批人"],
        ["v1", "2026-01-01", "—", "reviewer"],
        ["v2", "2026-07-01", "报表改为按季编制", "reviewer"],
    ]


def test_an_earlier_docx_lists_the_revisions_up_to_it(client, manager, two_versions):
    client.force_login(manager)

    url = reverse("roles:position-docx", args=[two_versions.pk]) + "?as_of=2026-03-01"
    _, document = download(client, url)

    assert "编制月度销售报表。" in texts(document)
    assert [row[0] for row in revision_rows(document)] == ["版本", "v1"]


def test_the_unit_docx_has_each_position_as_published(client, manager, two_versions):
    client.force_login(manager)

    url = reverse("roles:unit-positions-docx", args=[two_versions.unit_id])
    _, document = download(client, url)

    assert "编制季度销售报表。" in texts(document)
    assert "尚未发布的修改。" not in texts(document)
