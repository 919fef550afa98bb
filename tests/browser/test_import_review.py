"""HR fixes a misread document in the import review with the keyboard only, then confirms."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from importer.models import LineCorrection
from roles.models import Position
from tests.browser.test_accessibility import assert_no_blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Line 3 is a position heading the rules miss: its duties go to the department.
MISSED = "测试公司\n市场部\n大客户拓展\n1、走访重点客户;\n2、签订年度合同。\n"


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_missed_heading_is_fixed_with_the_keyboard_and_the_position_is_imported(
    page, log_in, hr_editor, tmp_path, screenshot
):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    log_in("hr", "pw-hr-editor", next_url="/admin/sources/sourcedocument/upload/")
    document = tmp_path / "市场部.txt"
    document.write_text(MISSED, encoding="utf-8")
    page.set_input_files("input[type=file]", str(document))
    page.get_by_role("button", name="上传并预览").click()
    line = page.locator("#review-line-3")
    expect(line).to_have_attribute("data-role", "function")
    expect(page.locator("#review-tree .tree-position")).to_have_count(0)
    expect(page.locator("#review-legend")).to_contain_text("岗位标题")

    _tab_to(page, "[role=option]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(line).to_be_focused()
    page.keyboard.press("p")
    expect(line).to_have_attribute("data-role", "position")
    position = page.locator("#review-tree .tree-position")
    expect(position).to_contain_text("大客户拓展")
    expect(position).to_contain_text("岗位职责 2")
    expect(page.locator("[data-count=positions]")).to_have_text("1")
    expect(page.locator("#review-line-4")).to_have_attribute("data-role", "responsibility")
    expect(page.locator("#review-status")).to_contain_text("第 3 行")
    assert_no_blocking_violations(Axe(), page, "import review after a correction")
    screenshot("corrected")
    assert not [m for m in messages if "Content Security Policy" in m], messages

    _tab_to(page, "input[name=confirm]")
    page.keyboard.press("Enter")
    expect(page.locator("#import-report h2")).to_contain_text("导入报告")

    saved = Position.objects.get(title="大客户拓展")
    assert LineCorrection.objects.filter(line=3, role="position").exists()
    page.goto(f"/positions/{saved.pk}/")
    expect(page.locator("h1")).to_have_text("大客户拓展")
    expect(page.locator("main")).to_contain_text("走访重点客户")
    expect(page.locator("main")).to_contain_text("签订年度合同")


def test_the_mouse_works_too_and_a_unit_key_cycles_levels(page, log_in, hr_editor, tmp_path):
    log_in("hr", "pw-hr-editor", next_url="/admin/sources/sourcedocument/upload/")
    document = tmp_path / "a.txt"
    document.write_text(MISSED, encoding="utf-8")
    page.set_input_files("input[type=file]", str(document))
    page.get_by_role("button", name="上传并预览").click()
    page.locator("#review-line-3").click()
    page.locator(".review-key[data-hint=position]").click()
    expect(page.locator("#review-tree .tree-position")).to_contain_text("大客户拓展")
    expect(page.locator("#review-line-3")).to_be_focused()
    page.keyboard.press("u")
    expect(page.locator("#review-line-3")).to_have_attribute("data-hint", "unit:1")
    page.keyboard.press("u")
    expect(page.locator("#review-line-3")).to_have_attribute("data-hint", "unit:2")
    expect(page.locator("#review-tree .tree-unit.depth-2")).to_contain_text("大客户拓展")
    page.keyboard.press("x")
    expect(page.locator("#review-line-3")).to_have_attribute("data-role", "function")
    assert page.locator("#review-hints").input_value() == "{}"
