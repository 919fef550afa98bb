"""One rule for the order of a list of duties (an owner's items of one kind), wherever it is written:
orders start at 1, placing an item at an order moves it and the later ones down by one, an order past
the end means the end, nothing leaves a gap, and every list is read in its order."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets import ADMIN_FORMATS
from duties.models import Duty
from tests.api.http import etag_of
from tests.factories import DutyFactory, PositionFactory, UnitFactory
from tests.roles.test_admin import post_data_from

pytestmark = pytest.mark.django_db

LIST = "/api/v1/duties/"


def listed(position, kind=Duty.Kind.RESPONSIBILITY):
    duties = Duty.objects.filter(position=position, kind=kind).order_by("order")
    return list(duties.values_list("order", "text"))


@pytest.fixture
def seller():
    position = PositionFactory(title="销售员")
    for text in ("完成销售任务", "维护客户关系", "收集市场信息"):
        DutyFactory(position=position, text=text)
    return position


@pytest.fixture
def api(client, hr_editor):
    client.force_login(hr_editor)
    return client


def post(api, **body):
    return api.post(LIST, body, content_type="application/json")


def patch(api, duty, **body):
    url = f"{LIST}{duty.pk}/"
    return api.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag_of(api, url))


def test_a_duty_created_at_an_order_moves_that_one_and_the_later_ones_down(api, seller):
    response = post(api, position=seller.pk, text="处理顾客投诉", order=2)

    assert response.status_code == 201 and response.json()["order"] == 2
    expected = ["完成销售任务", "处理顾客投诉", "维护客户关系", "收集市场信息"]
    assert [text for _order, text in listed(seller)] == expected
    assert [order for order, _text in listed(seller)] == [1, 2, 3, 4]


def test_a_duty_without_an_order_or_past_the_end_goes_last_and_later_appends_still_work(api, seller):
    assert post(api, position=seller.pk, text="开拓新客户", order=2_147_483_647).json()["order"] == 4
    assert post(api, position=seller.pk, text="回收货款").json()["order"] == 5
    assert post(api, position=seller.pk, text="编写周报", order=99).json()["order"] == 6
    assert [order for order, _text in listed(seller)] == [1, 2, 3, 4, 5, 6]


def test_an_order_below_1_is_a_400_naming_the_field(api, seller):
    response = post(api, position=seller.pk, text="编写周报", order=0)

    assert response.status_code == 400 and "order" in response.json()
    assert len(listed(seller)) == 3


def test_moving_a_duty_up_or_down_renumbers_its_list(api, seller):
    last = Duty.objects.get(text="收集市场信息")

    assert patch(api, last, order=1).status_code == 200
    assert listed(seller) == [(1, "收集市场信息"), (2, "完成销售任务"), (3, "维护客户关系")]

    assert patch(api, last, order=3).json()["order"] == 3
    assert listed(seller) == [(1, "完成销售任务"), (2, "维护客户关系"), (3, "收集市场信息")]


def test_a_duty_moved_to_another_position_takes_its_place_there_and_leaves_no_gap(api, seller):
    other = PositionFactory(title="销售经理")
    DutyFactory(position=other, text="制定销售计划")
    moved = Duty.objects.get(text="完成销售任务")

    response = patch(api, moved, position=other.pk, order=1)

    assert response.status_code == 200
    assert listed(other) == [(1, "完成销售任务"), (2, "制定销售计划")]
    assert listed(seller) == [(1, "维护客户关系"), (2, "收集市场信息")]


def test_deleting_a_duty_moves_the_later_ones_up(api, seller):
    middle = Duty.objects.get(text="维护客户关系")
    url = f"{LIST}{middle.pk}/"

    assert api.delete(url, HTTP_IF_MATCH=etag_of(api, url)).status_code == 204
    assert listed(seller) == [(1, "完成销售任务"), (2, "收集市场信息")]


def test_the_duties_of_a_position_are_listed_in_their_order(api, seller):
    post(api, position=seller.pk, text="处理顾客投诉", order=1)
    expected = ["处理顾客投诉", "完成销售任务", "维护客户关系", "收集市场信息"]

    by_position = api.get(LIST, {"position": seller.pk}).json()["results"]
    in_position = api.get(f"/api/v1/positions/{seller.pk}/").json()["duties"]

    assert [d["text"] for d in by_position] == expected
    assert [d["order"] for d in by_position] == [1, 2, 3, 4]
    assert [d["text"] for d in in_position] == expected


def test_a_new_admin_inline_row_without_an_order_goes_last_and_one_with_an_order_is_inserted(
    client, hr_editor, seller
):
    client.force_login(hr_editor)
    url = reverse("admin:roles_position_change", args=[seller.pk])
    page = client.get(url)
    data = post_data_from(page, **{"duties-3-kind": "responsibility", "duties-3-text": "编写周报"})

    response = client.post(url, data)

    assert response.status_code == 302
    assert listed(seller)[-1] == (4, "编写周报")
    page = client.get(url)
    data = post_data_from(
        page, **{"duties-4-kind": "responsibility", "duties-4-order": "1", "duties-4-text": "开拓新客户"}
    )
    assert client.post(url, data).status_code == 302
    assert [text for _order, text in listed(seller)][:2] == ["开拓新客户", "完成销售任务"]
    assert [order for order, _text in listed(seller)] == [1, 2, 3, 4, 5]


def test_a_unit_function_added_in_the_admin_at_an_order_moves_the_others(client, hr_editor):
    unit = UnitFactory(name="营销部")
    DutyFactory(position=None, unit=unit, text="制定营销计划")
    client.force_login(hr_editor)

    response = client.post(
        reverse("admin:duties_duty_add"),
        {"unit": unit.pk, "kind": "responsibility", "order": "1", "text": "组织市场调研"},
    )

    assert response.status_code == 302
    functions = Duty.objects.filter(unit=unit).order_by("order").values_list("order", "text")
    assert list(functions) == [(1, "组织市场调研"), (2, "制定营销计划")]


def test_an_admin_import_at_an_order_moves_the_later_duties(client, hr_editor, seller):
    seller.code = "S1"
    seller.save()
    client.force_login(hr_editor)
    csv = "position,kind,order,text\nS1,responsibility,1,开拓新客户\n".encode()
    formats = {fmt().get_title(): index for index, fmt in enumerate(ADMIN_FORMATS)}
    preview = client.post(
        reverse("admin:duties_duty_import"),
        {"format": formats["csv"], "import_file": SimpleUploadedFile("duties.csv", csv)},
    )
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    client.post(reverse("admin:duties_duty_process_import"), data)

    expected = ["开拓新客户", "完成销售任务", "维护客户关系", "收集市场信息"]
    assert [text for _order, text in listed(seller)] == expected
    assert [order for order, _text in listed(seller)] == [1, 2, 3, 4]
