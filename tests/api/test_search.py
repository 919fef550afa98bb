"""Chinese search over duties and positions, on the real database."""

import pytest

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
