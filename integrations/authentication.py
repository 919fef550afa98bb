"""Authentication, permissions and throttling for the REST API."""

import hmac

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions
from rest_framework.authentication import SessionAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from integrations.models import RATE_PATTERN, ApiClient, hash_token


class ApiSessionAuthentication(SessionAuthentication):
    """Browser session; announces a scheme so anonymous requests get 401, not 403."""

    def authenticate_header(self, request):
        return 'Session realm="api"'


class ClientUser(AnonymousUser):
    """The request user for a token: authenticated, but no Django permissions."""

    def __init__(self, client: ApiClient):
        self.client = client
        self.username = f"api:{client.name}"

    @property
    def is_authenticated(self):
        return True

    @property
    def is_anonymous(self):
        return False

    def __str__(self):
        return self.username


class ApiTokenAuthentication:
    """``Authorization: Bearer <prefix>.<secret>``; looked up by prefix, compared by hash."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("令牌请求头格式无效。"))
        try:
            raw = parts[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("令牌无效。")) from error
        prefix = raw.split(".", 1)[0]
        # The current token, or the one a rotation replaced (accepted during its grace period).
        matches = ApiClient.objects.filter(Q(prefix=prefix) | Q(previous_prefix=prefix))
        client = matches.first() if prefix else None
        if client is None:
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        now = timezone.now()
        hashed = hash_token(raw)
        if client.prefix == prefix and hmac.compare_digest(client.token_hash, hashed):
            valid_until, expired = client.expires_at, _("令牌已过期,请联系人力资源部门签发新令牌。")
        elif client.previous_prefix == prefix and hmac.compare_digest(client.previous_token_hash, hashed):
            valid_until, expired = client.previous_valid_until, _("令牌已被新令牌替换,过渡期已结束。")
        else:
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        if not client.is_active:
            raise exceptions.AuthenticationFailed(_("令牌已被吊销。"))
        if valid_until is None or valid_until <= now:
            raise exceptions.AuthenticationFailed(expired)
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return ClientUser(client), client

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiPermission(permissions.BasePermission):
    """Reads for any authenticated caller; writes for HR editors and read-write tokens."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if isinstance(request.auth, ApiClient):
            return request.auth.scope == ApiClient.Scope.READ_WRITE
        model = getattr(getattr(view, "queryset", None), "model", None) or getattr(view, "write_model", None)
        if model is None:
            return False
        opts = model._meta
        verb = {"POST": "add", "DELETE": "delete"}.get(request.method, "change")
        return user.has_perm(f"{opts.app_label}.{verb}_{opts.model_name}")


class ClientRateThrottle(SimpleRateThrottle):
    """Per token (or per user for sessions) request budget.

    A client's own ``rate`` (set in the admin) replaces the default ``API_RATE``; sessions keep the default.
    """

    scope = "api_client"

    def allow_request(self, request, view):
        # A rate written around the admin's validation must not turn every request into a 500.
        if isinstance(request.auth, ApiClient) and RATE_PATTERN.match(request.auth.rate or ""):
            self.rate = request.auth.rate
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiClient):
            ident = f"client-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiSessionScheme(SessionScheme):
    target_class = ApiSessionAuthentication


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "prefix.secret"}


def default_rate() -> str:
    """The budget of clients without their own rate, and of browser sessions (``API_RATE``)."""
    return ClientRateThrottle.THROTTLE_RATES.get(ClientRateThrottle.scope) or ""
