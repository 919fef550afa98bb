"""Every read path on a built store: p50/p95, queries, and the ratio to hand-written SQL for the same rows.

The SQL lower bound of a read is one round trip (one or several statements) that fetches the rows
the read shows, with the best plan the schema allows (the stored search vector when there is one).
For a small page the ratio is dominated by fixed costs (middleware, session, template or
serializer), which no query change removes; the absolute p50 is then what matters.
"""

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    label: str
    p50: float
    p95: float
    queries: int
    sql_p50: float | None
    note: str = ""

    @property
    def ratio(self) -> str:
        if not self.sql_p50:
            return "-"
        return f"{self.p50 / self.sql_p50:.1f}x"


def _percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(func, repeat: int, warmup: int = 1) -> tuple[float, float, int]:
    for _ in range(warmup):
        func()
    timings, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            func()
            timings.append(time.perf_counter() - started)
        queries = len(captured)
    return (*_percentiles(timings), queries)


def sql_timed(sql: str, params, repeat: int) -> float:
    def run():
        with connection.cursor() as cursor:
            # Several statements run in one round trip; libpq keeps the last result only.
            cursor.execute(sql, params)
            cursor.fetchall()

    run()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def _has_column(table: str, column: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [table, column],
        )
        return cursor.fetchone() is not None


def duty_vector() -> str:
    if _has_column("duties_duty", "search_vector"):
        return "d.search_vector"
    return "to_tsvector('simple'::regconfig, coalesce(d.search_words, ''))"


def position_vector() -> str:
    if _has_column("roles_position", "search_vector"):
        return "p.search_vector"
    return "to_tsvector('simple'::regconfig, coalesce(p.search_words, ''))"


POSITION_PAGE = """
SELECT p.*, {total} AS total,
  (SELECT array_agg(a.name ORDER BY a.lft) FROM orgchart_unit u JOIN orgchart_unit a
     ON a.tree_id = u.tree_id AND a.lft <= u.lft AND a.rght >= u.rght WHERE u.id = p.unit_id) AS path,
  (SELECT json_agg(json_build_object('id', s.id, 'title', s.title, 'unit', s.unit_id, 'unit_name', su.name))
     FROM roles_reportingline l JOIN roles_position s ON s.id = l.superior_id
     JOIN orgchart_unit su ON su.id = s.unit_id WHERE l.subordinate_id = p.id) AS superiors,
  (SELECT json_agg(json_build_object('id', s.id, 'title', s.title, 'unit', s.unit_id, 'unit_name', su.name))
     FROM roles_reportingline l JOIN roles_position s ON s.id = l.subordinate_id
     JOIN orgchart_unit su ON su.id = s.unit_id WHERE l.superior_id = p.id) AS subordinates,
  (SELECT json_agg(json_build_object('id', d.id, 'kind', d.kind, 'order', d."order", 'text', d.text,
     'original', d.original_text, 'line', d.source_line) ORDER BY d.kind, d."order", d.id)
     FROM duties_duty d WHERE d.position_id = p.id) AS duties
FROM (SELECT p.* FROM roles_position p {where} ORDER BY {order} LIMIT {limit}) p
"""


def position_page(where="", order="p.unit_id, p.title, p.id", limit=50, total="NULL") -> str:
    return POSITION_PAGE.format(where=where, order=order, limit=limit, total=total)


