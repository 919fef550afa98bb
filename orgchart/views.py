"""Read-only org tree pages for managers; HR editors also get links to the admin."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_date
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from jobdescriptions import selectors as versions
from orgchart import selectors
from orgchart.models import Unit


def _open_unit(request) -> Unit | None:
    raw = request.GET.get("open", "")
    if not raw.isdigit():
        return None
    return Unit.objects.filter(pk=int(raw)).first()


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with every occurrence of any term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def _mark_tree(nodes, terms: list[str], hit_positions: set[int]) -> None:
    """Highlight the search terms in the names shown in the tree, and flag the positions found."""
    for node in nodes:
        node.unit.marked = highlight(node.unit.name, terms)
        for position in node.positions:
            position.marked = highlight(position.title, terms)
            position.hit = position.pk in hit_positions
        _mark_tree(node.children, terms, hit_positions)


def _tree_as_of(request):
    try:
        day = parse_date(request.GET["as_of"])
    except ValueError:
        day = None
    if day is None:
        return HttpResponseBadRequest()
    context = {"as_of": day, "roots": versions.org_tree_as_of(day)}
    return render(request, "jobdescriptions/org_as_of.html", context)


@require_GET
@login_required
def tree(request):
    """The organisation tree; ``?open=<id>`` expands the path to a unit, ``?q=`` searches,
    ``?as_of=YYYY-MM-DD`` shows the tree and the published job descriptions of that date."""
    if "as_of" in request.GET:
        return _tree_as_of(request)
    query = request.GET.get("q", "").strip()
    open_unit = _open_unit(request)
    hits, truncated = selectors.search(query) if query else ([], False)
    terms = selectors.search_terms(query)
    for hit in hits:
        hit.marked = highlight(hit.text, terms)
    roots = selectors.tree_for_hits(hits) if hits else selectors.tree_for(open_unit)
    if hits:
        _mark_tree(roots, terms, {hit.position.pk for hit in hits if hit.position})
    context = {
        "groups": selectors.group_by_document(roots),
        "roots": roots,
        "open_unit": open_unit,
        "query": query,
        "hits": hits,
        "truncated": truncated,
        "search_limit": selectors.SEARCH_LIMIT,
    }
    return render(request, "orgchart/tree.html", context)


@require_GET
@login_required
def children(request, pk: int):
    """HTML fragment with a unit's children and positions, loaded when a node is expanded."""
    unit = get_object_or_404(Unit, pk=pk)
    child_nodes, positions = selectors.children_of(unit)
    context = {"unit": unit, "children": child_nodes, "positions": positions, "level": unit.level + 2}
    return render(request, "orgchart/_children.html", context)


@require_GET
@login_required
def unit_detail(request, pk: int):
    try:
        unit = selectors.unit_with_counts(pk)
    except Unit.DoesNotExist:
        raise Http404 from None
    child_nodes, positions = selectors.children_of(unit)
    context = {
        "unit": unit,
        "path": selectors.path_to(unit),
        "functions": selectors.unit_functions(unit),
        "children": child_nodes,
        "positions": positions,
        "workflows": selectors.unit_workflows(unit),
    }
    return render(request, "orgchart/unit_detail.html", context)


def _include_descendants(request) -> bool:
    return request.GET.get("descendants") in {"1", "true", "on"}


@require_GET
@login_required
def unit_chart(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    descendants = _include_descendants(request)
    chart = selectors.chart_data(unit, include_descendants=descendants)
    nodes = {node["id"]: node for node in chart["nodes"]}
    lines = [
        {"subordinate": nodes[e["target"]], "superior": nodes[e["source"]], "kind": e["kind"]}
        for e in chart["edges"]
    ]
    context = {
        "unit": unit,
        "path": selectors.path_to(unit),
        "descendants": descendants,
        "chart": chart,
        "lines": lines,
    }
    return render(request, "orgchart/chart.html", context)


@require_GET
@login_required
def unit_chart_json(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    data = selectors.chart_data(unit, include_descendants=_include_descendants(request))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
