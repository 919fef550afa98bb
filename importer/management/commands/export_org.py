"""Print the whole store as JSON (shape documented in README)."""

from django.core.management.base import BaseCommand

from importer.orgjson import export_chunks


class Command(BaseCommand):
    help = "Print the organisation, positions, duties and workflows as JSON."

    def handle(self, *args, **options):
        # Written piece by piece: memory stays flat whatever the size of the store.
        for piece in export_chunks():
            self.stdout.write(piece, ending="")
        self.stdout.write("")
