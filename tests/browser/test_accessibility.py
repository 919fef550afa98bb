"""axe-core (the copy inside the axe-playwright-python wheel, no CDN) on the main pages and the admin
pages HR uses most: no critical or serious violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from duties.models import Duty
from roles.models import ReportingLine
from tests.factories import (
    DutyFactory,
    PositionFactory,
    ReportingLineFactory,
    UnitFactory,
    WorkflowFactory,
    WorkflowStepFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = ("critical", "serious")
UPLOAD = "第一篇:测试公司\n市场部\n○市场专员职责\n◆走访客户;\n◆整理资料。\n直接上级:总经理\n"


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def org():
    group = UnitFactory(name="集团")
    finance = UnitFactory(name="财务中心", parent=group)
    UnitFactory(name="会计处", parent=finance)
    cfo = PositionFactory(unit=finance, title="财务总监", summary="负责集团财务管理。")
    accountant = PositionFactory(unit=finance, title="会计", summary="负责账务处理。")
    ReportingLineFactory(subordinate=accountant, superior=cfo)
    ReportingLineFactory(
        subordinate=accountant,
        superior=PositionFactory(unit=group, title="总经理"),
        kind=ReportingLine.Kind.DOTTED,
    )
    for order, text in enumerate(["编制财务报表", "审核费用报销"], start=1):
        DutyFactory(position=accountant, order=order, text=text)
    DutyFactory(position=accountant, kind=Duty.Kind.REQUIREMENT, order=1, text="会计专业")
    PositionFactory(unit=finance, title="分管副总", summary="", described=False)
    workflow = WorkflowFactory(name="费用报销流程", owner_unit=finance)
    for order, text in enumerate(["会计审核单据", "财务总监审批", "出纳付款", "归档"], start=1):
        WorkflowStepFactory(workflow=workflow, order=order, text=text)
    return {"finance": finance, "accountant": accountant, "workflow": workflow}


def assert_no_blocking_violations(axe, page, name):
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in blocking
    )
    assert not blocking, f"{name}:\n{report}"


def test_manager_pages_have_no_serious_violations(page, log_in, manager, org, axe):
    log_in("manager", "pw-manager")
    expect(page.locator("[role=tree]")).to_be_visible()
    assert_no_blocking_violations(axe, page, "/org/")

    page.goto(f"/org/units/{org['finance'].pk}/")
    assert_no_blocking_violations(axe, page, "unit page")

    page.goto(f"/org/units/{org['finance'].pk}/chart/")
    expect(page.locator("#org-chart")).to_have_attribute("data-ready", "true")
    assert_no_blocking_violations(axe, page, "unit chart")

    page.goto(f"/positions/{org['accountant'].pk}/")
    expect(page.locator("h1")).to_have_text("会计")
    assert_no_blocking_violations(axe, page, "job description")

    page.goto("/org/?q=会计")
    expect(page.locator(".hit-node").first).to_be_visible()
    page.locator(".hit-list summary").click()
    assert_no_blocking_violations(axe, page, "search in the tree")

    page.goto(f"/workflows/{org['workflow'].pk}/")
    expect(page.locator(".swimlanes")).to_be_visible()
    assert_no_blocking_violations(axe, page, "workflow page")

    page.goto("/workflows/")
    assert_no_blocking_violations(axe, page, "workflow list")


def test_admin_pages_have_no_serious_violations(page, log_in, hr_editor, org, axe, tmp_path):
    log_in("hr", "pw-hr-editor", next_url="/admin/")
    page.goto(f"/admin/roles/position/{org['accountant'].pk}/change/")
    expect(page.locator("#position_form")).to_be_visible()
    # Check the autocomplete boxes as select2 draws them (it starts after DOMContentLoaded).
    page.wait_for_function(
        "document.querySelectorAll('span.select2').length =="
        " document.querySelectorAll('select.admin-autocomplete:not([name*=__prefix__])').length"
    )
    assert_no_blocking_violations(axe, page, "admin position change page")

    page.goto("/admin/sources/sourcedocument/")
    page.get_by_role("link", name="上传并预览文档").click()
    document = tmp_path / "测试.txt"
    document.write_text(UPLOAD, encoding="utf-8")
    page.set_input_files("input[type=file]", str(document))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("input[name=token]")).to_be_attached()
    assert_no_blocking_violations(axe, page, "upload preview")
