"""A stored, GIN-indexed tsvector of search_words: ranking reads it instead of recomputing it per match."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0004_source_document_moved"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="position",
            name="position_search_words_gin",
        ),
        migrations.AddField(
            model_name="position",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("search_words", config="simple"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="position",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="position_search_vector_gin"
            ),
        ),
    ]
