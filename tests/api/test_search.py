"""Chinese search over duties and positions, on the real database."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from core.search import search
from duties.models import Duty
from roles.models import Position
from tests.factories import DutyFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_complaint_finds_every_complaint_duty_and_nothing_else(client, manager):
    client.force_login(manager)
    wanted = {
        DutyFactory(text="处理顾客投诉").pk,
        DutyFactory(text="客户投诉处理及回访").pk,
        DutyFactory(text="负责投诉的登记、分派和跟踪,投诉结案后归档").pk,
    }
    DutyFactory(text="编制财务报表")
    DutyFactory(text="完成销售任务")
    body = client.get("/api/v1/duties/", {"q": "投诉"}).json()
    ids = [d["id"] for d in body["results"]]
    assert set(ids) == wanted
    assert len(ids) == 3


def test_a_multi_word_query_needs_every_word(client, manager):
    client.force_login(manager)
    both = DutyFactory(text="处理客户投诉")
    DutyFactory(text="客户投诉登记")
    DutyFactory(text="处理仓库盘点")
    body = client.get("/api/v1/duties/", {"q": "处理客户投诉"}).json()
    assert [d["id"] for d in body["results"]] == [both.pk]


def test_positions_are_searched_by_title(client, manager):
    client.force_login(manager)
    hit = PositionFactory(title="客服主管", summary="负责客户服务")
    PositionFactory(title="会计", summary="负责账务")
    body = client.get("/api/v1/positions/", {"q": "客服"}).json()
    assert [p["id"] for p in body["results"]] == [hit.pk]


def _ids(client, q, url="/api/v1/duties/"):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_a_word_jieba_cuts_differently_inside_a_duty_is_still_found(client, manager):
    client.force_login(manager)
    inside = DutyFactory(text="调查被投诉人的服务记录")
    assert _ids(client, "投诉") == [inside.pk]


def test_more_matching_words_rank_higher(client, manager):
    client.force_login(manager)
    once = DutyFactory(text="处理客户投诉")
    often = DutyFactory(text="客户投诉登记,客户投诉回访,客户投诉归档")
    assert _ids(client, "客户投诉") == [often.pk, once.pk]


def test_a_traditional_query_finds_simplified_duties(client, manager):
    client.force_login(manager)
    duty = DutyFactory(text="处理顾客投诉")
    assert _ids(client, "處理顧客投訴") == [duty.pk]


def test_a_query_of_punctuation_only_filters_nothing_and_never_fails(client, manager):
    client.force_login(manager)
    DutyFactory.create_batch(2)
    assert len(_ids(client, "?？!、'\\")) == 2


def test_an_edited_duty_is_found_by_its_new_words_only(client, hr_editor):
    client.force_login(hr_editor)
    duty = DutyFactory(text="编制财务报表")
    url = f"/api/v1/duties/{duty.pk}/"
    etag = client.get(url).headers["ETag"]
    response = client.patch(
        url, {"text": "处理客户投诉"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert _ids(client, "投诉") == [duty.pk]
    assert _ids(client, "财务") == []


def test_imported_duties_are_searchable_at_once(client, manager):
    from importer.apply import import_text

    import_text("t.txt", "第一篇:测试公司\n客服部\n○客服专员职责\n◆受理客户投诉;\n◆整理资料。\n")
    client.force_login(manager)
    [hit] = _ids(client, "投诉")
    assert Duty.objects.get(pk=hit).text == "受理客户投诉;"
    assert _ids(client, "客服", url="/api/v1/positions/") == list(
        Position.objects.filter(title="客服专员").values_list("pk", flat=True)
    )


def test_the_search_runs_on_the_gin_index():
    DutyFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = search(Duty.objects.all(), "投诉").explain()
    assert "duty_search_vector_gin" in plan


def test_reindex_fills_words_written_around_the_models(client, manager):
    duty = DutyFactory(text="处理客户投诉")
    Duty.objects.filter(pk=duty.pk).update(search_words="")  # as a raw SQL change would leave it
    client.force_login(manager)
    assert _ids(client, "投诉") == []
    out = StringIO()
    call_command("reindex_search", stdout=out)
    assert "duty: 1 updated" in out.getvalue()
    assert _ids(client, "投诉") == [duty.pk]


@pytest.mark.parametrize("extra", [5, 50])
def test_search_query_count_does_not_grow_with_the_data(
    client, manager, extra, django_assert_max_num_queries
):
    DutyFactory.create_batch(extra, text="负责客户投诉的登记")
    client.force_login(manager)
    with django_assert_max_num_queries(6):
        assert len(_ids(client, "投诉")) == min(extra, 50)


def test_codes_and_numbers_are_words_of_their_own(client, manager):
    """The cutter keeps 'SC-003' whole; the index stores its letters and digits as words."""
    client.force_login(manager)
    coded = DutyFactory(text="按流程SC-003办理退房手续")
    DutyFactory(text="按流程SC-004办理入住手续")
    assert _ids(client, "SC-003") == [coded.pk]
    assert _ids(client, "003") == [coded.pk]


def test_index_words_keep_the_chinese_words_and_drop_punctuation():
    from core.search import index_words

    words = index_words("负责SC-003流程,8.1.2条").split()
    assert {"负责", "sc", "003", "流程", "8", "1", "2", "条"} <= set(words)
    assert not any(w in words for w in ("-", ",", ".", "sc-003", "8.1.2"))
