"""Print the whole store as JSON (shape documented in README)."""

from django.core.management.base import BaseCommand

from importer.orgjson import export_json


class Command(BaseCommand):
    help = "Print the organisation, positions, duties and workflows as JSON."

    def handle(self, *args, **options):
        self.stdout.write(export_json())
