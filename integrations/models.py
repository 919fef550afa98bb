"""API clients: other systems reading (or writing) through the REST API."""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PREFIX_LENGTH = 8
# A token lives a year unless HR sets another date; a rotated-out token keeps working for a week, time
# enough for the calling system to switch to its new one.
TOKEN_LIFETIME = timedelta(days=365)
ROTATION_GRACE = timedelta(days=7)

# What DRF's throttle parser understands, spelled out so a typo cannot silently mean "per second".
RATE_PATTERN = re.compile(r"^[1-9][0-9]{0,8}/(s|sec|second|m|min|minute|h|hour|d|day)$")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def default_expiry():
    return timezone.now() + TOKEN_LIFETIME


class ApiClient(models.Model):
    """One calling system; only a SHA-256 hash of its token is stored."""

    class Scope(models.TextChoices):
        READ = "read", _("只读")
        READ_WRITE = "read_write", _("读写")

    name = models.CharField(_("名称"), max_length=200)
    prefix = models.CharField(_("令牌前缀"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    token_hash = models.CharField(_("令牌哈希"), max_length=64, editable=False)
    scope = models.CharField(_("权限范围"), max_length=20, choices=Scope.choices, default=Scope.READ)
    # The person answerable for the client: history records the client's writes under this user.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="api_clients",
        help_text=_("该客户端所做的修改在修改记录中记在此人名下,并注明客户端。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(
        _("过期时间"),
        default=default_expiry,
        blank=True,
        help_text=_("过期后令牌不再可用;留空则为一年后。"),
    )
    # The token replaced by the last rotation, accepted until previous_valid_until.
    previous_prefix = models.CharField(max_length=PREFIX_LENGTH, blank=True, editable=False, db_index=True)
    previous_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    previous_valid_until = models.DateTimeField(_("旧令牌有效期至"), null=True, blank=True, editable=False)
    rate = models.CharField(
        _("请求频率上限"),
        max_length=30,
        blank=True,
        help_text=_("例如 600/minute;留空则使用全局默认值(API_RATE)。"),
    )

    class Meta:
        verbose_name = _("API 客户端")
        verbose_name_plural = pgettext_lazy("plural", "API 客户端")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.expires_at is None:
            self.expires_at = default_expiry()
        self.rate = self.rate.strip().replace(" ", "")
        if self.rate and not RATE_PATTERN.match(self.rate):
            raise ValidationError(
                {
                    "rate": _(
                        "请求频率格式应为“次数/时间单位”,例如 600/minute;"
                        "次数为正整数,时间单位为 second、minute、hour 或 day。"
                    )
                }
            )

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def issue_token(self) -> str:
        """Generate a new token, keep its hash, return the raw value (shown once)."""
        while True:
            prefix = secrets.token_hex(PREFIX_LENGTH // 2)
            taken = ApiClient.objects.filter(models.Q(prefix=prefix) | models.Q(previous_prefix=prefix))
            if not taken.exclude(pk=self.pk).exists():
                break
        raw = f"{prefix}.{secrets.token_urlsafe(32)}"
        self.prefix = prefix
        self.token_hash = hash_token(raw)
        return raw

    def rotate_token(self, grace: timedelta = ROTATION_GRACE) -> str:
        """Issue a new token for a year; the current one keeps working for ``grace`` (never past its
        own expiry). Returns the new raw token (shown once)."""
        now = timezone.now()
        self.previous_prefix, self.previous_token_hash = self.prefix, self.token_hash
        self.previous_valid_until = min(now + grace, self.expires_at)
        raw = self.issue_token()
        self.expires_at = now + TOKEN_LIFETIME
        self.save(
            update_fields=[
                "prefix",
                "token_hash",
                "expires_at",
                "previous_prefix",
                "previous_token_hash",
                "previous_valid_until",
            ]
        )
        return raw

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class IdempotencyKey(models.Model):
    """The first answer to an API write sent with an ``Idempotency-Key``, replayed to its retries.

    Stored in the transaction of the write itself: either both the write and its answer are kept, or
    neither is, so a client retrying after a lost answer or a dropped connection never writes twice.
    """

    # "client:<id>" for a token, "user:<id>" for a browser session: keys are private to their caller.
    owner = models.CharField(max_length=40)
    key = models.CharField(max_length=255)
    # SHA-256 of method, path, query, If-Match and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    headers = models.JSONField(default=dict)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="unique_idempotency_key")]

    def __str__(self):
        return f"{self.owner} {self.key}"
