"""Admin forms for positions and reporting lines: stale edits and cycles become form errors."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.form_mixins import VersionedFormMixin, version_field
from roles.models import Position, ReportingLine
from roles.services import validate_reporting_line


class PositionAdminForm(VersionedFormMixin, forms.ModelForm):
    expected_version = version_field()

    class Meta:
        model = Position
        fields = ["unit", "title", "code", "summary", "authority", "headcount", "described"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_version()

    def clean(self):
        cleaned = super().clean()
        self.check_stale(self.current_row())
        return cleaned


class SuperiorLineFormSet(forms.BaseInlineFormSet):
    """The superiors of one position; refuses cycles and repeats before anything is saved."""

    def clean(self):
        subordinate = self.instance
        seen = set()
        repeated = False
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            superior = form.cleaned_data.get("superior")
            if superior is None:
                continue
            if superior.pk in seen:
                form.add_error("superior", _("这条汇报关系已经存在。"))
                repeated = True
                continue
            seen.add(superior.pk)
            if subordinate.pk is None:
                continue
            try:
                validate_reporting_line(subordinate.pk, superior.pk, exclude_line_id=form.instance.pk)
            except ValidationError as error:
                form.add_error("superior", error)
        if not repeated:
            # Django's own check of the unique pair; it would repeat the message above less clearly.
            super().clean()


class ReportingLineAdminForm(forms.ModelForm):
    class Meta:
        model = ReportingLine
        fields = ["subordinate", "superior", "kind"]

    def clean(self):
        cleaned = super().clean()
        subordinate, superior = cleaned.get("subordinate"), cleaned.get("superior")
        if subordinate and superior:
            try:
                validate_reporting_line(subordinate.pk, superior.pk, exclude_line_id=self.instance.pk)
            except ValidationError as error:
                self.add_error("superior", error)
        return cleaned
