"""Update services change only the fields they name; API and admin callers send only those."""

import pytest

from core.updates import assign_fields
from duties import services as duty_services
from duties.api import DutyWriteSerializer, WorkflowWriteSerializer
from duties.models import Duty
from orgchart import services as tree
from orgchart.api import UnitUpdateSerializer
from orgchart.forms import UnitAdminForm
from roles import services as role_services
from roles.api import PositionWriteSerializer, ReportingLineWriteSerializer
from roles.forms import PositionAdminForm, ReportingLineAdminForm
from tests.factories import DutyFactory, PositionFactory, ReportingLineFactory, UnitFactory, WorkflowFactory


def test_assign_fields_refuses_unknown_names_and_sets_nothing():
    duty = Duty(text="原来的")
    with pytest.raises(ValueError, match="cannot be updated with textt, version; editable fields: text"):
        assign_fields(duty, {"text": "新的", "textt": "错", "version": 9}, ("text",))
    assert duty.text == "原来的" and duty.version == 1
    assign_fields(duty, {"text": "新的"}, ("text",))
    assert duty.text == "新的"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "update", "fields"),
    [
        (UnitFactory, tree.update_unit, {"version": 7}),
        (UnitFactory, tree.update_unit, {"name": "市场部", "nmae": "拼错"}),
        (PositionFactory, role_services.update_position, {"search_words": "伪造"}),
        (PositionFactory, role_services.update_position, {"created_at": None}),
        (ReportingLineFactory, role_services.update_reporting_line, {"version": 3}),
        (DutyFactory, duty_services.update_duty, {"search_words": "伪造"}),
        (WorkflowFactory, duty_services.update_workflow, {"updated_at": None}),
    ],
)
def test_update_services_refuse_unknown_fields_and_write_nothing(factory, update, fields):
    record = factory()
    before = type(record).objects.values().get(pk=record.pk)
    with pytest.raises(ValueError, match="cannot be updated with"):
        update(record, **fields)
    assert type(record).objects.values().get(pk=record.pk) == before


@pytest.mark.django_db
def test_tree_fields_still_point_to_move_unit():
    with pytest.raises(ValueError, match="use move_unit"):
        tree.update_unit(UnitFactory(), parent=None)


def _serializer_fields(serializer_class) -> set[str]:
    return set(serializer_class.Meta.fields)


@pytest.mark.parametrize(
    ("caller_fields", "editable"),
    [
        (_serializer_fields(UnitUpdateSerializer), tree.EDITABLE_FIELDS),
        ({"name", "kind", "code"}, tree.EDITABLE_FIELDS),  # the admin's and the spreadsheet import's
        (set(UnitAdminForm.Meta.fields) - {"parent"}, tree.EDITABLE_FIELDS),  # parent goes to move_unit
        (_serializer_fields(PositionWriteSerializer), role_services.POSITION_FIELDS),
        (set(PositionAdminForm.Meta.fields), role_services.POSITION_FIELDS),
        (_serializer_fields(ReportingLineWriteSerializer), role_services.REPORTING_LINE_FIELDS),
        (set(ReportingLineAdminForm.Meta.fields), role_services.REPORTING_LINE_FIELDS),
        (_serializer_fields(DutyWriteSerializer), duty_services.DUTY_FIELDS),
        (_serializer_fields(WorkflowWriteSerializer) - {"steps"}, duty_services.WORKFLOW_FIELDS),
    ],
)
def test_api_and_admin_callers_send_only_editable_fields(caller_fields, editable):
    assert caller_fields <= set(editable)
