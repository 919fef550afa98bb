"""The two standard groups: HR editors change everything, managers read."""

HR_EDITORS = "HR editors"
MANAGERS = "Managers"
APPS = ("orgchart", "roles", "duties")


def ensure_groups(apps) -> None:
    """Create or refresh both groups; ``apps`` is a migration's app registry or the real one."""
    from django.contrib.auth.management import create_permissions

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for label in APPS:
        app_config = apps.get_app_config(label)
        # Migration app stubs lack models_module; create_permissions skips those.
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = had_module
    app_permissions = permission_model.objects.filter(content_type__app_label__in=APPS)
    editors, _ = group_model.objects.get_or_create(name=HR_EDITORS)
    editors.permissions.set(app_permissions)
    managers, _ = group_model.objects.get_or_create(name=MANAGERS)
    managers.permissions.set(
        app_permissions.filter(codename__startswith="view_").exclude(codename="view_personal_data")
    )
