"""Reviewing a job description in the browser: the version bar, the draft's diff, the as-of tree; axe
finds no critical or serious violation on them."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from duties.services import update_duty
from jobdescriptions import services
from tests.browser.test_accessibility import assert_no_blocking_violations
from tests.conftest import user_in_group
from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def revised(django_user_model):
    """v1 published on 2026-01-01 and v2 on 2026-03-01; a reworded duty not yet published."""
    from core.groups import REVIEWERS

    reviewer = user_in_group(django_user_model, "reviewer", "pw-reviewer", REVIEWERS)
    author = django_user_model.objects.create_user("author-hr")
    position = PositionFactory(unit=UnitFactory(name="财务中心"), title="会计")
    DutyFactory(position=position, order=1, text="编制月度财务报表。")
    services.approve(services.submit(position, author), reviewer, effective_date=date(2026, 1, 1))
    DutyFactory(position=position, order=2, text="审核费用报销。")
    services.approve(services.submit(position, author), reviewer, effective_date=date(2026, 3, 1))
    update_duty(position.duties.get(order=1), text="编制季度财务报表。")
    return position


def test_hr_opens_the_draft_diff_and_the_pages_pass_axe(page, log_in, hr_editor, revised):
    axe = Axe()
    log_in("hr", "pw-hr-editor")

    page.goto(f"/positions/{revised.pk}/")
    expect(page.locator("#jd-version")).to_contain_text("v2")
    page.locator(".jd-draft-diff summary").click()
    expect(page.locator(".jd-draft-diff .jd-diff-reworded ins")).to_have_text("季")
    page.locator(".jd-version-diff summary").click()
    expect(page.locator(".jd-version-diff .jd-diff-added")).to_contain_text("审核费用报销。")
    assert_no_blocking_violations(axe, page, "job description with versions")

    page.locator("#jd-as-of").fill("2026-02-01")
    page.locator(".jd-as-of button").click()
    expect(page.locator("#jd-version")).to_contain_text("v1")

    page.goto(f"/org/?as_of={timezone.localdate().isoformat()}")  # the units exist since today
    expect(page.locator("#org-as-of-tree")).to_contain_text("会计")
    assert_no_blocking_violations(axe, page, "organisation as of a date")
