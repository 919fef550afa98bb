"""Errors outside the API views still answer the API in JSON: unknown /api/ URLs, server errors, and
query strings PostgreSQL cannot take (a NUL character)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def json_error(body: dict, status: int) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request, exception=None):
    """handler404: JSON under /api/, the usual page elsewhere."""
    if is_api(request):
        return json_error({"detail": _("未找到。")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request, *args, **kwargs):
    """handler500: JSON under /api/, the usual page elsewhere."""
    if is_api(request):
        return json_error({"detail": _("服务器内部错误,请稍后重试。")}, status=500)
    return defaults.server_error(request, *args, **kwargs)


class NulQueryMiddleware:
    """A NUL character in the query string is a 400 naming the parameter, before any view reads it.

    PostgreSQL refuses NUL in text, so such a value would otherwise reach it and end in a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        names = sorted(
            {key for key, values in request.GET.lists() if "\x00" in key or any("\x00" in v for v in values)}
        )
        if not names:
            return self.get_response(request)
        message = _("查询参数不能包含空字符(NUL)。")
        if is_api(request):
            return json_error({name.replace("\x00", "\\0"): [message] for name in names}, status=400)
        return defaults.bad_request(request, ValueError(message))
