"""Managers read the analysis tables; HR editors decide on matches."""

from django.db import migrations


def refresh_groups(apps, schema_editor):
    from core.groups import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("analysis", "0001_analysis"),
        ("roles", "0002_default_groups"),
        ("integrations", "0003_hr_editors_manage_clients"),
    ]

    operations = [migrations.RunPython(refresh_groups, migrations.RunPython.noop)]
