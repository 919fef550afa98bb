"""The migration chain, with SourceDocument's move from duties to sources, runs both ways.

The move changes Django's model state only: the tables keep their names and rows. These tests run
the chain on an empty database (our apps to zero and back) and on a seeded one (back past the move
and forward again), and check that the rows, the content types and the group grants survive.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

OUR_APPS = ("sources", "orgchart", "roles", "duties", "integrations")
# Unapplying sources takes back the migrations that depend on it: duties 0007, orgchart 0002, roles 0004.
BEFORE_THE_MOVE = [("sources", None)]
MOVED_TABLES = ("duties_sourcedocument", "duties_historicalsourcedocument")


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


def _migrate(targets) -> None:
    executor = _executor()
    executor.migrate(targets)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _latest():
    return _executor().loader.graph.leaf_nodes()


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _our_tables() -> list[str]:
    prefixes = {"orgchart", "roles", "duties", "integrations"}  # sources' tables kept duties_ names
    return sorted(table for table in _tables() if table.split("_", 1)[0] in prefixes)


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in _our_tables():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _content_type_labels() -> set[str]:
    from django.contrib.contenttypes.models import ContentType

    return set(
        ContentType.objects.filter(model__in=["sourcedocument", "historicalsourcedocument"]).values_list(
            "app_label", flat=True
        )
    )


def _state_matches_models() -> bool:
    """No migration is missing: the models are what the chain leaves (makemigrations --check)."""
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit:
        return False
    return True


def _editors_may_change_documents() -> bool:
    from django.contrib.auth.models import Group

    from core.groups import HR_EDITORS

    return (
        Group.objects.get(name=HR_EDITORS)
        .permissions.filter(content_type__app_label="sources", codename="change_sourcedocument")
        .exists()
    )


def test_the_chain_runs_to_zero_and_back_on_an_empty_database():
    try:
        _migrate([(app, None) for app in OUR_APPS])
        assert _our_tables() == []
        assert not set(MOVED_TABLES) & _tables()
    finally:
        _migrate(_latest())
    assert set(MOVED_TABLES) <= _tables()
    # The first run left the content types in sources; run again, the chain made duties' anew and
    # sources 0001 merged them: one of each, grants kept.
    assert _content_type_labels() == {"sources"}
    assert _editors_may_change_documents()
    assert _state_matches_models()


def test_a_seeded_store_keeps_its_rows_back_past_the_move_and_forward_again():
    from django.apps import apps

    from core.groups import ensure_groups

    ensure_groups(apps)  # a transactional test before this one flushed the groups the chain made
    call_command("import_documents", stdout=StringIO())
    from sources.models import SourceDocument

    seeded = _row_counts()
    assert seeded["duties_sourcedocument"] == 5 and seeded["duties_historicalsourcedocument"] >= 5
    assert seeded["duties_duty"] > 0 and seeded["roles_position"] > 0
    try:
        _migrate(BEFORE_THE_MOVE)
        assert _content_type_labels() == {"duties"}
        assert not _editors_may_change_documents()  # their grant went back to duties with the model
        assert _row_counts() == seeded
    finally:
        _migrate(_latest())
    assert _row_counts() == seeded
    assert _content_type_labels() == {"sources"}
    assert _editors_may_change_documents()
    assert SourceDocument.objects.count() == 5
    from duties.models import Duty

    duty = Duty.objects.filter(source_document__isnull=False).select_related("source_document").first()
    assert duty.source_document.name.endswith(".txt")
