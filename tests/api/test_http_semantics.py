"""Conditional requests per RFC 9110, one timestamp format, one language per answer."""

import re
from datetime import UTC, datetime

import pytest

from integrations.models import ApiClient
from integrations.services import create_api_client
from orgchart.models import Unit
from tests.api.http import bearer, etag_of
from tests.factories import DutyFactory, ReportingLineFactory, UnitFactory, WorkflowStepFactory

pytestmark = pytest.mark.django_db

UTC_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", **headers)


def test_if_match_star_matches_the_existing_record(editor):
    unit = UnitFactory(name="营销部")
    response = patch(editor, f"/api/v1/units/{unit.pk}/", {"name": "市场部"}, HTTP_IF_MATCH="*")
    assert response.status_code == 200
    unit.refresh_from_db()
    assert (unit.name, unit.version) == ("市场部", 2)


def test_if_match_star_on_a_missing_record_is_a_404(editor):
    assert patch(editor, "/api/v1/units/99999/", {"name": "x"}, HTTP_IF_MATCH="*").status_code == 404


def test_a_weak_etag_never_matches_if_match(editor):
    unit = UnitFactory(name="营销部")
    url = f"/api/v1/units/{unit.pk}/"
    weak = "W/" + etag_of(editor, url)
    assert patch(editor, url, {"name": "市场部"}, HTTP_IF_MATCH=weak).status_code == 412
    assert editor.delete(url, HTTP_IF_MATCH=weak).status_code == 412
    unit.refresh_from_db()
    assert (unit.name, unit.version) == ("营销部", 1)


def test_if_match_with_a_list_matches_any_of_its_tags(editor):
    unit = UnitFactory(name="营销部")
    url = f"/api/v1/units/{unit.pk}/"
    tags = f'"v9-abc", {etag_of(editor, url)}'
    assert patch(editor, url, {"name": "市场部"}, HTTP_IF_MATCH=tags).status_code == 200


def test_if_none_match_uses_weak_comparison(editor):
    unit = UnitFactory(name="营销部")
    for url in (f"/api/v1/units/{unit.pk}/", "/api/v1/units/"):
        etag = etag_of(editor, url)
        assert editor.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
        assert editor.get(url, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
        assert editor.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def stamps(value):
    """Every timestamp string in a JSON body."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in ([v] if k.endswith("_at") else stamps(v))]
    if isinstance(value, list):
        return [s for v in value for s in stamps(v)]
    return []


def test_every_endpoint_writes_timestamps_in_utc_with_z(editor, settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    line = ReportingLineFactory()
    duty = DutyFactory(position=line.subordinate)
    step = WorkflowStepFactory()
    gone = UnitFactory(name="撤销部")
    Unit.objects.filter(pk=gone.pk).first().delete()
    since = "?updated_since=2000-01-01T00:00:00Z"
    urls = [
        f"/api/v1/units/{line.subordinate.unit_id}/",
        f"/api/v1/positions/{line.subordinate.pk}/",
        f"/api/v1/reporting-lines/{line.pk}/",
        f"/api/v1/duties/{duty.pk}/",
        f"/api/v1/workflows/{step.workflow_id}/",
    ]
    urls += [url.rsplit("/", 2)[0] + "/" + since for url in urls]
    seen = []
    for url in urls:
        body = editor.get(url).json()
        for stamp in stamps(body):
            assert UTC_STAMP.match(stamp), (url, stamp)
            seen.append(stamp)
    assert len(seen) >= 15
    deleted = editor.get("/api/v1/units/" + since).json()["deleted"][0]["deleted_at"]
    assert UTC_STAMP.match(deleted)
    written = editor.get(f"/api/v1/units/{line.subordinate.unit_id}/").json()["updated_at"]
    as_utc = datetime.strptime(written, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert as_utc == line.subordinate.unit.updated_at


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", {"required": "This field is required.", "if_match": "If-Match", "unknown": "Unknown field."})],
)
def test_errors_speak_the_requested_language_only(client, hr_editor, language, expected):
    client.force_login(hr_editor)
    unit = UnitFactory()
    missing = client.post(
        "/api/v1/positions/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert missing.json()["title"] == [expected["required"]]
    no_if_match = patch(client, f"/api/v1/units/{unit.pk}/", {"name": "x"}, HTTP_ACCEPT_LANGUAGE=language)
    assert no_if_match.status_code == 428
    assert expected["if_match"] in no_if_match.json()["detail"]
    assert no_if_match.json()["detail"].isascii()
    unknown = client.get("/api/v1/units/?colour=red", HTTP_ACCEPT_LANGUAGE=language).json()
    assert unknown == {"colour": ["Unknown query parameter."]}
    field = patch(
        client, f"/api/v1/units/{unit.pk}/", {"x": 1}, HTTP_IF_MATCH="*", HTTP_ACCEPT_LANGUAGE=language
    )
    assert field.json() == {"x": [expected["unknown"]]}


def test_errors_are_chinese_by_default(client, hr_editor):
    client.force_login(hr_editor)
    unit = UnitFactory()
    missing = client.post("/api/v1/positions/", {}, content_type="application/json")
    assert missing.json()["title"] == ["该字段是必填项。"]
    no_if_match = patch(client, f"/api/v1/units/{unit.pk}/", {"name": "x"})
    assert no_if_match.status_code == 428
    assert "请求头" in no_if_match.json()["detail"]
    assert client.get("/api/v1/units/?page_size=0").json()["page_size"] == ["请输入 1 到 500 之间的整数。"]


@pytest.mark.parametrize(("language", "marker"), [("en", "Invalid token."), ("zh-hans", "令牌无效。")])
def test_token_errors_follow_accept_language(client, language, marker):
    create_api_client(name="erp", scope=ApiClient.Scope.READ)
    response = client.get("/api/v1/units/", HTTP_ACCEPT_LANGUAGE=language, **bearer("deadbeef.nope"))
    assert response.status_code == 401
    assert response.json()["detail"] == marker
