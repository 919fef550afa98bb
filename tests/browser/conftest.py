"""Real headless Chromium (Debian's) driven by Playwright against the live test server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures in the same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if not path:
        pytest.fail("Debian chromium is not installed; `make test` installs it (make browser).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Call ``screenshot("name")`` to keep a PNG under var/artifacts/screenshots/."""

    def take(name: str, **options) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(target), full_page=True, **options)
        return target

    return take


@pytest.fixture
def log_in_through_form(page):
    """Log ``user`` in through the real login form (password as given to the factory)."""

    def do(username: str, password: str, next_url: str = "/org/"):
        page.goto(f"/accounts/login/?next={next_url}")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form[action$='/accounts/login/'] button[type=submit]")
        page.wait_for_load_state("networkidle")

    return do


@pytest.fixture
def log_in(page, live_server):
    """Start ``user``'s session on the server and hand its cookie to the browser, then open ``next_url``.

    The login form itself is the subject of test_login.py (``log_in_through_form``); elsewhere it costs
    two page loads per test. The password is still checked, so a test cannot log in with a wrong one.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    def do(username: str, password: str, next_url: str = "/org/"):
        user = get_user_model().objects.get(username=username)
        assert user.is_active and user.check_password(password), f"{username} cannot log in with {password!r}"
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page.goto(next_url)
        page.wait_for_load_state("networkidle")

    return do
