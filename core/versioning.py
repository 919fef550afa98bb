"""Optimistic locking: a ``version`` that every save raises, and the check that refuses a stale edit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleEditError(ValidationError):
    """Somebody else saved the record since the editor loaded it."""


def check_version(instance, expected_version) -> None:
    """Refuse the edit when the caller read another version than the one stored (None: no check)."""
    if expected_version is not None and int(expected_version) != instance.version:
        raise StaleEditError(
            _("“%(name)s”已被他人修改(当前版本 %(current)s,您编辑的是版本 %(expected)s),请刷新后重试。")
            % {"name": instance, "current": instance.version, "expected": expected_version},
            code="stale",
        )


class VersionedOnSave:
    """Raise ``version`` on every update: admin forms and inlines, imports, reverts and the API.

    If-Match compares versions only, so an edit that forgot to bump it would let an API client
    overwrite it unseen. The new value is read from the row, not from this (possibly stale) copy.
    """

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("version", flat=True).first()
            if stored is not None:
                self.version = stored + 1
        super().save(*args, **kwargs)
