"""Coverage, export, decisions and library pages with the Django client; permissions; query counts."""

import io

import openpyxl
import pytest
from django.urls import reverse

from analysis.models import MatchDecision, TemplateCopy
from duties.models import Duty
from roles.models import Position
from tests.factories import DutyFactory, PositionFactory, UnitFactory


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def as_hr(client, hr_editor):
    client.force_login(hr_editor)
    return client


def test_unit_page_links_to_its_coverage(as_manager, sales):
    page = as_manager.get(reverse("orgchart:unit", args=[sales["unit"].pk])).content.decode()
    assert reverse("analysis:coverage", args=[sales["unit"].pk]) in page


def test_manager_sees_uncovered_functions_unmatched_duties_and_overlaps(as_manager, sales):
    response = as_manager.get(reverse("analysis:coverage", args=[sales["unit"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    uncovered = page.split('id="uncovered-heading"')[1].split("</section>")[0]
    assert "负责办公用品采购" in uncovered and "负责客户档案管理与回访" not in uncovered
    assert "负责车辆调度与保养" in page.split('id="unmatched-heading"')[1].split("</section>")[0]
    overlaps = page.split('id="overlaps-heading"')[1].split("</section>")[0]
    assert "组织市场调研并编写调研报告" in overlaps
    assert "营销部主任" in page.split('id="similar-heading"')[1]
    assert 'name="verdict"' not in page  # managers read only
    assert "<script" not in page.split("</header>", 1)[1] and "style=" not in page


def test_anonymous_is_sent_to_login(client, sales):
    response = client.get(reverse("analysis:coverage", args=[sales["unit"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_hr_confirms_and_rejects_managers_may_not(client, manager, hr_editor, sales):
    supplies = sales["functions"][2]
    vehicles = Duty.objects.get(text="负责车辆调度与保养")
    url = reverse("analysis:decide", args=[sales["unit"].pk])
    data = {"function": supplies.pk, "duty": vehicles.pk, "verdict": "confirmed"}
    client.force_login(manager)
    assert client.post(url, data).status_code == 403
    assert not MatchDecision.objects.exists()

    client.force_login(hr_editor)
    page = client.get(reverse("analysis:coverage", args=[sales["unit"].pk])).content.decode()
    assert 'name="verdict"' in page
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith(f"#function-{supplies.pk}")
    assert MatchDecision.objects.get().verdict == "confirmed"
    page = client.get(reverse("analysis:coverage", args=[sales["unit"].pk])).content.decode()
    assert "每项职能都有岗位承担" in page
    client.post(url, {**data, "verdict": "withdraw"})
    assert not MatchDecision.objects.exists()
    assert client.post(url, {**data, "next": "https://evil.example/"})["Location"].startswith("/org/")


def test_coverage_matrix_exports_escape_formulas(as_manager, sales):
    DutyFactory(position=sales["manager"], text='=HYPERLINK("http://x") 市场调研')
    PositionFactory(unit=sales["unit"], title="=cmd|' /C calc'!A0")
    response = as_manager.get(reverse("analysis:coverage-export", args=[sales["unit"].pk, "csv"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "'=cmd" in text and "\n=" not in text and ",=" not in text
    assert "负责办公用品采购" in text

    response = as_manager.get(reverse("analysis:coverage-export", args=[sales["unit"].pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "单元职能" and any(str(h).startswith("'=cmd") for h in rows[0])
    assert len(rows) == 1 + 3
    assert as_manager.get(f"/org/units/{sales['unit'].pk}/coverage.pdf").status_code == 404


def test_library_search_compare_and_use_as_template(as_hr, sales):
    target = UnitFactory(name="新公司营销部")
    page = as_hr.get(reverse("analysis:library"), {"q": "营销部", "into": target.pk}).content.decode()
    assert "营销部经理" in page and "营销部主任" in page
    page = as_hr.get(
        reverse("analysis:compare"), {"ids": [sales["manager"].pk, sales["chief"].pk], "into": target.pk}
    ).content.decode()
    assert page.count("组织市场调研并编写调研报告") == 2  # aligned on one row
    assert "以此为模板新建到" in page
    data = {"source": sales["chief"].pk, "unit": target.pk, "title": "营销主管"}
    response = as_hr.post(reverse("analysis:use-template"), data)
    new = Position.objects.get(unit=target)
    assert response.status_code == 302
    assert response["Location"] == reverse("roles:position-detail", args=[new.pk])
    assert new.title == "营销主管" and new.duties.count() == sales["chief"].duties.count()
    assert TemplateCopy.objects.get(position=new).copied_from == sales["chief"]


def test_managers_may_search_and_compare_but_not_copy(as_manager, sales):
    assert as_manager.get(reverse("analysis:library"), {"q": "销售"}).status_code == 200
    target = UnitFactory(name="别处")
    page = as_manager.get(
        reverse("analysis:compare"), {"ids": [sales["manager"].pk], "into": target.pk}
    ).content.decode()
    assert "以此为模板新建到" not in page
    data = {"source": sales["chief"].pk, "unit": target.pk}
    response = as_manager.post(reverse("analysis:use-template"), data)
    assert response.status_code == 403 and not Position.objects.filter(unit=target).exists()


def test_admin_coverage_for_hr(as_hr, sales):
    page = as_hr.get(reverse("admin:analysis_coverage_units")).content.decode()
    assert sales["unit"].name in page
    page = as_hr.get(reverse("admin:analysis_coverage_unit", args=[sales["unit"].pk])).content.decode()
    assert "负责办公用品采购" in page and 'name="verdict"' in page
    assert as_hr.get(reverse("admin:analysis_matchdecision_changelist")).status_code == 200
    assert as_hr.get(reverse("admin:analysis_overlapcandidate_changelist")).status_code == 200
    assert as_hr.get(reverse("admin:analysis_templatecopy_changelist")).status_code == 200


def _grow(sales, times: int) -> None:
    unit = sales["unit"]
    for n in range(times):
        position = PositionFactory(unit=unit, title=f"专员{n}")
        for text in ("收集市场信息并分析竞争对手", "整理客户资料", "编制销售日报"):
            DutyFactory(position=position, text=f"{text}{n}")
    DutyFactory(position=None, unit=unit, text="负责竞争对手分析")


@pytest.mark.parametrize("url_name", ["analysis:coverage", "admin:analysis_coverage_unit"])
def test_query_count_does_not_grow_with_the_unit(as_hr, sales, django_assert_max_num_queries, url_name):
    url = reverse(url_name, args=[sales["unit"].pk])
    with django_assert_max_num_queries(15):
        as_hr.get(url)
    _grow(sales, 30)
    with django_assert_max_num_queries(15):
        as_hr.get(url)
