"""Submitting, approving and returning a job description; published versions are numbered and fixed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from duties.services import update_duty
from jobdescriptions import services
from jobdescriptions.models import JobDescriptionVersion
from jobdescriptions.snapshots import snapshot
from roles.services import update_position
from tests.factories import DutyFactory, PositionFactory, UnitFactory

from .conftest import publish

pytestmark = pytest.mark.django_db
State = JobDescriptionVersion.State


def test_a_snapshot_holds_the_whole_job_description(position):
    taken = snapshot(position)

    assert taken["position"]["title"] == "销售统计担当"
    assert taken["position"]["headcount"] == 2
    assert [unit["name"] for unit in taken["unit_path"]] == ["营销本部"]
    assert [(s["title"], s["kind"]) for s in taken["superiors"]] == [("营销处长", "solid")]
    assert [(d["kind"], d["order"], d["text"]) for d in taken["duties"]] == [
        ("responsibility", 1, "负责统计全集团销售数据。"),
        ("responsibility", 2, "编制月度销售报表。"),
        ("requirement", 1, "统计相关专业本科以上学历。"),
    ]


def test_the_superior_snapshot_lists_its_subordinates(position):
    boss = position.superior_lines.get().superior

    assert [s["title"] for s in snapshot(boss)["subordinates"]] == ["销售统计担当"]


def test_approval_publishes_with_the_next_number(position, hr_editor, reviewer):
    first = publish(position, hr_editor, reviewer, effective_date=date(2026, 1, 1))
    update_position(position, summary="负责统计与分析销售数据。")
    second = publish(position, hr_editor, reviewer, effective_date=date(2026, 7, 1))

    assert (first.number, second.number) == (1, 2)
    assert second.state == State.PUBLISHED
    assert second.reviewer == reviewer
    assert second.snapshot["position"]["summary"] == "负责统计与分析销售数据。"
    assert services.latest_published(position) == second


def test_the_author_cannot_approve_or_return_their_own_version(position, hr_editor):
    version = services.submit(position, hr_editor, "初稿")

    with pytest.raises(ValidationError, match="自己"):
        services.approve(version, hr_editor)
    with pytest.raises(ValidationError, match="自己"):
        services.return_(version, hr_editor, "请修改")
    version.refresh_from_db()
    assert version.state == State.SUBMITTED


def test_a_returned_version_keeps_the_comment_and_can_be_submitted_again(position, hr_editor, reviewer):
    returned = services.return_(services.submit(position, hr_editor), reviewer, "第二条表述不清。")

    assert returned.state == State.RETURNED
    assert returned.number is None
    assert returned.return_comment == "第二条表述不清。"
    again = services.submit(position, hr_editor, "已修改")
    assert again.state == State.SUBMITTED


def test_returning_needs_a_comment(position, hr_editor, reviewer):
    version = services.submit(position, hr_editor)

    with pytest.raises(ValidationError):
        services.return_(version, reviewer, "  ")


def test_only_one_version_waits_for_review(position, hr_editor):
    services.submit(position, hr_editor)

    with pytest.raises(ValidationError, match="待审批"):
        services.submit(position, hr_editor)


def test_nothing_to_submit_when_the_working_copy_equals_the_published_version(position, hr_editor, reviewer):
    publish(position, hr_editor, reviewer)

    with pytest.raises(ValidationError, match="没有修改"):
        services.submit(position, hr_editor)


def test_a_decided_version_cannot_be_decided_again(position, hr_editor, reviewer):
    version = publish(position, hr_editor, reviewer)

    with pytest.raises(ValidationError, match="待审批"):
        services.return_(version, reviewer, "晚了")


def test_a_stale_version_number_is_refused(position, hr_editor, reviewer):
    version = services.submit(position, hr_editor)

    with pytest.raises(ValidationError, match="已被他人修改"):
        services.approve(version, reviewer, expected_version=version.version + 1)


def test_the_submitted_snapshot_is_what_gets_published(position, hr_editor, reviewer):
    version = services.submit(position, hr_editor)
    update_duty(position.duties.get(order=2, kind="responsibility"), text="编制季度销售报表。")

    published = services.approve(version, reviewer)

    assert "编制月度销售报表。" in [d["text"] for d in published.snapshot["duties"]]
    assert services.has_unpublished_changes(position)


def test_the_version_in_force_on_a_date(position, hr_editor, reviewer):
    first = publish(position, hr_editor, reviewer, effective_date=date(2026, 1, 1))
    DutyFactory(position=position, text="新增的职责。")
    second = publish(position, hr_editor, reviewer, effective_date=date(2026, 7, 1))

    assert services.published_as_of(position, date(2025, 12, 31)) is None
    assert services.published_as_of(position, date(2026, 3, 1)) == first
    assert services.published_as_of(position, date(2026, 7, 1)) == second


def test_provenance_alone_is_not_an_unpublished_change(position, hr_editor, reviewer):
    publish(position, hr_editor, reviewer)
    duty = position.duties.first()
    duty.source_line = 99
    duty.save()

    assert not services.has_unpublished_changes(position)


def test_a_new_position_has_nothing_published():
    position = PositionFactory(unit=UnitFactory())

    assert services.latest_published(position) is None
    assert services.has_unpublished_changes(position)


def test_a_published_version_cannot_be_saved_over(position, hr_editor, reviewer):
    version = publish(position, hr_editor, reviewer)
    version.change_note = "事后修改"

    with pytest.raises(ValidationError, match="已发布的版本不能修改"):
        version.save()


def test_first_versions_are_published_for_positions_without_any(position, hr_editor, reviewer):
    """After a first import (make run seeds the store): what was imported is v1."""
    other = PositionFactory(unit=UnitFactory(), title="出纳")
    publish(position, hr_editor, reviewer)

    assert services.publish_first_versions() == 2  # the superior and the new position

    first = services.latest_published(other)
    assert (first.number, first.snapshot["position"]["title"]) == (1, "出纳")
    assert services.latest_published(position).number == 1
