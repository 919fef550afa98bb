"""Import/export of positions; the unit is given by code, id or name path."""

from import_export import resources

from core.spreadsheets import BlankTextMixin
from orgchart.resources import CheckedColumnsMixin, PathAwareField, UnitPathsExportMixin, UnitWidget
from roles.models import Position


class PositionResource(BlankTextMixin, CheckedColumnsMixin, UnitPathsExportMixin, resources.ModelResource):
    required_columns = ("title",)

    unit = PathAwareField(attribute="unit", column_name="unit", widget=UnitWidget())

    class Meta:
        model = Position
        fields = ("id", "code", "title", "unit", "summary", "authority", "headcount", "described")
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Position.objects.select_related("unit")

    def do_instance_save(self, instance, is_create):
        if not is_create:
            # An imported change is an edit like any other: later stale forms must notice it.
            instance.version += 1
        super().do_instance_save(instance, is_create)
