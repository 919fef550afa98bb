"""Admin forms for units: optimistic locking and tree rules checked before saving."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgchart.models import Unit
from orgchart.services import StaleEditError, check_version


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


class UnitAdminForm(VersionedFormMixin, forms.ModelForm):
    expected_version = version_field()

    class Meta:
        model = Unit
        fields = ["name", "kind", "code", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_version()

    def clean(self):
        cleaned = super().clean()
        current = self.current_row()
        self.check_stale(current)
        parent = cleaned.get("parent")
        if current is not None and parent is not None:
            # Judge against the tree as stored now (a reverted snapshot has no lft/rght of its own).
            if parent.pk == current.pk:
                self.add_error(
                    "parent",
                    ValidationError(_("不能把“%(unit)s”移动到它自己下面。") % {"unit": current.name}),
                )
            elif (
                parent.tree_id == current.tree_id and current.lft < parent.lft and parent.rght < current.rght
            ):
                self.add_error(
                    "parent",
                    ValidationError(
                        _("不能把“%(unit)s”移动到它自己的下级单元“%(target)s”下面。")
                        % {"unit": current.name, "target": parent.name}
                    ),
                )
        return cleaned
