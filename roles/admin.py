"""Admin for positions (with ordered duties, superiors and incumbents), reporting lines, incumbents."""

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from mptt.admin import TreeRelatedFieldListFilter
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import GuardedImportExportMixin, LabelledTabularInline, ServiceRefusalMixin
from duties.models import Duty
from roles import services
from roles.forms import PositionAdminForm, ReportingLineAdminForm, SuperiorLineFormSet
from roles.models import Incumbent, Position, ReportingLine
from roles.resources import PositionResource

PERSONAL_DATA_PERMISSION = "roles.view_personal_data"


COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}


class DutyInline(LabelledTabularInline):
    model = Duty
    fk_name = "position"
    fields = ("kind", "order", "text")
    extra = 1
    ordering = ("kind", "order", "id")
    formfield_overrides = COMPACT_TEXT


class SuperiorLineInline(LabelledTabularInline):
    model = ReportingLine
    fk_name = "subordinate"
    formset = SuperiorLineFormSet
    fields = ("superior", "kind")
    autocomplete_fields = ("superior",)
    extra = 1
    verbose_name = ReportingLine._meta.get_field("superior").verbose_name
    verbose_name_plural = ReportingLine._meta.get_field("superior").verbose_name


class IncumbentInline(LabelledTabularInline):
    model = Incumbent
    fields = ("name",)
    extra = 0


@admin.register(Position)
class PositionAdmin(ServiceRefusalMixin, GuardedImportExportMixin, SimpleHistoryAdmin):
    form = PositionAdminForm
    resource_classes = [PositionResource]
    inlines = [DutyInline, SuperiorLineInline, IncumbentInline]
    list_display = ("title", "unit", "code", "headcount", "described", "updated")
    list_select_related = ("unit",)
    list_filter = (("unit", TreeRelatedFieldListFilter), "described")
    search_fields = ("title", "code", "unit__name", "duties__text")
    autocomplete_fields = ("unit",)
    readonly_fields = ("source_document", "source_line", "version")
    fields = (
        "unit",
        "title",
        "code",
        "summary",
        "authority",
        "headcount",
        "described",
        "expected_version",
        "source_document",
        "source_line",
        "version",
    )
    history_list_display = ("title", "unit", "summary")

    @admin.display(description=_("更新时间"), ordering="updated_at")
    def updated(self, position):
        return position.updated_at

    def get_inlines(self, request, obj):
        if request.user.has_perm(PERSONAL_DATA_PERMISSION):
            return self.inlines
        return [inline for inline in self.inlines if inline is not IncumbentInline]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        data = {name: form.cleaned_data[name] for name in PositionAdminForm.Meta.fields}
        saved = services.update_position(
            obj, expected_version=form.cleaned_data.get("expected_version"), **data
        )
        obj.version = saved.version

    def save_formset(self, request, form, formset, change):
        if formset.model is not ReportingLine:
            super().save_formset(request, form, formset, change)
            return
        with transaction.atomic():
            lines = formset.save(commit=False)
            for line in formset.deleted_objects:
                line.delete()
            for line in lines:
                if line.pk is None:
                    services.add_reporting_line(
                        subordinate=form.instance, superior=line.superior, kind=line.kind
                    )
                else:
                    services.update_reporting_line(line, superior=line.superior, kind=line.kind)


@admin.register(ReportingLine)
class ReportingLineAdmin(ServiceRefusalMixin, SimpleHistoryAdmin):
    form = ReportingLineAdminForm
    list_display = ("subordinate", "superior", "kind")
    list_select_related = ("subordinate", "superior")
    list_filter = ("kind",)
    search_fields = ("subordinate__title", "superior__title")
    autocomplete_fields = ("subordinate", "superior")

    def save_model(self, request, obj, form, change):
        if change:
            services.update_reporting_line(
                obj, subordinate=obj.subordinate, superior=obj.superior, kind=obj.kind
            )
        else:
            saved = services.add_reporting_line(
                subordinate=obj.subordinate, superior=obj.superior, kind=obj.kind
            )
            obj.pk = saved.pk


@admin.register(Incumbent)
class IncumbentAdmin(ServiceRefusalMixin, SimpleHistoryAdmin):
    """Personal data: visible only with the dedicated permission, even for readers."""

    list_display = ("name", "position")
    list_select_related = ("position", "position__unit")
    search_fields = ("name", "position__title")
    autocomplete_fields = ("position",)

    def has_module_permission(self, request):
        return request.user.has_perm(PERSONAL_DATA_PERMISSION) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PERSONAL_DATA_PERMISSION) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(PERSONAL_DATA_PERMISSION) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.has_perm(PERSONAL_DATA_PERMISSION) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(PERSONAL_DATA_PERMISSION) and super().has_delete_permission(request, obj)
