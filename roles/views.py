"""Read-only job-description pages and their Word downloads; HR editors also get edit links."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_safe

from jobdescriptions import selectors as versions
from orgchart.models import Unit
from roles import docx, selectors
from roles.models import Position

VIEW_PERSONAL_DATA = "roles.view_personal_data"
CHANGE_POSITION = "roles.change_position"


def _description_or_404(request, pk: int) -> selectors.JobDescription:
    try:
        return selectors.position_detail(pk, with_incumbents=request.user.has_perm(VIEW_PERSONAL_DATA))
    except Position.DoesNotExist:
        raise Http404 from None


def _safe_filename(text: str) -> str:
    """Drop characters that are not allowed in file names on common systems."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "position"


def _docx_response(content: bytes, filename: str, fallback: str) -> HttpResponse:
    response = HttpResponse(content, content_type=docx.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = docx.content_disposition(filename, fallback)
    return response


class BadVersionQuery(ValueError):
    """``?as_of=`` or ``?version=`` that is not a date or a number."""


def _version_query(request) -> tuple:
    as_of, number = request.GET.get("as_of"), request.GET.get("version")
    try:
        day = parse_date(as_of) if as_of else None
    except ValueError:
        day = None
    if (as_of and day is None) or (number and not number.isdigit()):
        raise BadVersionQuery
    return day, int(number) if number else None


def _shown_description(request, pk: int):
    """The published version readers see (``?as_of=`` date, ``?version=`` number), or for HR with
    ``?draft=1`` the working copy; a position never published shows its working copy.

    Returns (description shown, live description, PageVersions, whether the working copy is shown).
    """
    live = _description_or_404(request, pk)
    as_of, number = _version_query(request)
    can_edit = request.user.has_perm(CHANGE_POSITION)
    page = versions.for_page(live, with_drafts=can_edit, as_of=as_of, number=number)
    if (as_of or number) and page.shown is None:
        raise Http404
    if page.shown is None or (can_edit and request.GET.get("draft") == "1" and not (as_of or number)):
        return live, live, page, True
    return versions.description_of(page.shown, live.position), live, page, False


@require_safe
@login_required
def position_detail(request, pk: int):
    """The job description (岗位说明书); ``?print=1`` shows the print layout on screen."""
    try:
        description, live, page, working_copy = _shown_description(request, pk)
    except BadVersionQuery:
        return HttpResponseBadRequest()
    can_edit = request.user.has_perm(CHANGE_POSITION)
    incumbents = live.position.incumbents.count()
    context = {
        "jd": description,
        "position": description.position,
        "print_view": request.GET.get("print") in {"1", "true", "on"},
        "can_edit": can_edit,
        "show_incumbents": request.user.has_perm(VIEW_PERSONAL_DATA),
        "history": selectors.position_history(live.position) if can_edit else None,
        "workflows": selectors.workflows_naming(live.position),
        "incumbent_count": incumbents,
        "vacancies": max((description.position.headcount or 0) - incumbents, 0),
        "versions": page,
        "working_copy": working_copy,
    }
    return render(request, "roles/position_detail.html", context)


def _revisions(page) -> list:
    """Published versions up to the one shown, oldest first (all of them for the working copy)."""
    shown = page.shown.number if page.shown else None
    return [v for v in reversed(page.published) if shown is None or v.number <= shown]


@require_safe
@login_required
def position_docx(request, pk: int):
    """The version the page shows (published by default), with its revision table (修订记录)."""
    try:
        description, _live, page, _working_copy = _shown_description(request, pk)
    except BadVersionQuery:
        return HttpResponseBadRequest()
    position = description.position
    name = _safe_filename(f"岗位说明书-{position.title}")
    return _docx_response(
        docx.job_description_docx(description, revisions=_revisions(page)),
        f"{name}.docx",
        f"job-description-{pk}.docx",
    )


@require_safe
@login_required
def unit_positions_docx(request, pk: int):
    """Every position of a unit and of the units below it, in one document, each as published."""
    unit = get_object_or_404(Unit, pk=pk)
    descriptions = versions.published_descriptions(selectors.positions_for_unit_subtree(unit))
    name = _safe_filename(f"岗位说明书-{unit.name}")
    return _docx_response(
        docx.job_descriptions_docx(descriptions), f"{name}.docx", f"job-descriptions-unit-{pk}.docx"
    )
