"""Import/export of duties (job-description items and unit functions)."""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.spreadsheets import BlankTextMixin
from duties import services
from duties.models import Duty
from orgchart.resources import (
    CheckedColumnsMixin,
    ChoiceWidget,
    PathAwareField,
    UnitPathsExportMixin,
    UnitWidget,
)
from roles.models import Position


class PositionWidget(widgets.ForeignKeyWidget):
    """Reads a position by its code or id; writes its code, or its id when it has none."""

    def __init__(self, **kwargs):
        super().__init__(Position, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text == "":
            return None
        found = Position.objects.filter(code=text).first()
        if found is None and text.isdigit():
            found = Position.objects.filter(pk=int(text)).first()
        if found is None:
            raise ValueError(_("找不到岗位“%(value)s”(请填岗位编码或编号)。") % {"value": text})
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.code or str(value.pk)


class DutyResource(BlankTextMixin, CheckedColumnsMixin, UnitPathsExportMixin, resources.ModelResource):
    required_columns = ("text",)

    position = fields.Field(attribute="position", column_name="position", widget=PositionWidget())
    unit = PathAwareField(attribute="unit", column_name="unit", widget=UnitWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(Duty.Kind.choices))

    class Meta:
        model = Duty
        fields = ("id", "position", "unit", "kind", "order", "text", "original_text")
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Duty.objects.select_related("position", "unit")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A blank order means "last" (duties.services); validate the row as if it had a place.
        last = instance.order is None
        if last:
            instance.order = 1
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        finally:
            if last:
                instance.order = None

    def do_instance_save(self, instance, is_create):
        # Through the services, so an imported order moves the later items as everywhere else.
        data = {name: getattr(instance, name) for name in services.DUTY_FIELDS}
        saved = services.create_duty(**data) if is_create else services.update_duty(instance, **data)
        instance.pk, instance.order, instance.version = saved.pk, saved.order, saved.version
