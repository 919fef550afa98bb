"""HTTP conventions shared by the API views: ETags, preconditions, error mapping, paging, sync."""

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.versioning import StaleEditError


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = _("此修改需要 If-Match 请求头,值为该记录最近一次读取时的 ETag。")
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("记录在读取之后已被修改,请重新读取。")
    default_code = "precondition_failed"


def content_hash(data) -> str:
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def version_etag(version: int, data) -> str:
    """``"v<version>-<hash>"``: the version part guards writes, the whole tag guards caches."""
    return f'"v{version}-{content_hash(data)}"'


_VERSION = re.compile(r'^"v(\d+)-[0-9a-f]*"$')


def entity_tags(header: str) -> list[str]:
    """The tags of an If-Match / If-None-Match list (RFC 9110 section 8.8.3)."""
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def expected_version(request, current: int) -> int:
    """The version the write may change, from If-Match; 428 when missing, 412 when nothing matches.

    RFC 9110: ``*`` matches the existing record (its ``current`` version); the comparison is strong,
    so a weak tag (``W/"..."``) never matches. The services check the version again under a lock.
    """
    header = request.headers.get("If-Match")
    if not header or not header.strip():
        raise PreconditionRequired()
    versions = []
    for tag in entity_tags(header):
        if tag == "*":
            return current
        match = _VERSION.match(tag)
        if match is not None:
            versions.append(int(match.group(1)))
    if not versions:
        raise PreconditionFailed()
    return current if current in versions else versions[0]


def not_modified_or(request, response: Response) -> Response:
    """Attach an ETag to a successful read; answer 304 if the client already has it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    etag = response.headers.get("ETag")
    if etag is None:
        body = response.data if hasattr(response, "data") else response.content.decode()
        etag = f'"{content_hash(body)}"'
        response["ETag"] = etag
    # Weak comparison (RFC 9110 section 8.8.3.2): W/"x" and "x" are the same representation.
    client_tags = {t.removeprefix("W/") for t in entity_tags(request.headers.get("If-None-Match", ""))}
    if etag.removeprefix("W/") in client_tags or "*" in client_tags:
        not_modified = Response(status=status.HTTP_304_NOT_MODIFIED)
        not_modified["ETag"] = etag
        return not_modified
    return response


# Every timestamp the API writes: UTC, to the microsecond, with Z (REST_FRAMEWORK's DATETIME_FORMAT).
API_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def api_datetime(value) -> str:
    return value.astimezone(UTC).strftime(API_DATETIME_FORMAT)


API_CLIENT_REASON = "API 客户端"


def api_client_reason(client_id: int, name: str) -> str:
    """The change reason of history rows written through an API client (simple-history keeps 100)."""
    return f"{API_CLIENT_REASON} #{client_id} {name}"[:100]


class ConditionalReadMixin:
    """ETag and 304 on every successful read of the viewset; timestamps in UTC."""

    def dispatch(self, request, *args, **kwargs):
        # DRF formats datetimes in the current time zone: UTC here, Asia/Shanghai on the pages.
        with timezone.override(UTC):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.auth is not None:
            # A token caller is not a Django user: history records the client (integrations.history),
            # under its owner.
            request._request.user = AnonymousUser()
            request._request.api_client = request.auth

    def finalize_response(self, request, response, *args, **kwargs):
        response = not_modified_or(request, response)
        return super().finalize_response(request, response, *args, **kwargs)


def api_exception_handler(exc, context):
    """Business-rule refusals from the services become 400/412 JSON, never a 500."""
    if isinstance(exc, StaleEditError):
        return Response({"detail": " ".join(str(m) for m in exc.messages)}, status=412)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {
                ("non_field_errors" if f == "__all__" else f): [str(m) for m in msgs]
                for f, msgs in exc.message_dict.items()
            }
        else:
            body = {"non_field_errors": [str(m) for m in exc.messages]}
        return Response(body, status=400)
    if isinstance(exc, IntegrityError):
        return Response({"non_field_errors": [_("此修改与现有数据冲突。")]}, status=400)
    if isinstance(exc, ObjectDoesNotExist):
        # Deleted by someone else between the view's read and the service's locked re-read.
        exc = Http404()
    return exception_handler(exc, context)


class SyncPagination(PageNumberPagination):
    """Page-number pages; with ``?updated_since=`` the first page also lists deletions."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """A page size out of range is a 400, not silently the default size."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            message = _("请输入 1 到 %(max)d 之间的整数。") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_page_size}
        return parameters

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        deleted = getattr(self.request, "sync_deleted", None)
        if deleted is not None:
            response.data["deleted"] = deleted
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["deleted"] = {
            "type": "array",
            "description": "Only with ?updated_since=: rows deleted since then.",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "deleted_at": {"type": "string", "format": "date-time"},
                },
                "required": ["id", "deleted_at"],
            },
        }
        return schema


UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="ISO 8601 datetime: only rows changed since then, plus a `deleted` list.",
)


class IncrementalSyncMixin:
    """``?updated_since=``: changed rows in update order, deletions from the history table."""

    sync_model = None

    def updated_since(self):
        raw = self.request.query_params.get("updated_since")
        if raw is None or self.action != "list":
            return None
        try:
            value = parse_datetime(raw)
        except ValueError:
            value = None
        if value is None:
            raise ValidationError({"updated_since": [_("请输入 ISO 8601 格式的日期时间。")]})
        try:
            if timezone.is_naive(value):
                value = value.replace(tzinfo=UTC)
            # PostgreSQL refuses odd offsets such as -23:29; compare in UTC.
            return value.astimezone(UTC)
        except (ValueError, OverflowError) as error:
            raise ValidationError({"updated_since": [_("日期时间超出范围。")]}) from error

    def apply_sync(self, queryset):
        since = self.updated_since()
        if since is None:
            return queryset
        model = self.sync_model or queryset.model
        deleted = (
            model.history.filter(history_type="-", history_date__gte=since)
            .exclude(id__in=model.objects.values("pk"))
            .values("id")
            .annotate(deleted_at=Max("history_date"))
            .order_by("deleted_at", "id")
        )
        self.request.sync_deleted = [
            {"id": row["id"], "deleted_at": api_datetime(row["deleted_at"])} for row in deleted
        ]
        return queryset.filter(updated_at__gte=since).order_by("updated_at", "id")


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag from the last read of the record (428 if missing, 412 if stale).",
)


def write_schemas(serializer, update_serializer=None) -> dict:
    """OpenAPI for a ServiceWritesMixin viewset's writes, as keyword arguments of extend_schema_view."""
    update_serializer = update_serializer or serializer
    return {
        "create": extend_schema(request=serializer),
        "update": extend_schema(parameters=[IF_MATCH], request=update_serializer),
        "partial_update": extend_schema(parameters=[IF_MATCH], request=update_serializer),
        "destroy": extend_schema(parameters=[IF_MATCH]),
    }


def refuse_unwritable_fields(serializer, data, *, read_fields=(), hints=None) -> None:
    """A body field the write would drop silently is a 400 naming it: nothing is written.

    ``read_fields`` are the fields of the read representation (reported as read-only); ``hints``
    maps a field to the message telling where it is written instead.
    """
    if not isinstance(data, Mapping):
        return  # the serializer itself refuses a body that is not an object
    writable = {name for name, field in serializer.fields.items() if not field.read_only}
    errors = {}
    for name in sorted(set(data) - writable, key=str):
        if hints and name in hints:
            errors[name] = [hints[name]]
        elif name in read_fields or name in serializer.fields:
            errors[name] = [_("该字段只读,不能写入。")]
        else:
            errors[name] = [_("未知字段。")]
    if errors:
        raise ValidationError(errors)


# Writes go through the app's services: If-Match on changes, an ETag on every answer. A viewset names
# its write serializer and its create/update/delete services (as staticmethods); ``tagged`` may be
# overridden to re-read the row with what the read serializer needs. (A comment, not a docstring:
# drf-spectacular would publish a docstring as every operation's description.)
class ServiceWritesMixin:
    write_serializer_class = None
    update_serializer_class = None  # defaults to write_serializer_class
    create_service = update_service = delete_service = None
    # Body fields refused with a pointer to where they are written instead: {field: lazy message}.
    # A message may name the record as %(id)s.
    field_hints = {}

    def write_serializer(self, serializer_class, instance=None, **kwargs):
        """The serializer of a write, after refusing body fields it would not write."""
        data = self.request.data
        hints = {
            name: str(message) % {"id": getattr(instance, "pk", "{id}")}
            for name, message in self.field_hints.items()
        }
        serializer = serializer_class(instance, data=data, **kwargs)
        refuse_unwritable_fields(serializer, data, read_fields=self.get_serializer().fields, hints=hints)
        return serializer

    def tagged(self, obj, *, status_code=status.HTTP_200_OK):
        data = self.get_serializer(obj).data
        return Response(data, status=status_code, headers={"ETag": version_etag(obj.version, data)})

    def retrieve(self, request, *args, **kwargs):
        return self.tagged(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = self.write_serializer(self.write_serializer_class)
        serializer.is_valid(raise_exception=True)
        return self.tagged(
            self.create_service(**serializer.validated_data), status_code=status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        version = expected_version(request, obj.version)
        serializer_class = self.update_serializer_class or self.write_serializer_class
        serializer = self.write_serializer(serializer_class, obj, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self.tagged(self.update_service(obj, expected_version=version, **serializer.validated_data))

    def destroy(self, request, *args, **kwargs):
        obj = self.get_object()
        self.delete_service(obj, expected_version=expected_version(request, obj.version))
        return Response(status=status.HTTP_204_NO_CONTENT)
