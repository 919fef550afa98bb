"""Read-only workflow (流程) pages for managers: each workflow drawn as a flow in swimlanes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from duties import selectors
from duties.models import Workflow


@require_safe
@login_required
def workflow_list(request):
    return render(request, "duties/workflow_list.html", {"workflows": selectors.all_workflows()})


@require_safe
@login_required
def workflow_detail(request, pk: int):
    try:
        chart = selectors.workflow_chart(pk)
    except Workflow.DoesNotExist:
        raise Http404 from None
    context = {
        "chart": chart,
        "workflow": chart.workflow,
        "can_edit": request.user.has_perm("duties.change_workflow"),
    }
    return render(request, "duties/workflow_detail.html", context)
