"""The job-description page shows the published version; HR also sees the draft and its diff."""

from datetime import date

import pytest
from django.urls import reverse

from duties.services import update_duty
from importer.apply import import_text
from jobdescriptions import services
from roles.models import Position
from roles.services import add_reporting_line, delete_reporting_line
from tests.factories import DutyFactory, PositionFactory, ReportingLineFactory, UnitFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def url(position, **query):
    address = reverse("roles:position-detail", args=[position.pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_user("author-hr")


@pytest.fixture
def revised(position, author, reviewer):
    """v1 published on 2026-01-01; then a duty reworded in the working copy, not yet published."""
    publish(position, author, reviewer, effective_date=date(2026, 1, 1))
    update_duty(position.duties.get(kind="responsibility", order=2), text="编制季度销售报表。")
    return position


def duties_of(response):
    return [duty.text for duty in response.context["jd"].responsibilities]


def test_a_manager_sees_the_published_version_not_the_draft(client, manager, revised):
    client.force_login(manager)

    response = client.get(url(revised))
    page = response.content.decode()

    assert duties_of(response) == ["负责统计全集团销售数据。", "编制月度销售报表。"]
    assert "季度" not in page
    assert "有未发布的修改" not in page
    assert "v1 · 2026-01-01 起生效" in page


def test_a_manager_asking_for_the_draft_still_gets_the_published_version(client, manager, revised):
    client.force_login(manager)

    response = client.get(url(revised, draft=1))

    assert "季度" not in response.content.decode()


def test_hr_sees_that_the_draft_differs_with_its_diff(client, hr_editor, revised):
    client.force_login(hr_editor)

    page = client.get(url(revised)).content.decode()

    assert "有未发布的修改" in page
    assert "编制<del>月</del><ins>季</ins>度销售报表。" in page
    assert reverse("admin:jobdescriptions_jobdescriptionversion_submit", args=[revised.pk]) in page


def test_hr_can_read_the_whole_draft(client, hr_editor, revised):
    client.force_login(hr_editor)

    response = client.get(url(revised, draft=1))

    assert duties_of(response) == ["负责统计全集团销售数据。", "编制季度销售报表。"]
    assert "尚未发布的工作稿" in response.content.decode()


def test_after_approval_the_manager_sees_the_new_version_and_what_changed(
    client, manager, hr_editor, reviewer, revised
):
    version = services.submit(revised, hr_editor, "按季编制")
    services.approve(version, reviewer, effective_date=date(2026, 7, 1))
    client.force_login(manager)

    response = client.get(url(revised))
    page = response.content.decode()

    assert duties_of(response) == ["负责统计全集团销售数据。", "编制季度销售报表。"]
    assert "v2 · 2026-07-01 起生效" in page
    assert "与 v1 相比的修改" in page
    assert "编制<del>月</del><ins>季</ins>度销售报表。" in page


def test_as_of_a_past_date_shows_the_version_then_in_force(client, manager, hr_editor, reviewer, revised):
    services.approve(services.submit(revised, hr_editor), reviewer, effective_date=date(2026, 7, 1))
    client.force_login(manager)

    assert duties_of(client.get(url(revised, as_of="2026-03-01")))[1] == "编制月度销售报表。"
    assert duties_of(client.get(url(revised, as_of="2026-07-01")))[1] == "编制季度销售报表。"
    assert duties_of(client.get(url(revised, version=1)))[1] == "编制月度销售报表。"
    assert client.get(url(revised, as_of="2025-12-31")).status_code == 404
    assert client.get(url(revised, as_of="not-a-date")).status_code == 400


def test_as_of_shows_the_superiors_and_unit_of_that_time(client, manager, author, reviewer, position):
    publish(position, author, reviewer, effective_date=date(2026, 1, 1))
    old_line = position.superior_lines.get()
    new_boss = PositionFactory(unit=UnitFactory(name="财务本部"), title="财务总监")
    delete_reporting_line(old_line)
    add_reporting_line(subordinate=position, superior=new_boss, kind="dotted")
    publish(position, author, reviewer, effective_date=date(2026, 7, 1))
    client.force_login(manager)

    before = client.get(url(position, as_of="2026-06-30")).context["jd"]
    after = client.get(url(position, as_of="2026-07-01")).context["jd"]

    assert [(line.superior.title, line.kind) for line in before.superior_lines] == [("营销处长", "solid")]
    assert [(line.superior.title, line.superior.unit.name) for line in after.superior_lines] == [
        ("财务总监", "财务本部")
    ]


def test_a_reimported_document_changes_only_the_draft(client, manager, hr_editor, author, reviewer):
    text = "第一篇:测试公司\n市场部\n○市场专员职责\n◆走访客户;\n◆整理资料;\n"
    import_text("t.txt", text)
    position = Position.objects.get(title="市场专员")
    publish(position, author, reviewer)

    import_text("t.txt", text.replace("走访客户", "定期走访客户"))

    client.force_login(manager)
    assert duties_of(client.get(url(position))) == ["走访客户;", "整理资料;"]
    client.force_login(hr_editor)
    assert "<ins>定期</ins>走访客户;" in client.get(url(position)).content.decode()


def _position_with(size: int):
    position = PositionFactory()
    for _ in range(size):
        for kind in ("responsibility", "requirement", "authority", "kpi"):
            DutyFactory(position=position, kind=kind)
        ReportingLineFactory(subordinate=position)
        ReportingLineFactory(superior=position)
    return position


# As tests/roles/test_position_pages.py: the page reads the position's published versions in one query.
QUERY_BOUND = {"manager": 12, "hr_editor": 15}


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize("who", ["manager", "hr_editor"])
def test_the_page_needs_the_same_queries_for_few_or_many_versions_and_duties(
    client, django_assert_max_num_queries, request, django_user_model, reviewer, size, who
):
    user = request.getfixturevalue(who)
    author = django_user_model.objects.create_user("another-hr")
    position = _position_with(size)
    for index in range(size):
        DutyFactory(position=position, text=f"第{index}次修订新增的职责。")
        publish(position, author, reviewer)
    DutyFactory(position=position, text="尚未发布的职责。")
    client.force_login(user)

    with django_assert_max_num_queries(QUERY_BOUND[who]):
        response = client.get(url(position))

    assert response.context["versions"].shown.number == size
    assert (response.context["versions"].draft_diff is not None) == (who == "hr_editor")


def test_right_after_publication_hr_sees_no_unpublished_changes(
    client, hr_editor, author, reviewer, position
):
    """The page's snapshot of the working copy (from the rows it reads) equals the submitted one."""
    DutyFactory(position=position, kind="kpi", text="报表按时提交率。")
    ReportingLineFactory(superior=position, kind="dotted")
    publish(position, author, reviewer)
    client.force_login(hr_editor)

    response = client.get(url(position))

    assert response.context["versions"].draft_diff is None
    assert "有未发布的修改" not in response.content.decode()
