import pytest


@pytest.fixture
def hr_editor(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("hr", password="pw-hr-editor")
    user.groups.add(Group.objects.get(name="HR editors"))
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def manager(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("manager", password="pw-manager")
    user.groups.add(Group.objects.get(name="Managers"))
    user.is_staff = True
    user.save()
    return user
