"""The language switch in the page header, in real Chromium."""

import pytest
from playwright.sync_api import expect

from tests.factories import PositionFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_switches_the_pages_to_english_and_back(page, log_in, manager, screenshot):
    group = UnitFactory(name="华东集团", kind="organisation")
    PositionFactory(unit=group, title="总经理")
    log_in("manager", "pw-manager")
    expect(page.locator("h1")).to_have_text("组织架构")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.select_option("#language-select", "en")
    page.locator(".language-switch button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Organisation structure")
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    expect(page.locator(f"#unit-{group.pk} .counts")).to_have_text("Positions 1 / 1 in total")
    expect(page.locator(f"#unit-{group.pk} .unit-name")).to_have_text("华东集团")  # data stays Chinese
    screenshot("english")
    page.goto(f"/org/units/{group.pk}/")
    expect(page.get_by_role("heading", name="Functions")).to_be_visible()
    expect(page.get_by_role("heading", name="Positions in this unit")).to_be_visible()
    page.get_by_role("link", name="Org chart", exact=True).click()
    expect(page.get_by_role("button", name="Export SVG")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Org chart of 华东集团")
    screenshot("english-chart")

    page.select_option("#language-select", "zh-hans")
    page.locator(".language-switch button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("华东集团组织图")  # back on the same page, in Chinese
