from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import backup


class Command(BaseCommand):
    help = (
        "Load a backup made by `manage.py backup` in one transaction. The target must be empty unless "
        "--replace is given; on any error nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by `manage.py backup`")
        parser.add_argument("--database-url", help="restore into this database instead of the configured one")
        parser.add_argument(
            "--replace", action="store_true", help="drop what the target holds and replace it with the backup"
        )

    def handle(self, *args, file, database_url=None, replace=False, **options):
        source = Path(file)
        try:
            backup.restore(backup.dsn(database_url), source, replace=replace)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {source}."))
