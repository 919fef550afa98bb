from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.search import include_search_words, position_words
from core.text import PROSE_MAX_LENGTH, length_limit
from core.versioning import VersionedOnSave
from sources.models import Provenance


class Position(VersionedOnSave, Provenance):
    """A position (岗位) in a unit, with the parts of its job description."""

    unit = models.ForeignKey(
        "orgchart.Unit", verbose_name=_("所属单元"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("岗位名称"), max_length=200)
    code = models.CharField(_("岗位编码"), max_length=50, blank=True)
    summary = models.TextField(_("工作概述"), blank=True, **length_limit(PROSE_MAX_LENGTH))
    authority = models.TextField(_("管理权限"), blank=True, **length_limit(PROSE_MAX_LENGTH))
    headcount = models.PositiveIntegerField(_("编制"), null=True, blank=True)
    described = models.BooleanField(
        _("已描述"),
        default=True,
        help_text=_("未描述的岗位只是作为他人的上级被提及,尚无岗位说明书。"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    # jieba words of title and summary, space-separated, for the 'simple' tsvector index.
    search_words = models.TextField(blank=True, default="", editable=False)
    # Their tsvector, stored and indexed: ranking reads it instead of recomputing it for every match.
    search_vector = models.GeneratedField(
        expression=SearchVector("search_words", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["search_words", "search_vector"])

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = pgettext_lazy("plural", "岗位")
        ordering = ["unit_id", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="position_code_unique_when_set",
                violation_error_message=_("该岗位编码已被使用。"),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="position_search_vector_gin"),
            # The org tree's subtree roll-ups read every position of a subtree: from the index alone.
            models.Index(
                fields=["unit"], include=["id", "headcount", "described"], name="position_unit_staffing"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_words = position_words(self.title, self.summary)
        include_search_words(kwargs)
        super().save(*args, **kwargs)


class ReportingLine(VersionedOnSave, Provenance):
    """Subordinate reports to superior; a position may have several superiors."""

    class Kind(models.TextChoices):
        SOLID = "solid", _("直接汇报")
        DOTTED = "dotted", _("虚线汇报")

    subordinate = models.ForeignKey(
        Position, verbose_name=_("下级岗位"), on_delete=models.CASCADE, related_name="superior_lines"
    )
    superior = models.ForeignKey(
        Position, verbose_name=_("上级岗位"), on_delete=models.CASCADE, related_name="subordinate_lines"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.SOLID)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("汇报关系")
        verbose_name_plural = pgettext_lazy("plural", "汇报关系")
        ordering = ["subordinate_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subordinate", "superior"],
                name="reporting_line_unique_pair",
                violation_error_message=_("这条汇报关系已经存在。"),
            ),
            models.CheckConstraint(
                condition=~Q(subordinate=F("superior")),
                name="reporting_line_not_self",
                violation_error_message=_("岗位不能向自己汇报。"),
            ),
        ]

    def __str__(self):
        return f"{self.subordinate} → {self.superior}"


class Incumbent(Provenance):
    """A named holder of a position. Personal data: shown only with permission."""

    position = models.ForeignKey(
        Position, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="incumbents"
    )
    name = models.CharField(_("姓名"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任职人员")
        verbose_name_plural = pgettext_lazy("plural", "任职人员")
        ordering = ["position_id", "id"]
        permissions = [("view_personal_data", _("可查看任职人员等个人信息"))]

    def __str__(self):
        return self.name
