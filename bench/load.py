"""A bounded load run: gunicorn (2 workers) on the bench store, 16 clients, a read mix with search.

The server runs as in production (DEBUG off) on a free local port; the clients are threads of this
process holding a manager's session, each sending the next request as soon as the last one is
answered, for a fixed time. Prints requests per second, p50/p99 and the errors.
"""

import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
CLIENTS = 16
SECONDS = 30
ID_OR_QUERY = re.compile(r"(?<=/)\d+(?=/)|(?<=[=/])\d+$|q=[^&]*")  # paths grouped without their ids


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _mix() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM roles_position WHERE described ORDER BY random() LIMIT 200")
        positions = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT id FROM orgchart_unit WHERE level = 2 ORDER BY random() LIMIT 50")
        departments = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT id FROM orgchart_unit WHERE parent_id IS NULL ORDER BY random() LIMIT 20")
        roots = [r[0] for r in cursor.fetchall()]
    words = ["销售", "客户", "投诉", "安全", "质量", "财务", "培训", "合同"]
    rng = random.Random(14)
    urls = []
    for _ in range(400):
        urls += [
            f"/api/v1/positions/{rng.choice(positions)}/",
            f"/positions/{rng.choice(positions)}/",
            f"/api/v1/duties/?q={quote(rng.choice(words))}",
            f"/api/v1/positions/?q={quote(rng.choice(['经理', '主管', '专员']))}",
            f"/org/units/{rng.choice(departments)}/",
            f"/org/units/{rng.choice(departments)}/chart.json?descendants=1",
            f"/api/v1/units/{rng.choice(roots)}/subtree/",
            "/api/v1/positions/",
        ]
    rng.shuffle(urls)
    return urls


def _session_cookie() -> str:
    from bench.stores import clients

    manager, _ = clients()
    return f"sessionid={manager.cookies['sessionid'].value}"


def run(database_url: str, seconds: int = SECONDS) -> dict:
    from django.conf import settings

    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY,  # the session made here must verify there
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        API_RATE="1000000/minute",  # the load is one client: the throttle would answer 429s
    )
    # DEBUG off serves the files of the static manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        cookie = _session_cookie()
        urls = _mix()
        deadline = time.monotonic() + 30
        while True:  # wait for the workers
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/accounts/login/")
                conn.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        for url in set(urls[:50]):  # warm both workers up
            _get(port, url, cookie)
        timings, errors, lock, kinds = [], [], threading.Lock(), {}
        stop = time.monotonic() + seconds

        def client(offset: int):
            index = offset
            while time.monotonic() < stop:
                url = urls[index % len(urls)]
                index += CLIENTS
                started = time.perf_counter()
                status = _get(port, url, cookie)
                elapsed = time.perf_counter() - started
                with lock:
                    timings.append(elapsed)
                    kinds.setdefault(ID_OR_QUERY.sub("…", url), []).append(elapsed)
                    if status != 200:
                        errors.append((status, url))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(timings)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / wall,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000,
        "errors": errors,
        "slowest": sorted(((statistics.median(t) * 1000, k) for k, t in kinds.items()), reverse=True)[:4],
    }


def _get(port: int, url: str, cookie: str) -> int:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status
    except OSError:
        return 0


def run_and_print(database_url: str, seconds: int = SECONDS) -> None:
    result = run(database_url, seconds)
    errors = result["errors"]
    print(
        f"\nLoad run: gunicorn {WORKERS} workers, {CLIENTS} clients, {seconds} s, read mix with search: "
        f"{result['requests']:,} requests, {result['rps']:.1f} req/s, p50 {result['p50']:.0f} ms, "
        f"p99 {result['p99']:.0f} ms, {len(errors)} errors" + (f" (first: {errors[0]})" if errors else "")
    )
    print("  slowest paths by median: " + ", ".join(f"{path} {ms:.0f} ms" for ms, path in result["slowest"]))
