"""Seed or refresh the store from job-responsibility documents (.txt, .docx or an export .json)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importer.apply import import_text
from importer.files import read_document
from importer.orgjson import import_org

DEFAULT_DIR = Path(settings.BASE_DIR) / "fixtures" / "source"


class Command(BaseCommand):
    help = "Import source documents (default: the shipped seeds in fixtures/source/) and print a report."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help=".txt/.docx documents, or an export_org .json file")

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]] or sorted(DEFAULT_DIR.glob("*.txt"))
        started = time.monotonic()
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            if path.suffix.lower() == ".json":
                counts = import_org(path.read_text(encoding="utf-8"))
                self.stdout.write(f"== {path.name} (export JSON) {counts}")
                continue
            try:
                text = read_document(path.name, path.read_bytes())
            except ValueError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            self.stdout.write(import_text(path.name, text).as_text())
        self.stdout.write(f"Done in {time.monotonic() - started:.2f}s.")
