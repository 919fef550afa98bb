"""Admin for job-description versions: submit the working copy, review it, compare any two versions.

Versions are never edited in a form: HR submits from the position, a reviewer approves or returns
on the version's page. Both go through jobdescriptions.services, which refuses an author's own.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import refusal_text
from jobdescriptions import selectors, services
from jobdescriptions.diff import diff
from jobdescriptions.models import JobDescriptionVersion
from jobdescriptions.snapshots import snapshot
from roles.models import Position

APPROVE = "jobdescriptions.approve_jobdescriptionversion"
SUBMIT = "jobdescriptions.add_jobdescriptionversion"
CHANGE_POSITION = "roles.change_position"


class SubmitForm(forms.Form):
    change_note = forms.CharField(
        label=_("修改说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ApproveForm(forms.Form):
    effective_date = forms.DateField(label=_("生效日期"), initial=timezone.localdate)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    return_comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


@admin.register(JobDescriptionVersion)
class JobDescriptionVersionAdmin(admin.ModelAdmin):
    list_display = ("position", "label", "state", "author", "submitted_at", "reviewer", "effective_date")
    list_select_related = ("position", "author", "reviewer")
    list_filter = ("state",)
    search_fields = ("position__title", "change_note")
    show_full_result_count = False

    @admin.display(description=_("版本"), ordering="number")
    def label(self, version):
        return version.label

    def has_add_permission(self, request):
        return False  # versions are submitted from a position, never typed in

    def has_change_permission(self, request, obj=None):
        return False  # published versions never change; decisions have their own forms

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path(
                "submit/<int:position_id>/",
                self.admin_site.admin_view(self.submit_view),
                name=f"{name}_submit",
            ),
            path("<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name=f"{name}_decide"),
            path("compare/", self.admin_site.admin_view(self.compare_view), name=f"{name}_compare"),
        ]
        return own + super().get_urls()

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The version, its diff against the version it replaces, and the decision forms if pending."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        version = get_object_or_404(
            JobDescriptionVersion.objects.select_related("position", "author", "reviewer"), pk=object_id
        )
        previous = selectors.previous_published(version)
        can_decide = (
            version.state == JobDescriptionVersion.State.SUBMITTED
            and request.user.has_perm(APPROVE)
            and version.author_id != request.user.pk
        )
        initial = {"expected_version": version.version}
        context = self._context(
            request,
            str(version),
            version=version,
            previous=previous,
            diff=selectors.version_diff(previous, version),
            can_decide=can_decide,
            own_version=version.author_id == request.user.pk,
            approve_form=ApproveForm(initial=initial),
            return_form=ReturnForm(initial=initial),
            versions=selectors.versions(version.position_id, with_drafts=True),
        )
        return TemplateResponse(request, "admin/jobdescriptions/version.html", context)

    def decide_view(self, request, pk):
        if request.method != "POST" or not request.user.has_perm(APPROVE):
            raise PermissionDenied
        version = get_object_or_404(JobDescriptionVersion, pk=pk)
        target = reverse("admin:jobdescriptions_jobdescriptionversion_change", args=[pk])
        approving = "_approve" in request.POST
        form = (ApproveForm if approving else ReturnForm)(request.POST)
        if not form.is_valid():
            self.message_user(request, " ".join(m for e in form.errors.values() for m in e), messages.ERROR)
            return HttpResponseRedirect(target)
        try:
            if approving:
                decided = services.approve(
                    version,
                    request.user,
                    effective_date=form.cleaned_data["effective_date"],
                    expected_version=form.cleaned_data["expected_version"],
                )
                self.message_user(request, gettext("已发布 %(label)s。") % {"label": decided.label})
            else:
                services.return_(
                    version,
                    request.user,
                    form.cleaned_data["return_comment"],
                    expected_version=form.cleaned_data["expected_version"],
                )
                self.message_user(request, gettext("已退回修改。"))
        except ValidationError as error:
            self.message_user(request, refusal_text(error), messages.ERROR)
        return HttpResponseRedirect(target)

    def submit_view(self, request, position_id):
        """Show what changed since the latest published version; on POST, submit it for review."""
        if not (request.user.has_perm(SUBMIT) and request.user.has_perm(CHANGE_POSITION)):
            raise PermissionDenied
        position = get_object_or_404(Position, pk=position_id)
        latest = services.latest_published(position)
        form = SubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                version = services.submit(position, request.user, form.cleaned_data["change_note"])
            except ValidationError as error:
                self.message_user(request, refusal_text(error), messages.ERROR)
            else:
                self.message_user(request, gettext("已提交审批。"))
                return HttpResponseRedirect(
                    reverse("admin:jobdescriptions_jobdescriptionversion_change", args=[version.pk])
                )
        context = self._context(
            request,
            gettext("提交审批:%(title)s") % {"title": position.title},
            position=position,
            latest=latest,
            pending=services.pending(position),
            diff=diff(latest.snapshot if latest else None, snapshot(position)),
            form=form,
        )
        return TemplateResponse(request, "admin/jobdescriptions/submit.html", context)

    def compare_view(self, request):
        """Any two versions of one position: ``?from=<id>&to=<id>``."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = [request.GET.get("from", ""), request.GET.get("to", "")]
        if not all(pk.isdigit() for pk in ids):
            raise Http404
        found = JobDescriptionVersion.objects.in_bulk([int(pk) for pk in ids])
        old, new = found.get(int(ids[0])), found.get(int(ids[1]))
        if old is None or new is None or old.position_id != new.position_id:
            raise Http404
        context = self._context(
            request,
            gettext("比较 %(old)s 与 %(new)s") % {"old": old, "new": new},
            old=old,
            new=new,
            diff=selectors.version_diff(old, new),
            version=new,
        )
        return TemplateResponse(request, "admin/jobdescriptions/compare.html", context)
