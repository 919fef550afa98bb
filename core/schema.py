"""OpenAPI for what every API operation shares: its error answers and its conditional-request headers."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter

WRITES = {"POST", "PUT", "PATCH", "DELETE"}

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail` (and sometimes `code`) for the request as a whole, or one list of "
    "messages per field or query parameter at fault (`non_field_errors` for the record as a whole). "
    "Messages are in the language of Accept-Language (zh-hans by default, or en).",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

# Status: (description, which operations answer it).
ERRORS = {
    400: ("Invalid body or query parameter; the fields at fault are named.", "all"),
    401: ("Not authenticated, or the token is invalid, expired or revoked.", "all"),
    403: ("Authenticated, but not allowed (a read-only token or a manager writing).", "all"),
    404: ("No such record, page or URL.", "all"),
    409: ("The write conflicts with the current data, or a request with the same key is running.", "writes"),
    412: ("If-Match names an older version of the record: read it again.", "if_match"),
    422: ("This Idempotency-Key was already used with a different request.", "writes"),
    428: ("The write needs an If-Match header.", "if_match"),
    429: ("Too many requests for this client: retry after the Retry-After header's seconds.", "all"),
    503: ("The database is busy or unavailable: retry after the Retry-After header's seconds.", "all"),
}

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    description="ETags of representations the client holds (weak comparison): 304 if one is current.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="A key unique to this write (e.g. a UUID): a retry with the same key and request gets the "
    "first answer again instead of writing twice; the same key with another request is a 422.",
)


class ApiAutoSchema(AutoSchema):
    """Every operation lists its error answers (as the Error schema) and the headers it reads."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in WRITES:
            return [*parameters, IDEMPOTENCY_KEY]
        if self.method == "GET":
            return [*parameters, IF_NONE_MATCH]
        return parameters

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None or not path.startswith("/api/v"):
            return operation
        error = ResolvedComponent(
            name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA
        )
        self.registry.register_on_missing(error)
        has_if_match = any(p["name"] == "If-Match" for p in operation.get("parameters", []))
        responses = operation["responses"]
        if self.method == "GET":
            responses.setdefault("304", {"description": "Not modified: the If-None-Match ETag is current."})
        for code, (description, scope) in ERRORS.items():
            if scope == "writes" and self.method not in WRITES:
                continue
            if scope == "if_match" and not has_if_match:
                continue
            answer = responses.setdefault(str(code), {"description": description})
            answer.setdefault("content", {"application/json": {"schema": error.ref}})
        return operation
