"""Recompute every row's search words: the cutter changed from jieba to rjieba.

Same Chinese words on the seeds, but codes and numbers ('SC-003', '8.1.2') are now cut at
punctuation, so rows indexed before would miss those lexemes."""

from django.db import migrations

BATCH = 500


def refill(apps, schema_editor):
    from core.search import duty_words, position_words

    for model, fields, words in (
        (apps.get_model("duties", "Duty"), ("text", "original_text"), duty_words),
        (apps.get_model("roles", "Position"), ("title", "summary"), position_words),
    ):
        batch = []
        for row in model.objects.only("pk", "search_words", *fields).iterator(chunk_size=BATCH):
            fresh = words(*(getattr(row, f) for f in fields))
            if fresh != row.search_words:
                row.search_words = fresh
                batch.append(row)
            if len(batch) >= BATCH:
                model.objects.bulk_update(batch, ["search_words"])
                batch = []
        model.objects.bulk_update(batch, ["search_words"])


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0005_fill_search_words"),
    ]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
