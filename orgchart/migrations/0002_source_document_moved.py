"""Provenance now points at sources.SourceDocument (moved from duties, same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgchart', '0001_initial'),
        ('sources', '0001_initial'),
    ]

    operations = [
        # State only: the column and its foreign key to duties_sourcedocument stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalunit',
                    name='source_document',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.sourcedocument', verbose_name='来源文档'),
                ),
                migrations.AlterField(
                    model_name='unit',
                    name='source_document',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sources.sourcedocument', verbose_name='来源文档'),
                ),
            ],
            database_operations=[],
        ),
    ]
