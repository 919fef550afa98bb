"""HR editors may issue, edit and revoke API clients; managers may not see them."""

from django.db import migrations


def refresh_groups(apps, schema_editor):
    from core.groups import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("integrations", "0002_client_rate"),
        ("roles", "0002_default_groups"),
    ]

    operations = [migrations.RunPython(refresh_groups, migrations.RunPython.noop)]
