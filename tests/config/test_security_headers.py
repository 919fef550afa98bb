"""Response headers: a Content-Security-Policy without inline code, a Permissions-Policy, nothing signed-in
kept by caches, and no browsable API in production."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from integrations.services import create_api_client
from tests.api.http import bearer
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_pages_carry_a_policy_without_inline_code_and_without_browser_features(client):
    response = client.get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_docx_and_api_data_are_not_kept_by_caches(client, manager):
    position = PositionFactory(title="出纳")
    _, raw = create_api_client(name="BI")
    assert no_store(client.get(f"/api/v1/positions/{position.pk}/", **bearer(raw)))

    client.force_login(manager)

    assert no_store(client.get("/org/"))
    assert no_store(client.get(f"/positions/{position.pk}/"))
    docx = client.get(f"/positions/{position.pk}/docx/")
    assert docx.status_code == 200
    assert no_store(docx)
    assert no_store(client.get("/api/v1/units/"))


def test_production_answers_the_api_in_json_only():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "config.settings"}
    script = "from django.conf import settings; import json; print(json.dumps(settings.REST_FRAMEWORK))"
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rest = json.loads(done.stdout.strip().splitlines()[-1])
    assert rest["DEFAULT_RENDERER_CLASSES"] == ["rest_framework.renderers.JSONRenderer"]


def test_development_keeps_the_browsable_api(client, manager):
    client.force_login(manager)
    assert client.get("/api/v1/units/", HTTP_ACCEPT="text/html")["Content-Type"].startswith("text/html")
