"""Admin for positions (with ordered duties, superiors and incumbents), reporting lines, incumbents."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import (
    GuardedImportExportMixin,
    LabelledTabularInline,
    ServiceRefusalMixin,
    ShallowTreeFilter,
    boolean_mark,
    refusal_text,
)
from duties import job_descriptions
from duties.admin import DutyInlineMixin, save_duty_formset
from duties.models import Duty
from roles import services
from roles.forms import PositionAdminForm, ReportingLineAdminForm, SuperiorLineFormSet
from roles.models import Incumbent, Position, ReportingLine
from roles.resources import PositionResource

PERSONAL_DATA_PERMISSION = "roles.view_personal_data"


COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}


class DutyInline(DutyInlineMixin, LabelledTabularInline):
    model = Duty
    fk_name = "position"
    extra = 1
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
    list_display = ("title", "unit", "code", "headcount", "described_mark", "updated")
    list_select_related = ("unit",)
    list_filter = (("unit", ShallowTreeFilter), "described")
    show_full_result_count = False  # one count(*) a page, not two
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
    object_history_form_template = "admin/roles/position/object_history_form.html"

    @admin.display(description=_("更新时间"), ordering="updated_at")
    def updated(self, position):
        return position.updated_at

    @admin.display(description=Position._meta.get_field("described").verbose_name, ordering="described")
    def described_mark(self, position):
        return boolean_mark(position.described)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version of a position is a version of its whole job description: shown and restored whole."""
        record = get_object_or_404(Position.history.model, id=unquote(object_id), history_id=version_id)
        moment = job_descriptions.version_moment(record)
        if request.method != "POST":
            snapshot = job_descriptions.job_description_as_of(record.id, moment)
            context = {"snapshot": snapshot, **(extra_context or {})}
            return super().history_form_view(request, object_id, version_id, context)
        position = get_object_or_404(Position, pk=record.id)
        if not self.has_change_permission(request, position):
            raise PermissionDenied
        try:
            result = job_descriptions.revert_job_description(position, as_of=moment, user=request.user)
        except ValidationError as error:
            self.message_user(request, refusal_text(error), level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        self.log_change(request, result.position, result.reason)
        done = gettext("已恢复“%(title)s”:%(reason)s。")
        self.message_user(request, done % {"title": result.position, "reason": result.reason})
        if result.missing_superiors:
            missing = gettext("这些上级岗位已被删除,没有恢复:%(titles)s")
            titles = "、".join(result.missing_superiors)
            self.message_user(request, missing % {"titles": titles}, level=messages.WARNING)
        return HttpResponseRedirect(reverse("admin:roles_position_change", args=[position.pk]))

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

    # Deleting: refused while other positions report to the position (roles.services) ---------

    def _refuse_subordinates(self, request, positions) -> bool:
        try:
            services.refuse_if_subordinates(positions)
        except services.PositionHasSubordinates as refusal:
            for message in refusal.messages:
                self.message_user(request, message, level=messages.ERROR)
            return True
        return False

    def delete_view(self, request, object_id, extra_context=None):
        position = self.get_object(request, unquote(object_id))
        allowed = position is not None and self.has_delete_permission(request, position)
        if allowed and self._refuse_subordinates(request, [position]):
            return HttpResponseRedirect(reverse("admin:roles_position_change", args=[position.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.delete_position(obj)

    def delete_queryset(self, request, queryset):
        services.delete_positions(list(queryset))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (self.delete_selected_positions, name, description)
        return actions

    def delete_selected_positions(self, modeladmin, request, queryset):
        """Django's bulk delete, refused up front when a position would leave subordinates behind."""
        if self._refuse_subordinates(request, list(queryset)):
            return None
        try:
            return delete_selected(modeladmin, request, queryset)
        except ValidationError as error:  # a subordinate added since the confirmation page
            self.message_user(request, refusal_text(error), level=messages.ERROR)
            return None

    def save_formset(self, request, form, formset, change):
        if formset.model is Duty:
            save_duty_formset(formset, position=form.instance)
            return
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
