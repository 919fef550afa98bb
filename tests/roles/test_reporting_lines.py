import pytest
from django.core.exceptions import ValidationError

from roles import services
from roles.models import ReportingLine
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def test_a_position_may_have_several_superiors():
    clerk, manager, deputy = PositionFactory.create_batch(3)
    services.add_reporting_line(subordinate=clerk, superior=manager)
    services.add_reporting_line(subordinate=clerk, superior=deputy, kind=ReportingLine.Kind.DOTTED)

    assert set(clerk.superior_lines.values_list("superior__title", flat=True)) == {
        manager.title,
        deputy.title,
    }


def test_reporting_to_oneself_is_refused():
    clerk = PositionFactory()
    with pytest.raises(ValidationError, match="不能向自己汇报"):
        services.add_reporting_line(subordinate=clerk, superior=clerk)


def test_a_line_that_would_close_a_cycle_is_refused_even_through_dotted_lines():
    director, manager, clerk = PositionFactory.create_batch(3)
    services.add_reporting_line(subordinate=manager, superior=director)
    services.add_reporting_line(subordinate=clerk, superior=manager, kind=ReportingLine.Kind.DOTTED)

    with pytest.raises(ValidationError, match="循环"):
        services.add_reporting_line(subordinate=director, superior=clerk)
    assert ReportingLine.objects.count() == 2


def test_changing_a_line_into_a_cycle_is_refused():
    director, manager, clerk = PositionFactory.create_batch(3)
    services.add_reporting_line(subordinate=manager, superior=director)
    line = services.add_reporting_line(subordinate=clerk, superior=manager)

    with pytest.raises(ValidationError, match="循环"):
        services.update_reporting_line(line, subordinate=director)
    line.refresh_from_db()
    assert line.subordinate_id == clerk.pk


def test_a_stale_position_edit_is_refused():
    position = PositionFactory(summary="旧概述")
    services.update_position(position, expected_version=1, summary="新概述")

    with pytest.raises(ValidationError, match="已被他人修改"):
        services.update_position(position, expected_version=1, summary="另一个概述")
    position.refresh_from_db()
    assert (position.summary, position.version) == ("新概述", 2)


def test_many_lines_at_once_follow_the_same_rules_in_one_write():
    director, manager, clerk, other = PositionFactory.create_batch(4)
    services.add_reporting_line(subordinate=manager, superior=director)

    written, refused = services.add_reporting_lines(
        [
            (clerk, manager, {"source_line": 3}),
            (manager, director, {}),  # already stored: neither written nor refused
            (director, clerk, {}),  # closes director -> clerk -> manager -> director
            (other, other, {}),
            (other, clerk, {}),
        ]
    )

    assert [(line.subordinate, line.superior) for line in written] == [(clerk, manager), (other, clerk)]
    assert [(sub, sup, error.code) for sub, sup, error in refused] == [
        (director, clerk, "cycle"),
        (other, other, "self_line"),
    ]
    assert ReportingLine.objects.get(subordinate=clerk).source_line == 3
    assert ReportingLine.objects.count() == 3
    assert ReportingLine.history.count() == 3
