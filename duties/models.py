from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.search import duty_words, include_search_words
from core.text import ITEM_MAX_LENGTH, length_limit
from core.versioning import VersionedOnSave
from sources.models import Provenance


class Duty(VersionedOnSave, Provenance):
    """One ordered item of a job description, or of a unit's functions (职能)."""

    class Kind(models.TextChoices):
        RESPONSIBILITY = "responsibility", _("岗位职责")
        REQUIREMENT = "requirement", _("任职资格")
        AUTHORITY = "authority", _("管理权限")
        KPI = "kpi", _("考核指标")

    position = models.ForeignKey(
        "roles.Position",
        verbose_name=_("岗位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="duties",
    )
    unit = models.ForeignKey(
        "orgchart.Unit",
        verbose_name=_("组织单元"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="functions",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.RESPONSIBILITY)
    # 1-based within its list (owner and kind), no gaps; duties.services keeps it so.
    order = models.PositiveIntegerField(
        _("顺序"),
        db_index=True,
        validators=[MinValueValidator(1)],
        help_text=_("从 1 开始;插入到某个位置时,后面的条目依次后移;留空或超出末尾则排在最后。"),
    )
    text = models.TextField(_("内容"), **length_limit(ITEM_MAX_LENGTH))
    original_text = models.TextField(_("原文"), blank=True, **length_limit(ITEM_MAX_LENGTH))
    version = models.PositiveIntegerField(_("版本"), default=1)
    # jieba words of text and original_text, space-separated, for the 'simple' tsvector index.
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
        verbose_name = _("职责条目")
        verbose_name_plural = pgettext_lazy("plural", "职责条目")
        ordering = ["kind", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(position__isnull=False) & Q(unit__isnull=True))
                | (Q(position__isnull=True) & Q(unit__isnull=False)),
                name="duty_belongs_to_position_xor_unit",
                violation_error_message=_("职责条目必须且只能属于一个岗位或一个组织单元。"),
            ),
        ]
        indexes = [
            models.Index(fields=["position", "kind", "order"]),
            GinIndex(fields=["search_vector"], name="duty_search_vector_gin"),
        ]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        self.search_words = duty_words(self.text, self.original_text)
        include_search_words(kwargs)
        super().save(*args, **kwargs)


class Workflow(VersionedOnSave, Provenance):
    """A named business process (流程) owned by a unit, with ordered steps."""

    name = models.CharField(_("流程名称"), max_length=255)
    code = models.CharField(_("流程代号"), max_length=100, blank=True)
    owner_unit = models.ForeignKey(
        "orgchart.Unit",
        verbose_name=_("主管部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workflows",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("流程")
        verbose_name_plural = pgettext_lazy("plural", "流程")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class WorkflowStep(Provenance):
    workflow = models.ForeignKey(
        Workflow, verbose_name=_("流程"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    text = models.TextField(_("内容"), **length_limit(ITEM_MAX_LENGTH))
    original_text = models.TextField(_("原文"), blank=True, **length_limit(ITEM_MAX_LENGTH))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("流程步骤")
        verbose_name_plural = pgettext_lazy("plural", "流程步骤")
        ordering = ["workflow", "order", "id"]

    def __str__(self):
        return self.text[:60]
