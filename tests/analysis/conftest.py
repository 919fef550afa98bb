import pytest

from duties.models import Duty
from tests.factories import DutyFactory, PositionFactory, UnitFactory

FUNCTIONS = ["负责市场调研与销售预测", "负责客户档案管理与回访", "负责办公用品采购"]


@pytest.fixture
def sales(db):
    """A unit with three functions: two carried out by its positions, the office supplies by nobody;
    two positions with mostly the same duties."""
    unit = UnitFactory(name="营销部")
    for order, text in enumerate(FUNCTIONS, start=1):
        DutyFactory(position=None, unit=unit, order=order, text=text)
    team = UnitFactory(name="销售一组", parent=unit)
    manager = PositionFactory(unit=unit, title="营销部经理")
    chief = PositionFactory(unit=unit, title="营销部主任")
    clerk = PositionFactory(unit=team, title="销售内勤")
    shared = ["组织市场调研并编写调研报告", "制定年度销售预测与销售计划", "审核销售费用预算"]
    for position in (manager, chief):
        for text in shared:
            DutyFactory(position=position, text=text)
    DutyFactory(position=chief, text="培训新入职员工")
    DutyFactory(position=clerk, text="建立客户档案并定期回访客户")
    DutyFactory(position=clerk, text="负责车辆调度与保养")
    DutyFactory(position=clerk, kind=Duty.Kind.REQUIREMENT, text="大专以上学历")
    unit.refresh_from_db()  # its tree bounds grew with the sub-unit
    functions = list(Duty.objects.filter(unit=unit).order_by("order"))
    positions = {"manager": manager, "chief": chief, "clerk": clerk}
    return {"unit": unit, "team": team, "functions": functions, **positions}
