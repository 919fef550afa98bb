"""Requests give up on locks and slow statements within seconds; manage.py commands (imports,
migrations) are not cut by those limits."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
SHOW = "from django.db import connection; c = connection.cursor(); " + "; ".join(
    f"c.execute('SHOW {name}'); print(c.fetchone()[0])" for name in ("lock_timeout", "statement_timeout")
)


@pytest.mark.django_db
def test_served_requests_run_with_lock_and_statement_timeouts():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "3s"
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "20s"


def _test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db
def test_management_commands_run_without_them():
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": _test_database_url()}
    env.pop("DB_REQUEST_TIMEOUTS", None)
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown == ["0", "0"]
