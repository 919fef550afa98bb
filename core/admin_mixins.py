"""Admin building blocks shared by every app's admin: labelled inlines, refusals as messages,
guarded import/export."""

from urllib.parse import quote

from django import http
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from mptt.admin import TreeRelatedFieldListFilter

from core.spreadsheets import ADMIN_FORMATS, DecodingTempFolderStorage


def attachment_header(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII fallback name and the real name per RFC 6266/5987."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def boolean_mark(value: bool | None):
    """Django's yes/no icon, with its text in the user's language (Django's own says True/False)."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: _("是"), False: _("否"), None: _("未知")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def refusal_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline shows its labels only as column headers, so screen readers announce its inputs
    without a name: give every input (the delete box too) its column's label, and an empty
    autocomplete box (select2 names it after the selected text) the label as its placeholder."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    widget = field.widget
                    while hasattr(widget, "widget"):  # RelatedFieldWidgetWrapper around the real one
                        widget = widget.widget
                    if widget.is_hidden or field.label is None:  # the row's id: nothing to announce
                        continue
                    widget.attrs.setdefault("aria-label", str(field.label))
                    if hasattr(widget, "url_name"):  # AutocompleteSelect
                        widget.attrs.setdefault("data-placeholder", str(field.label))

        return LabelledFormSet


class ServiceRefusalMixin:
    """Turn a rule refused inside a service (e.g. a race after the form was valid) into a message,
    and let only editors post a revert.

    The admin's change view runs in one transaction, so nothing of the refused
    save is kept; the editor lands back on the form with the reason shown.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, refusal_text(error), level=messages.ERROR)
            return http.HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a posted revert for anyone allowed to *view* history.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ValidationError as error:
            self.message_user(request, refusal_text(error), level=messages.ERROR)
            return http.HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, refusal_text(error), level=messages.ERROR)
            return http.HttpResponseRedirect(request.get_full_path())


class GuardedImportExportMixin(ImportExportMixin):
    """Importing writes rows, so it needs add and change rights; exporting needs view rights.

    (django-import-export lets any admin user import unless told otherwise.)
    """

    formats = ADMIN_FORMATS
    # Uploads are decoded whatever Excel saved them as (GB18030, UTF-16, UTF-8 with or without BOM).
    tmp_storage_class = DecodingTempFolderStorage
    # Errors are shown without the library's traceback.
    import_template_name = "admin/import_export/import_plain_errors.html"

    def add_data_read_fail_error_to_form(self, form, e):
        # The library names the Python exception ("'UnicodeDecodeError' encountered...").
        form.add_error("import_file", _("无法读取这个文件:请确认所选的格式(CSV、XLSX 或 JSON)与文件相符。"))

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        """Named in the user's language (岗位-2026-05-01.csv), not after the model class."""
        name = str(self.model._meta.verbose_name_plural).replace("/", "-")
        return f"{name}-{localdate().isoformat()}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # The library quotes the name as it is, which is no valid header for a Chinese name.
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        fallback = f"{self.model.__name__}-{localdate().isoformat()}.{file_format.get_extension()}"
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = attachment_header(filename, fallback)
        return response

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing: a row refused at confirm time (the data changed since
        # the preview) must undo the rows before it, not be skipped silently.
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        problems = [
            f"{_('第 %(row)s 行') % {'row': row.number}}: {'; '.join(row.error.messages)}"
            for row in result.invalid_rows
        ]
        problems += [
            f"{_('第 %(row)s 行') % {'row': number}}: {'; '.join(str(error.error) for error in errors)}"
            for number, errors in result.row_errors()
        ]
        problems += [str(error.error) for error in result.base_errors]
        self.message_user(
            request,
            _("没有导入任何数据:确认时数据已经变化,文件有错误(%(problems)s)。请重新上传并预览。")
            % {"problems": " | ".join(problems)},
            level=messages.ERROR,
        )
        opts = self.model._meta
        return http.HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))


class ShallowTreeFilter(TreeRelatedFieldListFilter):
    """mptt's tree filter (a unit and its descendants) listing only what one can click through.

    The stock filter renders a link for every node (thousands of units at scale, most of a
    changelist's time); this one lists the roots, the path down to the chosen node and that node's
    children, so HR drills down from an organisation one level at a time.
    """

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        meta = model._mptt_meta
        shown = Q(**{f"{meta.parent_attr}__isnull": True})
        chosen_pk = request.GET.get(self.changed_lookup_kwarg, "")
        chosen = model._default_manager.filter(pk=chosen_pk).first() if chosen_pk.isdigit() else None
        if chosen is not None:
            shown |= Q(**{meta.parent_attr: chosen}) | Q(
                **{
                    meta.tree_id_attr: getattr(chosen, meta.tree_id_attr),
                    f"{meta.left_attr}__lte": getattr(chosen, meta.left_attr),
                    f"{meta.right_attr}__gte": getattr(chosen, meta.right_attr),
                }
            )
        side = "right" if get_language_bidi() else "left"
        indent = getattr(model_admin, "mptt_level_indent", self.mptt_level_indent)
        nodes = model._default_manager.filter(shown).order_by(meta.tree_id_attr, meta.left_attr)
        return [
            (
                getattr(node, self.rel_name),
                str(node),
                mark_safe(f' style="padding-{side}:{indent * getattr(node, meta.level_attr)}px"'),  # noqa: S308
            )
            for node in nodes
        ]


class EstimatedCountPaginator(Paginator):
    """An unfiltered changelist of a large table counts from the planner's estimate.

    count(*) over half a million rows takes tens of milliseconds on every page view; the estimate
    (kept by VACUUM and ANALYZE) is shown instead above ESTIMATE_FROM rows, an exact count below
    it and whenever a filter or a search narrows the list.
    """

    ESTIMATE_FROM = 100_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] >= self.ESTIMATE_FROM:
                return row[0]
        return super().count
