"""Versions over the API: list and read, diff, and submit / approve / return with If-Match."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from core.groups import REVIEWERS
from duties.services import update_duty
from jobdescriptions import services
from jobdescriptions.models import JobDescriptionVersion
from tests.api.http import etag_of
from tests.factories import DutyFactory

from .conftest import publish

pytestmark = pytest.mark.django_db
JSON = "application/json"


def versions_url(position, key=""):
    return f"/api/v1/positions/{position.pk}/versions/" + (f"{key}/" if key else "")


@pytest.fixture
def revised(position, django_user_model, reviewer):
    """v1 published on 2026-01-01 by another author; then a duty reworded in the working copy."""
    publish(
        position,
        django_user_model.objects.create_user("earlier-hr"),
        reviewer,
        effective_date=date(2026, 1, 1),
    )
    update_duty(position.duties.get(kind="responsibility", order=2), text="编制季度销售报表。")
    return position


def test_the_whole_lifecycle_through_the_api(client, hr_editor, reviewer, revised):
    client.force_login(hr_editor)
    tag = etag_of(client, f"/api/v1/positions/{revised.pk}/")
    submitted = client.post(
        versions_url(revised, "submit"), {"change_note": "按季编制"}, content_type=JSON, HTTP_IF_MATCH=tag
    )
    assert submitted.status_code == 201
    key = submitted.json()["key"]
    assert key.startswith("draft-")

    client.force_login(reviewer)
    tag = etag_of(client, versions_url(revised, key))
    approved = client.post(
        versions_url(revised, f"{key}/approve"),
        {"effective_date": "2026-07-01"},
        content_type=JSON,
        HTTP_IF_MATCH=tag,
    )
    assert approved.status_code == 200
    assert (approved.json()["number"], approved.json()["state"]) == (2, "published")

    stale = client.post(
        versions_url(revised, "2/return"), {"return_comment": "x"}, content_type=JSON, HTTP_IF_MATCH=tag
    )
    assert stale.status_code in (400, 412)


def test_writes_need_if_match(client, hr_editor, revised):
    client.force_login(hr_editor)

    assert client.post(versions_url(revised, "submit"), {}, content_type=JSON).status_code == 428


def test_an_author_cannot_approve_their_own_draft(client, hr_editor, revised):
    hr_editor.groups.add(Group.objects.get(name=REVIEWERS))
    version = services.submit(revised, hr_editor)
    client.force_login(hr_editor)

    response = client.post(
        versions_url(revised, f"draft-{version.pk}/approve"), {}, content_type=JSON, HTTP_IF_MATCH="*"
    )

    assert response.status_code == 400
    assert "不能审批自己提交的版本" in str(response.json())
    version.refresh_from_db()
    assert version.state == JobDescriptionVersion.State.SUBMITTED


def test_a_reviewer_returns_with_a_comment(client, hr_editor, reviewer, revised):
    version = services.submit(revised, hr_editor)
    client.force_login(reviewer)

    response = client.post(
        versions_url(revised, f"draft-{version.pk}/return"),
        {"return_comment": "请写明报表范围。"},
        content_type=JSON,
        HTTP_IF_MATCH="*",
    )

    assert response.json()["state"] == "returned"


def test_managers_never_see_drafts_and_cannot_decide(client, manager, hr_editor, revised):
    version = services.submit(revised, hr_editor)
    client.force_login(manager)

    listed = client.get(versions_url(revised)).json()["results"]
    assert [item["key"] for item in listed] == ["1"]
    assert client.get(versions_url(revised, f"draft-{version.pk}")).status_code == 404
    feed = client.get("/api/v1/job-description-versions/").json()["results"]
    assert {item["state"] for item in feed} == {"published"}
    denied = client.post(
        versions_url(revised, f"draft-{version.pk}/approve"), {}, content_type=JSON, HTTP_IF_MATCH="*"
    )
    assert denied.status_code == 403
    working = client.get(versions_url(revised, "diff"), {"from": "1", "to": "working"})
    assert working.status_code == 400


def test_hr_sees_drafts_and_the_diff_with_the_working_copy(client, hr_editor, revised):
    services.submit(revised, hr_editor)
    client.force_login(hr_editor)

    assert [item["state"] for item in client.get(versions_url(revised)).json()["results"]] == [
        "submitted",
        "published",
    ]
    changes = client.get(versions_url(revised, "diff"), {"from": "1", "to": "working"}).json()
    (reworded,) = [d for d in changes["duties"] if d["status"] == "reworded"]
    assert reworded["chars"] == [
        ["equal", "编制"],
        ["delete", "月"],
        ["insert", "季"],
        ["equal", "度销售报表。"],
    ]


def test_as_of_gives_the_version_in_force(client, manager, hr_editor, reviewer, revised):
    publish(revised, hr_editor, reviewer, effective_date=date(2026, 7, 1))
    client.force_login(manager)

    def in_force(day):
        return [
            item["number"] for item in client.get(versions_url(revised), {"as_of": day}).json()["results"]
        ]

    assert in_force("2025-12-31") == []
    assert in_force("2026-03-01") == [1]
    assert in_force("2026-07-01") == [2]
    assert client.get(versions_url(revised), {"as_of": "x"}).status_code == 400


def test_the_change_feed_reports_publications(client, manager, hr_editor, reviewer, revised):
    client.force_login(manager)
    since = client.get("/api/v1/job-description-versions/").json()["results"][-1]["updated_at"]
    publish(revised, hr_editor, reviewer)

    feed = client.get("/api/v1/job-description-versions/", {"updated_since": since}).json()["results"]

    assert [(item["position"], item["number"]) for item in feed][-1] == (revised.pk, 2)


@pytest.mark.parametrize("size", [2, 20])
def test_the_list_and_diff_need_the_same_queries_for_few_or_many_versions(
    client, manager, django_assert_max_num_queries, django_user_model, reviewer, position, size
):
    author = django_user_model.objects.create_user("another-hr")
    for index in range(size):
        DutyFactory(position=position, text=f"第{index}次修订新增的职责。")
        publish(position, author, reviewer)
    client.force_login(manager)

    with django_assert_max_num_queries(7):  # session, user, position, permissions (2), versions (2)
        assert client.get(versions_url(position)).status_code == 200
    with django_assert_max_num_queries(7):  # session, user, position, permissions (2), versions (2)
        changes = client.get(versions_url(position, "diff"), {"from": "1", "to": str(size)}).json()
    assert changes["counts"]["added"] == size - 1


def test_the_diff_defaults_to_what_the_latest_version_changed(client, manager, hr_editor, reviewer, revised):
    publish(revised, hr_editor, reviewer)
    client.force_login(manager)

    changes = client.get(versions_url(revised, "diff")).json()

    assert [d["status"] for d in changes["duties"] if d["status"] != "unchanged"] == ["reworded"]
