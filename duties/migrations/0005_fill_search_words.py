"""Fill the search words of rows that existed before the tsvector index."""

from django.db import migrations

BATCH = 500


def fill(apps, schema_editor):
    from core.search import duty_words, position_words

    for model, fields, words in (
        (apps.get_model("duties", "Duty"), ("text", "original_text"), duty_words),
        (apps.get_model("roles", "Position"), ("title", "summary"), position_words),
    ):
        batch = []
        for row in model.objects.filter(search_words="").only("pk", *fields).iterator(chunk_size=BATCH):
            row.search_words = words(*(getattr(row, f) for f in fields))
            batch.append(row)
            if len(batch) >= BATCH:
                model.objects.bulk_update(batch, ["search_words"])
                batch = []
        model.objects.bulk_update(batch, ["search_words"])


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0004_versions_and_search_words"),
        ("roles", "0003_versions_and_search_words"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
