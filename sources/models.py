"""The documents the store was seeded from, and the provenance every imported item keeps.

The lowest domain app: units, positions and duties all point here, so it imports none of them.
SourceDocument was first a model of ``duties``; its tables keep their names (no data was copied).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.text import VisibleTextFields


class SourceDocument(models.Model):
    """A job-responsibility document the store was seeded from, kept verbatim."""

    name = models.CharField(_("名称"), max_length=255, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    text = models.TextField(_("原文"))
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)
    history = HistoricalRecords(table_name="duties_historicalsourcedocument")

    class Meta:
        db_table = "duties_sourcedocument"
        verbose_name = _("来源文档")
        verbose_name_plural = pgettext_lazy("plural", "来源文档")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Provenance(VisibleTextFields, models.Model):
    """Where an imported item came from: which document, which line (1-based).

    The base of every edited model, so its text is validated without invisible characters.
    """

    source_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("来源文档"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_line = models.PositiveIntegerField(_("来源行号"), null=True, blank=True)

    class Meta:
        abstract = True
