"""Authentication for the REST API."""

from rest_framework.authentication import SessionAuthentication


class ApiSessionAuthentication(SessionAuthentication):
    """Browser session; announces a scheme so anonymous requests get 401, not 403."""

    def authenticate_header(self, request):
        return 'Session realm="api"'


try:
    from drf_spectacular.authentication import SessionScheme

    class ApiSessionScheme(SessionScheme):
        """Documents the session login in the OpenAPI schema."""

        target_class = ApiSessionAuthentication
except ImportError:  # pragma: no cover - drf-spectacular is a runtime requirement
    pass
