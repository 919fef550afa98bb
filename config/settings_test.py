"""Test overrides: always PostgreSQL, the local server when it answers."""

import os

os.environ.setdefault("DEBUG", "1")

import dj_database_url  # noqa: E402

from config.database import database_url  # noqa: E402
from config.settings import *  # noqa: E402,F403

DATABASES = {"default": dj_database_url.parse(database_url(prefer_local=True))}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
