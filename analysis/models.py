"""What duty analysis keeps: HR's verdicts on suggested matches, overlaps found by the background
job, the store's word frequencies, and where a JD started from a template was copied from."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MatchDecision(models.Model):
    """HR's word on whether a duty carries out a unit function; it wins over the computed score."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("确认匹配")
        REJECTED = "rejected", _("否决匹配")

    function = models.ForeignKey(
        "duties.Duty", verbose_name=_("单元职能"), on_delete=models.CASCADE, related_name="+"
    )
    duty = models.ForeignKey(
        "duties.Duty", verbose_name=_("岗位职责"), on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.CharField(_("结论"), max_length=10, choices=Verdict.choices)
    score = models.FloatField(_("相似度"), null=True, blank=True, help_text=_("决定时计算出的相似度。"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), auto_now=True)

    class Meta:
        verbose_name = _("职能匹配结论")
        verbose_name_plural = pgettext_lazy("plural", "职能匹配结论")
        ordering = ["function_id", "duty_id"]
        constraints = [
            models.UniqueConstraint(fields=["function", "duty"], name="match_decision_unique_pair"),
            models.CheckConstraint(condition=~Q(function=F("duty")), name="match_decision_two_items"),
        ]

    def __str__(self):
        return f"{self.function} ↔ {self.duty}: {self.get_verdict_display()}"


class OverlapCandidate(models.Model):
    """Two duties (or two whole positions) that say the same thing, found by ``manage.py find_overlaps``."""

    class Kind(models.TextChoices):
        DUTIES = "duties", _("职责重叠")
        POSITIONS = "positions", _("相似岗位")

    class Scope(models.TextChoices):
        UNIT = "unit", _("同一单元")
        REPORTING = "reporting", _("汇报链")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    scope = models.CharField(_("范围"), max_length=10, choices=Scope.choices)
    unit = models.ForeignKey(
        "orgchart.Unit",
        verbose_name=_("组织单元"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    position_a = models.ForeignKey(
        "roles.Position", verbose_name=_("岗位甲"), on_delete=models.CASCADE, related_name="+"
    )
    position_b = models.ForeignKey(
        "roles.Position", verbose_name=_("岗位乙"), on_delete=models.CASCADE, related_name="+"
    )
    duty_a = models.ForeignKey(
        "duties.Duty",
        verbose_name=_("职责甲"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    duty_b = models.ForeignKey(
        "duties.Duty",
        verbose_name=_("职责乙"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.FloatField(_("相似度"))
    found_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("重叠候选")
        verbose_name_plural = pgettext_lazy("plural", "重叠候选")
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["position_a"]),
            models.Index(fields=["position_b"]),
            models.Index(fields=["unit", "kind"]),
        ]

    def __str__(self):
        return f"{self.position_a} / {self.position_b} ({self.score:.2f})"


class WordFrequency(models.Model):
    """In how many duties of the store a word occurs; the row with the empty word counts the duties."""

    word = models.CharField(_("词"), max_length=100, unique=True)
    documents = models.PositiveIntegerField(_("出现条数"))

    class Meta:
        verbose_name = _("词频")
        verbose_name_plural = pgettext_lazy("plural", "词频")
        ordering = ["word"]

    def __str__(self):
        return f"{self.word or '∑'}: {self.documents}"


class TemplateCopy(models.Model):
    """A position started from another JD of the library ("copied from"), kept if the original goes."""

    position = models.OneToOneField(
        "roles.Position", verbose_name=_("新岗位"), on_delete=models.CASCADE, related_name="+"
    )
    copied_from = models.ForeignKey(
        "roles.Position",
        verbose_name=_("复制自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    copied_from_label = models.CharField(_("来源岗位"), max_length=500)
    copied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复制人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    copied_at = models.DateTimeField(_("复制时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("模板复制记录")
        verbose_name_plural = pgettext_lazy("plural", "模板复制记录")
        ordering = ["-copied_at", "-id"]

    def __str__(self):
        return f"{self.position} ← {self.copied_from_label}"
