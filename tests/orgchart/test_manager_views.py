"""What managers see: organisations by source document, staffing roll-ups, search in the tree, workflows."""

import pytest
from django.urls import reverse

from tests.factories import (
    IncumbentFactory,
    PositionFactory,
    SourceDocumentFactory,
    UnitFactory,
    WorkflowFactory,
    WorkflowStepFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def staffed():
    """营运中心 (编制 3, 在岗 4 over two positions) → 商品部 (编制 2, 在岗 0, one mentioned position)."""
    centre = UnitFactory(name="营运中心", kind="centre")
    goods = UnitFactory(name="商品部", parent=centre)
    head = PositionFactory(unit=centre, title="营运总监", headcount=1)
    floor = PositionFactory(unit=centre, title="楼面主管", headcount=2)
    buyer = PositionFactory(unit=goods, title="采购员", headcount=2)
    mentioned = PositionFactory(unit=goods, title="分管副总", summary="", described=False)
    IncumbentFactory(position=head, name="甲")
    for name in ("乙", "丙", "丁"):  # one more than the headcount: no negative vacancy
        IncumbentFactory(position=floor, name=name)
    return {"centre": centre, "goods": goods, "buyer": buyer, "mentioned": mentioned}


def test_the_tree_groups_organisations_by_their_source_document(manager_client):
    first = SourceDocumentFactory(name="001.txt", text="第一篇:營銷中心崗位職責\n正文")
    second = SourceDocumentFactory(name="002.txt", text="\n市场部工作手册\n")
    sales = UnitFactory(name="营销中心岗位职责", kind="centre", source_document=first)
    PositionFactory(unit=sales, title="营销总监")
    heading = UnitFactory(name="市场部工作流程", source_document=second)
    market = UnitFactory(name="市场部岗位职责", source_document=second)
    PositionFactory(unit=market, title="市场专员")
    UnitFactory(name="手工录入集团", kind="organisation")

    response = manager_client.get(reverse("orgchart:tree"))

    groups = response.context["groups"]
    assert [g.title for g in groups] == ["营销中心岗位职责", "市场部工作手册", ""]
    assert [n.unit.name for n in groups[1].roots] == ["市场部岗位职责"]
    assert [n.unit.name for n in groups[1].empty_roots] == [heading.name]
    html = response.content.decode()
    assert "来源文档:002.txt" in html
    assert "没有岗位的章节(1)" in html
    assert html.count('role="tree"') == 2  # the hand-made organisation has no position either


def test_staffing_is_rolled_up_over_a_unit_and_its_descendants(manager_client, staffed):
    response = manager_client.get(reverse("orgchart:tree"))

    centre = next(n.unit for g in response.context["groups"] for n in g.roots if n.unit.name == "营运中心")
    assert (centre.total_headcount, centre.total_incumbents, centre.total_vacancies) == (5, 4, 2)
    assert centre.mentioned_positions == 1
    html = response.content.decode()
    assert '编制 5 · 在岗 4 · <strong class="vacancy">空缺 2</strong>' in html


def test_the_unit_page_shows_staffing_per_position_and_marks_mentioned_ones(manager_client, staffed):
    response = manager_client.get(reverse("orgchart:unit", args=[staffed["goods"].pk]))

    unit = response.context["unit"]
    assert (unit.total_headcount, unit.total_incumbents, unit.total_vacancies) == (2, 0, 2)
    positions = {p.title: p for p in response.context["positions"]}
    assert (positions["采购员"].incumbent_count, positions["采购员"].vacancies) == (0, 2)
    html = response.content.decode()
    assert '<tr class="mentioned">' in html
    assert "仅提及" in html


def test_the_job_description_shows_staffing(manager_client, staffed):
    html = manager_client.get(reverse("roles:position-detail", args=[staffed["buyer"].pk])).content.decode()

    assert "在岗 0" in html
    assert "空缺 2" in html


def test_search_results_are_shown_expanded_in_the_tree_with_their_paths(manager_client):
    east = UnitFactory(name="华东公司", kind="organisation")
    west = UnitFactory(name="西南公司", kind="organisation")
    UnitFactory(name="无关公司", kind="organisation")
    east_sales = UnitFactory(name="销售部", parent=UnitFactory(name="营销中心", kind="centre", parent=east))
    west_sales = UnitFactory(name="销售部", parent=west)
    PositionFactory(unit=east, title="总经理")
    PositionFactory(unit=west_sales, title="销售经理")

    response = manager_client.get(reverse("orgchart:tree") + "?q=销售")

    html = response.content.decode()
    roots = response.context["roots"]
    assert [n.unit.name for n in roots] == ["华东公司", "西南公司"]  # only organisations holding hits
    east_node = roots[0]
    assert east_node.expanded and east_node.children[0].expanded  # down to the parent of 销售部
    assert east_node.children[0].children[0].target
    west_node = roots[1]
    assert west_node.children[0].expanded  # a position hit opens its unit
    assert [p.title for p in west_node.children[0].positions] == ["销售经理"]
    assert f'id="unit-{east_sales.pk}" class="unit-node target"' in html
    assert 'class="position-node hit-node"' in html
    assert "<mark>销售</mark>经理" in html
    # The two units named 销售部 are told apart by their paths.
    hits = [h for h in response.context["hits"] if h.kind == "unit"]
    assert {tuple(u.name for u in h.path) for h in hits} == {
        ("华东公司", "营销中心", "销售部"),
        ("西南公司", "销售部"),
    }
    assert west_sales.pk in {h.unit.pk for h in hits}


@pytest.fixture
def workflow():
    unit = UnitFactory(name="市场部")
    manager = PositionFactory(unit=unit, title="市场经理")
    researcher = PositionFactory(unit=unit, title="调研员")
    flow = WorkflowFactory(name="市场调研流程", code="SC-003", owner_unit=unit)
    for order, text in enumerate(
        ["市场经理布置调研工作", "调研员进行调研", "工程督导复核", "附:市场调研申请表", "市场经理审核报告"],
        start=1,
    ):
        WorkflowStepFactory(workflow=flow, order=order, text=text)
    return {"unit": unit, "flow": flow, "manager": manager, "researcher": researcher}


def test_the_workflow_page_draws_the_steps_in_order_in_lanes_by_position(manager_client, workflow):
    response = manager_client.get(reverse("duties:workflow", args=[workflow["flow"].pk]))

    assert response.status_code == 200
    chart = response.context["chart"]
    assert [s.step.text for s in chart.steps][0] == "市场经理布置调研工作"
    assert [lane.label for lane in chart.lanes] == ["市场经理", "调研员", "工程督导", ""]
    assert chart.lanes[0].position == workflow["manager"]
    assert chart.lanes[2].position is None  # a role no position holds
    assert [s.lane for s in chart.steps] == [0, 1, 2, 3, 0]
    html = response.content.decode()
    assert f'href="/positions/{workflow["manager"].pk}/"' in html
    assert html.count('class="flow-step"') == 5


def test_workflows_are_listed_on_the_unit_page_and_on_the_job_descriptions_they_name(
    manager_client, workflow
):
    url = reverse("duties:workflow", args=[workflow["flow"].pk])

    unit_html = manager_client.get(reverse("orgchart:unit", args=[workflow["unit"].pk])).content.decode()
    jd_html = manager_client.get(
        reverse("roles:position-detail", args=[workflow["researcher"].pk])
    ).content.decode()
    list_html = manager_client.get(reverse("duties:workflow-list")).content.decode()

    assert f'href="{url}"' in unit_html
    assert f'href="{url}"' in jd_html
    assert f'href="{url}"' in list_html


def test_an_unknown_workflow_is_not_found_and_anonymous_visitors_log_in_first(
    client, manager_client, workflow
):
    assert manager_client.get(reverse("duties:workflow", args=[999999])).status_code == 404
    client.logout()
    assert client.get(reverse("duties:workflow", args=[workflow["flow"].pk])).status_code == 302


@pytest.mark.parametrize("scale", [1, 10], ids=["small", "10x"])
def test_workflow_page_queries_do_not_grow_with_its_steps_or_positions(
    manager_client, django_assert_max_num_queries, scale
):
    unit = UnitFactory(name="运营中心", kind="centre")
    titles = [f"岗位{i}助理" for i in range(5 * scale)]
    for title in titles:
        PositionFactory(unit=unit, title=title)
    flow = WorkflowFactory(name="集成工程流程", owner_unit=unit)
    for order in range(20 * scale):
        WorkflowStepFactory(workflow=flow, order=order, text=f"{titles[order % len(titles)]}审核第{order}项")

    # session, user, two permission reads, then workflow, steps, positions and the owner's path
    with django_assert_max_num_queries(8):
        response = manager_client.get(reverse("duties:workflow", args=[flow.pk]))

    assert response.status_code == 200
    assert len(response.context["chart"].steps) == 20 * scale


def test_roll_ups_match_a_count_over_every_position_of_each_subtree():
    from orgchart.models import Unit
    from orgchart.selectors import units_with_counts
    from roles.models import Position

    for tree in range(3):
        root = UnitFactory(name=f"集团{tree}", kind="organisation")
        for branch in range(2):
            centre = UnitFactory(name=f"中心{tree}-{branch}", parent=root)
            leaf = UnitFactory(name=f"部{tree}-{branch}", parent=centre)
            for unit, headcount in ((root, None), (centre, 2), (leaf, 1), (leaf, None)):
                position = PositionFactory(
                    unit=unit, title=f"岗位{unit.pk}-{headcount}", headcount=headcount, described=branch == 0
                )
                for i in range(tree + branch):
                    IncumbentFactory(position=position, name=f"员工{i}")
    units = {u.pk: u for u in Unit.objects.all()}
    positions = list(Position.objects.prefetch_related("incumbents"))

    def expected(unit):
        inside = [
            p
            for p in positions
            if units[p.unit_id].tree_id == unit.tree_id and unit.lft <= units[p.unit_id].lft < unit.rght
        ]
        staffed = [len(p.incumbents.all()) for p in inside]
        return (
            sum(p.unit_id == unit.pk for p in inside),
            len(inside),
            sum(p.headcount or 0 for p in inside),
            sum(staffed),
            sum(max(p.headcount - n, 0) for p, n in zip(inside, staffed, strict=True) if p.headcount),
            sum(not p.described for p in inside),
        )

    rolled = units_with_counts()
    assert [u.pk for u in rolled] == [u.pk for u in sorted(units.values(), key=lambda u: (u.tree_id, u.lft))]
    for unit in rolled:
        figures = (
            unit.own_positions,
            unit.total_positions,
            unit.total_headcount,
            unit.total_incumbents,
            unit.total_vacancies,
            unit.mentioned_positions,
        )
        assert figures == expected(units[unit.pk]), unit.name
    some = units_with_counts(Unit.objects.filter(name__startswith="中心1"))
    assert [(u.name, u.total_positions) for u in some] == [("中心1-0", 3), ("中心1-1", 3)]
