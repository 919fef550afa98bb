"""The job-description page (岗位说明书): who sees what, and a constant number of queries."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from duties.models import Duty
from roles.models import ReportingLine
from roles.services import update_position
from tests.factories import (
    DutyFactory,
    IncumbentFactory,
    PositionFactory,
    ReportingLineFactory,
    SourceDocumentFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def described_position():
    group = UnitFactory(name="集团")
    centre = UnitFactory(name="营销本部", parent=group)
    section = UnitFactory(name="计划统计处", parent=centre)
    document = SourceDocumentFactory(name="000_营销部职责.txt")
    position = PositionFactory(
        unit=section,
        title="销售统计担当",
        code="MKT-07",
        headcount=2,
        summary="负责统计全集团销售数据。",
        authority="对统计口径有解释权。",
        source_document=document,
        source_line=27,
    )
    boss = PositionFactory(unit=centre, title="营销处长")
    adviser = PositionFactory(unit=group, title="总经理")
    helper = PositionFactory(unit=section, title="统计助理")
    ReportingLineFactory(subordinate=position, superior=boss, kind=ReportingLine.Kind.SOLID)
    ReportingLineFactory(subordinate=position, superior=adviser, kind=ReportingLine.Kind.DOTTED)
    ReportingLineFactory(subordinate=helper, superior=position)
    for order, text in enumerate(["制作销售日报", "制作销售月报", "总结店铺经验"], start=1):
        DutyFactory(
            position=position, order=order, text=text, source_document=document, source_line=27 + order
        )
    DutyFactory(position=position, kind=Duty.Kind.REQUIREMENT, order=1, text="营销专业优先")
    DutyFactory(position=position, kind=Duty.Kind.AUTHORITY, order=1, text="调阅各店销售数据")
    DutyFactory(position=position, kind=Duty.Kind.KPI, order=1, text="报表按时上送率")
    IncumbentFactory(position=position, name="李四")
    return position


def url(position) -> str:
    return reverse("roles:position-detail", args=[position.pk])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, described_position):
    response = client.get(url(described_position))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_manager_reads_the_whole_job_description(client, manager, described_position):
    client.force_login(manager)

    response = client.get(url(described_position))

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "销售统计担当",
        "MKT-07",
        "负责统计全集团销售数据。",
        "对统计口径有解释权。",
        "调阅各店销售数据",
        "营销专业优先",
        "报表按时上送率",
        "000_营销部职责.txt",
    ]:
        assert text in html
    assert html.index("制作销售日报") < html.index("制作销售月报") < html.index("总结店铺经验")


def test_the_unit_path_links_every_unit_from_the_root(client, manager, described_position):
    client.force_login(manager)
    path = described_position.unit.get_ancestors(include_self=True)

    html = client.get(url(described_position)).content.decode()

    for unit in path:
        assert f'href="/org/units/{unit.pk}/">{unit.name}</a>' in html


def test_superiors_and_subordinates_are_links_marked_solid_or_dotted(client, manager, described_position):
    client.force_login(manager)
    lines = {line.superior.title: line for line in described_position.superior_lines.all()}
    helper = described_position.subordinate_lines.get().subordinate

    html = client.get(url(described_position)).content.decode()

    boss_id = lines["营销处长"].superior_id
    assert f'<li class="jd-line jd-line-solid"><a href="/positions/{boss_id}/">营销处长</a>' in html
    assert (
        f'<li class="jd-line jd-line-dotted"><a href="/positions/{lines["总经理"].superior_id}/">总经理</a>'
        in html
    )
    assert f'<a href="/positions/{helper.pk}/">统计助理</a>' in html
    assert "虚线" in html


def test_a_manager_gets_no_edit_link_no_history_and_no_incumbents(client, manager, described_position):
    client.force_login(manager)

    html = client.get(url(described_position)).content.decode()

    assert f"/admin/roles/position/{described_position.pk}/change/" not in html
    assert "修改记录" not in html
    assert "李四" not in html


def test_an_hr_editor_gets_the_edit_link_and_the_change_history(client, hr_editor, described_position):
    update_position(described_position, expected_version=1, summary="负责统计并分析全集团销售数据。")
    duty = described_position.duties.get(text="制作销售月报")
    duty.text = "制作销售月报和季报"
    duty.save()
    client.force_login(hr_editor)

    response = client.get(url(described_position))

    html = response.content.decode()
    assert f'href="/admin/roles/position/{described_position.pk}/change/"' in html
    assert "修改记录" in html
    history = response.context["history"]
    summary_change = next(entry for entry in history if entry.subject == "岗位" and entry.action == "~")
    assert (
        "工作概述",
        "负责统计全集团销售数据。",
        "负责统计并分析全集团销售数据。",
    ) in summary_change.changes
    duty_change = next(entry for entry in history if entry.action == "~" and "季报" in entry.subject)
    assert ("内容", "制作销售月报", "制作销售月报和季报") in duty_change.changes
    assert "<ins>制作销售月报和季报</ins>" in html


def test_the_history_names_who_made_each_change(client, hr_editor, described_position):
    described_position.headcount = 3
    described_position._history_user = hr_editor
    described_position.save()
    client.force_login(hr_editor)

    response = client.get(url(described_position))

    change = next(
        entry for entry in response.context["history"] if entry.subject == "岗位" and entry.action == "~"
    )
    assert change.who == "hr"
    assert ("编制", "2", "3") in change.changes


def test_the_hr_editor_sees_incumbents_because_of_the_personal_data_permission(
    client, hr_editor, described_position
):
    client.force_login(hr_editor)

    html = client.get(url(described_position)).content.decode()

    assert "李四" in html


def test_a_manager_granted_personal_data_sees_incumbents(client, manager, described_position):
    manager.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    client.force_login(manager)

    html = client.get(url(described_position)).content.decode()

    assert "李四" in html
    assert "修改记录" not in html


def test_a_missing_position_is_a_404(client, manager):
    client.force_login(manager)

    assert client.get(reverse("roles:position-detail", args=[999_999])).status_code == 404


def test_an_undescribed_position_says_so(client, manager):
    position = PositionFactory(title="董事长", described=False, summary="")
    client.force_login(manager)

    html = client.get(url(position)).content.decode()

    assert "该岗位尚未编写岗位说明书" in html


def test_a_described_position_shows_no_not_described_notice(client, manager, described_position):
    client.force_login(manager)

    assert "该岗位尚未编写岗位说明书" not in client.get(url(described_position)).content.decode()


def test_the_print_view_uses_the_print_layout_on_screen(client, manager, described_position):
    client.force_login(manager)

    normal = client.get(url(described_position)).content.decode()
    printed = client.get(url(described_position) + "?print=1").content.decode()

    assert 'jobdescription-print.css" media="print"' in normal
    assert 'jobdescription-print.css" media="all"' in printed
    assert "jd-print-view" in printed and "jd-print-view" not in normal


def _position_with(n: int):
    """A position with ``n`` duties of each kind, ``n`` superiors, ``n`` subordinates, ``n`` incumbents."""
    unit = UnitFactory(parent=UnitFactory(parent=UnitFactory()))
    document = SourceDocumentFactory()
    position = PositionFactory(unit=unit, source_document=document, source_line=1)
    for index in range(n):
        for kind in Duty.Kind.values:
            duty = DutyFactory(
                position=position, kind=kind, order=index, source_document=document, source_line=index
            )
            duty.text += "(修订)"
            duty.save()
        ReportingLineFactory(subordinate=position, superior=PositionFactory(unit=unit))
        ReportingLineFactory(subordinate=PositionFactory(unit=unit), superior=position)
        IncumbentFactory(position=position)
    for _ in range(n):
        position.summary += "。"
        position.save()
    return position


# session, user, permissions, position, unit path, duties, superiors, subordinates
# (+ incumbents and the two history tables for HR editors)
# +2 each: the incumbent count (在岗) and the workflows naming the position.
# +1 each: the position's published versions (jobdescriptions).
QUERY_BOUND = {"manager": 12, "hr_editor": 15}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("who", ["manager", "hr_editor"])
def test_the_page_needs_the_same_number_of_queries_for_3_or_30_duties(
    client, django_assert_max_num_queries, request, size, who
):
    user = request.getfixturevalue(who)
    position = _position_with(size)
    client.force_login(user)

    with django_assert_max_num_queries(QUERY_BOUND[who]) as captured:
        response = client.get(url(position))

    assert response.status_code == 200
    jd = response.context["jd"]
    assert [len(jd.responsibilities), len(jd.requirements), len(jd.authorities), len(jd.kpis)] == [size] * 4
    assert len(jd.superior_lines) == len(jd.subordinate_lines) == size
    if who == "hr_editor":
        assert len(response.context["history"]) >= size
    print(f"{who} with {size} items: {len(captured.captured_queries)} queries")


def test_the_page_is_read_only_for_everyone(client, hr_editor, described_position):
    client.force_login(hr_editor)

    response = client.post(url(described_position), {"title": "改名"})

    assert response.status_code == 405
    described_position.refresh_from_db()
    assert described_position.title == "销售统计担当"


def test_the_page_speaks_english_when_the_reader_chose_english(client, manager, described_position, settings):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with translation.override("zh-hans"):  # the request switches this thread to English; switch back
        html = client.get(url(described_position)).content.decode()

    assert '<html lang="en">' in html
    for label in ["Job description", "Reports to", "Summary", "Responsibilities", "Qualifications"]:
        assert label in html
    assert "工作概述" not in html
    assert "销售统计担当" in html  # data stays as written
