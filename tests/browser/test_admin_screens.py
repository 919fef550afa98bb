"""HR's admin screens in Chromium: duties reordered by drag and drop and by keyboard, the whole job
description on a position's revert page, the branded unit changelist with position counts."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from duties.models import Duty
from roles import services
from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = ("critical", "serious")


@pytest.fixture
def planner():
    group = UnitFactory(name="集团")
    market = UnitFactory(name="市场部", parent=group)
    director = PositionFactory(unit=group, title="营销总监")
    planner = PositionFactory(unit=market, title="市场策划专员", summary="负责市场策划。")
    services.add_reporting_line(subordinate=planner, superior=director)
    for order, text in enumerate(["调研市场需求", "撰写推广方案", "汇总活动效果"], start=1):
        DutyFactory(position=planner, order=order, text=text)
    DutyFactory(position=planner, kind=Duty.Kind.REQUIREMENT, order=1, text="市场营销专业本科")
    return planner


def responsibilities(position):
    return list(
        position.duties.filter(kind=Duty.Kind.RESPONSIBILITY).order_by("order").values_list("order", "text")
    )


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_duties_are_reordered_by_drag_and_drop_and_by_keyboard(page, log_in, hr_editor, planner, screenshot):
    log_in("hr", "pw-hr-editor", next_url="/admin/")
    page.goto(f"/admin/roles/position/{planner.pk}/change/")
    rows = page.locator("#duties-group tbody tr.has_original")
    expect(rows).to_have_count(4)
    # Each row shows its text once: in its text field, not again as the row's summary.
    expect(page.locator("#duties-group td.original p").first).to_be_hidden()
    expect(rows.nth(0).locator("input[name$='-order']")).to_have_attribute("readonly", "")

    def row(text):
        return rows.filter(has=page.locator("textarea", has_text=text))

    def listed():
        """(kind, text, order) of the rows in page order."""
        return [
            (
                r.locator("select[name$='-kind']").input_value(),
                r.locator("textarea[name$='-text']").input_value(),
                r.locator("input[name$='-order']").input_value(),
            )
            for r in rows.all()
        ]

    # Drag the last responsibility onto the first one.
    row("汇总活动效果").locator(".duty-handle").drag_to(
        row("调研市场需求"), target_position={"x": 40, "y": 2}
    )
    # Then move 调研市场需求 (now second) below 撰写推广方案 by keyboard.
    row("调研市场需求").locator(".duty-down").focus()
    page.keyboard.press("Enter")
    duties = [(text, order) for kind, text, order in listed() if kind == Duty.Kind.RESPONSIBILITY]
    assert duties == [("汇总活动效果", "1"), ("撰写推广方案", "2"), ("调研市场需求", "3")]
    requirements = [(text, order) for kind, text, order in listed() if kind == Duty.Kind.REQUIREMENT]
    assert requirements == [("市场营销专业本科", "1")]  # numbered within its own kind
    screenshot("reordered")
    assert blocking_violations(page) == []

    page.locator("input[name=_continue]").click()
    expect(page.locator("ul.messagelist")).to_be_visible()
    assert responsibilities(planner) == [(1, "汇总活动效果"), (2, "撰写推广方案"), (3, "调研市场需求")]
    assert list(planner.duties.filter(kind=Duty.Kind.REQUIREMENT).values_list("order", flat=True)) == [1]


def test_the_revert_page_shows_and_restores_the_whole_job_description(
    page, log_in, hr_editor, planner, screenshot
):
    first = planner.history.earliest()
    services.update_position(planner, summary="负责品牌策划。")
    duty = planner.duties.get(text="汇总活动效果")
    from duties import services as duty_services

    duty_services.delete_duty(duty)
    log_in("hr", "pw-hr-editor", next_url="/admin/")
    page.goto(f"/admin/roles/position/{planner.pk}/history/")
    expect(page.locator("#change-history")).to_be_visible()
    screenshot("history")
    page.goto(f"/admin/roles/position/{planner.pk}/history/{first.history_id}/")
    snapshot = page.locator(".jd-snapshot")
    expect(snapshot).to_contain_text("汇总活动效果")
    expect(snapshot).to_contain_text("负责市场策划。")
    expect(snapshot).to_contain_text("营销总监")
    screenshot("revert-page")
    assert blocking_violations(page) == []

    page.locator("input[name=_save]").first.click()
    expect(page.locator("ul.messagelist")).to_contain_text("已恢复")
    assert [text for _, text in responsibilities(planner)] == ["调研市场需求", "撰写推广方案", "汇总活动效果"]


def test_the_unit_changelist_is_branded_and_counts_positions(page, log_in, hr_editor, planner, screenshot):
    log_in("hr", "pw-hr-editor", next_url="/admin/")
    page.goto("/admin/orgchart/unit/")
    expect(page.locator("#site-name")).to_have_text("岗位职责管理")
    expect(page).to_have_title("选择 组织单元 来修改 | 岗位职责管理")
    icon = page.locator("link[rel=icon]")
    expect(icon).to_have_attribute("href", "/static/favicon.svg")
    row = page.locator("#result_list tbody tr", has_text="市场部")
    expect(row.locator("td.field-position_count")).to_have_text("1")
    screenshot("units")
    assert blocking_violations(page) == []
