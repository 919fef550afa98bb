"""API request budgets live in one cache shared by every worker process, not in each process's memory."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from integrations.services import create_api_client

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_entries"}
}
# One worker: a few reads with the token, the status codes printed as JSON.
WORKER = """
import json, sys
import django
django.setup()
from django.test import Client
raw, count = sys.argv[1], int(sys.argv[2])
client = Client(HTTP_HOST="localhost")
print(json.dumps([client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code
                  for _ in range(count)]))
"""


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.3):
            return True
    except OSError:
        return False


def worker(raw: str, count: int, **env) -> list[int]:
    """Another Python process with the production settings, on the test database."""
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        **env,
    }
    if "REDIS_URL" not in env:
        environment.pop("REDIS_URL", None)  # the default needs no Redis
    done = subprocess.run(
        [sys.executable, "-c", WORKER, raw, str(count)],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "env",
    [
        pytest.param({}, id="postgresql"),
        pytest.param(
            {"REDIS_URL": "redis://127.0.0.1:6379/15"},
            id="redis",
            marks=pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379"),
        ),
    ],
)
def test_two_worker_processes_spend_one_clients_budget(env):
    with override_settings(CACHES=PRODUCTION_CACHE):  # the tests themselves keep theirs in memory
        call_command("createcachetable")
    if "REDIS_URL" in env:
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # budgets left by an earlier run
    _, raw = create_api_client(name="ERP", rate="4/minute")

    first = worker(raw, 3, **env)
    second = worker(raw, 3, **env)

    assert first == [200, 200, 200]
    assert second == [200, 429, 429]
