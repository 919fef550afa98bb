"""Admin for source documents: upload a .txt/.md/.docx, review how each line was read, confirm.

Nothing is written before confirmation: the preview carries the document text in a signed
token, HR's corrections are re-parsed as hints by a JSON endpoint, and the confirm step
re-parses and imports text and corrections in one transaction, unless the document was
imported again since the preview was made.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from importer.apply import StalePreview, import_text, preview
from importer.corrections import document_version, reapply
from importer.files import read_document
from importer.hints import clean_hints
from importer.review import (
    HINT_KEYS,
    HINT_LABELS,
    ROLE_LABELS,
    document_lines,
    review_lines,
    summary,
    tree_rows,
)
from sources.models import SourceDocument

SIGNING_SALT = "duties.upload"
TOKEN_AGE = 3600
UPLOAD_TEMPLATE = "admin/sources/sourcedocument/upload.html"


class UploadForm(forms.Form):
    document = forms.FileField(label=_("文档(.txt、.md 或 .docx)"))


@admin.register(SourceDocument)
class SourceDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "sha256", "imported_at")
    search_fields = ("name",)
    readonly_fields = ("name", "sha256", "text", "imported_at")
    change_list_template = "admin/sources/sourcedocument/change_list.html"

    def has_add_permission(self, request):
        return False  # documents arrive through the upload view only

    def get_urls(self):
        urls = [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="sources_sourcedocument_upload",
            ),
            path(
                "upload/review/",
                self.admin_site.admin_view(self.review_view),
                name="sources_sourcedocument_review",
            ),
        ]
        return [*urls, *super().get_urls()]

    def _may_upload(self, request) -> bool:
        return request.user.has_perm("duties.add_duty") and request.user.has_perm(
            "sources.change_sourcedocument"
        )

    def upload_view(self, request):
        if not self._may_upload(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("上传来源文档"),
        }
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, context)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                text = read_document(upload.name, upload.read())
            except ValueError as exc:
                form.add_error("document", str(exc))
            else:
                context.update(_review_context(upload.name, text))
        context["form"] = form
        return TemplateResponse(request, UPLOAD_TEMPLATE, context)

    def _confirm(self, request, context):
        """Import the previewed text with the corrections sent along, or cancel and write nothing."""
        upload = reverse("admin:sources_sourcedocument_upload")
        payload = _payload(request)
        if payload is None:
            messages.error(request, _("预览已过期或被篡改,请重新上传。"))
            return redirect(upload)
        if "cancel" in request.POST:
            messages.info(request, _("已取消导入,没有写入任何内容。"))
            return redirect(upload)
        name, text = payload["name"], payload["text"]
        try:
            report = import_text(
                name, text, _hints(request, text), base=payload.get("base", ""), user=request.user
            )
        except StalePreview:
            stale = _("“%(name)s”在您预览之后已被另一次导入更新,本次没有写入。请重新上传并核对。")
            messages.error(request, stale % {"name": name})
            return redirect(upload)
        messages.success(request, _("已导入 %(name)s。") % {"name": name})
        context.update(report=report, imported=True, form=UploadForm())
        return TemplateResponse(request, UPLOAD_TEMPLATE, context)

    def review_view(self, request):
        """The preview again with HR's corrections as hints: each line's role, the tree and counts (JSON)."""
        if not self._may_upload(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        payload = _payload(request)
        if payload is None:
            return JsonResponse({"error": _g("预览已过期或被篡改,请重新上传。")}, status=400)
        text = payload["text"]
        hints = _hints(request, text)
        parsed, report = preview(payload["name"], text, hints)
        lines = review_lines(text, parsed, report, hints)
        return JsonResponse(
            {
                "lines": [{k: line[k] for k in ("n", "role", "label", "hint", "warnings")} for line in lines],
                "tree": tree_rows(parsed, report),
                "summary": summary(report),
            }
        )


def _payload(request) -> dict | None:
    try:
        return signing.loads(request.POST.get("token", ""), salt=SIGNING_SALT, max_age=TOKEN_AGE)
    except signing.BadSignature:
        return None


def _hints(request, text: str) -> dict[int, str]:
    """The corrections the page sends (JSON {line: role}); unknown roles and lines are dropped."""
    try:
        raw = json.loads(request.POST.get("hints") or "{}")
    except ValueError:
        raw = {}
    return clean_hints(raw, {number for number, _line in document_lines(text)})


def _review_context(name: str, text: str) -> dict:
    """The review page: the stored corrections applied again, the lines, the tree and the legend."""
    stored = reapply(name, text)
    parsed, report = preview(name, text, stored.hints)
    report.lost_corrections = stored.lost
    token = signing.dumps(
        {"name": name, "text": text, "base": document_version(name)}, salt=SIGNING_SALT, compress=True
    )
    return {
        "parsed": parsed,
        "report": report,
        "token": token,
        "lines": review_lines(text, parsed, report, stored.hints),
        "tree": tree_rows(parsed, report),
        "hints_json": json.dumps({str(k): v for k, v in stored.hints.items()}),
        "legend": [{"role": role, "key": key, "label": HINT_LABELS[role]} for role, key in HINT_KEYS.items()],
        "review_labels": {
            "roles": {role: str(label) for role, label in ROLE_LABELS.items()},
            "hints": {role: str(label) for role, label in HINT_LABELS.items()},
            "keys": HINT_KEYS,
            "corrected": _g("已更正"),
            "line": _g("第 %(n)s 行"),
            "set": _g("第 %(n)s 行改为:%(role)s。"),
            "cleared": _g("第 %(n)s 行的更正已清除。"),
            "failed": _g("重新解析失败,请重试。"),
            "counts": _g("单元 %(units)s · 岗位 %(positions)s · 职责条目 %(duties)s"),
        },
    }
