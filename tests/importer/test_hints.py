"""HR's corrections as parser hints: a pure function of the text and the hints, line by line."""

from importer.apply import preview
from importer.hints import clean_hints, split_at_numbers
from importer.parser import parse_document
from importer.review import document_lines, line_roles, review_lines
from importer.structure import KPI, REQUIREMENT, RESPONSIBILITY

# Line 3 is a position the rules miss: no title word, no '职责'.
MISSED = "测试公司\n市场部\n大客户拓展\n1、走访重点客户;\n2、签订年度合同。\n本科以上学历\n"


def _tree(parsed):
    """{unit path: {position title: {kind: [texts]}}, plus '' for unit functions."""
    found, stack = {}, [(org, org.name) for org in parsed.organisations]
    while stack:
        unit, path = stack.pop()
        entry = found.setdefault(path, {})
        if unit.functions:
            entry[""] = [i.text for i in unit.functions]
        for p in unit.positions:
            entry[p.title] = {kind: [i.text for i in items] for kind, items in p.items.items() if items}
        stack += [(child, f"{path}/{child.name}") for child in unit.children]
    return found


def test_without_hints_the_missed_heading_leaves_the_duties_to_the_unit():
    tree = _tree(parse_document("a.txt", MISSED))
    assert "大客户拓展" not in tree["测试公司/市场部"]


def test_a_position_hint_opens_the_position_and_the_lines_below_are_its_duties():
    parsed = parse_document("a.txt", MISSED, hints={3: "position", 6: REQUIREMENT})
    position = _tree(parsed)["测试公司/市场部"]["大客户拓展"]
    assert position == {
        RESPONSIBILITY: ["走访重点客户;", "签订年度合同。"],
        REQUIREMENT: ["本科以上学历"],
    }
    roles = line_roles(parsed)
    assert [roles[n] for n in range(1, 7)] == [
        "organisation",
        "unit",
        "position",
        RESPONSIBILITY,
        RESPONSIBILITY,
        REQUIREMENT,
    ]


def test_hints_are_pure_the_same_input_gives_the_same_tree_and_the_hints_are_not_changed():
    hints = {3: "position"}
    first = _tree(parse_document("a.txt", MISSED, hints=hints))
    assert first == _tree(parse_document("a.txt", MISSED, hints=hints))
    assert hints == {3: "position"}
    assert _tree(parse_document("a.txt", MISSED)) != first


def test_unit_levels_nest_under_the_unit_one_level_up():
    text = "测试公司\n营运\n采购小队\n采购专员\n下订单\n财务\n"
    parsed = parse_document(
        "a.txt", text, hints={2: "unit:1", 3: "unit:2", 4: "position", 5: RESPONSIBILITY, 6: "unit:1"}
    )
    tree = _tree(parsed)
    assert tree["测试公司/营运/采购小队"] == {"采购专员": {RESPONSIBILITY: ["下订单"]}}
    assert "测试公司/财务" in tree


def test_noise_join_and_kpi():
    text = "测试公司\n市场部\n○市场专员职责\n◆走访客户,每月不少于\n二十家;\n广告:招聘会\n◆客户满意度\n"
    parsed = parse_document("a.txt", text, hints={5: "join", 6: "noise", 7: KPI})
    position = _tree(parsed)["测试公司/市场部"]["市场专员"]
    assert position == {RESPONSIBILITY: ["走访客户,每月不少于二十家;"], KPI: ["客户满意度"]}
    assert 6 in parsed.noise_lines and 6 not in parsed.used_lines
    assert line_roles(parsed)[6] == "noise"


def test_split_cuts_a_run_together_line_at_its_numbers():
    assert split_at_numbers("1、走访客户 2、整理资料3、提交周报") == ["走访客户", "整理资料", "提交周报"]
    text = "测试公司\n市场部\n○市场专员职责\n岗位职责:1、走访客户2、整理资料3、提交周报(2.5小时)\n"
    parsed = parse_document("a.txt", text, hints={4: "split"})
    assert _tree(parsed)["测试公司/市场部"]["市场专员"] == {
        RESPONSIBILITY: ["走访客户", "整理资料", "提交周报(2.5小时)"]
    }


def test_a_join_with_nothing_above_or_a_heading_with_no_name_is_reported_not_applied():
    parsed = parse_document("a.txt", "测试公司\n市场部\n【】\n", hints={2: "join", 3: "position"})
    assert parsed.hints_not_applied == [2, 3]
    assert line_roles(parsed)[2] == "unknown"
    assert not parsed.organisations[0].positions


def test_a_forced_heading_beats_the_noise_rule_and_a_forced_noise_beats_a_heading():
    text = "测试公司\n市场部\n百度文库 免费下载\n◆走访客户;\n"
    parsed = parse_document("a.txt", text, hints={2: "noise", 3: "position"})
    tree = _tree(parsed)
    assert tree["测试公司"] == {"百度文库 免费下载": {RESPONSIBILITY: ["走访客户;"]}}


def test_a_table_row_is_corrected_by_its_line_and_a_heading_takes_its_first_cell():
    text = "测试公司\n| 岗位 | 内容 |\n| --- | --- |\n| 出纳专岗 | 现金收付 |\n"
    assert [n for n, _ in document_lines(text)] == [1, 4]
    parsed = parse_document("a.txt", text, hints={4: "position"})
    assert _tree(parsed)["测试公司"]["出纳专岗"] == {RESPONSIBILITY: ["现金收付"]}
    assert line_roles(parsed)[4] == "position"


def test_clean_hints_keeps_known_roles_on_existing_lines_only():
    raw = {"3": "position", "4": "bogus", "99": "noise", "x": "noise", 5: "unit:2", "6": "unit:9"}
    assert clean_hints(raw, {3, 4, 5, 6}) == {3: "position", 5: "unit:2"}
    assert clean_hints(["position"], {1}) == {}


def test_a_correction_that_cannot_apply_says_why_next_to_its_line():
    text = "测试公司\n市场部\n【】\n"
    hints = {2: "join", 3: "position"}
    parsed, report = preview("a.txt", text, hints)
    warnings = {row["n"]: row["warnings"] for row in review_lines(text, parsed, report, hints)}
    assert "上方没有可并入的条目" in warnings[2][0]
    assert "没有可作名称的文字" in warnings[3][0]
    assert warnings[1] == []
