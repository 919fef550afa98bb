"""The org tree, search and unit chart in real Chromium, as a manager uses them."""

import re

import pytest
from playwright.sync_api import expect

from roles.models import ReportingLine
from tests.browser.conftest import ARTIFACTS
from tests.factories import DutyFactory, PositionFactory, ReportingLineFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org():
    group = UnitFactory(name="华东集团", kind="organisation")
    finance = UnitFactory(name="财务中心", kind="centre", parent=group)
    accounting = UnitFactory(name="会计部", parent=finance)
    UnitFactory(name="税务部", parent=finance)
    marketing = UnitFactory(name="营销中心", kind="centre", parent=group)
    UnitFactory(name="西南实业公司", kind="organisation")
    ceo = PositionFactory(unit=group, title="总经理", headcount=1)
    cfo = PositionFactory(unit=finance, title="财务总监", headcount=1)
    manager = PositionFactory(unit=finance, title="财务经理", headcount=2)
    analyst = PositionFactory(unit=finance, title="财务分析师")
    cashier = PositionFactory(unit=finance, title="出纳", headcount=2)
    clerk = PositionFactory(unit=accounting, title="总账会计")
    marketer = PositionFactory(unit=marketing, title="营销总监")
    solid, dotted = ReportingLine.Kind.SOLID, ReportingLine.Kind.DOTTED
    for subordinate, superior, kind in [
        (cfo, ceo, solid),
        (manager, cfo, solid),
        (analyst, cfo, solid),
        (cashier, manager, solid),
        (analyst, marketer, dotted),
        (cashier, cfo, dotted),
        (clerk, manager, solid),
    ]:
        ReportingLineFactory(subordinate=subordinate, superior=superior, kind=kind)
    DutyFactory(position=None, unit=finance, order=1, text="负责集团财务管理与会计核算")
    return {"group": group, "finance": finance, "accounting": accounting, "cfo": cfo, "clerk": clerk}


def item(page, unit):
    return page.locator(f"#unit-{unit.pk}")


def test_a_manager_expands_a_unit_and_its_children_are_loaded_on_demand(
    page, log_in, manager, org, screenshot
):
    log_in("manager", "pw-manager")
    group = item(page, org["group"])
    expect(group).to_have_attribute("aria-expanded", "false")
    expect(item(page, org["finance"])).to_have_count(0)

    with page.expect_response(re.compile(rf"/org/units/{org['group'].pk}/children/$")):
        group.locator(".toggle").first.click()

    expect(group).to_have_attribute("aria-expanded", "true")
    expect(item(page, org["finance"])).to_be_visible()
    expect(group.locator(".position-name", has_text="总经理")).to_be_visible()
    assert page.url.endswith("/org/")  # expanded in place, no navigation
    item(page, org["finance"]).locator(".toggle").first.click()
    expect(item(page, org["accounting"])).to_be_visible()
    counts = item(page, org["finance"]).locator(".counts").first
    expect(counts).to_contain_text("岗位 4 / 共 5")
    expect(counts).to_contain_text("编制 5 · 在岗 0 · 空缺 5")
    screenshot("expanded")

    group.locator(".toggle").first.click()
    expect(group).to_have_attribute("aria-expanded", "false")
    expect(item(page, org["finance"])).to_be_hidden()


