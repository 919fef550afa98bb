"""Coverage, overlaps, similar positions, the library: on a small unit and on the seeds."""

from analysis import selectors, services
from analysis.models import MatchDecision
from duties.models import Duty


def _item(coverage, text):
    return next(item for item in coverage.functions if item.function.text == text)


def test_functions_map_to_duties_of_the_unit_and_its_sub_units(sales):
    coverage = selectors.unit_coverage(sales["unit"])
    survey = _item(coverage, "负责市场调研与销售预测")
    assert {m.duty.position.title for m in survey.matches} == {"营销部经理", "营销部主任"}
    assert all(m.score >= 0.02 for m in survey.matches)
    clients = _item(coverage, "负责客户档案管理与回访")
    assert [m.duty.position.title for m in clients.matches] == ["销售内勤"]  # in the sub-unit
    assert [item.function.text for item in coverage.uncovered] == ["负责办公用品采购"]
    assert {d.text for d in coverage.unmatched} >= {"负责车辆调度与保养", "培训新入职员工"}
    assert all(d.kind == Duty.Kind.RESPONSIBILITY for d in coverage.duties)


def test_overlaps_and_near_duplicate_positions(sales):
    coverage = selectors.unit_coverage(sales["unit"])
    pairs = {(o.a.text, o.a.position.title, o.b.position.title) for o in coverage.overlaps}
    assert ("组织市场调研并编写调研报告", "营销部经理", "营销部主任") in pairs or (
        "组织市场调研并编写调研报告",
        "营销部主任",
        "营销部经理",
    ) in pairs
    assert all(o.a.position_id != o.b.position_id for o in coverage.overlaps)
    [similar] = coverage.similar_positions
    assert {similar.a.title, similar.b.title} == {"营销部经理", "营销部主任"}
    assert similar.share == 1.0


def test_confirmed_and_rejected_matches_win_over_the_score(sales, hr_editor):
    unit = sales["unit"]
    supplies = sales["functions"][2]
    vehicles = Duty.objects.get(text="负责车辆调度与保养")
    services.decide(function=supplies, duty=vehicles, verdict=MatchDecision.Verdict.CONFIRMED, user=hr_editor)
    survey = sales["functions"][0]
    report = Duty.objects.filter(text="组织市场调研并编写调研报告").first()
    services.decide(function=survey, duty=report, verdict=MatchDecision.Verdict.REJECTED, user=hr_editor)

    coverage = selectors.unit_coverage(unit)
    assert not coverage.uncovered
    assert [m.duty for m in _item(coverage, supplies.text).matches] == [vehicles]
    assert report not in [m.duty for m in _item(coverage, survey.text).matches]
    assert report in [m.duty for m in _item(coverage, survey.text).rejected]
    decision = MatchDecision.objects.get(function=supplies, duty=vehicles)
    assert decision.decided_by == hr_editor and decision.score is not None

    services.withdraw(function=supplies, duty=vehicles)
    assert [i.function for i in selectors.unit_coverage(unit).uncovered] == [supplies]


def test_a_duty_outside_the_unit_cannot_be_decided(sales):
    import pytest
    from django.core.exceptions import ValidationError

    from tests.factories import DutyFactory

    stranger = DutyFactory(text="组织市场调研")
    with pytest.raises(ValidationError):
        services.decide(function=sales["functions"][0], duty=stranger, verdict="confirmed")


def test_library_finds_every_sales_clerk_of_the_seeds(seeded_store):
    entries = selectors.library_search("销售内勤")
    clerks = [e for e in entries if e.position.title == "销售内勤"]
    assert len(clerks) >= 2
    assert len({e.organisation for e in clerks}) >= 2
    comparison = selectors.compare([clerks[0].position.pk, clerks[1].position.pk])
    aligned = [row for row in comparison.rows if all(duty for duty, _s in row.cells)]
    assert aligned, "two JDs of one title share some duties"
    similar = selectors.similar_positions(clerks[0].position)
    assert similar and similar[0][0].title == "销售内勤"


def test_copy_as_template_keeps_fields_duties_and_where_it_came_from(sales, hr_editor):
    from analysis.models import TemplateCopy
    from tests.factories import UnitFactory

    target = UnitFactory(name="新公司营销部")
    source = sales["clerk"]
    position = services.copy_as_template(source=source, unit=target, user=hr_editor)
    assert position.unit == target and position.title == source.title and position.summary == source.summary
    copied = list(position.duties.order_by("kind", "order").values_list("kind", "order", "text"))
    original = list(source.duties.order_by("kind", "order").values_list("kind", "order", "text"))
    assert copied == original
    record = TemplateCopy.objects.get(position=position)
    assert record.copied_from == source and "销售内勤" in record.copied_from_label
    assert record.copied_by == hr_editor
    source.duties.all().delete()
    source.delete()
    record.refresh_from_db()
    assert record.copied_from is None and "销售内勤" in record.copied_from_label
