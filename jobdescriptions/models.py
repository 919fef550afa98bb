from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.versioning import VersionedOnSave


class JobDescriptionVersion(VersionedOnSave, models.Model):
    """A snapshot of a whole job description, submitted for review and, once approved, published.

    The position's live rows are the working copy HR edits; a version freezes them as they were
    when submitted. Published versions are numbered v1, v2 … and never change again.
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("待审批")
        RETURNED = "returned", _("已退回")
        PUBLISHED = "published", _("已发布")

    position = models.ForeignKey(
        "roles.Position", verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="jd_versions"
    )
    number = models.PositiveIntegerField(_("版本号"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    snapshot = models.JSONField(_("内容"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    change_note = models.TextField(_("修改说明"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    effective_date = models.DateField(_("生效日期"), null=True, blank=True, db_index=True)
    return_comment = models.TextField(_("退回意见"), blank=True)
    version = models.PositiveIntegerField(_("记录版本"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("岗位说明书版本")
        verbose_name_plural = pgettext_lazy("plural", "岗位说明书版本")
        ordering = ["position_id", "-submitted_at", "-id"]
        permissions = [("approve_jobdescriptionversion", _("可审批岗位说明书"))]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "number"],
                condition=Q(number__isnull=False),
                name="jd_version_number_unique",
                violation_error_message=_("该岗位已有这个版本号。"),
            ),
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(state="submitted"),
                name="jd_version_one_pending",
                violation_error_message=_("该岗位已有一个待审批的版本。"),
            ),
            models.CheckConstraint(
                condition=Q(state="published", number__isnull=False, effective_date__isnull=False)
                | (~Q(state="published") & Q(number__isnull=True)),
                name="jd_version_number_iff_published",
            ),
        ]
        indexes = [models.Index(fields=["position", "state", "effective_date"])]

    def __str__(self):
        if self.number:
            return f"{self.snapshot.get('position', {}).get('title', '')} v{self.number}"
        return f"{self.snapshot.get('position', {}).get('title', '')} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        """A published version never changes: refuse a save over one, whatever path it comes by."""
        if not self._state.adding and self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == self.State.PUBLISHED:
                raise ValidationError(_("已发布的版本不能修改。"), code="published")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return f"v{self.number}" if self.number else str(self.get_state_display())
