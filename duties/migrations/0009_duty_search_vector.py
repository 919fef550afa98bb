"""A stored, GIN-indexed tsvector of search_words: ranking reads it instead of recomputing it per match."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0008_duty_order_from_one"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="duty",
            name="duty_search_words_gin",
        ),
        migrations.AddField(
            model_name="duty",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("search_words", config="simple"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="duty",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="duty_search_vector_gin"
            ),
        ),
    ]
