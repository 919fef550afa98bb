"""Recompute the search words of duties and positions (after a bulk change made outside the app)."""

from django.core.management.base import BaseCommand

from duties.services import reindex_search


class Command(BaseCommand):
    help = "Fill the search words of duties and positions; --all recomputes every row."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recompute every row, not only empty ones")

    def handle(self, *args, **options):
        counts = reindex_search(everything=options["all"])
        self.stdout.write(", ".join(f"{name}: {n} updated" for name, n in counts.items()))
