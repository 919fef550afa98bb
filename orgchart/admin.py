"""Admin for the unit tree: drag-and-drop moves, history with revert, import/export.

Every write goes through ``orgchart.services`` so the tree-wide lock is held;
business-rule refusals come back as messages, never as server errors.
"""

from django import forms, http
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mptt.admin import DraggableMPTTAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import (
    GuardedImportExportMixin,
    LabelledTabularInline,
    ServiceRefusalMixin,
    refusal_text,
)
from duties.admin import DutyInlineMixin, save_duty_formset
from duties.models import Duty
from orgchart import services as tree
from orgchart.forms import UnitAdminForm
from orgchart.models import Unit
from orgchart.resources import UnitResource
from roles.models import Position


class UnitFunctionInline(DutyInlineMixin, LabelledTabularInline):
    """A unit's own functions (职能), ordered like a position's duties."""

    model = Duty
    fk_name = "unit"
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}
    verbose_name = gettext_lazy("单元职能")
    verbose_name_plural = gettext_lazy("单元职能")


@admin.register(Unit)
class UnitAdmin(ServiceRefusalMixin, GuardedImportExportMixin, SimpleHistoryAdmin, DraggableMPTTAdmin):
    form = UnitAdminForm
    resource_classes = [UnitResource]
    list_display = ("tree_actions", "indented_title", "kind", "code", "position_count", "updated")
    list_display_links = ("indented_title",)
    list_filter = ("kind",)
    # DraggableMPTTAdmin shows 2,000 rows a page; a page of 100 renders in tens of milliseconds.
    list_per_page = 100
    search_fields = ("name", "code")
    readonly_fields = ("source_document", "source_line", "version")
    fieldsets = (
        (None, {"fields": ("name", "kind", "code", "parent", "expected_version")}),
        (gettext_lazy("来源"), {"fields": ("source_document", "source_line", "version")}),
    )
    history_list_display = ("name", "parent", "kind", "code")
    expand_tree_by_default = True
    inlines = [UnitFunctionInline]

    def indented_title(self, unit):
        # A class per level (static/css/admin.css) instead of mptt's inline style, which the
        # Content-Security-Policy blocks.
        return format_html('<div class="tree-level-{}">{}</div>', min(unit.level, 12), unit)

    indented_title.short_description = DraggableMPTTAdmin.indented_title.short_description

    @admin.display(description=gettext_lazy("更新时间"), ordering="updated_at")
    def updated(self, unit):
        return unit.updated_at

    @admin.display(description=gettext_lazy("岗位数"), ordering="position_count")
    def position_count(self, unit):
        return unit.position_count

    def get_queryset(self, request):
        # Counted in the changelist's own query (a subquery), not one query per row.
        positions = Position.objects.filter(unit=OuterRef("pk")).order_by().values("unit")
        count = Subquery(positions.annotate(n=Count("pk")).values("n"), output_field=models.IntegerField())
        return super().get_queryset(request).annotate(position_count=Coalesce(count, 0))

    def get_list_display(self, request):
        # Readers get no drag handles: they could only drag into a refusal.
        display = super().get_list_display(request)
        if self.has_change_permission(request):
            return display
        return tuple(name for name in display if name != "tree_actions")

    def get_actions(self, request):
        # Bulk delete bypasses the tree service; deleting is one unit at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in ("name", "kind", "code")}
        parent = form.cleaned_data.get("parent")
        with transaction.atomic():
            if not change:
                saved = tree.create_unit(parent=parent, **data)
            else:
                expected = form.cleaned_data.get("expected_version")
                saved = Unit.objects.get(pk=obj.pk)
                if any(getattr(saved, name) != value for name, value in data.items()):
                    saved = tree.update_unit(saved, expected_version=expected, **data)
                    expected = saved.version
                if saved.parent_id != (parent.pk if parent else None):
                    saved = tree.move_unit(saved, parent=parent, expected_version=expected)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        tree.delete_unit(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Duty:
            save_duty_formset(formset, unit=form.instance)
            return
        super().save_formset(request, form, formset, change)

    # Drag and drop -------------------------------------------------------

    def _move_node(self, request):
        """Handle mptt's drag-and-drop POST through ``tree.move_unit``."""
        position = request.POST.get("position")
        if position not in ("first-child", "last-child", "left", "right"):
            self.message_user(request, _("无法识别的移动指令。"), level=messages.ERROR)
            return http.HttpResponseBadRequest("FAIL, unknown instruction.")
        try:
            cut_item = Unit.objects.get(pk=request.POST.get("cut_item"))
            pasted_on = Unit.objects.get(pk=request.POST.get("pasted_on"))
        except (Unit.DoesNotExist, TypeError, ValueError):
            self.message_user(request, _("要移动的组织单元已不存在,请刷新后重试。"), level=messages.ERROR)
            return http.HttpResponseBadRequest("FAIL, invalid objects.")
        if not self.has_change_permission(request, cut_item):
            raise PermissionDenied
        parent, index = move_target(cut_item, pasted_on, position)
        old_parent_id = cut_item.parent_id
        try:
            with transaction.atomic():
                moved = tree.move_unit(cut_item, parent=parent, index=index)
                LogEntry.objects.log_actions(
                    user_id=request.user.pk,
                    queryset=[moved],
                    action_flag=CHANGE,
                    change_message=[{"changed": {"fields": ["parent", "sibling_order"]}}],
                    single_object=True,
                )
        except ValidationError as error:
            self.message_user(request, refusal_text(error), level=messages.ERROR)
            return http.JsonResponse({"ok": False, "error": refusal_text(error)}, status=400)
        if old_parent_id == moved.parent_id:
            text = _("已调整“%(unit)s”的顺序。") % {"unit": moved.name}
        else:
            text = _("已把“%(unit)s”移动到“%(parent)s”下。") % {
                "unit": moved.name,
                "parent": parent.name if parent else _("顶层"),
            }
        self.message_user(request, text)
        return http.JsonResponse({"ok": True, "message": text})


def move_target(cut_item: Unit, pasted_on: Unit, position: str) -> tuple[Unit | None, int | None]:
    """Translate mptt's drop position into ``(parent, sibling index)`` for move_unit."""
    if position == "last-child":
        return pasted_on, None
    if position == "first-child":
        return pasted_on, 0
    parent = pasted_on.parent
    siblings = list(
        Unit.objects.filter(parent_id=pasted_on.parent_id)
        .exclude(pk=cut_item.pk)
        .order_by("sibling_order", "lft")
        .values_list("pk", flat=True)
    )
    index = siblings.index(pasted_on.pk)
    return parent, index if position == "left" else index + 1
