"""HR's corrections of how a source document's lines were read, kept so that a re-import repeats them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from importer.hints import HINT_ROLES
from sources.models import SourceDocument


class LineCorrection(models.Model):
    """One line's role as HR set it; found again in a changed document by the hash of its text."""

    document = models.ForeignKey(
        SourceDocument, verbose_name=_("来源文档"), on_delete=models.CASCADE, related_name="+"
    )
    line = models.PositiveIntegerField(_("行号"))
    role = models.CharField(_("角色"), max_length=20, choices=[(role, role) for role in HINT_ROLES])
    text_hash = models.CharField(_("该行文本的 SHA-256"), max_length=64)
    text = models.CharField(_("该行文本"), max_length=200, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("保存时间"), auto_now=True)

    class Meta:
        verbose_name = _("导入更正")
        verbose_name_plural = _("导入更正")
        ordering = ["document", "line"]
        constraints = [
            models.UniqueConstraint(fields=["document", "line"], name="importer_one_correction_per_line")
        ]

    def __str__(self):
        return f"{self.document_id}:{self.line} {self.role}"
