"""The diff between two versions: duty by duty, with a character-level diff of reworded Chinese text."""

from jobdescriptions.diff import char_diff, diff


def jd(*duties, **position):
    """A snapshot with ``duties`` as (id, kind, text) or (id, text) responsibilities."""
    items, counters = [], {}
    for duty in duties:
        pk, kind, text = duty if len(duty) == 3 else (duty[0], "responsibility", duty[1])
        counters[kind] = counters.get(kind, 0) + 1
        items.append({"id": pk, "kind": kind, "order": counters[kind], "text": text})
    fields = {"title": "出纳", "code": "", "summary": "", "authority": "", "headcount": 1, "described": True}
    return {
        "position": {"id": 1, **fields, **position},
        "unit_path": [{"id": 1, "name": "财务部"}],
        "superiors": [],
        "subordinates": [],
        "duties": items,
    }


def statuses(result):
    return [(d.status, d.old_order, d.new_order) for d in result.sections[0].duties]


def test_the_same_version_has_no_changes():
    version = jd((1, "负责现金收付。"), (2, "登记现金日记账。"))

    assert diff(version, version).is_empty


def test_a_reworded_duty_has_a_character_diff():
    result = diff(jd((1, "负责现金收付。")), jd((1, "负责现金及票据的收付。")))

    (change,) = result.duty_changes
    assert change.status == "reworded"
    assert change.chars == [("equal", "负责现金"), ("insert", "及票据的"), ("equal", "收付。")]


def test_a_character_diff_replaces_characters_in_place():
    assert char_diff("每月编制报表", "每季编制报表") == [
        ("equal", "每"),
        ("delete", "月"),
        ("insert", "季"),
        ("equal", "编制报表"),
    ]


def test_added_and_removed_duties_keep_their_places():
    old = jd((1, "负责现金收付。"), (2, "保管空白支票。"), (3, "登记现金日记账。"))
    new = jd((1, "负责现金收付。"), (3, "登记现金日记账。"), (4, "协助年度审计。"))

    assert statuses(diff(old, new)) == [
        ("unchanged", 1, 1),
        ("removed", 2, None),
        ("unchanged", 3, 2),
        ("added", None, 3),
    ]


def test_a_duty_moved_to_the_top_is_the_only_one_marked_moved():
    old = jd((1, "负责现金收付。"), (2, "保管空白支票。"), (3, "登记现金日记账。"))
    new = jd((3, "登记现金日记账。"), (1, "负责现金收付。"), (2, "保管空白支票。"))

    assert statuses(diff(old, new)) == [("moved", 3, 1), ("unchanged", 1, 2), ("unchanged", 2, 3)]


def test_a_duty_written_again_under_a_new_row_is_matched_by_its_text():
    """An import replaces rows: identical or similar text is still the same duty."""
    old = jd((1, "负责现金收付。"), (2, "按月编制现金报表并报财务经理审核。"))
    new = jd((11, "负责现金收付。"), (12, "按季编制现金报表并报财务经理审核。"))

    result = diff(old, new)

    assert statuses(result) == [("unchanged", 1, 1), ("reworded", 2, 2)]
    assert ("insert", "季") in result.duty_changes[0].chars


def test_unrelated_text_is_a_removal_and_an_addition_not_a_rewording():
    result = diff(jd((1, "负责现金收付。")), jd((2, "组织开展安全生产检查。")))

    assert [d.status for d in result.duty_changes] == ["removed", "added"]


def test_lists_are_compared_separately():
    old = jd((1, "responsibility", "负责现金收付。"), (2, "requirement", "会计专业大专以上学历。"))
    new = jd((1, "responsibility", "负责现金收付。"), (2, "requirement", "会计专业本科以上学历。"))

    result = diff(old, new)

    assert [(d.kind, d.status) for d in result.duty_changes] == [("requirement", "reworded")]
    assert result.counts() == {"added": 0, "removed": 0, "reworded": 1, "moved": 0}


def test_position_fields_are_compared_with_a_character_diff():
    result = diff(jd(summary="负责日常现金管理。"), jd(summary="负责日常现金与银行账户管理。", headcount=2))

    assert {change.name for change in result.fields} == {"summary", "headcount"}
    summary = next(change for change in result.fields if change.name == "summary")
    assert ("insert", "与银行账户") in summary.chars


def test_against_nothing_every_duty_is_added():
    result = diff(None, jd((1, "负责现金收付。")))

    assert [d.status for d in result.duty_changes] == ["added"]
