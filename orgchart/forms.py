"""Admin forms for units: optimistic locking and tree rules checked before saving."""

from django import forms
from django.core.exceptions import ValidationError

from core.form_mixins import VersionedFormMixin, version_field
from orgchart.models import Unit
from orgchart.services import check_parent


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
        if current is not None:
            # Judge against the tree as stored now (a reverted snapshot has no lft/rght of its own).
            try:
                check_parent(current, parent)
            except ValidationError as error:
                self.add_error("parent", error)
        return cleaned
