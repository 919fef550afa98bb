from django.core.management.base import BaseCommand

from jobdescriptions.services import publish_first_versions


class Command(BaseCommand):
    help = "Publish v1 of every position without a version, as it stands (after a first import)."

    def handle(self, *args, **options):
        count = publish_first_versions()
        self.stdout.write(f"Published v1 of {count} positions.")
