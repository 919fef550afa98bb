"""The standard groups: HR editors change everything, managers read, reviewers (审批人) approve."""

HR_EDITORS = "HR editors"
MANAGERS = "Managers"
REVIEWERS = "Reviewers"
# Job-description versions: HR editors submit them, reviewers approve or return them; managers
# read only published versions, on the pages, so they get none of these.
VERSIONS_APP = "jobdescriptions"
APPROVE_VERSION = "approve_jobdescriptionversion"
REVIEWER_VERSION_PERMISSIONS = ("view_jobdescriptionversion", "change_jobdescriptionversion", APPROVE_VERSION)
EDITOR_VERSION_PERMISSIONS = ("view_jobdescriptionversion", "add_jobdescriptionversion")
APPS = ("sources", "orgchart", "roles", "duties", "analysis")
# HR editors also issue, edit and revoke API clients (never delete them: a revoked token stays on record).
# Managers get none of these.
EDITOR_EXTRA_PERMISSIONS = {
    "integrations": ("add_apiclient", "change_apiclient", "view_apiclient"),
    VERSIONS_APP: EDITOR_VERSION_PERMISSIONS,
}


def ensure_groups(apps) -> None:
    """Create or refresh the groups; ``apps`` is a migration's app registry or the real one."""
    from django.contrib.auth.management import create_permissions
    from django.db.models import Q

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    extra = Q(pk__in=[])
    for label in APPS + tuple(EDITOR_EXTRA_PERMISSIONS):
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            # A migration state the extra app's migrations have not reached yet; its own
            # migration calls this again once they have.
            continue
        # Migration app stubs lack models_module; create_permissions skips those.
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = had_module
        if label in EDITOR_EXTRA_PERMISSIONS:
            extra |= Q(content_type__app_label=label, codename__in=EDITOR_EXTRA_PERMISSIONS[label])
    app_permissions = permission_model.objects.filter(content_type__app_label__in=APPS)
    editors, _ = group_model.objects.get_or_create(name=HR_EDITORS)
    editors.permissions.set(permission_model.objects.filter(Q(content_type__app_label__in=APPS) | extra))
    managers, _ = group_model.objects.get_or_create(name=MANAGERS)
    managers.permissions.set(
        app_permissions.filter(codename__startswith="view_").exclude(codename="view_personal_data")
    )
    reviewers, _ = group_model.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.set(
        app_permissions.filter(codename__startswith="view_").exclude(codename="view_personal_data")
        | permission_model.objects.filter(
            content_type__app_label=VERSIONS_APP, codename__in=REVIEWER_VERSION_PERMISSIONS
        )
    )
