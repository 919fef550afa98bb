from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrations.authentication import default_rate
from integrations.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "scope", "rate_or_default", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    fields = ["name", "scope", "rate", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
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

    # Tokens are revoked, never deleted, so who had access stays on record; revoking is a change.
    @admin.action(description=_("吊销所选客户端的令牌"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("已吊销 %(count)d 个令牌。") % {"count": count})
