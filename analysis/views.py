"""Duty analysis pages: a unit's coverage (managers read, HR decides), its export, and the JD library."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from analysis import exports, selectors, services
from duties.models import Duty
from orgchart.models import Unit
from roles.models import Position

DECIDE = "analysis.add_matchdecision"
ADD_POSITION = "roles.add_position"
MAX_COMPARED = 4


def coverage_context(request, unit: Unit) -> dict:
    coverage = selectors.unit_coverage(unit)
    return {
        "unit": unit,
        "path": list(unit.get_ancestors(include_self=True)),
        "coverage": coverage,
        "can_decide": request.user.has_perm(DECIDE),
        "can_add_position": request.user.has_perm(ADD_POSITION),
    }


@require_safe
@login_required
def unit_coverage(request, pk: int):
    """Which functions of the unit nobody carries out, which duties map to none, which are done twice."""
    unit = get_object_or_404(Unit, pk=pk)
    return render(request, "analysis/coverage.html", coverage_context(request, unit))


@require_safe
@login_required
def coverage_export(request, pk: int, file_format: str):
    unit = get_object_or_404(Unit, pk=pk)
    if file_format not in exports.FORMATS:
        raise Http404
    content, content_type = exports.coverage_matrix(selectors.unit_coverage(unit), file_format)
    response = HttpResponse(content, content_type=content_type)
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", f"职能覆盖-{unit.name}").strip("_")
    response["Content-Disposition"] = exports.content_disposition(
        f"{name}.{file_format}", f"coverage-{pk}.{file_format}"
    )
    return response


@require_POST
@login_required
@permission_required(DECIDE, raise_exception=True)
def decide(request, pk: int):
    """HR confirms or rejects a suggested match, or withdraws the verdict."""
    unit = get_object_or_404(Unit, pk=pk)
    function = get_object_or_404(Duty, pk=_int(request.POST.get("function")), unit=unit)
    duty = get_object_or_404(Duty, pk=_int(request.POST.get("duty")), position__isnull=False)
    verdict = request.POST.get("verdict", "")
    try:
        if verdict == "withdraw":
            services.withdraw(function=function, duty=duty)
            messages.success(request, _("已撤销结论,恢复为计算结果。"))
        else:
            services.decide(function=function, duty=duty, verdict=verdict, user=request.user)
            messages.success(request, _("已保存结论。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    target = request.POST.get("next") or reverse("analysis:coverage", args=[unit.pk])
    if not target.startswith("/") or target.startswith("//"):
        target = reverse("analysis:coverage", args=[unit.pk])
    return redirect(f"{target}#function-{function.pk}")


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


def _target_unit(request) -> Unit | None:
    raw = request.GET.get("into", "")
    return Unit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


@require_safe
@login_required
def library(request):
    """Search every organisation's JDs by title or duty text; pick some to compare."""
    query = request.GET.get("q", "").strip()
    context = {
        "query": query,
        "entries": selectors.library_search(query) if query else [],
        "into": _target_unit(request),
        "max_compared": MAX_COMPARED,
        "can_add_position": request.user.has_perm(ADD_POSITION),
    }
    return render(request, "analysis/library.html", context)


@require_safe
@login_required
def compare(request):
    """Two to four JDs side by side, their duties aligned by similarity."""
    ids = [int(v) for v in request.GET.getlist("ids") if v.isdigit()][:MAX_COMPARED]
    comparison = selectors.compare(ids)
    if not comparison.positions:
        raise Http404
    context = {
        "comparison": comparison,
        "into": _target_unit(request),
        "query": request.GET.get("q", ""),
        "can_add_position": request.user.has_perm(ADD_POSITION),
        "units": [],
    }
    return render(request, "analysis/compare.html", context)


@require_POST
@login_required
@permission_required(ADD_POSITION, raise_exception=True)
def use_template(request):
    """Start a new JD in one's own unit from a library JD: fields and duties, "copied from" kept."""
    source = get_object_or_404(Position.objects.select_related("unit"), pk=_int(request.POST.get("source")))
    unit = get_object_or_404(Unit, pk=_int(request.POST.get("unit")))
    try:
        position = services.copy_as_template(
            source=source, unit=unit, title=request.POST.get("title", ""), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('analysis:library')}?into={unit.pk}")
    messages.success(request, _("已以“%(title)s”为模板新建岗位。") % {"title": source.title})
    return redirect("roles:position-detail", pk=position.pk)
