"""The review workflow through the admin: HR submits, a reviewer (not the author) approves or returns."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.groups import REVIEWERS
from duties.services import update_duty
from jobdescriptions import services
from jobdescriptions.models import JobDescriptionVersion
from tests.factories import DutyFactory

from .conftest import publish

pytestmark = pytest.mark.django_db
State = JobDescriptionVersion.State


def submit_url(position):
    return reverse("admin:jobdescriptions_jobdescriptionversion_submit", args=[position.pk])


def version_url(version):
    return reverse("admin:jobdescriptions_jobdescriptionversion_change", args=[version.pk])


def decide_url(version):
    return reverse("admin:jobdescriptions_jobdescriptionversion_decide", args=[version.pk])


def approval(version):
    return {"_approve": "1", "effective_date": "2026-07-01", "expected_version": version.version}


@pytest.fixture
def published(position, django_user_model, reviewer):
    """v1 published by someone else, and a reworded duty in the working copy."""
    author = django_user_model.objects.create_user("earlier-hr")
    publish(position, author, reviewer)
    update_duty(position.duties.get(kind="responsibility", order=2), text="编制季度销售报表。")
    return position


def test_hr_sees_the_changes_and_submits_them(client, hr_editor, published):
    client.force_login(hr_editor)

    page = client.get(submit_url(published)).content.decode()
    assert "编制<del>月</del><ins>季</ins>度销售报表。" in page

    response = client.post(submit_url(published), {"change_note": "报表改为按季编制"})

    version = JobDescriptionVersion.objects.get(state=State.SUBMITTED)
    assert response.status_code == 302
    assert response["Location"] == version_url(version)
    assert (version.author, version.change_note) == (hr_editor, "报表改为按季编制")


def test_the_position_form_links_to_submitting(client, hr_editor, published):
    client.force_login(hr_editor)

    page = client.get(reverse("admin:roles_position_change", args=[published.pk])).content.decode()

    assert submit_url(published) in page


def test_a_reviewer_approves_and_the_version_is_published(client, hr_editor, reviewer, published):
    version = services.submit(published, hr_editor, "按季")
    client.force_login(reviewer)

    page = client.get(version_url(version)).content.decode()
    assert 'name="_approve"' in page
    response = client.post(decide_url(version), approval(version))

    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.state, version.number, version.reviewer) == (State.PUBLISHED, 2, reviewer)
    assert str(version.effective_date) == "2026-07-01"


def test_a_reviewer_returns_with_a_comment(client, hr_editor, reviewer, published):
    version = services.submit(published, hr_editor)
    client.force_login(reviewer)

    client.post(
        decide_url(version), {"_return": "1", "return_comment": "请写明报表范围。", "expected_version": 1}
    )

    version.refresh_from_db()
    assert (version.state, version.return_comment) == (State.RETURNED, "请写明报表范围。")


def test_an_author_who_is_also_a_reviewer_cannot_approve_their_own(client, hr_editor, published):
    hr_editor.groups.add(Group.objects.get(name=REVIEWERS))
    version = services.submit(published, hr_editor)
    client.force_login(hr_editor)

    page = client.get(version_url(version)).content.decode()
    assert 'name="_approve"' not in page
    response = client.post(decide_url(version), approval(version), follow=True)

    assert "不能审批自己提交的版本" in response.content.decode()
    version.refresh_from_db()
    assert version.state == State.SUBMITTED


def test_hr_editors_cannot_approve(client, django_user_model, hr_editor, published):
    version = services.submit(published, django_user_model.objects.create_user("other-hr"))
    client.force_login(hr_editor)

    response = client.post(decide_url(version), {"_approve": "1", "effective_date": "2026-07-01"})

    assert response.status_code == 403


def test_managers_never_see_versions_in_the_admin(client, manager, hr_editor, published):
    version = services.submit(published, hr_editor)
    client.force_login(manager)

    assert client.get(version_url(version)).status_code == 403
    assert client.get(reverse("admin:jobdescriptions_jobdescriptionversion_changelist")).status_code == 403
    assert client.get(submit_url(published)).status_code == 403


def test_reviewers_cannot_submit(client, reviewer, published):
    client.force_login(reviewer)

    assert client.post(submit_url(published), {"change_note": "x"}).status_code == 403


def test_any_two_versions_compare(client, hr_editor, reviewer, published):
    first = services.latest_published(published)
    second = publish(published, hr_editor, reviewer)
    client.force_login(reviewer)

    url = reverse("admin:jobdescriptions_jobdescriptionversion_compare")
    page = client.get(url, {"from": first.pk, "to": second.pk}).content.decode()

    assert "<del>月</del><ins>季</ins>" in page
    assert client.get(url, {"from": "x", "to": second.pk}).status_code == 404


def test_the_position_form_links_to_its_versions(client, hr_editor, published):
    client.force_login(hr_editor)
    url = reverse("admin:jobdescriptions_jobdescriptionversion_changelist")

    response = client.get(url, {"position__id__exact": published.pk})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(published.jd_versions.all())


@pytest.mark.parametrize("size", [2, 20])
def test_the_version_page_needs_the_same_queries_for_few_or_many_versions(
    client, django_assert_max_num_queries, django_user_model, hr_editor, reviewer, position, size
):
    author = django_user_model.objects.create_user("another-hr")
    for index in range(size):
        DutyFactory(position=position, text=f"第{index}次修订新增的职责。")
        publish(position, author, reviewer)
    DutyFactory(position=position, text="待审批的职责。")
    pending = services.submit(position, hr_editor)
    client.force_login(reviewer)

    with django_assert_max_num_queries(7) as captured:
        response = client.get(version_url(pending))

    assert response.status_code == 200
    assert len(response.context["versions"]) == size + 1
    print(f"version page, {size} versions: {len(captured.captured_queries)} queries")
