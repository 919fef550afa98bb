from django.core.management.base import BaseCommand, CommandError

from orgchart.services import rebuild_tree, tree_problems


class Command(BaseCommand):
    help = "Check the unit tree's nested-set fields; --fix rebuilds them from parent links."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="rebuild the tree if it is invalid")

    def handle(self, *args, fix=False, **options):
        problems = tree_problems()
        if not problems:
            self.stdout.write(self.style.SUCCESS("Unit tree is valid."))
            return
        for problem in problems:
            self.stdout.write(self.style.WARNING(problem))
        if not fix:
            raise CommandError("Unit tree is invalid; run with --fix to rebuild it.")
        rebuild_tree()
        remaining = tree_problems()
        if remaining:
            raise CommandError("Rebuild did not repair the tree: " + "; ".join(remaining))
        self.stdout.write(self.style.SUCCESS("Unit tree rebuilt and now valid."))
