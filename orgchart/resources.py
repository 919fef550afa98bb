"""Import/export of units. Imported rows are written through the tree service."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.spreadsheets import BlankTextMixin, CheckedColumnsMixin, ChoiceWidget
from orgchart import services as tree
from orgchart.models import Unit

PATH_SEPARATOR = "/"


def unit_paths() -> dict[int, str]:
    """Every unit's name path from its root ("集团/营销中心/市场部"), in one query."""
    rows = {
        pk: (name, parent_id) for pk, name, parent_id in Unit.objects.values_list("pk", "name", "parent_id")
    }
    paths: dict[int, str] = {}

    def path(pk):
        if pk not in paths:
            name, parent_id = rows[pk]
            paths[pk] = name if parent_id is None else f"{path(parent_id)}{PATH_SEPARATOR}{name}"
        return paths[pk]

    for pk in rows:
        path(pk)
    return paths


def find_unit(value) -> Unit:
    """A unit named by its code, its id, its name path, or a name that is unique."""
    text = str(value).strip()
    by_code = Unit.objects.filter(code=text).first() if text else None
    if by_code:
        return by_code
    if text.isdigit():
        by_id = Unit.objects.filter(pk=int(text)).first()
        if by_id:
            return by_id
    names = [part.strip() for part in text.split(PATH_SEPARATOR) if part.strip()]
    if len(names) > 1:
        candidates = Unit.objects.filter(parent__isnull=True, name=names[0])
        for name in names[1:]:
            candidates = Unit.objects.filter(parent__in=candidates, name=name)
    else:
        candidates = Unit.objects.filter(name=text)
    found = list(candidates[:2])
    if not found:
        raise ValueError(
            _("找不到组织单元“%(value)s”(可填编码、编号或“上级/下级”名称路径)。") % {"value": text}
        )
    if len(found) > 1:
        raise ValueError(_("有多个组织单元叫“%(value)s”,请填写编码或完整的名称路径。") % {"value": text})
    return found[0]


class UnitWidget(widgets.ForeignKeyWidget):
    """Reads a unit by code, id or name path; writes its name path."""

    def __init__(self, **kwargs):
        super().__init__(Unit, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        return find_unit(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        paths = kwargs.get("paths")
        if paths is not None:
            return paths.get(value.pk, value.name)
        return PATH_SEPARATOR.join([*value.get_ancestors().values_list("name", flat=True), value.name])


class PathAwareField(fields.Field):
    """Renders units through a path map prepared once per export."""

    def export(self, instance, **kwargs):
        value = self.get_value(instance)
        if value is None:
            return ""
        return self.widget.render(value, paths=kwargs.get("paths"))


class UnitPathsExportMixin:
    """Computes all unit paths once per export instead of once per row."""

    def export(self, queryset=None, **kwargs):
        self._paths = unit_paths()
        return super().export(queryset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        if isinstance(field, PathAwareField):
            return field.export(instance, paths=getattr(self, "_paths", None))
        return super().export_field(field, instance, **kwargs)


class UnitResource(BlankTextMixin, CheckedColumnsMixin, UnitPathsExportMixin, resources.ModelResource):
    required_columns = ("name",)

    parent = PathAwareField(attribute="parent", column_name="parent", widget=UnitWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(Unit.Kind.choices))

    class Meta:
        model = Unit
        fields = ("id", "name", "kind", "code", "parent")
        export_order = ("id", "name", "kind", "code", "parent")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Unit.objects.order_by("tree_id", "lft")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Tree fields are derived by the service at save time, not read from the file.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors.keys(), "lft", "rght", "tree_id", "level"], validate_unique=validate_unique
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        data = {"name": instance.name, "kind": instance.kind, "code": instance.code}
        parent = instance.parent
        if is_create:
            saved = tree.create_unit(parent=parent, **data)
        else:
            saved = Unit.objects.get(pk=instance.pk)
            if any(getattr(saved, name) != value for name, value in data.items()):
                saved = tree.update_unit(saved, **data)
            if saved.parent_id != (parent.pk if parent else None):
                saved = tree.move_unit(saved, parent=parent)
        instance.pk = saved.pk
        for name in ("lft", "rght", "tree_id", "level", "version", "sibling_order"):
            setattr(instance, name, getattr(saved, name))
