"""Test overrides: always PostgreSQL, the local server when it answers."""

import os

from config.database import database_url

os.environ.setdefault("DEBUG", "1")
# Decided before the main settings load, so the embedded server starts only when needed.
os.environ.setdefault("DATABASE_URL", database_url(prefer_local=True))

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Tests count each request's queries on the default connection, and test cases may only use the
# databases they declare: the cache stays in memory here. In production it has a connection of its own
# (or Redis); tests/config/test_shared_cache.py runs that one in two worker processes.
DATABASES.pop("cache", None)  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests wait on no disk flush at each commit (transactional and browser tests commit often); a crash
# loses only test data.
DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
DATABASES["default"]["OPTIONS"]["options"] = (  # noqa: F405
    f"{DATABASES['default']['OPTIONS'].get('options', '')} -c synchronous_commit=off".strip()  # noqa: F405
)
