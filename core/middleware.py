"""Database faults answered as 503 with Retry-After (JSON for the API, a plain page otherwise), never a
500 page; and the response headers every page and API answer carries."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from core import errors
from core.errors import is_api, json_error

# PostgreSQL error codes (SQLSTATE) of the faults a retry may cure.
LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout ran out
QUERY_CANCELED = "57014"  # statement_timeout ran out
DEADLOCK_DETECTED = "40P01"

RETRY_AFTER_SECONDS = {"locked": 5, "timeout": 30, "unavailable": 10}

# No page needs these browser features; an injected script cannot ask for them either.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


def database_fault(exc: BaseException) -> str | None:
    """``locked``, ``timeout`` or ``unavailable`` for an error a retry may cure; None for any other."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return None
    code = getattr(exc.__cause__, "pgcode", None) or getattr(exc, "pgcode", None)
    if code in (LOCK_NOT_AVAILABLE, DEADLOCK_DETECTED):
        return "locked"
    if code == QUERY_CANCELED:
        return "timeout"
    return "unavailable"


def fault_message(fault: str) -> str:
    return {
        "locked": _("数据正被另一项操作(例如导入)占用,请几秒钟后重试。"),
        "timeout": _("请求处理时间过长,已被中止,请稍后重试。"),
    }.get(fault, _("数据库暂时不可用,请稍后重试。"))


def database_fault_response(request, fault: str) -> HttpResponse:
    """503 with Retry-After; nothing of it reads the database (which may be gone)."""
    message = fault_message(fault)
    if is_api(request):
        response = json_error({"detail": message, "code": f"database_{fault}"}, status=503)
    else:
        html = render_to_string("503.html", {"message": message, "back": request.get_full_path()})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS[fault])
    patch_cache_control(response, no_store=True)
    return response


class DatabaseFaultMiddleware:
    """A view that loses its database connection or waits too long for a lock answers 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        fault = database_fault(exception)
        if fault is None:
            return None
        return database_fault_response(request, fault)


def server_error(request, *args, **kwargs):
    """handler500: a database fault raised outside any view (a middleware) still answers 503."""
    fault = database_fault(sys.exc_info()[1])
    if fault is not None:
        return database_fault_response(request, fault)
    return errors.server_error(request, *args, **kwargs)


class PrivateResponseMiddleware:
    """Signed-in answers (pages, API data, DOCX) are never kept by browsers or proxies; no page may use
    the camera, microphone, location or payment features of the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # The session cookie rather than request.user: no database read for it (the database may be gone).
        if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_store=True)
        return response
