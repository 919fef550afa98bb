"""PostgreSQL advisory locks: every key the project takes, in one table.

A transaction-level advisory lock serialises one kind of write across processes and app
instances (a process-local lock would not); it is released when the transaction ends.
"""

from django.db import connection

# Arbitrary constants, one per serialised kind of write. Never renumber a key while an older
# release may still run against the same database: both would have to agree on it.
ADVISORY_LOCK_KEYS = {
    # Every write to the unit tree: django-mptt recomputes lft/rght from values held in memory.
    "unit_tree": 72_310_001,
    # Reporting-line writers: two concurrent inserts could otherwise close a cycle together.
    "reporting_lines": 72_310_002,
}


def take_advisory_lock(name: str) -> None:
    """Wait for the named lock and hold it until the current transaction ends.

    Call it inside ``transaction.atomic()``: outside a transaction the lock would be released at once.
    """
    key = ADVISORY_LOCK_KEYS[name]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