def pick(cursor_sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(cursor_sql, params)
        return cursor.fetchone()


def read_paths(client: Client, admin: Client) -> list[tuple]:
    """(label, callable, sql, params) for every read path, on ids chosen from the store."""
    from core.search import parse_query

    root = pick(
        "SELECT id, tree_id, lft, rght FROM orgchart_unit WHERE parent_id IS NULL"
        " ORDER BY rght DESC, id LIMIT 1"
    )
    root_id, tree_id, lft, rght = root
    # A described position deep in the tree: the longest chain of command above it.
    deep = pick(
        "SELECT p.id FROM roles_position p JOIN orgchart_unit u ON u.id = p.unit_id "
        "WHERE p.described ORDER BY u.level DESC, p.id DESC LIMIT 1"
    )[0]
    # A position of another organisation: a line from it to ``deep`` is allowed, so the check
    # walks every line above ``deep``.
    top = pick(
        "SELECT p.id FROM roles_position p JOIN orgchart_unit u ON u.id = p.unit_id WHERE u.tree_id <>"
        " (SELECT u.tree_id FROM roles_position p JOIN orgchart_unit u ON u.id = p.unit_id WHERE p.id = %s)"
        " ORDER BY u.level, p.id LIMIT 1",
        [deep],
    )[0]
    department = pick("SELECT id FROM orgchart_unit WHERE level = 2 ORDER BY id DESC LIMIT 1")[0]
    unit_sql = (
        "SELECT u.*, (SELECT count(*) FROM roles_position p WHERE p.unit_id = u.id),"
        " (SELECT count(*) FROM roles_position p JOIN orgchart_unit x ON x.id = p.unit_id"
        "  WHERE x.tree_id = u.tree_id AND x.lft >= u.lft AND x.lft < u.rght)"
        " FROM orgchart_unit u WHERE u.id = %s OR u.parent_id = %s;"
        "SELECT a.* FROM orgchart_unit u JOIN orgchart_unit a ON a.tree_id = u.tree_id AND a.lft <= u.lft"
        " AND a.rght >= u.rght WHERE u.id = %s ORDER BY a.lft;"
        'SELECT * FROM duties_duty WHERE unit_id = %s ORDER BY kind, "order", id;'
        "SELECT * FROM roles_position WHERE unit_id = %s ORDER BY title, id;"
    )
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    common = "销售"
    must, rank = parse_query(common)
    title_must, title_rank = parse_query("经理")
    dv, pv = duty_vector(), position_vector()

    def get(url, who=None):
        who = who or client

        def fetch():
            response = who.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)

        return fetch

    duty_cols = 'd.id, d.position_id, d.unit_id, d.kind, d."order", d.text, d.original_text, d.version, '
    duty_cols += "d.source_line, d.created_at, d.updated_at"
    unit_page = (
        "SELECT u.*, (SELECT count(*) FROM orgchart_unit) FROM orgchart_unit u ORDER BY tree_id, lft LIMIT 50"
    )
    search_sql = (
        f"SELECT {duty_cols}, (SELECT count(*) FROM duties_duty d WHERE {dv} @@ to_tsquery('simple', %s)) "
        f"FROM duties_duty d WHERE {dv} @@ to_tsquery('simple', %s) "
        f"ORDER BY ts_rank({dv}, to_tsquery('simple', %s)) DESC, d.id LIMIT 50"
    )
    roots_sql = (
        "SELECT u.*, (SELECT count(*) FROM roles_position p WHERE p.unit_id = u.id),"
        " (SELECT count(*) FROM roles_position p JOIN orgchart_unit x ON x.id = p.unit_id"
        "  WHERE x.tree_id = u.tree_id AND x.lft >= u.lft AND x.lft < u.rght)"
        " FROM orgchart_unit u WHERE u.parent_id IS NULL ORDER BY u.tree_id;"
    )
    hits_sql = (
        "SELECT * FROM orgchart_unit WHERE name ILIKE '%%经理%%' ORDER BY tree_id, lft LIMIT 51;"
        "SELECT p.*, u.* FROM roles_position p JOIN orgchart_unit u ON u.id = p.unit_id"
        " WHERE p.title ILIKE '%%经理%%' ORDER BY u.tree_id, u.lft, p.title, p.id LIMIT 51;"
    )
    chart_sql = (
        "SELECT id, name, parent_id FROM orgchart_unit WHERE tree_id = %(t)s AND lft >= %(l)s AND lft < %(r)s"
        " ORDER BY lft;"
        "SELECT p.id, p.title, p.unit_id, p.headcount FROM roles_position p"
        " JOIN orgchart_unit u ON u.id = p.unit_id"
        " WHERE u.tree_id = %(t)s AND u.lft >= %(l)s AND u.lft < %(r)s ORDER BY u.lft, p.title, p.id;"
        "WITH ps AS (SELECT p.id FROM roles_position p JOIN orgchart_unit u ON u.id = p.unit_id"
        "  WHERE u.tree_id = %(t)s AND u.lft >= %(l)s AND u.lft < %(r)s)"
        " SELECT l.*, sp.title, spu.name, bp.title, bpu.name FROM roles_reportingline l"
        " JOIN roles_position sp ON sp.id = l.superior_id JOIN orgchart_unit spu ON spu.id = sp.unit_id"
        " JOIN roles_position bp ON bp.id = l.subordinate_id JOIN orgchart_unit bpu ON bpu.id = bp.unit_id"
        " WHERE l.subordinate_id IN (SELECT id FROM ps) OR l.superior_id IN (SELECT id FROM ps);"
    )
    chain_sql = """
        WITH RECURSIVE up(id, depth) AS (
            SELECT (SELECT superior_id FROM roles_reportingline
                    WHERE subordinate_id = %s AND kind = 'solid' ORDER BY id LIMIT 1), 1
            UNION ALL
            SELECT (SELECT superior_id FROM roles_reportingline
                    WHERE subordinate_id = up.id AND kind = 'solid' ORDER BY id LIMIT 1), depth + 1
            FROM up WHERE up.id IS NOT NULL AND depth < 100)
        SELECT p.id, p.title, p.unit_id FROM up JOIN roles_position p ON p.id = up.id ORDER BY depth"""
    admin_units = (
        "SELECT * FROM orgchart_unit ORDER BY tree_id, lft LIMIT 100; SELECT count(*) FROM orgchart_unit;"
    )
    admin_positions = (
        "SELECT p.*, u.* FROM roles_position p JOIN orgchart_unit u ON u.id = p.unit_id"
        " ORDER BY p.unit_id, p.title, p.id DESC LIMIT 100; SELECT count(*) FROM roles_position;"
    )
    admin_duties = (
        "SELECT d.*, p.*, u.* FROM duties_duty d LEFT JOIN roles_position p ON p.id = d.position_id"
        " LEFT JOIN orgchart_unit u ON u.id = d.unit_id"
        ' ORDER BY d.position_id, d.kind, d."order", d.id DESC LIMIT 100; SELECT count(*) FROM duties_duty;'
    )
    sync_duties = (
        f"SELECT {duty_cols}, (SELECT count(*) FROM duties_duty WHERE updated_at >= %s) FROM duties_duty d"
        " WHERE d.updated_at >= %s ORDER BY d.updated_at, d.id LIMIT 50"
    )
    return [
        ("api: units list", get("/api/v1/units/"), unit_page, []),
        (
            "api: unit detail",
            get(f"/api/v1/units/{root_id}/"),
            "SELECT * FROM orgchart_unit WHERE id = %s",
            [root_id],
        ),
        (
            "api: unit subtree (largest organisation)",
            get(f"/api/v1/units/{root_id}/subtree/"),
            "SELECT id, name, kind, code, parent_id FROM orgchart_unit WHERE tree_id = %s AND lft >= %s"
            " AND lft < %s ORDER BY lft",
            [tree_id, lft, rght],
        ),
        (
            "api: positions list",
            get("/api/v1/positions/"),
            position_page(total="(SELECT count(*) FROM roles_position)"),
            [],
        ),
        (
            "api: position detail",
            get(f"/api/v1/positions/{deep}/"),
            position_page(where=f"WHERE p.id = {deep}"),
            [],
        ),
        ("api: position chain", get(f"/api/v1/positions/{deep}/chain/"), chain_sql, [deep]),
        (
            f"api: duty search ?q={common} (top 50 by rank)",
            get(f"/api/v1/duties/?q={common}"),
            search_sql,
            [must, must, rank],
        ),
        (
            "api: position search ?q=经理",
            get("/api/v1/positions/?q=经理"),
            position_page(
                where=f"WHERE {pv} @@ to_tsquery('simple', %s)",
                order=f"ts_rank({pv}, to_tsquery('simple', %s)) DESC, p.id",
                total=f"(SELECT count(*) FROM roles_position p WHERE {pv} @@ to_tsquery('simple', %s))",
            ),
            [title_must, title_must, title_rank],
        ),
        (
            "api: duties sync ?updated_since=1 day",
            get(f"/api/v1/duties/?updated_since={quote(since)}"),
            sync_duties,
            [since, since],
        ),
        (
            "api: positions sync ?updated_since=1 day",
            get(f"/api/v1/positions/?updated_since={quote(since)}"),
            position_page(
                where="WHERE p.updated_at >= %s",
                order="p.updated_at, p.id",
                total="(SELECT count(*) FROM roles_position WHERE updated_at >= %s)",
            ),
            [since, since],
        ),
        ("page: /org/", get("/org/"), roots_sql, []),
        ("page: /org/?q=经理 (search page)", get("/org/?q=经理"), roots_sql + hits_sql, []),
        (
            "page: chart data, organisation with sub-units",
            get(f"/org/units/{root_id}/chart.json?descendants=1"),
            chart_sql,
            {"t": tree_id, "l": lft, "r": rght},
        ),
        ("page: unit (a department)", get(f"/org/units/{department}/"), unit_sql, [department] * 5),
        (
            "page: job description",
            get(f"/positions/{deep}/"),
            position_page(where=f"WHERE p.id = {deep}"),
            [],
        ),
        (
            "docx: job description",
            get(f"/positions/{deep}/docx/"),
            position_page(where=f"WHERE p.id = {deep}"),
            [],
        ),
        ("admin: units changelist", get("/admin/orgchart/unit/", admin), admin_units, []),
        ("admin: positions changelist", get("/admin/roles/position/", admin), admin_positions, []),
        ("admin: duties changelist", get("/admin/duties/duty/", admin), admin_duties, []),
    ], (deep, top)


