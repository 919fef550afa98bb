from django.db import migrations


def create_groups(apps, schema_editor):
    from core.groups import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgchart", "0001_initial"),
        ("duties", "0002_initial"),
        ("roles", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
