"""Benchmark scenarios; each appends rows through ``measure``."""

from pathlib import Path

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

    from core.groups import MANAGERS

    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=MANAGERS))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "source"


def seed_documents() -> list[tuple[str, str]]:
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]


def megabyte_document() -> str:
    """About 1 MB of seed text, each copy a sub-document of its own (第N篇)."""
    parts, size, copy = [], 0, 0
    seeds = [text for _, text in seed_documents()]
    while size < 1_000_000:
        for text in seeds:
            copy += 1
            body = text.replace("第一篇", f"第{copy}篇")
            if not body.startswith(f"第{copy}篇"):
                body = f"第{copy}篇:资料{copy}\n" + body
            parts.append(body)
            size += len(body.encode("utf-8"))
    return "\n".join(parts)


def imports(measure, empty_store, repeat):
    from importer.apply import import_text
    from importer.orgjson import export_json

    empty_store()

    def import_seeds():
        for name, text in seed_documents():
            import_text(name, text)

    measure("import: five seeds into an empty store", import_seeds)
    measure("import: the same five seeds again (no change)", import_seeds)
    measure(
        "export_org: whole store as JSON",
        export_json,
        repeat,
        note=lambda exported: f"{len(exported.encode('utf-8')):,} bytes of JSON",
    )

    document = megabyte_document()
    empty_store()
    measure(
        "import: one 1 MB document into an empty store",
        lambda: import_text("megabyte.txt", document),
        note=f"{len(document.encode('utf-8')):,} bytes, {document.count(chr(10)) + 1:,} lines",
    )
    measure(
        "import: a unit write while a 1 MB import runs",
        lambda: writer_wait_during_import(document),
        note=lambda waited: f"longest wait of a unit write during it: {waited:.2f} s",
    )


def writer_wait_during_import(document: str) -> float:
    """Unit writes from another connection, every 0.2 s while a 1 MB import runs: the longest wait."""
    import threading
    import time

    from django.db import connection

    from importer.apply import import_text

    waits = []

    def run_import():
        try:
            import_text("megabyte-again.txt", document.replace("第", "第 ", 1))
        finally:
            connection.close()

    importer = threading.Thread(target=run_import)
    importer.start()
    try:
        while importer.is_alive():
            started = time.perf_counter()
            tree.create_unit(name=f"并发写入的单元{len(waits)}", kind=Unit.Kind.ORGANISATION)
            waits.append(time.perf_counter() - started)
            time.sleep(0.2)
    finally:
        importer.join()
    return max(waits)


def pages(measure, empty_store, repeat):
    from importer.apply import import_text
    from orgchart.models import Unit
    from roles.models import Position

    empty_store()
    for name, text in seed_documents():
        import_text(name, text)
    client = login_client()
    position = Position.objects.filter(described=True).order_by("id").first()
    root = Unit.objects.filter(parent=None).order_by("tree_id").first()

    def get(url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return fetch

    for label, url in [
        ("page: /org/", "/org/"),
        ("page: /org/ search for a title", "/org/?q=经理"),
        ("page: /org/units/<id>/chart.json", f"/org/units/{root.pk}/chart.json"),
        ("page: /positions/<id>/", f"/positions/{position.pk}/"),
        ("docx: /positions/<id>/docx/", f"/positions/{position.pk}/docx/"),
        ("docx: every position of the first organisation", f"/positions/batch/{root.pk}/docx/"),
        ("api: /api/v1/positions/", "/api/v1/positions/"),
        ("api: /api/v1/positions/<id>/", f"/api/v1/positions/{position.pk}/"),
        ("api: /api/v1/duties/?q= (complaints)", "/api/v1/duties/?q=投诉"),
        ("api: /api/v1/units/<id>/subtree/", f"/api/v1/units/{root.pk}/subtree/"),
    ]:
        measure(label, get(url), repeat)


ALL = [tree_writes, imports, pages]
