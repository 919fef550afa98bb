"""Give imported root units the kind their name says (营销部职责 → department), as new imports do."""

from django.core.management.base import BaseCommand
from django.db import transaction

from importer.apply import root_kind
from orgchart.models import Unit
from orgchart.services import update_unit


class Command(BaseCommand):
    help = (
        "Retype imported root units still typed as organisations whose name names a department or "
        "centre. Units HR has edited since the import are left alone. Dry run unless --apply."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="write the changes")

    def handle(self, *args, apply=False, **options):
        roots = Unit.objects.filter(
            parent=None, kind=Unit.Kind.ORGANISATION, source_document__isnull=False
        ).order_by("tree_id")
        edited = set(
            Unit.history.filter(history_type="~", id__in=roots.values("pk")).values_list("id", flat=True)
        )
        changes = [
            (unit, root_kind(unit.name))
            for unit in roots
            if unit.pk not in edited and root_kind(unit.name) != unit.kind
        ]
        with transaction.atomic():
            for unit, kind in changes:
                self.stdout.write(f"{unit.pk} {unit.name}: {unit.kind} -> {kind}")
                if apply:
                    update_unit(unit, kind=kind)
        verb = "retyped" if apply else "would retype (use --apply)"
        self.stdout.write(f"{len(changes)} root unit(s) {verb}; {len(edited)} edited since import skipped.")