def test_the_tree_is_navigated_with_the_keyboard(page, log_in, manager, org, screenshot):
    log_in("manager", "pw-manager")
    group = item(page, org["group"])
    page.locator("#org-search-q").focus()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the tree: a single tab stop
    expect(group).to_be_focused()

    page.keyboard.press("ArrowRight")
    expect(group).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowRight")  # to the first child: the group's own position
    expect(group.locator(".position-node").first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(item(page, org["finance"])).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(item(page, org["finance"])).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("End")
    # 西南实业公司 has no position: it waits under the document's folded sections, not in the tree.
    expect(page.locator(".org-tree [role=treeitem]:visible").last).to_be_focused()
    page.keyboard.press("Home")
    expect(group).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(item(page, org["finance"])).to_be_focused()
    screenshot("keyboard-focus")
    page.keyboard.press("ArrowLeft")
    expect(item(page, org["finance"])).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowLeft")
    expect(group).to_be_focused()

    page.keyboard.press("Enter")
    page.wait_for_url(f"**/org/units/{org['group'].pk}/")
    expect(page.locator("h1")).to_contain_text("华东集团")
    screenshot("unit-page")


def test_search_in_chinese_shows_paths_and_opens_the_tree_at_a_hit(page, log_in, manager, org, screenshot):
    log_in("manager", "pw-manager")
    page.fill("#org-search-q", "会计")
    page.keyboard.press("Enter")
    page.wait_for_url("**/org/?q=*")

    hits = page.locator(".hit")
    expect(hits).to_have_count(2)
    page.locator(".hit-list summary").click()
    unit_hit = page.locator(".hit-unit")
    expect(unit_hit.locator(".hit-link mark")).to_have_text("会计")
    expect(unit_hit.locator(".path li")).to_have_text(["华东集团", "财务中心", "会计部"])
    expect(page.locator(".hit-position .hit-link")).to_have_text("总账会计")
    screenshot("search-results")

    unit_hit.locator(".hit-link").click()
    accounting = org["accounting"]
    page.wait_for_url(f"**/org/?q=*#unit-{accounting.pk}")
    target = item(page, accounting)
    expect(target).to_have_attribute("aria-current", "location")
    expect(target).to_have_attribute("aria-expanded", "true")
    expect(target.locator(".position-name", has_text="总账会计")).to_be_visible()
    expect(item(page, org["finance"])).to_have_class(re.compile("on-path"))
    screenshot("deep-link")


def test_a_position_in_the_tree_links_to_its_job_description(page, log_in, manager, org):
    log_in("manager", "pw-manager", next_url=f"/org/?open={org['finance'].pk}")

    page.locator(f"#unit-{org['finance'].pk} .position-name", has_text="财务总监").click()

    page.wait_for_url(f"**/positions/{org['cfo'].pk}/")
    expect(page.locator("h1")).to_have_text("财务总监")


def test_the_unit_chart_draws_solid_and_dotted_lines_zooms_and_exports(
    page, log_in, manager, org, screenshot, tmp_path
):
    log_in("manager", "pw-manager", next_url=f"/org/units/{org['finance'].pk}/")
    page.get_by_role("link", name="组织图").click()
    page.wait_for_url(f"**/org/units/{org['finance'].pk}/chart/")
    chart = page.locator("#org-chart")
    expect(chart).to_have_attribute("data-ready", "true")

    # 4 positions of the unit, 2 superiors from elsewhere, 1 subordinate elsewhere, the unit box.
    expect(chart.locator("g.node")).to_have_count(8)
    expect(chart.locator("path[data-kind=dotted]")).to_have_count(2)
    expect(chart.locator("path[data-kind=dotted]").first).to_have_attribute("stroke-dasharray", "7 5")
    expect(chart.locator(".lines-solid path")).to_have_count(5)
    screenshot("chart")

    viewport = chart.locator("g.viewport")
    before = viewport.get_attribute("transform")
    chart.locator("svg").focus()
    page.keyboard.press("ArrowLeft")  # pans
    expect(viewport).not_to_have_attribute("transform", before)
    panned = viewport.get_attribute("transform")
    page.get_by_role("button", name="放大").click()
    expect(viewport).not_to_have_attribute("transform", panned)

    with page.expect_download() as svg_download:
        page.get_by_role("button", name="导出 SVG").click()
    svg_file = tmp_path / "chart.svg"
    svg_download.value.save_as(svg_file)
    assert svg_download.value.suggested_filename == "财务中心-组织图.svg"
    svg_text = svg_file.read_text(encoding="utf-8")
    assert svg_text.startswith("<?xml")
    assert "财务总监" in svg_text and 'stroke-dasharray="7 5"' in svg_text
    assert 'class="viewport" transform' not in svg_text

    with page.expect_download() as png_download:
        page.get_by_role("button", name="导出 PNG").click()
    png_file = tmp_path / "chart.png"
    png_download.value.save_as(png_file)
    assert png_download.value.suggested_filename.endswith(".png")
    data = png_file.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 5_000


def test_the_tree_fits_a_phone_screen(page, log_in, manager, org, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in("manager", "pw-manager", next_url=f"/org/?open={org['accounting'].pk}")

    expect(item(page, org["accounting"])).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot("phone-tree")

    page.goto(f"/org/units/{org['finance'].pk}/chart/")
    expect(page.locator("#org-chart")).to_have_attribute("data-ready", "true")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    screenshot("phone-chart")


def test_without_javascript_the_tree_still_opens_and_closes_through_links(browser, live_server, manager, org):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/accounts/login/?next=/org/")
        page.fill("#id_username", "manager")
        page.fill("#id_password", "pw-manager")
        page.click("form[action$='/accounts/login/'] button[type=submit]")
        page.wait_for_url("**/org/")

        item(page, org["group"]).locator(".toggle").first.click()
        page.wait_for_url(f"**/org/?open={org['group'].pk}#unit-{org['group'].pk}")
        item(page, org["finance"]).locator(".toggle").first.click()
        page.wait_for_url(f"**/org/?open={org['finance'].pk}#unit-{org['finance'].pk}")
        expect(item(page, org["accounting"])).to_be_visible()
        expect(page.get_by_role("link", name="财务总监")).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "test_org_tree_without_javascript-no-js.png"), full_page=True)

        item(page, org["finance"]).locator(".toggle").first.click()  # close: back to the parent
        page.wait_for_url(f"**/org/?open={org['group'].pk}#unit-{org['finance'].pk}")
        expect(item(page, org["accounting"])).to_have_count(0)
    finally:
        context.close()
