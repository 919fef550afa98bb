"""SourceDocument (and its history) moved here from duties: the same tables, no data copied.

The tables keep their names (``duties_sourcedocument``, ``duties_historicalsourcedocument``) and were
made by duties' migrations, so only Django's model state moves; duties 0007 lets go of them. The
content types move too, so permissions, group grants and admin log entries follow the model.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("sourcedocument", "historicalsourcedocument")


def move_content_types(old_label, new_label):
    def move(apps, schema_editor):
        content_type_model = apps.get_model("contenttypes", "ContentType")
        permission_model = apps.get_model("auth", "Permission")
        group_permissions = apps.get_model("auth", "Group").permissions.through
        user_permissions = apps.get_model(settings.AUTH_USER_MODEL).user_permissions.through
        log_entry_model = apps.get_model("admin", "LogEntry")
        for model in MOVED_MODELS:
            old = content_type_model.objects.filter(app_label=old_label, model=model).first()
            if old is None:
                continue
            new = content_type_model.objects.filter(app_label=new_label, model=model).first()
            if new is None:
                old.app_label = new_label
                old.save(update_fields=["app_label"])
                continue
            # Both exist (the chain was run back and forth, and a migration in between made the old
            # one again): keep the new one and hand it the old one's permissions, grants and log.
            for permission in permission_model.objects.filter(content_type=old):
                twin = permission_model.objects.filter(content_type=new, codename=permission.codename).first()
                if twin is None:
                    permission.content_type = new
                    permission.save(update_fields=["content_type"])
                    continue
                for grant in group_permissions.objects.filter(permission=permission):
                    group_permissions.objects.get_or_create(group_id=grant.group_id, permission=twin)
                for grant in user_permissions.objects.filter(permission=permission):
                    user_permissions.objects.get_or_create(user_id=grant.user_id, permission=twin)
                permission.delete()
            log_entry_model.objects.filter(content_type=old).update(content_type=new)
            old.delete()
        content_type_model.objects.clear_cache()

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # duties made the tables (0001, 0003) and filled them; this app takes them over afterwards.
        ("duties", "0006_search_words_rjieba"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SourceDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, unique=True, verbose_name='名称')),
                        ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256')),
                        ('text', models.TextField(verbose_name='原文')),
                        ('imported_at', models.DateTimeField(auto_now=True, verbose_name='导入时间')),
                    ],
                    options={
                        'verbose_name': '来源文档',
                        'verbose_name_plural': '来源文档',
                        'db_table': 'duties_sourcedocument',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalSourceDocument',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(db_index=True, max_length=255, verbose_name='名称')),
                        ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256')),
                        ('text', models.TextField(verbose_name='原文')),
                        ('imported_at', models.DateTimeField(blank=True, editable=False, verbose_name='导入时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical 来源文档',
                        'verbose_name_plural': 'historical 来源文档',
                        'db_table': 'duties_historicalsourcedocument',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            move_content_types("duties", "sources"), move_content_types("sources", "duties"), elidable=False
        ),
    ]
