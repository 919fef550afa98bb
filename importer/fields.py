"""Labelled fields (岗位名称, 直接上级, 岗位职责 …): each variant mapped to one field of the position."""

import re

from importer.patterns import FIELD_KEYS, GLOSS, MARKER, split_people
from importer.state import BuildState
from importer.structure import AUTHORITY, KPI, REQUIREMENT, RESPONSIBILITY
from importer.vocabulary import (
    AUTHORITY as AUTHORITY_LABEL,
)
from importer.vocabulary import (
    DUTIES,
    IGNORED,
    KPIS,
    LABELS,
    REQUIREMENTS,
    SUBORDINATE,
    SUMMARY,
    SUPERIOR,
    TITLE,
    UNIT,
)
from importer.vocabulary import (
    HEADCOUNT as HEADCOUNT_LABEL,
)

CANONICAL_KEY = {
    TITLE: "岗位名称",
    SUPERIOR: "直接上级",
    SUBORDINATE: "直接下级",
    SUMMARY: "工作概述",
    DUTIES: "岗位职责",
    REQUIREMENTS: "任职资格",
    AUTHORITY_LABEL: "管理权限",
    KPIS: "考核指标",
    HEADCOUNT_LABEL: "岗位编制",
}


OLD_KEYS = set(FIELD_KEYS.split("|"))


def read_field(st: BuildState, key: str, value: str, original: str, number: int) -> bool:
    st.doc.field_lines.add(number)
    canonical = LABELS.get(key)
    if canonical == UNIT and not value.strip():
        st.pending = "unit"
        return True
    if canonical == UNIT:
        if st.position is None:
            name = re.sub(r"(?:职责|职能)$", "", value.split()[0]) if value.split() else ""
            if name:
                st.new_unit(name, number)
        else:
            st.place_in_unit(value, number)
        return True
    if canonical == IGNORED and key not in OLD_KEYS:
        # '工作地点:上海' is complete on its line; a bare '工作环境:' opens a block kept nowhere.
        st.workflow, st.last_item = None, None
        if not value.strip():
            st.section = IGNORED
        return True
    if key not in OLD_KEYS and canonical:
        key = CANONICAL_KEY[canonical]
    if key in ("岗位名称", "职位名称", "职务名称", "岗位描述") and not value.strip():
        st.pending = "title"
        return True
    if key in ("岗位名称", "职位名称", "职务名称", "岗位描述"):
        title = re.sub(r"(?:职位|岗位)(?:代码|编号)$", "", value.split("=")[0].strip())
        title = GLOSS.sub("", title).strip() or title  # '用户增长运营(Growth Operations)'

        if title and (st.position is None or st.position.title != title):
            if (
                st.position is not None
                and not any(st.position.items.values())
                and (key == "职务名称" or st.position.from_title)
            ):
                st.position.title, st.position.line, st.position.from_title = title, number, False
            else:
                st.new_position(title, number).evidence = "label"
        return True
    if key in ("部门性质", "下属岗位模块", "岗位设置", "岗位说明书"):
        st.position, st.workflow, st.section = None, None, RESPONSIBILITY
        return True
    if key == "管理职能" or (key == "管理权限" and st.position is None):
        st.position, st.workflow, st.section = None, None, RESPONSIBILITY
        return st.add_item(value, original, number) if value else True
    if key == "部门职责":
        st.position, st.workflow, st.section = None, None, RESPONSIBILITY
        return True
    if key in ("流程名称",):
        st.ensure_org(number)
        name, _, rest = value.partition(" ")
        st.workflow = st.add_workflow(name.rstrip("。.;；"), number)
        if rest.strip():
            st.doc.not_understood.append((number, rest.strip()))
        return True
    if key in ("流程代号", "主管部门") and st.workflow:
        # 'SC-003', '市场部'; what follows on the line is flow-chart debris ('① 调研 ① 呈报结果').
        first, _, rest = value.partition(" ")
        if key == "流程代号":
            st.workflow.code = first
        elif first and first != st.workflow.owner:
            st.move_workflow_to(first)
        if rest.strip():
            st.doc.not_understood.append((number, rest.strip()))
        return True
    if key == "流程说明" and st.workflow:
        return st.add_item(value, original, number) if value else True
    if key == "工作流程":
        st.ensure_org(number)
        title = f"{st.position.title}工作流程" if st.position else f"{st.unit.name}工作流程"
        st.workflow = st.add_workflow(title, number)
        return st.add_item(value, original, number) if value else True
    if st.position is None:
        if key in ("岗位要求", "任职资格", "任职要求", "任职条件"):
            st.section = REQUIREMENT
            return True if not value else st.add_item(value, original, number)
        if key in ("主要职责", "岗位职责", "工作职责", "直接责任"):
            st.section, st.last_item = RESPONSIBILITY, None
            return True if not value else st.add_item(value, original, number)
        return False
    pos = st.position
    st.workflow = None
    if key in ("直接上级", "直属上级"):
        inner = re.split(r"\s*(?:直接下级|直接下属)\s*[::]?\s*", value)
        for sharing in [pos, *st.sharing]:
            sharing.superiors.extend(split_people(inner[0]))
        if len(inner) > 1:
            pos.subordinates.extend(split_people(inner[1]))
            st.pending = None if inner[1].strip() else "sub"
        else:
            st.pending = None if inner[0].strip() else "sup"
    elif key in ("直接下级", "直接下属"):
        pos.subordinates.extend(split_people(value))
        st.pending = None if value.strip() else "sub"
    elif key in ("工作概述", "本职工作", "职位概要", "岗位性质"):
        st.section = "summary"
        pos.summary = (pos.summary + value).strip()
    elif key in ("管理权限", "管理责任"):
        pos.authority = (pos.authority + value).strip()
        if not value:
            st.section = AUTHORITY
    elif key in ("岗位要求", "任职资格", "任职要求", "任职条件"):
        st.section = REQUIREMENT
        return value_items(st, value, original, number)
    elif key in ("考核指标", "绩效考核"):
        st.section = KPI
        return value_items(st, value, original, number)
    elif key == "岗位编制":
        m = re.search(r"(\d+|[一二三四五六七八九十])\s*[名人]", value)
        if m:
            pos.headcount = (
                int(m.group(1)) if m.group(1).isdigit() else "一二三四五六七八九十".index(m.group(1)) + 1
            )
    else:
        duties = pos.items[RESPONSIBILITY]
        if len(duties) == 1 and duties[0].labelled and not pos.summary:
            # '职责:一句话' then '工作内容:1.…': the first was the job in one sentence, its summary.
            pos.summary = duties.pop().text
        st.section = RESPONSIBILITY
        return value_items(st, value, original, number)
    return True


