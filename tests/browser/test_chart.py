"""The unit chart in real Chromium: lines routed around boxes, legible start, focus-gated wheel zoom,
collapsing subtrees, search highlight and a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from roles.models import ReportingLine
from tests.factories import IncumbentFactory, PositionFactory, ReportingLineFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org():
    """Four levels of positions with dotted and second solid lines that skip rows, go up and sideways."""
    group = UnitFactory(name="华东集团", kind="organisation")
    finance = UnitFactory(name="财务中心", kind="centre", parent=group)
    accounting = UnitFactory(name="会计部", parent=finance)
    ceo = PositionFactory(unit=group, title="总经理", headcount=1)
    cfo = PositionFactory(unit=finance, title="财务总监", headcount=1)
    managers = [PositionFactory(unit=finance, title=f"财务经理{i}", headcount=2) for i in range(3)]
    staff = [PositionFactory(unit=finance, title=f"会计{i}", headcount=1) for i in range(6)]
    clerks = [PositionFactory(unit=accounting, title=f"出纳{i}") for i in range(3)]
    mentioned = PositionFactory(unit=finance, title="分管副总", summary="", described=False)
    IncumbentFactory(position=managers[0], name="甲")
    solid, dotted = ReportingLine.Kind.SOLID, ReportingLine.Kind.DOTTED
    lines = [(cfo, ceo, solid), (cfo, mentioned, dotted)]
    lines += [(m, cfo, solid) for m in managers]
    lines += [(s, managers[i % 3], solid) for i, s in enumerate(staff)]
    lines += [(c, staff[i], solid) for i, c in enumerate(clerks)]
    lines += [
        (staff[5], cfo, dotted),  # skips a row
        (clerks[2], managers[0], dotted),  # skips two rows, across the chart
        (staff[0], managers[2], solid),  # a second solid superior, sideways
        (managers[1], staff[3], dotted),  # upwards
        (clerks[0], ceo, dotted),  # to a position outside the unit
    ]
    for subordinate, superior, kind in lines:
        ReportingLineFactory(subordinate=subordinate, superior=superior, kind=kind)
    return {"finance": finance, "cfo": cfo, "managers": managers}


def open_chart(page, log_in, unit, descendants=True):
    url = f"/org/units/{unit.pk}/chart/" + ("?descendants=1" if descendants else "")
    log_in("manager", "pw-manager", next_url=url)
    chart = page.locator("#org-chart")
    expect(chart).to_have_attribute("data-ready", "true")
    return chart


# Every path is M x,y followed by V/H runs; a segment may touch only its own two boxes.
CROSSINGS = """() => {
  const boxes = [...document.querySelectorAll('#chart-content .node')].map(g => {
    const m = /translate\\(([-\\d.e]+),([-\\d.e]+)\\)/.exec(g.getAttribute('transform'));
    return {id: g.dataset.nodeId, x: +m[1], y: +m[2], w: 180, h: 66};
  });
  const bad = [];
  let segments = 0;
  document.querySelectorAll('#chart-content path[data-source]').forEach(path => {
    const tokens = path.getAttribute('d').match(/[MVH]|-?[\\d.]+(?:e-?\\d+)?/g);
    let x = 0, y = 0, i = 0, points = [];
    while (i < tokens.length) {
      const c = tokens[i++];
      if (c === 'M') { x = +tokens[i++]; y = +tokens[i++]; }
      else if (c === 'V') { y = +tokens[i++]; }
      else if (c === 'H') { x = +tokens[i++]; }
      points.push([x, y]);
    }
    const ends = new Set([path.dataset.source, path.dataset.target]);
    for (let k = 1; k < points.length; k++) {
      const [x1, y1] = points[k - 1], [x2, y2] = points[k];
      segments++;
      for (const b of boxes) {
        if (ends.has(b.id)) continue;
        const e = 0.5;
        const left = Math.min(x1, x2), right = Math.max(x1, x2);
        const top = Math.min(y1, y2), bottom = Math.max(y1, y2);
        if (right > b.x + e && left < b.x + b.w - e && bottom > b.y + e && top < b.y + b.h - e) {
          bad.push(`${path.dataset.source}->${path.dataset.target} crosses ${b.id}`);
        }
      }
    }
  });
  return {bad, segments, paths: document.querySelectorAll('#chart-content path[data-source]').length};
}"""


def test_lines_are_routed_around_boxes_and_dotted_ones_look_different(page, log_in, manager, org, screenshot):
    chart = open_chart(page, log_in, org["finance"])

    result = page.evaluate(CROSSINGS)

    assert result["paths"] >= 20 and result["segments"] > 60
    assert result["bad"] == []
    dotted = chart.locator(".lines-extra path[data-kind=dotted]")
    expect(dotted).to_have_count(5)
    for i in range(5):
        expect(dotted.nth(i)).to_have_attribute("stroke-dasharray", "7 5")
        expect(dotted.nth(i)).to_have_attribute("stroke", "#c65d21")
    # Lines only turn at right angles.
    assert page.evaluate(
        "[...document.querySelectorAll('#chart-content path[data-source]')]"
        ".every(p => /^M[-\\d.e]+,[-\\d.e]+([VH][-\\d.e]+)+$/.test(p.getAttribute('d')))"
    )
    page.get_by_role("button", name="适应窗口").click()
    page.wait_for_timeout(400)
    screenshot("routed-lines")


def test_the_chart_opens_legible_at_the_top_and_the_wheel_scrolls_the_page_until_it_is_focused(
    page, log_in, manager, org, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 700})
    chart = open_chart(page, log_in, org["finance"])
    viewport = chart.locator("g.viewport")
    start = viewport.get_attribute("transform")
    assert start.endswith("scale(1)")
    root = page.evaluate(
        "(() => { const r = document.querySelector('#chart-content .node .box').getBoundingClientRect();"
        " const c = document.querySelector('#org-chart').getBoundingClientRect();"
        " return {dx: (r.left + r.width / 2) - (c.left + c.width / 2), top: r.top - c.top, h: r.height}; })()"
    )
    assert abs(root["dx"]) < 2 and 0 < root["top"] < 60 and root["h"] == pytest.approx(66, abs=1)
    screenshot("start")

    chart.hover()
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > 0
    expect(viewport).to_have_attribute("transform", start)
    expect(page.locator(".chart-wheel-hint")).to_be_visible()

    chart.locator("svg").click(position={"x": 30, "y": 200})
    scrolled = page.evaluate("window.scrollY")
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") == scrolled
    expect(viewport).not_to_have_attribute("transform", start)
    expect(page.locator(".chart-wheel-hint")).to_be_hidden()


def test_a_subtree_collapses_and_expands(page, log_in, manager, org):
    chart = open_chart(page, log_in, org["finance"])
    nodes = chart.locator("#chart-content g.node")
    total = nodes.count()
    toggle = chart.get_by_role("button", name="收起财务总监的下级")

    toggle.click()

    expanded = chart.get_by_role("button", name="展开财务总监的下级")
    expect(expanded).to_have_attribute("aria-expanded", "false")
    expect(nodes).to_have_count(total - 12)  # 3 managers, 6 staff, 3 clerks
    assert page.evaluate(CROSSINGS)["bad"] == []
    expanded.focus()
    page.keyboard.press("Enter")
    expect(nodes).to_have_count(total)

    page.get_by_role("button", name="全部收起").click()
    expect(chart.locator(f'[data-node-id="{org["cfo"].pk}"]')).to_be_visible()
    expect(chart.locator(f'[data-node-id="{org["managers"][0].pk}"]')).to_have_count(0)
    expect(chart.locator(".toggle[aria-expanded=false]")).not_to_have_count(0)
    page.get_by_role("button", name="全部展开").click()
    expect(nodes).to_have_count(total)


def test_search_highlights_matching_boxes_and_opens_collapsed_branches(
    page, log_in, manager, org, screenshot
):
    chart = open_chart(page, log_in, org["finance"])
    chart.get_by_role("button", name="收起财务总监的下级").click()

    page.fill("#chart-search", "财务经理")

    matches = chart.locator("#chart-content g.node.match")
    expect(matches).to_have_count(3)
    expect(page.locator("#chart-search-status")).to_have_text("找到 3 个")
    expect(chart.get_by_role("button", name="收起财务总监的下级")).to_be_visible()
    dimmed = page.evaluate(
        "getComputedStyle(document.querySelector('#chart-content g.node:not(.match)')).opacity"
    )
    assert float(dimmed) < 1
    screenshot("search")


def test_box_names_are_their_visible_text(page, log_in, manager, org):
    open_chart(page, log_in, org["finance"])

    links = page.evaluate(
        "[...document.querySelectorAll('#chart-content a')].map(a => ({label: a.getAttribute('aria-label'),"
        " text: [...a.querySelectorAll('text')].map(t => t.textContent).join(' ')}))"
    )

    assert links and all(link["label"] is None for link in links)
    assert {"text": "财务经理0 编制 2 · 在岗 1 · 空缺 1", "label": None} in links
    assert {"text": "分管副总 仅提及", "label": None} in links


def test_the_chart_works_on_a_phone(page, log_in, manager, org, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    chart = open_chart(page, log_in, org["finance"])

    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert chart.locator("g.viewport").get_attribute("transform").endswith("scale(0.85)")
    expect(page.get_by_role("button", name="全部收起")).to_be_visible()
    expect(page.locator(".chart-minimap")).to_be_visible()
    screenshot("phone")
