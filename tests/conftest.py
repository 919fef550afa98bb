import pytest


def user_in_group(django_user_model, username: str, password: str, group_name: str):
    from django.apps import apps
    from django.contrib.auth.models import Group

    from roles.groups import ensure_groups

    # Transactional tests flush the migration-created groups; recreate them.
    if not Group.objects.filter(name=group_name).exists():
        ensure_groups(apps)
    user = django_user_model.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def hr_editor(db, django_user_model):
    from roles.groups import HR_EDITORS

    return user_in_group(django_user_model, "hr", "pw-hr-editor", HR_EDITORS)


@pytest.fixture
def manager(db, django_user_model):
    from roles.groups import MANAGERS

    return user_in_group(django_user_model, "manager", "pw-manager", MANAGERS)


@pytest.fixture(autouse=True)
def default_language():
    """A request in English must not leave later tests' messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
