"""Benchmark stores: S is the five seeds imported; M and L add synthetic organisations built like them.

M and L are written with COPY, not through the services (an import of 50,000 positions would take
hours): the five seeds are imported first, and their unit names, titles, summaries and duty texts,
with the search words the importer computed for them, are the pools the synthetic rows draw from.
Each synthetic organisation has 101 units (a root, 4 centres, 16 departments, 80 sections) with
consistent nested-set fields, 10 positions a unit (the first is the head: the others report to it,
solid, and it reports to the head of the parent unit; every fifth position also has a dotted line
there), 10 items a position (8 duties, a requirement, a KPI) and 3 functions a unit.

Foreign-key triggers are off during COPY (the rows are consistent by construction) and the
secondary indexes of the large tables are dropped and built again afterwards, which is several
times faster than maintaining a GIN index row by row. The server here runs with autovacuum off,
so the builder ends with VACUUM ANALYZE: without it the planner sees empty tables and the
visibility map is empty (no index-only scans), and every figure would be wrong.
History tables are left empty (no history rows for synthetic items).
"""

import io
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "source"
STORE_VERSION = "bench store v1"


@dataclass(frozen=True)
class Shape:
    organisations: int
    centres: int = 4
    departments: int = 4  # per centre
    sections: int = 5  # per department
    positions: int = 10  # per unit
    duties: int = 10  # per position: 8 duties, 1 requirement, 1 KPI
    functions: int = 3  # per unit

    @property
    def units(self) -> int:
        per = 1 + self.centres * (1 + self.departments * (1 + self.sections))
        return self.organisations * per


SHAPES = {"S": Shape(0), "M": Shape(10), "L": Shape(50)}


def label(scale: str) -> str:
    return f"{STORE_VERSION} {scale}"


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    """COPY rows into table, in 50,000-row chunks so the buffer stays small."""
    names = ", ".join(f'"{c}"' for c in columns)
    count, buffer = 0, io.StringIO()

    def flush():
        buffer.seek(0)
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row))
        buffer.write("\n")
        count += 1
        if count % 50_000 == 0:
            flush()
    flush()
    return count


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the plain indexes of table: not the primary key, not constraints."""
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(x.indexrelid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        """,
        [table],
    )
    return cursor.fetchall()


def _pools(cursor) -> dict:
    cursor.execute("SELECT DISTINCT name FROM orgchart_unit WHERE parent_id IS NOT NULL ORDER BY name")
    unit_names = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT DISTINCT title, summary, search_words FROM roles_position ORDER BY 1, 2, 3")
    positions = cursor.fetchall()
    cursor.execute("SELECT DISTINCT text, original_text, search_words FROM duties_duty ORDER BY 1, 2, 3")
    duties = cursor.fetchall()
    return {"units": unit_names, "positions": positions, "duties": duties}


