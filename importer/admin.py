"""Admin for source documents: upload a .txt/.md/.docx, preview the import, confirm.

Nothing is written before confirmation: the preview carries the document text in
a signed hidden field, and the confirm step re-parses and imports it atomically.
"""

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from duties.models import Duty
from importer.apply import import_text, preview
from importer.files import read_document
from sources.models import SourceDocument

SIGNING_SALT = "duties.upload"


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
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="sources_sourcedocument_upload",
        )
        return [upload, *super().get_urls()]

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
            try:
                payload = signing.loads(request.POST["token"], salt=SIGNING_SALT, max_age=3600)
            except signing.BadSignature:
                messages.error(request, _("预览已过期或被篡改,请重新上传。"))
                return redirect(reverse("admin:sources_sourcedocument_upload"))
            report = import_text(payload["name"], payload["text"])
            messages.success(request, _("已导入 %(name)s。") % {"name": payload["name"]})
            context.update(report=report, imported=True, form=UploadForm())
            return TemplateResponse(request, "admin/sources/sourcedocument/upload.html", context)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                text = read_document(upload.name, upload.read())
            except ValueError as exc:
                form.add_error("document", str(exc))
            else:
                parsed, report = preview(upload.name, text)
                token = signing.dumps({"name": upload.name, "text": text}, salt=SIGNING_SALT, compress=True)
                context.update(parsed=parsed, report=report, token=token, rows=_rows(parsed))
        context["form"] = form
        return TemplateResponse(request, "admin/sources/sourcedocument/upload.html", context)


KIND_LABELS = dict(Duty.Kind.choices)


def _rows(parsed):
    """Flatten the parsed tree for the preview table: (depth, kind, label, details)."""
    rows = []

    def walk(unit, depth):
        rows.append(
            {"depth": depth, "kind": "unit", "label": unit.name, "items": [i.text for i in unit.functions]}
        )
        for position in unit.positions:
            items = [
                f"{KIND_LABELS[kind]}: {i.text}" for kind, items in position.items.items() for i in items
            ]
            extra = [f"直接上级: {'、'.join(position.superiors)}"] if position.superiors else []
            rows.append(
                {"depth": depth + 1, "kind": "position", "label": position.title, "items": extra + items}
            )
        for workflow in unit.workflows:
            rows.append(
                {
                    "depth": depth + 1,
                    "kind": "workflow",
                    "label": workflow.name,
                    "items": [s.text for s in workflow.steps],
                }
            )
        for child in unit.children:
            walk(child, depth + 1)

    for organisation in parsed.organisations:
        walk(organisation, 0)
    return rows
