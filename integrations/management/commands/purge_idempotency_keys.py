"""Delete Idempotency-Key records past their 24 hours (writes purge only their own caller's)."""

from django.core.management.base import BaseCommand

from integrations.middleware import purge_expired


class Command(BaseCommand):
    help = "Delete expired Idempotency-Key records of API writes."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_expired()} expired idempotency keys deleted.")
