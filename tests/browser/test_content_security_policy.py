"""Pages and the admin work under a Content-Security-Policy without inline code: no violations."""

import pytest

from tests.factories import DutyFactory, PositionFactory, ReportingLineFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records every violation the browser reports (init scripts themselves are not subject to the policy).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def org():
    group = UnitFactory(name="集团", kind="organisation")
    finance = UnitFactory(name="财务中心", kind="centre", parent=group)
    UnitFactory(name="会计部", parent=finance)
    boss = PositionFactory(unit=group, title="总经理")
    cfo = PositionFactory(unit=finance, title="财务总监", summary="负责集团财务管理。")
    ReportingLineFactory(subordinate=cfo, superior=boss)
    DutyFactory(position=cfo, order=1, text="编制年度财务预算")
    return {"group": group, "finance": finance, "cfo": cfo}


def visit_all(page, urls):
    """Open each page, let its scripts run; return the violations and CSP console errors seen."""
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(LISTEN)
    seen = {}
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__violations") + console
        if found:
            seen[url] = found
        console.clear()
    return seen


def test_pages_run_under_the_policy_without_violations(page, log_in, hr_editor, org):
    log_in("hr", "pw-hr-editor")
    urls = [
        "/org/",
        f"/org/units/{org['finance'].pk}/",
        f"/org/units/{org['finance'].pk}/chart/",
        f"/positions/{org['cfo'].pk}/",
    ]
    assert visit_all(page, urls) == {}
    page.goto(f"/org/units/{org['group'].pk}/chart/")
    assert page.locator("svg").count() > 0  # the chart still draws (d3 from static files)


def test_the_admin_runs_under_the_policy_without_violations(page, log_in, hr_editor, org):
    log_in("hr", "pw-hr-editor", next_url="/admin/")
    urls = [
        "/admin/",
        f"/admin/roles/position/{org['cfo'].pk}/change/",
        "/admin/orgchart/unit/",
        f"/admin/orgchart/unit/{org['finance'].pk}/change/",
        "/admin/orgchart/unit/import/",
        "/admin/roles/position/add/",
    ]
    assert visit_all(page, urls) == {}
