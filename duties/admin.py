from django.contrib import admin  # noqa: F401

# The source-document upload (preview, then confirm) lives in its own module.
from duties import upload_admin  # noqa: F401,E402
