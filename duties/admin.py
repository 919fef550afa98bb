"""Admin for duties and workflows, with history, revert and import/export."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from mptt.admin import TreeRelatedFieldListFilter
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import GuardedImportExportMixin, LabelledTabularInline, ServiceRefusalMixin
from duties.models import Duty, Workflow, WorkflowStep
from duties.resources import DutyResource


@admin.register(Duty)
class DutyAdmin(ServiceRefusalMixin, GuardedImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [DutyResource]
    list_display = ("short_text", "kind", "order", "position", "unit")
    list_select_related = ("position", "unit")
    list_filter = ("kind", ("position__unit", TreeRelatedFieldListFilter))
    search_fields = ("text", "original_text", "position__title", "unit__name")
    autocomplete_fields = ("position", "unit")
    fields = ("position", "unit", "kind", "order", "text", "original_text", "source_document", "source_line")
    readonly_fields = ("source_document", "source_line")
    ordering = ("position_id", "kind", "order", "id")
    history_list_display = ("kind", "order", "text")

    @admin.display(description=_("内容"), ordering="text")
    def short_text(self, duty):
        return duty.text[:60]


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
