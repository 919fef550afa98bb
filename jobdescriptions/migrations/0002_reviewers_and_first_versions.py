"""The reviewers' group (审批人), and a published v1 for every existing position.

Each v1 is the position as it stands, effective from when it was imported (or created): what the
pages showed until now becomes the first published version, so nothing changes for readers.
"""

from django.db import migrations
from django.utils import timezone

FIRST_NOTE = "初始版本"


def refresh_groups(apps, schema_editor):
    from core.groups import ensure_groups

    ensure_groups(apps)


def publish_first_versions(apps, schema_editor):
    from jobdescriptions.snapshots import snapshots_of

    models = {
        name: apps.get_model(label, name)
        for label, name in (
            ("roles", "Position"),
            ("duties", "Duty"),
            ("roles", "ReportingLine"),
            ("orgchart", "Unit"),
            ("sources", "SourceDocument"),
        )
    }
    position_model = models["Position"]
    version_model = apps.get_model("jobdescriptions", "JobDescriptionVersion")
    ids = list(position_model.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        snapshots = snapshots_of(chunk, models)
        positions = position_model.objects.filter(pk__in=chunk).select_related("source_document")
        version_model.objects.bulk_create(
            [
                version_model(
                    position_id=position.pk,
                    number=1,
                    state="published",
                    snapshot=snapshots[position.pk],
                    submitted_at=position.created_at,
                    decided_at=position.created_at,
                    effective_date=timezone.localdate(
                        position.source_document.imported_at if position.source_document else position.created_at
                    ),
                    change_note=FIRST_NOTE,
                )
                for position in positions
            ]
        )


def drop_versions(apps, schema_editor):
    apps.get_model("jobdescriptions", "JobDescriptionVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("jobdescriptions", "0001_versions"),
        ("duties", "0010_text_length_limits"),
        ("orgchart", "0002_source_document_moved"),
        ("sources", "0001_initial"),
        ("analysis", "0002_groups"),
        ("integrations", "0006_api_client_owner"),
    ]

    operations = [
        migrations.RunPython(refresh_groups, migrations.RunPython.noop),
        migrations.RunPython(publish_first_versions, drop_versions),
    ]
