"""Benchmark scenarios; each appends rows through ``measure``."""

from django.test import Client

from orgchart import services as tree
from orgchart.models import Unit


def tree_writes(measure, empty_store, repeat):
    empty_store()
    root = tree.create_unit(name="基准集团", kind=Unit.Kind.ORGANISATION)

    def build():
        departments = [tree.create_unit(name=f"部门{i}", parent=root) for i in range(10)]
        for department in departments:
            for j in range(9):
                tree.create_unit(name=f"{department.name}-处{j}", parent=department, kind=Unit.Kind.SECTION)

    measure("tree: create 100 units via the locked service", build, note="one lock per write")
    sections = list(Unit.objects.filter(kind=Unit.Kind.SECTION)[:50])
    departments = list(Unit.objects.filter(kind=Unit.Kind.DEPARTMENT))

    def moves():
        for index, section in enumerate(sections):
            tree.move_unit(section, parent=departments[(index + 1) % len(departments)], index=0)

    measure("tree: move 50 units between departments", moves)
    problems = measure("tree: check_tree on 101 units", tree.tree_problems, repeat)
    assert problems == [], problems


def login_client(username="bench-manager"):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from roles.groups import MANAGERS

    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=MANAGERS))
    client = Client()
    client.force_login(user)
    return client


ALL = [tree_writes]
