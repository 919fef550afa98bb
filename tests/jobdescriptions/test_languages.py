"""The version pages speak Chinese with no English left over, and English when the reader chose it."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from core.groups import REVIEWERS
from duties.services import update_duty
from jobdescriptions import services
from tests.core.test_untranslated_text import english_words

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(position, reviewer, django_user_model):
    """v1 and v2 published, a reworded duty submitted for review."""
    r2, r3 = (django_user_model.objects.create_user(name) for name in ("r2", "r3"))
    publish(position, reviewer, r2, effective_date=date(2026, 1, 1))
    update_duty(position.duties.get(kind="responsibility", order=2), text="编制季度销售报表。")
    publish(position, reviewer, r3, effective_date=date(2026, 3, 1))
    update_duty(position.duties.get(kind="responsibility", order=1), text="负责统计销售数据。")
    return services.submit(position, reviewer, "修改说明")


def pages(version):
    admin = "admin:jobdescriptions_jobdescriptionversion"
    position = version.position
    first, second = position.jd_versions.filter(number__isnull=False).order_by("number")
    yield reverse(f"{admin}_changelist")
    yield reverse(f"{admin}_change", args=[version.pk])
    yield reverse(f"{admin}_change", args=[second.pk])
    yield reverse(f"{admin}_submit", args=[position.pk])
    yield reverse(f"{admin}_compare") + f"?from={first.pk}&to={second.pk}"
    yield reverse("admin:roles_position_change", args=[position.pk])
    yield f"/positions/{position.pk}/"
    yield f"/positions/{position.pk}/?draft=1"
    yield f"/positions/{position.pk}/?as_of=2026-02-01"
    yield "/org/?as_of=2026-02-01"


def test_the_version_pages_show_no_english(client, hr_editor, pending):
    hr_editor.groups.add(Group.objects.get(name=REVIEWERS))
    client.force_login(hr_editor)
    names = {"hr", "reviewer", "r2", "r3"}

    found = {}
    for url in pages(pending):
        response = client.get(url)
        assert response.status_code == 200, url
        words = english_words(response.content.decode(), names)
        if words:
            found[url] = words

    assert not found, found


def test_the_version_bar_speaks_english(client, hr_editor, pending, settings):
    client.force_login(hr_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with translation.override("zh-hans"):
        html = client.get(f"/positions/{pending.position_id}/").content.decode()

    for text in ["v2 · effective 2026-03-01", "Changes since v1", "Unpublished changes", "Submit for review"]:
        assert text in html
