"""SourceDocument and its history now belong to the sources app: duties lets go of them in the state.

The tables stay (sources 0001 took them over under the same names); nothing is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('duties', '0006_search_words_rjieba'),
        ('orgchart', '0002_source_document_moved'),
        ('roles', '0004_source_document_moved'),
        ('sources', '0001_initial'),
    ]

    operations = [
        # State only: the column and its foreign key to duties_sourcedocument stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalduty',
                    name='source_document',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.sourcedocument', verbose_name='来源文档'),
                ),
                migrations.AlterField(
                    model_name='workflowstep',
                    name='source_document',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sources.sourcedocument', verbose_name='来源文档'),
                ),
                migrations.AlterField(
                    model_name='duty',
                    name='source_document',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sources.sourcedocument', verbose_name='来源文档'),
                ),
                migrations.AlterField(
                    model_name='historicalworkflow',
                    name='source_document',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.sourcedocument', verbose_name='来源文档'),
                ),
                migrations.AlterField(
                    model_name='historicalworkflowstep',
                    name='source_document',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.sourcedocument', verbose_name='来源文档'),
                ),
                migrations.AlterField(
                    model_name='workflow',
                    name='source_document',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sources.sourcedocument', verbose_name='来源文档'),
                ),
                migrations.DeleteModel(
                    name='HistoricalSourceDocument',
                ),
                migrations.DeleteModel(
                    name='SourceDocument',
                ),
            ],
            database_operations=[],
        ),
    ]
