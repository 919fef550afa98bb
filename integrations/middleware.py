"""API writes: one transaction per request, and ``Idempotency-Key`` replays.

A write answered with an error keeps nothing (a 500 never leaves a committed write behind it). With an
``Idempotency-Key`` header the first answer (status, body, ETag) is stored in the same transaction as
the write, keyed by the caller and the key: a retry gets that answer back without writing again.
"""

import hashlib
from contextlib import nullcontext
from datetime import timedelta

from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed

from core.errors import is_api, json_error
from core.middleware import database_fault, database_fault_response
from integrations.authentication import ApiTokenAuthentication
from integrations.models import IdempotencyKey

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
KEY_TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Answers decided by the caller's identity or budget, not by the write: a retry must be tried afresh.
NOT_REPLAYED = frozenset({401, 403, 408, 425, 429})
REPLAYED_HEADERS = ("Content-Type", "ETag", "Location")


def key_owner(request) -> str | None:
    """``client:<id>`` for a valid token, ``user:<id>`` for a signed-in session, else None."""
    try:
        found = ApiTokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    if found is not None:
        return f"client:{found[1].pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def request_fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.get_full_path(), request.headers.get("If-Match", "")):
        digest.update(part.encode() + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def refusal(status: int, detail: str, code: str) -> JsonResponse:
    return json_error({"detail": detail, "code": code}, status=status)


def replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(record.body, status=record.status_code)
    for name, value in record.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def purge_expired(owner: str | None = None) -> int:
    """Delete keys past their expiry (one caller's, or all); returns how many went."""
    expired = IdempotencyKey.objects.filter(expires_at__lt=timezone.now())
    if owner is not None:
        expired = expired.filter(owner=owner)
    return expired.delete()[0]


class ApiWriteMiddleware:
    """Every API write is one transaction; a keyed write also keeps (or replays) its answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in WRITE_METHODS or not is_api(request):
            return self.get_response(request)
        try:
            return self.write(request)
        except (OperationalError, InterfaceError) as error:
            # The connection went (or a lock wait ran out) outside the view: the transaction is gone.
            return database_fault_response(request, database_fault(error))

    def write(self, request):
        key = request.headers.get("Idempotency-Key")
        if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
            return refusal(
                400,
                _("Idempotency-Key 的长度应为 1 到 %(max)d 个字符。") % {"max": MAX_KEY_LENGTH},
                "invalid_idempotency_key",
            )
        owner = key_owner(request) if key else None
        with transaction.atomic():
            record = None
            if owner is not None:
                purge_expired(owner)
                fingerprint = request_fingerprint(request)
                # A concurrent request with the same key waits here on the unique index until the first
                # one commits (then this one replays its answer) or rolls back (then this one writes).
                record, created = IdempotencyKey.objects.get_or_create(
                    owner=owner,
                    key=key,
                    defaults={"fingerprint": fingerprint, "expires_at": timezone.now() + KEY_TTL},
                )
                if not created:
                    if record.fingerprint != fingerprint:
                        return refusal(
                            422,
                            _("这个 Idempotency-Key 已用于另一个不同的请求。"),
                            "idempotency_key_reused",
                        )
                    return replay(record)
            # A savepoint only when there is an answer to keep after undoing a refused write.
            with transaction.atomic() if record is not None else nullcontext():
                response = self.get_response(request)
                if response.status_code >= 400:
                    # Whatever the view wrote before it failed is undone; a refusal may still be stored.
                    transaction.set_rollback(True)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # the claimed key too: a retry writes afresh
            elif record is not None:
                self.store(record, response)
        return response

    @staticmethod
    def store(record: IdempotencyKey, response) -> None:
        if response.status_code in NOT_REPLAYED or response.streaming:
            record.delete()
            return
        record.status_code = response.status_code
        record.headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
        record.body = response.content.decode(response.charset or "utf-8")
        record.save(update_fields=["status_code", "headers", "body"])
