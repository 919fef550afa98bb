from django.core.management import call_command
from django.core.management.base import BaseCommand

from orgchart.models import Unit
from sources.models import SourceDocument


class Command(BaseCommand):
    help = "Import the shipped source documents when the store is empty (used by `make run`)."

    def handle(self, *args, **options):
        if Unit.objects.exists() or SourceDocument.objects.exists():
            self.stdout.write("Store already has data; not seeding.")
            return
        call_command("import_documents", stdout=self.stdout)
        # The shipped documents are the first published version of every job description.
        call_command("publish_first_versions", stdout=self.stdout)
