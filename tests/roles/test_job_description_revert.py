"""Reverting a position on its history page restores the whole job description as one change:
its fields, its ordered duties of every kind and its superiors."""

import pytest
from django.urls import reverse

from duties import services as duty_services
from duties.models import Duty
from roles import services
from roles.models import Position, ReportingLine
from tests.factories import DutyFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jd():
    """A job description (version 1), then a later edit of everything in it (version 2)."""
    group = UnitFactory(name="集团")
    market = UnitFactory(name="市场部", parent=group)
    director = PositionFactory(unit=group, title="营销总监")
    ceo = PositionFactory(unit=group, title="总经理")
    planner = PositionFactory(unit=market, title="市场策划专员", summary="负责市场策划。", code="MK-01")
    services.add_reporting_line(subordinate=planner, superior=director)
    survey = DutyFactory(position=planner, order=1, text="调研市场需求")
    plan = DutyFactory(position=planner, order=2, text="撰写推广方案")
    report = DutyFactory(position=planner, order=3, text="汇总活动效果")
    degree = DutyFactory(position=planner, kind=Duty.Kind.REQUIREMENT, order=1, text="市场营销专业本科")
    first = planner.history.earliest()

    services.update_position(planner, summary="负责品牌与市场策划。", code="MK-02")
    duty_services.update_duty(survey, order=2, text="调研市场需求并出报告")
    duty_services.update_duty(plan, order=1)
    duty_services.delete_duty(report)
    duty_services.create_duty(position=planner, text="维护媒体关系")
    duty_services.update_duty(degree, text="本科及以上")
    services.delete_reporting_line(planner.superior_lines.get())
    services.add_reporting_line(subordinate=planner, superior=ceo, kind=ReportingLine.Kind.DOTTED)
    return {
        "planner": planner,
        "director": director,
        "ceo": ceo,
        "first": first,
        "ids": (survey.pk, plan.pk, report.pk, degree.pk),
    }


def revert_url(position, record):
    return reverse("admin:roles_position_simple_history", args=[position.pk, record.history_id])


def items(position, kind=Duty.Kind.RESPONSIBILITY):
    return list(position.duties.filter(kind=kind).order_by("order").values_list("pk", "order", "text"))


def test_the_revert_page_shows_the_whole_job_description_of_that_version(client, hr_editor, jd):
    client.force_login(hr_editor)
    page = client.get(revert_url(jd["planner"], jd["first"]))
    assert page.status_code == 200
    text = page.content.decode()
    shown = ("负责市场策划。", "MK-01", "调研市场需求", "撰写推广方案", "汇总活动效果", "市场营销专业本科")
    for earlier in (*shown, "营销总监"):
        assert earlier in text
    for later in ("维护媒体关系", "调研市场需求并出报告", "本科及以上", "总经理"):
        assert later not in text
    assert text.index("调研市场需求") < text.index("撰写推广方案") < text.index("汇总活动效果")
    # Breadcrumbs name the model, not its history table.
    breadcrumbs = text[text.index('<div class="breadcrumbs">') :].split("</div>", 1)[0]
    assert "岗位" in breadcrumbs and "修改记录" in breadcrumbs
    assert "istorical" not in breadcrumbs and "Roles" not in breadcrumbs


def test_reverting_restores_fields_duties_order_and_superiors_as_one_change(client, hr_editor, jd):
    planner = jd["planner"]
    survey, plan, report, degree = jd["ids"]
    position_versions = planner.history.count()
    client.force_login(hr_editor)

    response = client.post(revert_url(planner, jd["first"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:roles_position_change", args=[planner.pk])
    planner.refresh_from_db()
    assert (planner.summary, planner.code) == ("负责市场策划。", "MK-01")
    assert items(planner) == [
        (survey, 1, "调研市场需求"),
        (plan, 2, "撰写推广方案"),
        (report, 3, "汇总活动效果"),  # deleted since: back under its old id
    ]
    assert items(planner, Duty.Kind.REQUIREMENT) == [(degree, 1, "市场营销专业本科")]
    assert list(planner.superior_lines.values_list("superior__title", "kind")) == [
        ("营销总监", ReportingLine.Kind.SOLID)
    ]
    # One new version of the position, and every row the revert wrote names the editor and why.
    assert planner.history.count() == position_versions + 1
    latest = planner.history.latest()
    assert latest.history_user == hr_editor and "恢复到" in latest.history_change_reason
    assert Duty.history.filter(id=report).latest().history_change_reason == latest.history_change_reason
    assert Duty.history.filter(id=report).latest().history_user == hr_editor
    followed = client.get(response["Location"]).content.decode()
    assert "已恢复" in followed


def test_a_revert_refused_by_a_rule_changes_nothing(client, hr_editor, jd):
    planner, director = jd["planner"], jd["director"]
    # Since version 1 the old superior has come to report to the planner: restoring the line would
    # close a cycle, so the whole revert is refused, fields and duties included.
    services.add_reporting_line(subordinate=director, superior=planner)
    before = (items(planner), Position.objects.get(pk=planner.pk).summary, planner.history.count())
    client.force_login(hr_editor)

    response = client.post(revert_url(planner, jd["first"]), follow=True)

    assert "循环" in response.content.decode()
    after = (items(planner), Position.objects.get(pk=planner.pk).summary, planner.history.count())
    assert after == before


def test_a_manager_may_view_a_version_but_not_revert_it(client, manager, jd):
    client.force_login(manager)
    url = revert_url(jd["planner"], jd["first"])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url).status_code == 403
    jd["planner"].refresh_from_db()
    assert jd["planner"].summary == "负责品牌与市场策划。"
