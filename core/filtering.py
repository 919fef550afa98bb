"""List filters that refuse what they cannot apply: a bad value or an unknown query parameter is a 400
naming the parameter, never silently ignored (which would answer with the wrong rows)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

MAX_ID = 2**63 - 1  # bigint: a larger id would reach PostgreSQL and fail there


class IdFilter(django_filters.NumberFilter):
    """A record id: a positive integer, not a decimal."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictFilterSet(django_filters.FilterSet):
    """Query parameters other than the filters and ``other_params`` are errors."""

    # Read by the rest of a list view (paging, incremental sync, format), not by the filters.
    other_params = ("page", "page_size", "updated_since", "format")

    def is_valid(self):
        valid = super().is_valid()
        known = set(self.filters) | set(self.other_params)
        unknown = sorted(name for name in self.data if name not in known)
        for name in unknown:
            error = ValidationError(_("未知的查询参数。"), code="unknown_parameter")
            self.form.errors[name] = self.form.error_class([error])
        return valid and not unknown


class ListFilterBackend(DjangoFilterBackend):
    """Filters apply to lists; a single record is found by its id alone, whatever the query says."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        return super().filter_queryset(request, queryset, view)
