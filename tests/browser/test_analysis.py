"""A manager sees which functions nobody does and which duties are done twice; HR starts a JD from the
library. Real Chromium, axe on the coverage and library pages (no critical or serious violation)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from roles.models import Position
from tests.analysis.conftest import sales  # noqa: F401 - the fixture
from tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = ("critical", "serious")


def assert_accessible(page, name):
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in blocking
    )
    assert not blocking, f"{name}:\n{report}"


def test_manager_finds_uncovered_functions_and_overlaps(page, log_in, manager, sales):  # noqa: F811
    log_in("manager", "pw-manager", next_url=f"/org/units/{sales['unit'].pk}/")
    page.get_by_role("link", name="职能覆盖与职责重叠").click()
    expect(page.locator("h1")).to_contain_text("职能覆盖")
    expect(page.locator("#uncovered-count")).to_have_text("1")
    expect(page.locator(".uncovered")).to_contain_text("负责办公用品采购")
    expect(page.locator("table.overlaps").first).to_contain_text("组织市场调研并编写调研报告")
    expect(page.locator("form.decide")).to_have_count(0)
    assert_accessible(page, "coverage page")


def test_hr_confirms_a_match_and_starts_a_jd_from_the_library(page, log_in, hr_editor, sales):  # noqa: F811
    target = UnitFactory(name="新公司营销部")
    log_in("hr", "pw-hr-editor", next_url=f"/org/units/{sales['unit'].pk}/coverage/")
    clients = page.locator(".functions-coverage > li", has_text="负责客户档案管理与回访")
    clients.get_by_role("button", name="否决").click()  # its only duty: now nobody does it
    expect(page.locator("#uncovered-count")).to_have_text("2")
    expect(page.locator(".uncovered")).to_contain_text("HR 已否决")
    assert_accessible(page, "coverage page (HR)")
    page.locator(".uncovered").get_by_role("button", name="撤销结论").click()
    expect(page.locator("#uncovered-count")).to_have_text("1")

    page.goto(f"/library/?into={target.pk}")
    page.get_by_label("岗位名称或职责").fill("营销部")
    page.get_by_role("button", name="查找").click()
    page.get_by_label("营销部经理").check()
    page.get_by_label("营销部主任").check()
    assert_accessible(page, "library")
    page.get_by_role("button", name="对照比较").click()
    expect(page.locator("table.compare-table tbody tr").first).to_contain_text("组织市场调研并编写调研报告")
    assert_accessible(page, "comparison")
    column = page.locator("form.use-template").first
    column.get_by_label("新岗位名称").fill("营销经理")
    column.get_by_role("button").click()
    expect(page.locator("h1")).to_have_text("营销经理")
    assert Position.objects.get(unit=target).duties.count() == 3
