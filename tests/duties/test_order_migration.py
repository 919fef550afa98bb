"""Migration duties 0008 renumbers every existing list 1..n in its stored order, once."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BEFORE = [("duties", "0007_source_document_moved")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def test_old_lists_are_renumbered_from_one_in_their_order_and_the_changed_duties_get_a_new_version():
    old = _migrate(BEFORE)
    unit = old.get_model("orgchart", "Unit").objects.create(
        name="销售部", kind="department", tree_id=1, lft=1, rght=2, level=0
    )
    position = old.get_model("roles", "Position").objects.create(unit=unit, title="销售员")
    duty = old.get_model("duties", "Duty")
    rows = [(0, "接待客户"), (1, "签订合同"), (2, "回收房款"), (1, "办理按揭")]  # a 0 and a repeated 1
    ids = [duty.objects.create(position=position, kind="responsibility", order=o, text=t).pk for o, t in rows]
    kept = duty.objects.create(position=position, kind="kpi", order=1, text="回款率").pk

    _migrate(None)

    with connection.cursor() as cursor:
        cursor.execute('SELECT id, "order", version FROM duties_duty ORDER BY kind DESC, "order"')
        renumbered = cursor.fetchall()
    assert [(pk, order) for pk, order, _ in renumbered] == [
        (ids[0], 1),
        (ids[1], 2),
        (ids[3], 3),
        (ids[2], 4),
        (kept, 1),
    ]
    versions = {pk: version for pk, _, version in renumbered}
    assert versions[kept] == 1 and versions[ids[0]] == 2 and versions[ids[2]] == 2
