"""Faults injected into the test's database connection from a second connection."""

from contextlib import contextmanager

from django.db import connection

from core.locks import ADVISORY_LOCK_KEYS


def side_connection():
    """A raw connection to the test database, outside Django's transaction handling."""
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True
    return raw


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def cut_connection(pid: int) -> None:
    """Terminate the server process behind a connection, as a database restart or a network cut would."""
    raw = side_connection()
    try:
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        raw.close()


@contextmanager
def lock_held(name: str):
    """Hold an advisory lock (for instance the unit tree's, as an import does) from another connection."""
    raw = side_connection()
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEYS[name]])
        yield
    finally:
        raw.rollback()
        raw.close()
