"""What changed between two versions of a job description, duty by duty.

Duties are matched within their list (responsibilities, requirements …): first by identity (the
same row, edited), then by identical text (a row deleted and written again, as an import does),
then by similar text. A matched duty whose text changed is reworded, with a character-level diff
(Chinese has no spaces, so words are no unit); one that left the longest run of duties kept in
order is moved; the rest are added or removed.
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

from jobdescriptions.snapshots import KIND_ORDER

# Two texts at least this similar are one duty reworded, not one removed and another added.
SIMILAR = 0.5
KIND_LABELS = {
    "responsibility": _("岗位职责"),
    "requirement": _("任职资格"),
    "authority": _("管理权限"),
    "kpi": _("考核指标"),
}
FIELD_LABELS = {
    "title": _("岗位名称"),
    "code": _("岗位编码"),
    "unit_path": _("所属部门"),
    "superiors": _("直接上级"),
    "subordinates": _("直接下级"),
    "headcount": _("编制"),
    "described": _("已描述"),
    "summary": _("工作概述"),
    "authority": _("管理权限"),
}


def char_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs, op one of "equal", "delete", "insert"; a replacement is a delete then an insert."""
    runs: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "delete"):
            runs.append((tag, old[i1:i2]))
        elif tag == "insert":
            runs.append((tag, new[j1:j2]))
        else:
            runs += [("delete", old[i1:i2]), ("insert", new[j1:j2])]
    return runs


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    chars: list[tuple[str, str]]


@dataclass
class DutyChange:
    kind: str
    status: str  # "added", "removed", "reworded", "moved" or "unchanged"
    old_order: int | None = None
    new_order: int | None = None
    old_text: str = ""
    new_text: str = ""
    moved: bool = False
    chars: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


@dataclass
class Section:
    kind: str
    label: str
    duties: list[DutyChange]

    @property
    def changes(self) -> list[DutyChange]:
        return [duty for duty in self.duties if duty.changed]


@dataclass
class VersionDiff:
    fields: list[FieldChange]
    sections: list[Section]

    @property
    def duty_changes(self) -> list[DutyChange]:
        return [duty for section in self.sections for duty in section.changes]

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.duty_changes

    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "reworded": 0, "moved": 0}
        for duty in self.duty_changes:
            counts[duty.status] += 1
        return counts


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions (in ``values``) of one longest strictly increasing subsequence."""
    if not values:
        return set()
    tails: list[int] = []  # index into values of the smallest tail of each length
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        length = bisect_left([values[t] for t in tails], value)
        if length > 0:
            previous[index] = tails[length - 1]
        if length == len(tails):
            tails.append(index)
        else:
            tails[length] = index
    kept, index = set(), tails[-1]
    while index != -1:
        kept.add(index)
        index = previous[index]
    return kept


def _match(old: list[dict], new: list[dict]) -> dict[int, int]:
    """new index -> old index for the duties that are the same item."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    old_by_id = {duty.get("id"): i for i, duty in enumerate(old) if duty.get("id") is not None}
    for j, duty in enumerate(new):
        i = old_by_id.get(duty.get("id"))
        if i is not None and i not in used:
            pairs[j] = i
            used.add(i)
    for j, duty in enumerate(new):
        if j in pairs:
            continue
        for i, candidate in enumerate(old):
            if i not in used and candidate["text"] == duty["text"]:
                pairs[j] = i
                used.add(i)
                break
    scored = sorted(
        (
            (SequenceMatcher(None, old[i]["text"], new[j]["text"], autojunk=False).ratio(), -j, -i)
            for j in range(len(new))
            if j not in pairs
            for i in range(len(old))
            if i not in used
        ),
        reverse=True,
    )
    for ratio, minus_j, minus_i in scored:
        j, i = -minus_j, -minus_i
        if ratio < SIMILAR:
            break
        if j not in pairs and i not in used:
            pairs[j] = i
            used.add(i)
    return pairs


def _section(kind: str, old: list[dict], new: list[dict]) -> Section:
    pairs = _match(old, new)
    in_order = sorted(pairs)  # new indices
    kept = {in_order[k] for k in _longest_increasing([pairs[j] for j in in_order])}
    placed: list[tuple[tuple[float, int], DutyChange]] = []
    for j, duty in enumerate(new):
        i = pairs.get(j)
        if i is None:
            change = DutyChange(kind, "added", new_order=j + 1, new_text=duty["text"])
        else:
            before = old[i]
            moved = j not in kept
            reworded = before["text"] != duty["text"]
            change = DutyChange(
                kind,
                "reworded" if reworded else "moved" if moved else "unchanged",
                old_order=i + 1,
                new_order=j + 1,
                old_text=before["text"],
                new_text=duty["text"],
                moved=moved,
                chars=char_diff(before["text"], duty["text"]) if reworded else [],
            )
        placed.append(((j, 0), change))
    new_of_old = {i: j for j, i in pairs.items()}
    for i, duty in enumerate(old):
        if i in new_of_old:
            continue
        anchors = [new_of_old[k] for k in range(i) if k in new_of_old]
        anchor = max(anchors) + 0.5 if anchors else -0.5
        placed.append(((anchor, i), DutyChange(kind, "removed", old_order=i + 1, old_text=duty["text"])))
    placed.sort(key=lambda item: item[0])
    return Section(kind, str(KIND_LABELS[kind]), [change for _key, change in placed])


def _lines_text(lines: list[dict]) -> str:
    solid = str(_("实线"))
    dotted = str(_("虚线"))
    return "、".join(f"{line['title']}({solid if line['kind'] == 'solid' else dotted})" for line in lines)


def _field_values(snapshot: dict | None) -> dict[str, str]:
    if not snapshot:
        return dict.fromkeys(FIELD_LABELS, "")
    position = snapshot["position"]
    values = {name: "" if position.get(name) is None else str(position.get(name)) for name in FIELD_LABELS}
    values["unit_path"] = " / ".join(unit["name"] for unit in snapshot.get("unit_path", []))
    values["superiors"] = _lines_text(snapshot.get("superiors", []))
    values["subordinates"] = _lines_text(snapshot.get("subordinates", []))
    values["described"] = str(_("是")) if position.get("described", True) else str(_("否"))
    return values


def diff(old: dict | None, new: dict) -> VersionDiff:
    """From ``old`` to ``new`` (snapshots); ``old`` None compares with an empty job description."""
    before, after = _field_values(old), _field_values(new)
    fields = [
        FieldChange(name, str(label), before[name], after[name], char_diff(before[name], after[name]))
        for name, label in FIELD_LABELS.items()
        if before[name] != after[name]
    ]
    old_duties = (old or {}).get("duties", [])
    new_duties = new.get("duties", [])
    sections = [
        _section(
            kind,
            [d for d in old_duties if d["kind"] == kind],
            [d for d in new_duties if d["kind"] == kind],
        )
        for kind in KIND_ORDER
    ]
    return VersionDiff(fields=fields, sections=sections)
