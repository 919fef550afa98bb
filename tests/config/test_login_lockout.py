"""Password guessing on the page login and the admin login ends in a lockout (django-axes)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

pytestmark = pytest.mark.django_db

PAGE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
LOCKED = "密码错误次数过多,此账户从本地址的登录已锁定。请 15 分钟后再试,或请管理员解锁。"


def attempt(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password, "next": "/org/"}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", [PAGE_LOGIN, ADMIN_LOGIN])
def test_thirty_wrong_passwords_lock_the_user_out_even_for_the_right_one(client, hr_editor, url):
    answers = [attempt(client, url, "hr", f"guess-{n}") for n in range(30)]

    assert [a.status_code for a in answers[:4]] == [200] * 4  # the form again, with its error
    assert {a.status_code for a in answers[5:]} == {429}
    assert LOCKED in answers[-1].content.decode()

    right = attempt(client, url, "hr", "pw-hr-editor")

    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert not signed_in(client)


def test_the_lockout_page_speaks_english_to_english_browsers(client, hr_editor):
    for n in range(5):
        attempt(client, PAGE_LOGIN, "hr", f"guess-{n}")

    page = attempt(client, PAGE_LOGIN, "hr", "guess", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Too many wrong passwords" in page
    assert "15 minutes" in page


def test_the_lockout_is_per_user_name_and_address_and_ends_after_the_cool_off(client, hr_editor, manager):
    for n in range(6):
        attempt(client, PAGE_LOGIN, "hr", f"guess-{n}")

    assert attempt(client, PAGE_LOGIN, "manager", "pw-manager").status_code == 302
    client.logout()
    assert attempt(client, PAGE_LOGIN, "hr", "pw-hr-editor", REMOTE_ADDR="10.0.0.9").status_code == 302
    client.logout()
    assert attempt(client, PAGE_LOGIN, "hr", "pw-hr-editor").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert attempt(client, PAGE_LOGIN, "hr", "pw-hr-editor").status_code == 302
    assert signed_in(client)


def test_a_success_before_the_limit_starts_the_count_again(client, hr_editor):
    for n in range(4):
        attempt(client, PAGE_LOGIN, "hr", f"guess-{n}")
    assert attempt(client, PAGE_LOGIN, "hr", "pw-hr-editor").status_code == 302
    client.logout()

    answers = [attempt(client, PAGE_LOGIN, "hr", f"again-{n}").status_code for n in range(4)]

    assert answers == [200] * 4
    assert attempt(client, PAGE_LOGIN, "hr", "pw-hr-editor").status_code == 302
