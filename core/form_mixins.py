"""Form helpers shared by the admin forms: optimistic locking carried through the form."""

from django import forms
from django.utils.translation import gettext_lazy

from core.versioning import StaleEditError, check_version


class VersionedFormMixin:
    """Carry the record's version through the form and refuse a stale save.

    The hidden ``expected_version`` starts at the version stored *now*, not the
    one on the form's instance: on a history "revert" page the instance is an
    old snapshot, yet the editor is about to overwrite the current row.
    """

    def init_version(self):
        if self.instance.pk and not self.is_bound:
            current = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.initial["expected_version"] = current
            self.fields["expected_version"].initial = current

    def current_row(self):
        if not self.instance.pk:
            return None
        return type(self.instance).objects.filter(pk=self.instance.pk).first()

    def check_stale(self, current):
        expected = self.cleaned_data.get("expected_version")
        if current is None or expected is None:
            return
        try:
            check_version(current, expected)
        except StaleEditError as error:
            self.add_error(None, error)


def version_field():
    return forms.IntegerField(widget=forms.HiddenInput, required=False, label=gettext_lazy("版本"))
