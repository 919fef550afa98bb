"""The restore drill: `manage.py backup` then `manage.py restore` gives back an identical store —
source-document text, incumbents, history and API clients included, which `export_org` leaves out."""

from uuid import uuid4

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from config import backup
from duties.models import Duty
from integrations.models import ApiClient
from roles.models import Incumbent
from tests.factories import (
    DutyFactory,
    IncumbentFactory,
    PositionFactory,
    ReportingLineFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _fingerprint(dsn_text: str) -> dict[str, tuple[int, str]]:
    """Rows and an order-independent digest of every public table, and every sequence's position."""
    result = {}
    with psycopg2.connect(dsn_text) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        for (table,) in cursor.fetchall():
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            )
            result[table] = cursor.fetchone()
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        result.update({f"sequence {name}": value for name, value in cursor.fetchall()})
    conn.close()
    return result


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_drill_{uuid4().hex[:8]}"
    admin = psycopg2.connect(backup.dsn())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings = connection.settings_dict
    server = f"{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    yield f"postgresql://{server}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def store_with_everything():
    """A small store with every kind of row export_org leaves out, history included."""
    document = SourceDocumentFactory(text="销售部岗位职责\n1、负责客户回访。")
    position = PositionFactory(source_document=document, source_line=1)
    superior = PositionFactory(unit=position.unit)
    ReportingLineFactory(subordinate=position, superior=superior)
    DutyFactory.create_batch(3, position=position)
    IncumbentFactory(position=position, name="张三")
    ApiClient.objects.create(name="薪酬系统", prefix="drill001", token_hash="0" * 64)
    return position


def test_a_backup_restores_into_an_empty_database_as_an_identical_store(
    store_with_everything, empty_database, tmp_path
):
    file = tmp_path / "store.dump"
    call_command("backup", str(file))
    call_command("restore", str(file), database_url=empty_database)

    original, restored = _fingerprint(backup.dsn()), _fingerprint(backup.dsn(empty_database))
    assert original == restored
    assert original["roles_incumbent"][0] == 1 and original["duties_historicalduty"][0] == 3
    assert original["duties_sourcedocument"][0] == 1 and original["integrations_apiclient"][0] == 1


def test_a_restore_refuses_a_database_that_holds_a_store_and_changes_nothing(store_with_everything, tmp_path):
    file = tmp_path / "store.dump"
    call_command("backup", str(file))
    before = _fingerprint(backup.dsn())

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(file))
    assert _fingerprint(backup.dsn()) == before


def test_replace_brings_back_what_was_lost_after_the_backup_and_a_damaged_file_changes_nothing(
    store_with_everything, tmp_path
):
    file = tmp_path / "store.dump"
    call_command("backup", str(file))
    before = _fingerprint(backup.dsn())
    Duty.objects.filter(position=store_with_everything).delete()
    Incumbent.objects.all().delete()
    after_loss = _fingerprint(backup.dsn())
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(file.read_bytes()[: file.stat().st_size // 2])

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", str(damaged), replace=True)
    assert _fingerprint(backup.dsn()) == after_loss

    connection.close()  # the restore drops and recreates the tables this connection has seen
    call_command("restore", str(file), replace=True)
    assert _fingerprint(backup.dsn()) == before
