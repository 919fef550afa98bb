import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_logs_in_through_the_login_page(page, log_in_through_form, manager, screenshot):
    log_in_through_form("manager", "pw-manager", next_url="/accounts/login/")

    assert page.locator(".logout .user").inner_text() == "manager"
    screenshot("logged-in")


def test_a_wrong_password_is_refused_with_a_message(page, log_in_through_form, manager):
    log_in_through_form("manager", "wrong")

    assert "用户名或密码不正确" in page.locator("[role=alert]").inner_text()
