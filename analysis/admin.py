"""Admin for HR: a unit's coverage with confirm/reject, the verdicts, overlaps found, template copies."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from analysis import views
from analysis.models import MatchDecision, OverlapCandidate, TemplateCopy
from orgchart.models import Unit


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the job or by a service: shown, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchDecision)
class MatchDecisionAdmin(admin.ModelAdmin):
    list_display = ("function_text", "duty_text", "position", "verdict", "score", "decided_by", "decided_at")
    list_filter = ("verdict",)
    list_select_related = ("function", "duty__position", "decided_by")
    search_fields = ("function__text", "duty__text", "duty__position__title")
    fields = ("function", "duty", "verdict", "score", "decided_by", "decided_at")
    readonly_fields = ("function", "duty", "score", "decided_by", "decided_at")

    def has_add_permission(self, request):
        return False  # verdicts are given on a unit's coverage page, against a suggested match

    @admin.display(description=_("单元职能"))
    def function_text(self, obj):
        return obj.function.text[:60]

    @admin.display(description=_("岗位职责"))
    def duty_text(self, obj):
        return obj.duty.text[:60]

    @admin.display(description=_("岗位"))
    def position(self, obj):
        return obj.duty.position

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        own = [
            path("coverage/", self.admin_site.admin_view(self.units_view), name="analysis_coverage_units"),
            path(
                "coverage/<int:pk>/",
                self.admin_site.admin_view(self.coverage_view),
                name="analysis_coverage_unit",
            ),
        ]
        return own + super().get_urls()

    def units_view(self, request):
        """Units that have functions to cover, with their number."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        units = (
            Unit.objects.annotate(function_count=Count("functions"))
            .filter(function_count__gt=0)
            .order_by("tree_id", "lft")
        )
        context = {**self.admin_site.each_context(request), "title": _("职能覆盖"), "units": units}
        return TemplateResponse(request, "admin/analysis/coverage_units.html", context)

    def coverage_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        unit = get_object_or_404(Unit, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            **views.coverage_context(request, unit),
            "title": _("%(name)s 的职能覆盖") % {"name": unit.name},
            "next": reverse("admin:analysis_coverage_unit", args=[unit.pk]),
        }
        return TemplateResponse(request, "admin/analysis/coverage.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "coverage_url": reverse("admin:analysis_coverage_units")}
        return super().changelist_view(request, extra_context)


@admin.register(OverlapCandidate)
class OverlapCandidateAdmin(ReadOnlyAdmin):
    list_display = (
        "kind",
        "scope",
        "position_a",
        "duty_a_text",
        "position_b",
        "duty_b_text",
        "score",
        "found_at",
    )
    list_filter = ("kind", "scope")
    list_select_related = ("position_a", "position_b", "duty_a", "duty_b")
    search_fields = ("position_a__title", "position_b__title", "duty_a__text", "duty_b__text")

    @admin.display(description=_("职责甲"))
    def duty_a_text(self, obj):
        return obj.duty_a.text[:50] if obj.duty_a_id else "—"

    @admin.display(description=_("职责乙"))
    def duty_b_text(self, obj):
        return obj.duty_b.text[:50] if obj.duty_b_id else "—"


@admin.register(TemplateCopy)
class TemplateCopyAdmin(ReadOnlyAdmin):
    list_display = ("new_position", "copied_from_label", "copied_by", "copied_at")
    list_select_related = ("position", "copied_by")
    search_fields = ("position__title", "copied_from_label")

    @admin.display(description=_("新岗位"))
    def new_position(self, obj):
        url = reverse("admin:roles_position_change", args=[obj.position_id])
        return format_html('<a href="{}">{}</a>', url, obj.position)