def value_items(st: BuildState, value: str, original: str, number: int) -> bool:
    """A label's value on its own line: one item, or several run together with semicolons."""
    if not value:
        return True
    if MARKER.match(value):
        value = MARKER.sub("", value, count=1).strip()
        original = MARKER.sub("", original, count=1).strip() if MARKER.match(original) else original
    clauses = [c for c in re.split(r"(?<=[;；])", value) if c.strip(" ;；")]
    if len(clauses) < 3:
        added = st.add_item(value, original, number)
        if added and st.last_item is not None:
            st.last_item.labelled = True
        return added
    return all([st.add_item(clause.strip(), clause.strip(), number) for clause in clauses])


SPACED_LABEL = re.compile(rf"(?:^|\s+)({'|'.join(sorted(LABELS, key=len, reverse=True))})\s+(?=\S)")


def spaced_labels(text: str) -> list[tuple[str, str]] | None:
    """'岗位名称 采购经理 所属部门 采购部': a Word table row flattened with spaces."""
    if not LABELS.get(text.split()[0] if text.split() else ""):
        return None
    found = list(SPACED_LABEL.finditer(text))
    if not found or found[0].start() != 0 or (len(found) < 2 and len(found[0].group(1)) < 4):
        return None
    pairs = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        pairs.append((match.group(1), text[match.end() : end].strip()))
    return pairs