def cycle_check(deep: int, top: int, repeat: int) -> Row:
    """May ``top`` report to ``deep``? The check walks every line above ``deep``, then seeks a duplicate."""
    from roles.services import validate_reporting_line

    def check():
        validate_reporting_line(top, deep)

    p50, p95, queries = timed(check, repeat)
    from roles import services

    sql = getattr(services, "REACHES_SQL", None)
    lower = None
    if sql:
        lower = sql_timed(sql, {"position": deep, "target": top, "ignoring": None}, repeat)
    return Row("service: reporting-line cycle check (deepest position)", p50, p95, queries, lower)


EXPORT_SQL = """
SELECT id, parent_id, name, kind, sibling_order, source_document_id, source_line FROM orgchart_unit;
SELECT id, unit_id, title, described, summary, authority, headcount, source_document_id, source_line
  FROM roles_position;
SELECT subordinate_id, superior_id, kind FROM roles_reportingline ORDER BY id;
SELECT id, position_id, unit_id, kind, "order", text, original_text, source_document_id, source_line
  FROM duties_duty ORDER BY kind, "order", id;
SELECT * FROM duties_workflow; SELECT * FROM duties_workflowstep;
"""


def export_org(database_url: str) -> Row:
    """export_org in a child process: wall time and peak RSS (GNU time); SQL: every row it reads."""
    env = dict(os.environ, DATABASE_URL=database_url, DEBUG="0", SECRET_KEY="bench")
    command = ["/usr/bin/time", "-f", "%e %M", sys.executable, str(ROOT / "manage.py"), "export_org"]
    with open(os.devnull, "wb") as sink:
        done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, env=env, check=True)
    seconds, kilobytes = done.stderr.decode().strip().splitlines()[-1].split()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(sum(pg_column_size(d.*))) FROM duties_duty d")
        size = cursor.fetchone()[0]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in filter(str.strip, EXPORT_SQL.split(";")):
            cursor.execute(statement)
            cursor.fetchall()
    lower = (time.perf_counter() - started) * 1000
    ms = float(seconds) * 1000
    note = f"peak RSS {int(kilobytes) / 1024:,.0f} MB (duty rows {size})"
    return Row("command: export_org (one run)", ms, ms, 0, lower, note)


def run(repeat: int, database_url: str, client: Client, admin: Client, export: bool = True) -> list[Row]:
    rows = []
    paths, (deep, top) = read_paths(client, admin)
    for label, func, sql, params in paths:
        p50, p95, queries = timed(func, repeat)
        lower = sql_timed(sql, params, repeat) if sql else None
        rows.append(Row(label, p50, p95, queries, lower))
    rows.append(cycle_check(deep, top, repeat))
    if export:
        rows.append(export_org(database_url))
    return rows


def print_rows(title: str, rows: list[Row]) -> None:
    headers = ("read", "p50 ms", "p95 ms", "queries", "SQL ms", "ratio", "note")
    table = [
        (
            r.label,
            f"{r.p50:,.1f}",
            f"{r.p95:,.1f}",
            str(r.queries),
            f"{r.sql_p50:,.1f}" if r.sql_p50 else "-",
            r.ratio,
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in [headers, *table]) for i in range(len(headers))]
    line = "  ".join("-" * w for w in widths)
    print(f"\n{title}")
    print(line)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(line)
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(line)
