"""Optimistic-locking versions that every save raises, whichever path saved the row."""


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
