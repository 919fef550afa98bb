from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from integrations.authentication import default_rate
from integrations.models import ApiClient
from integrations.services import rotate_api_client_token


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "scope",
        "owner",
        "rate_or_default",
        "created_at",
        "last_used_at",
        "expires_at",
        "previous_valid_until",
        "revoked_at",
    ]
    list_filter = ["scope"]
    fields = [
        "name",
        "owner",
        "scope",
        "rate",
        "expires_at",
        "prefix",
        "created_at",
        "last_used_at",
        "previous_valid_until",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_at", "last_used_at", "previous_valid_until", "revoked_at"]
    actions = ["rotate", "revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            if obj.owner_id is None:
                obj.owner = request.user  # whoever creates a client answers for it unless told otherwise
            raw = obj.issue_token()
            obj.save()
            messages.warning(
                request,
                _("令牌只显示这一次,请立即复制保存:%(token)s") % {"token": raw},
            )
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("请求频率上限"), ordering="rate")
    def rate_or_default(self, obj):
        return obj.rate or _("默认(%(rate)s)") % {"rate": default_rate()}

    @admin.action(description=_("为所选客户端签发新令牌(旧令牌继续有效 7 天)"), permissions=["change"])
    def rotate(self, request, queryset):
        for api_client in queryset.filter(revoked_at__isnull=True):
            raw = rotate_api_client_token(api_client)
            messages.warning(
                request,
                _("%(name)s 的新令牌只显示这一次,请立即复制保存:%(token)s;旧令牌有效期至 %(until)s。")
                % {
                    "name": api_client.name,
                    "token": raw,
                    "until": date_format(localtime(api_client.previous_valid_until), "DATETIME_FORMAT"),
                },
            )

    # Tokens are revoked, never deleted, so who had access stays on record; revoking is a change.
    @admin.action(description=_("吊销所选客户端的令牌"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("已吊销 %(count)d 个令牌。") % {"count": count})