def add_synthetic(connection, shape: Shape, seed: int = 14) -> dict[str, int]:
    """Add ``shape.organisations`` organisations to the store behind ``connection`` (psycopg2)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    year = 365 * 24 * 3600

    def stamps():
        created = now - timedelta(seconds=rng.randrange(year))
        return created, created + (now - created) * rng.random()

    with connection.cursor() as cursor:
        pools = _pools(cursor)
        cursor.execute("SET session_replication_role = replica")  # no FK triggers during COPY
        # The app's statement timeout is for requests; index builds take longer.
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SELECT coalesce(max(tree_id), 0) FROM orgchart_unit")
        tree_id = cursor.fetchone()[0]
        unit_id = _next_id(cursor, "orgchart_unit")
        position_id = _next_id(cursor, "roles_position")
        line_id = _next_id(cursor, "roles_reportingline")
        duty_id = _next_id(cursor, "duties_duty")

        units, positions, lines, duties = [], [], [], []
        heads: dict[int, int] = {}  # unit id -> its head position

        def add_unit(name, kind, parent, level, order):
            nonlocal unit_id
            row = {
                "id": unit_id,
                "name": name,
                "kind": kind,
                "parent": parent,
                "level": level,
                "order": order,
            }
            unit_id += 1
            units.append(row)
            row["children"] = []
            if parent is not None:
                parent["children"].append(row)
            return row

        roots = []
        for o in range(shape.organisations):
            root = add_unit(f"示例集团{o + 1}", "organisation", None, 0, 0)
            roots.append(root)
            for c in range(shape.centres):
                centre = add_unit(f"{rng.choice(pools['units'])}中心{c + 1}", "centre", root, 1, c + 1)
                for d in range(shape.departments):
                    department = add_unit(
                        f"{rng.choice(pools['units'])}{d + 1}", "department", centre, 2, d + 1
                    )
                    for s in range(shape.sections):
                        add_unit(f"{rng.choice(pools['units'])}{s + 1}", "section", department, 3, s + 1)

        def number(node, counter):
            node["lft"] = counter
            counter += 1
            for child in node["children"]:
                counter = number(child, counter)
            node["rght"] = counter
            return counter + 1

        for root in roots:
            tree_id += 1
            root["tree_id"] = tree_id
            number(root, 1)
            stack = [root]
            while stack:
                node = stack.pop()
                node["tree_id"] = tree_id
                stack.extend(node["children"])

        kinds = ["responsibility"] * 8 + ["requirement", "kpi"]
        for unit in units:
            for f in range(shape.functions):
                text, original, words = rng.choice(pools["duties"])
                created, updated = stamps()
                duties.append(
                    (duty_id, None, "responsibility", f + 1, text, original, created, updated)
                    + (None, unit["id"], None, words, 1)
                )
                duty_id += 1
            for p in range(shape.positions):
                title, summary, words = rng.choice(pools["positions"])
                created, updated = stamps()
                positions.append(
                    (position_id, None, title, "", summary, "", rng.choice([None, 1, 2, 3]), True, 1)
                    + (created, updated, None, unit["id"], words)
                )
                if p == 0:
                    heads[unit["id"]] = position_id
                    parent = unit["parent"]
                    if parent is not None:
                        lines.append((line_id, position_id, heads[parent["id"]], "solid"))
                        line_id += 1
                else:
                    lines.append((line_id, position_id, heads[unit["id"]], "solid"))
                    line_id += 1
                    if p % 5 == 0 and unit["parent"] is not None:
                        lines.append((line_id, position_id, heads[unit["parent"]["id"]], "dotted"))
                        line_id += 1
                for k, kind in enumerate(kinds[: shape.duties]):
                    text, original, words = rng.choice(pools["duties"])
                    duties.append(
                        (duty_id, None, kind, k + 1, text, original, created, updated)
                        + (position_id, None, None, words, 1)
                    )
                    duty_id += 1
                position_id += 1

        dropped = []
        for table in ("orgchart_unit", "roles_position", "roles_reportingline", "duties_duty"):
            for name, definition in _secondary_indexes(cursor, table):
                cursor.execute(f'DROP INDEX "{name}"')
                dropped.append(definition)

        created, updated = stamps()
        _copy(
            cursor,
            "orgchart_unit",
            ["id", "name", "kind", "code", "sibling_order", "version", "created_at", "updated_at"]
            + ["lft", "rght", "tree_id", "level", "parent_id"],
            (
                (u["id"], u["name"], u["kind"], "", u["order"], 1, created, updated)
                + (u["lft"], u["rght"], u["tree_id"], u["level"], u["parent"]["id"] if u["parent"] else None)
                for u in units
            ),
        )
        _copy(
            cursor,
            "roles_position",
            [
                "id",
                "source_line",
                "title",
                "code",
                "summary",
                "authority",
                "headcount",
                "described",
                "version",
            ]
            + ["created_at", "updated_at", "source_document_id", "unit_id", "search_words"],
            positions,
        )
        _copy(
            cursor,
            "roles_reportingline",
            ["id", "subordinate_id", "superior_id", "kind", "version", "created_at", "updated_at"],
            (row + (1, created, updated) for row in lines),
        )
        _copy(
            cursor,
            "duties_duty",
            ["id", "source_line", "kind", "order", "text", "original_text", "created_at", "updated_at"]
            + ["position_id", "unit_id", "source_document_id", "search_words", "version"],
            duties,
        )
        for definition in dropped:
            cursor.execute(definition)
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in ("orgchart_unit", "roles_position", "roles_reportingline", "duties_duty"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    return {"units": len(units), "positions": len(positions), "lines": len(lines), "duties": len(duties)}


def vacuum_analyze(connection) -> None:
    """Statistics and visibility map (autovacuum may be off, and never ran on fresh rows)."""
    old = connection.autocommit
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("VACUUM ANALYZE")
    connection.autocommit = old


def _comment(cursor) -> str | None:
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
    )
    return cursor.fetchone()[0]


def ensure(scale: str, database: str, *, rebuild: bool = False) -> None:
    """Migrate; build the store of ``scale`` unless the database already holds it."""
    import time

    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection, transaction

    from core.groups import ensure_groups
    from orgchart.services import tree_problems

    call_command("migrate", "--no-input", verbosity=0)
    with connection.cursor() as cursor:
        if not rebuild and _comment(cursor) == label(scale):
            print(f"Reusing store {scale} in {database} (--rebuild builds it again).")
            return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{database}" IS NULL')
    call_command("flush", "--no-input", verbosity=0)
    ensure_groups(apps)
    call_command(
        "import_documents", *sorted(str(p) for p in SEEDS.glob("*.txt")), verbosity=0, stdout=io.StringIO()
    )
    seeded = time.perf_counter()
    with transaction.atomic():
        connection.ensure_connection()
        added = add_synthetic(connection.connection, SHAPES[scale])
    copied = time.perf_counter()
    vacuum_analyze(connection.connection)
    problems = tree_problems()
    assert problems == [], problems
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON DATABASE \"{database}\" IS '{label(scale)}'")
    print(
        f"Built store {scale} in {database}: seeds {seeded - started:.1f} s, synthetic rows {added} "
        f"{copied - seeded:.1f} s, VACUUM ANALYZE {time.perf_counter() - copied:.1f} s; check_tree clean."
    )


def describe() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM orgchart_unit), (SELECT count(*) FROM roles_position),"
            " (SELECT count(*) FROM roles_reportingline), (SELECT count(*) FROM duties_duty)"
        )
        units, positions, lines, duties = cursor.fetchone()
    return f"{units:,} units, {positions:,} positions, {lines:,} lines, {duties:,} duties"


def clients():
    """A manager (the pages and the API) and a superuser (the admin), logged in."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from core.groups import MANAGERS

    users = get_user_model()
    manager, _ = users.objects.get_or_create(username="bench-manager", defaults={"is_staff": True})
    manager.groups.add(Group.objects.get(name=MANAGERS))
    admin, _ = users.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    result = []
    for user in (manager, admin):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        result.append(client)
    return result
