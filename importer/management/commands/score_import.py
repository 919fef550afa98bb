"""Print how well the importer reads the corpus and the seeds, per document and overall."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from importer.scoring import score_folder

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FOLDERS = {"corpus": FIXTURES / "corpus", "seeds": FIXTURES / "source"}
RECORDED = FIXTURES / "corpus" / "recorded_scores.json"
COLUMNS = ("recall", "precision", "duty_counts", "first_duty", "superiors", "units")


class Command(BaseCommand):
    help = "Parse the corpus and the seeds and compare with their expectations files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--details", action="store_true", help="list missed, extra and miscounted positions"
        )
        parser.add_argument(
            "--record", action="store_true", help=f"write the overall figures to {RECORDED.name}"
        )

    def handle(self, *args, **options):
        header = f"{'document':<44} {'exp':>4} {'found':>5} {'match':>5} " + " ".join(
            f"{c[:9]:>9}" for c in COLUMNS
        )
        overall = {}
        for label, folder in FOLDERS.items():
            scores, total = score_folder(folder)
            self.stdout.write(header)
            for score in [*scores, total]:
                name = f"== {label} (all)" if score is total else score.document
                figures = score.figures()
                self.stdout.write(
                    f"{name[:44]:<44} {score.expected:>4} {score.found:>5} {score.matched:>5} "
                    + " ".join(f"{figures[c]:>9.3f}" for c in COLUMNS)
                )
                if options["details"] and score is not total:
                    for what in ("missed", "extra", "wrong_counts"):
                        if getattr(score, what):
                            self.stdout.write(f"    {what}: {', '.join(getattr(score, what))}")
            self.stdout.write("")
            overall[label] = total.figures()
        if options["record"]:
            RECORDED.write_text(json.dumps(overall, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            self.stdout.write(f"Recorded in {RECORDED}")
