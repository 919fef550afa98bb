"""Concurrent writers through the tree service leave a valid tree.

Each writer runs in its own thread with its own database connection, so the
writes really interleave in PostgreSQL; the service's advisory lock is what
keeps lft/rght/tree_id consistent.
"""

import random
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from orgchart import services as tree
from orgchart.models import Unit

WRITERS = 4
OPERATIONS_PER_WRITER = 25


def run_writers(work, count=WRITERS):
    """Start ``count`` threads at once; re-raise the first error any of them hit."""
    barrier = threading.Barrier(count)
    errors = []

    def target(number):
        try:
            barrier.wait()
            work(number)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    if errors:
        raise errors[0]


@pytest.mark.django_db(transaction=True)
def test_four_writers_creating_and_moving_units_at_once_leave_a_valid_tree():
    group = tree.create_unit(name="集团", kind=Unit.Kind.ORGANISATION)
    branches = [tree.create_unit(name=f"中心{n}", parent=group) for n in range(WRITERS)]
    refused = []

    def work(number):
        rng = random.Random(number)
        mine = []
        for step in range(OPERATIONS_PER_WRITER):
            if mine and step % 2:
                # Move one of this writer's units under a random unit anywhere in the tree.
                unit = Unit.objects.get(pk=rng.choice(mine))
                target = Unit.objects.order_by("?").first()
                try:
                    tree.move_unit(unit, parent=target, index=rng.randint(0, 3))
                except ValidationError:
                    refused.append((unit.pk, target.pk))  # target was inside unit: correctly refused
            else:
                parent = Unit.objects.get(pk=rng.choice([group.pk, *[b.pk for b in branches], *mine]))
                mine.append(tree.create_unit(name=f"写入者{number}-{step}", parent=parent).pk)

    run_writers(work)

    created = 1 + WRITERS + WRITERS * ((OPERATIONS_PER_WRITER + 1) // 2)
    assert Unit.objects.count() == created
    assert tree.tree_problems() == []
    assert Unit.objects.filter(parent__isnull=True).count() == 1
    root = Unit.objects.get(parent__isnull=True)
    assert root.get_descendant_count() == created - 1
    # Every unit is reachable from the root by parent links, as the nested sets say.
    assert set(root.get_descendants().values_list("pk", flat=True)) == set(
        Unit.objects.exclude(pk=root.pk).values_list("pk", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_four_writers_reordering_the_same_siblings_keep_them_distinct_and_valid():
    group = tree.create_unit(name="集团", kind=Unit.Kind.ORGANISATION)
    children = [tree.create_unit(name=f"部门{n}", parent=group) for n in range(8)]

    def work(number):
        rng = random.Random(100 + number)
        for _ in range(OPERATIONS_PER_WRITER):
            unit = Unit.objects.get(pk=rng.choice(children).pk)
            tree.move_unit(unit, parent=Unit.objects.get(pk=group.pk), index=rng.randint(0, 7))

    run_writers(work)

    assert tree.tree_problems() == []
    group = Unit.objects.get(pk=group.pk)
    orders = list(group.get_children().values_list("sibling_order", flat=True))
    assert len(orders) == 8
    assert len(set(orders)) == 8
    assert orders == sorted(orders)
