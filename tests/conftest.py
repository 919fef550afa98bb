import fcntl
import tempfile
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest

# Apps whose tables the seed import fills (their history and through tables included).
SEEDED_APPS = ("sources", "orgchart", "roles", "duties")


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """One migrated test database per run; each xdist worker gets a copy of it (CREATE DATABASE … TEMPLATE).

    Migrating takes seconds per database, and two workers migrating at once share the same cores.
    The first worker to take the lock migrates the template for this run (``testrunuid``); every
    worker then clones it, which takes a fraction of a second.
    """
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    verbosity = request.config.option.verbose
    workerinput = getattr(request.config, "workerinput", None)
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        if workerinput is None:
            old_config = setup_databases(
                verbosity=verbosity, interactive=False, aliases=aliases, serialized_aliases=serialized_aliases
            )
        else:
            old_config = _clone_template_database(connection, workerinput, verbosity)
            if connection.alias in serialized_aliases:  # for tests with serialized_rollback=True
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        teardown_databases(old_config, verbosity=verbosity)


def _clone_template_database(connection, workerinput, verbosity):
    worker = workerinput["workerid"]
    settings_dict = connection.settings_dict  # updated in place: the live server's threads read it
    original_name = settings_dict["NAME"]
    template = settings_dict["TEST"]["NAME"].removesuffix(f"_{worker}")
    lock_path = Path(tempfile.gettempdir()) / f"{template}.lock"
    with lock_path.open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        if lock.read() != workerinput["testrunuid"]:
            settings_dict["TEST"]["NAME"] = template
            connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
            lock.truncate(0)
            lock.write(workerinput["testrunuid"])
            lock.flush()
        settings_dict["NAME"] = template
        connection.creation.clone_test_db(suffix=worker, verbosity=verbosity)
        fcntl.flock(lock, fcntl.LOCK_UN)
    settings_dict["NAME"] = f"{template}_{worker}"
    settings_dict["TEST"]["NAME"] = settings_dict["NAME"]
    connection.close()
    return [(connection, original_name, True)]


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """Empty the tables after a transactional test with DELETE rather than one TRUNCATE of them all.

    TRUNCATE makes new files for every table and index: about 0.6 s for the project's tables, after
    each transactional and browser test, while DELETE of the few rows a test leaves takes milliseconds.
    Foreign keys are deferred on PostgreSQL and the flush runs in one transaction, so order does not
    matter. Resetting sequences and cascading (``available_apps``) still go through TRUNCATE.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


def user_in_group(django_user_model, username: str, password: str, group_name: str):
    from django.apps import apps
    from django.contrib.auth.models import Group

    from core.groups import ensure_groups

    # Transactional tests flush the migration-created groups; recreate them.
    if not Group.objects.filter(name=group_name).exists():
        ensure_groups(apps)
    user = django_user_model.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def hr_editor(db, django_user_model):
    from core.groups import HR_EDITORS

    return user_in_group(django_user_model, "hr", "pw-hr-editor", HR_EDITORS)


@pytest.fixture
def manager(db, django_user_model):
    from core.groups import MANAGERS

    return user_in_group(django_user_model, "manager", "pw-manager", MANAGERS)


@pytest.fixture(autouse=True)
def default_language():
    """A request in English must not leave later tests' messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class _SeedRows:
    report: str
    # "table" (column, ...) -> its rows in COPY text format
    tables: dict[str, str] = field(default_factory=dict)


def _seeded_models():
    from django.apps import apps

    for label in SEEDED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                yield model


@pytest.fixture(scope="session")
def _seed_rows(django_db_setup, django_db_blocker):
    """Import fixtures/source/ once per test process, keep its rows as COPY text, roll it back.

    Importing the five seeds takes seconds (thousands of queries); copying the rows back in takes
    milliseconds. The import runs inside a transaction that is rolled back, so tests that do not ask
    for the seeded store still start from an empty one.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("import_documents", stdout=out)
        rows = _SeedRows(report=out.getvalue())
        with connection.cursor() as cursor:
            for model in _seeded_models():
                quote = connection.ops.quote_name
                # Generated columns (stored search vectors) are computed again on the way in.
                fields = [f for f in model._meta.concrete_fields if not f.generated]
                columns = ", ".join(quote(f.column) for f in fields)
                table = f"{quote(model._meta.db_table)} ({columns})"
                buffer = StringIO()
                cursor.copy_expert(f"COPY {table} TO STDOUT", buffer)
                if buffer.getvalue():
                    rows.tables[table] = buffer.getvalue()
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def seeded_store(db, _seed_rows) -> str:
    """The store as importing the five seed documents leaves it; returns the import report.

    Every test gets its own copy inside its transaction (rolled back afterwards), so tests may change
    the seeded rows. Foreign keys are deferred on PostgreSQL, so the tables load in any order. The
    copied rows keep their ids; the id sequences are past them already (nextval is not rolled back).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        for table, text in _seed_rows.tables.items():
            cursor.copy_expert(f"COPY {table} FROM STDIN", StringIO(text))
    return _seed_rows.report
