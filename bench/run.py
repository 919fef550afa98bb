#!/usr/bin/env python
"""Benchmarks: prints a table of timings and query counts.

Without ``--scale``: writes, imports and a few reads against its own database (``orgchart_bench`` on
the same server as DATABASE_URL, or the embedded one), which it empties first, so it never touches
the development store. With ``--scale S|M|L``: builds (or reuses) the store of that size in
``orgchart_bench_<scale>`` and times every read path against its SQL lower bound; ``--load`` adds
a load run through gunicorn. Usage: ``make bench [SCALE=L] [LOAD=1]`` or
``DEBUG=1 .venv/bin/python bench/run.py [--scale L] [--load] [--repeat N]``.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=None, help="runs per read benchmark")
    parser.add_argument("--scale", choices=["S", "M", "L"], help="time every read on a store of this size")
    parser.add_argument("--database", help="database name for --scale (default orgchart_bench_<scale>)")
    parser.add_argument("--rebuild", action="store_true", help="build the --scale store even if it exists")
    parser.add_argument("--load", action="store_true", help="with --scale: also a load run through gunicorn")
    parser.add_argument("--no-export", action="store_true", help="with --scale: skip export_org")
    return parser.parse_args()


ARGS = parse_args()
DATABASE = ARGS.database or (f"orgchart_bench_{ARGS.scale.lower()}" if ARGS.scale else "orgchart_bench")


def bench_database_url(name: str = DATABASE) -> str:
    import dj_database_url
    import psycopg2

    from config.database import database_url

    url = database_url(prefer_local=True)
    config = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return base + (f"?{query}" if query else "")


os.environ["DATABASE_URL"] = bench_database_url()

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="Limit for query logging exceeded")

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROWS: list[tuple[str, str, str, str]] = []


def measure(label: str, func, repeat: int = 1, note: str = ""):
    timings, queries, result = [], 0, None
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = func()
            timings.append(time.perf_counter() - started)
        queries = len(captured)
    median = statistics.median(timings)
    if callable(note):
        note = note(result)
    # Django keeps at most 9,000 captured queries.
    shown = f"{queries}+" if queries >= 9000 else str(queries)
    ROWS.append((label, f"{median * 1000:,.1f}", shown, note))
    return result


def empty_store():
    call_command("flush", "--no-input", verbosity=0)
    from django.apps import apps

    from core.groups import ensure_groups

    ensure_groups(apps)


def print_table():
    headers = ("benchmark", "median ms", "queries", "note")
    widths = [max(len(str(row[i])) for row in [headers, *ROWS]) for i in range(4)]
    line = "  ".join("-" * w for w in widths)
    print(line)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(line)
    for row in ROWS:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print(line)


def scaled(args):
    from bench import reads, stores

    stores.ensure(args.scale, DATABASE, rebuild=args.rebuild)
    client, admin = stores.clients()
    rows = reads.run(args.repeat or 20, os.environ["DATABASE_URL"], client, admin, export=not args.no_export)
    reads.print_rows(f"Reads on store {args.scale} ({stores.describe()})", rows)
    if args.load:
        from bench import load

        load.run_and_print(os.environ["DATABASE_URL"])


def main():
    args = ARGS
    if args.scale:
        scaled(args)
        return
    args.repeat = args.repeat or 5
    call_command("migrate", "--no-input", verbosity=0)
    empty_store()

    from bench import analysis, scenarios

    for scenario in scenarios.ALL + analysis.ALL:
        scenario(measure, empty_store, args.repeat)
    print_table()


if __name__ == "__main__":
    main()
