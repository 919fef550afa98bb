"""Duty and workflow-step orders start at 1 with no gaps or repeats within a list.

Existing lists are renumbered 1..n in their current order (order, then id); a renumbered duty gets
a new version and update time, so If-Match and ?updated_since= clients see the change.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0007_source_document_moved"),
    ]

    operations = [
        migrations.RunSQL(
            """
            UPDATE duties_duty AS d
            SET "order" = r.n, version = d.version + 1, updated_at = now()
            FROM (
                SELECT id,
                    ROW_NUMBER() OVER (PARTITION BY position_id, unit_id, kind ORDER BY "order", id) AS n
                FROM duties_duty
            ) AS r
            WHERE d.id = r.id AND d."order" <> r.n
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            """
            UPDATE duties_workflowstep AS s
            SET "order" = r.n
            FROM (
                SELECT id, ROW_NUMBER() OVER (PARTITION BY workflow_id ORDER BY "order", id) AS n
                FROM duties_workflowstep
            ) AS r
            WHERE s.id = r.id AND s."order" <> r.n
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="duty",
            name="order",
            field=models.PositiveIntegerField(
                db_index=True,
                help_text="从 1 开始;插入到某个位置时,后面的条目依次后移;留空或超出末尾则排在最后。",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="顺序",
            ),
        ),
        migrations.AlterField(
            model_name="historicalduty",
            name="order",
            field=models.PositiveIntegerField(
                db_index=True,
                help_text="从 1 开始;插入到某个位置时,后面的条目依次后移;留空或超出末尾则排在最后。",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="顺序",
            ),
        ),
    ]
