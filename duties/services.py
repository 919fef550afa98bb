"""Plain functions for importing and exporting job-responsibility documents."""

from duties.importer.apply import import_text, preview
from duties.importer.report import ImportReport


def preview_document(name: str, text: str):
    """Parse a document and report what an import would create; writes nothing."""
    return preview(name, text)


def import_document(name: str, text: str) -> ImportReport:
    """Import (or re-import) one document atomically and return its report."""
    return import_text(name, text)
