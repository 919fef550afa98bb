"""Admin for duties and workflows, with history, revert and import/export."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import (
    EstimatedCountPaginator,
    GuardedImportExportMixin,
    LabelledTabularInline,
    ServiceRefusalMixin,
    ShallowTreeFilter,
)
from duties import services
from duties.models import Duty, Workflow, WorkflowStep
from duties.resources import DutyResource

INLINE_FIELDS = ("kind", "order", "text")


class DutyOrderFormMixin:
    """A blank order puts the duty last (duties.services), so the form does not require one."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "order":
            field.required = False
        return field


def save_duty_formset(formset, *, position=None, unit=None) -> None:
    """Write an inline's duties through duties.services, so order moves renumber the list.

    Only the fields a row changed are passed on: a row's unchanged order is not re-applied
    after another row moved in front of it.
    """
    with transaction.atomic():
        formset.save(commit=False)
        for duty in formset.deleted_objects:
            services.delete_duty(duty)
        for duty, changed in formset.changed_objects:
            fields = {name: getattr(duty, name) for name in changed if name in INLINE_FIELDS}
            services.update_duty(duty, **fields)
        for duty in formset.new_objects:
            services.create_duty(
                position=position, unit=unit, kind=duty.kind, order=duty.order, text=duty.text
            )


class DutyInlineMixin(DutyOrderFormMixin):
    fields = INLINE_FIELDS
    ordering = ("kind", "order", "id")


@admin.register(Duty)
class DutyAdmin(DutyOrderFormMixin, ServiceRefusalMixin, GuardedImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [DutyResource]
    list_display = ("short_text", "kind", "order", "position", "unit")
    list_select_related = ("position", "unit")
    list_filter = ("kind", ("position__unit", ShallowTreeFilter))
    show_full_result_count = False  # one count(*) a page, not two
    paginator = EstimatedCountPaginator
    search_fields = ("text", "original_text", "position__title", "unit__name")
    autocomplete_fields = ("position", "unit")
    fields = ("position", "unit", "kind", "order", "text", "original_text", "source_document", "source_line")
    readonly_fields = ("source_document", "source_line")
    ordering = ("position_id", "kind", "order", "id")
    history_list_display = ("kind", "order", "text")

    @admin.display(description=_("内容"), ordering="text")
    def short_text(self, duty):
        return duty.text[:60]

    def save_model(self, request, obj, form, change):
        # Every field, not only the changed ones: a revert's form starts from the old values.
        data = {name: form.cleaned_data[name] for name in services.DUTY_FIELDS if name in form.cleaned_data}
        saved = services.update_duty(obj, **data) if change else services.create_duty(**data)
        obj.pk, obj.order, obj.version = saved.pk, saved.order, saved.version

    def delete_model(self, request, obj):
        services.delete_duty(obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for duty in queryset:
                services.delete_duty(duty)


class WorkflowStepInline(LabelledTabularInline):
    model = WorkflowStep
    fields = ("order", "text")
    extra = 1
    ordering = ("order", "id")


@admin.register(Workflow)
class WorkflowAdmin(ServiceRefusalMixin, SimpleHistoryAdmin):
    inlines = [WorkflowStepInline]
    list_display = ("name", "code", "owner_unit")
    list_select_related = ("owner_unit",)
    search_fields = ("name", "code", "owner_unit__name", "steps__text")
    autocomplete_fields = ("owner_unit",)
    fields = ("name", "code", "owner_unit", "source_document", "source_line")
    readonly_fields = ("source_document", "source_line")


@admin.register(WorkflowStep)
class WorkflowStepAdmin(ServiceRefusalMixin, SimpleHistoryAdmin):
    """Steps are edited inside their workflow; listed here for their own history and revert."""

    list_display = ("workflow", "order", "short_text")
    list_select_related = ("workflow",)
    search_fields = ("text", "workflow__name")
    autocomplete_fields = ("workflow",)
    fields = ("workflow", "order", "text", "original_text")

    @admin.display(description=_("内容"))
    def short_text(self, step):
        return step.text[:60]
