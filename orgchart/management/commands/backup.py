from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import backup


class Command(BaseCommand):
    help = (
        "Write a full backup of the store (pg_dump, custom format): every table, source-document text, "
        "incumbents, history, users and API clients. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="default: var/backups/orgchart-<time>.dump")
        parser.add_argument("--database-url", help="back up this database instead of the configured one")

    def handle(self, *args, file=None, database_url=None, **options):
        target = Path(file) if file else backup.default_target()
        try:
            written = backup.backup(backup.dsn(database_url), target)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written} ({size:,} bytes)."))
