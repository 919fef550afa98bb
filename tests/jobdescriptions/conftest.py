import pytest

from jobdescriptions import services
from tests.conftest import user_in_group
from tests.factories import DutyFactory, PositionFactory, ReportingLineFactory, UnitFactory


@pytest.fixture
def reviewer(db, django_user_model):
    from core.groups import REVIEWERS

    return user_in_group(django_user_model, "reviewer", "pw-reviewer", REVIEWERS)


@pytest.fixture
def position(db):
    """A described position with duties and a superior, published as v1 (as the migration does)."""
    unit = UnitFactory(name="营销本部")
    position = PositionFactory(unit=unit, title="销售统计担当", headcount=2)
    boss = PositionFactory(unit=unit, title="营销处长")
    ReportingLineFactory(subordinate=position, superior=boss)
    DutyFactory(position=position, text="负责统计全集团销售数据。")
    DutyFactory(position=position, text="编制月度销售报表。")
    DutyFactory(position=position, kind="requirement", text="统计相关专业本科以上学历。")
    return position


def publish(position, author, reviewer, **kwargs):
    """Submit the working copy and approve it: the shortest way to a published version."""
    return services.approve(services.submit(position, author), reviewer, **kwargs)
