"""Workflows: step chains (A---B---C) and workflow documents as ordered steps."""

import re

from core.text import PINYIN_MOJIBAKE
from importer.patterns import CHAIN_SEPARATOR, MARKER
from importer.state import BuildState
from importer.structure import Item


def workflow_line(st: BuildState, text: str, original: str, number: int) -> None:
    if st.workflow is None:
        org = st.ensure_org(number)
        owner = re.search(r"(\S{1,6}?部)", text)
        unit_name = re.sub(r"^百货商场", "", owner.group(1) if owner else org.name)
        st.new_unit(unit_name, number)
        st.workflow = st.add_workflow(text, number)
        return
    if text == st.workflow.name:
        return
    st.add_item(MARKER.sub("", text, count=1) or text, original, number)


CHAIN_PREFIX = re.compile(r"^(.{1,20}?)[::]\s*")


GENERIC_FLOW = re.compile(r"^(?:通常的|日常|具体)?工作流程$")


def _chain_steps(text: str, named: bool = False) -> list[str] | None:
    parts = [p.strip() for p in CHAIN_SEPARATOR.split(text)]
    if len(parts) < (2 if named else 3) or any(not p or p[0].isdigit() or len(p) > 80 for p in parts):
        return None
    return parts


def read_chain(st: BuildState, text: str, original: str, number: int) -> bool:
    """A step chain becomes a workflow of its own, named by its prefix or its owner."""
    prefix = CHAIN_PREFIX.match(text)
    body = text[prefix.end() :] if prefix else text
    steps = _chain_steps(body, named=bool(prefix and prefix.group(1).endswith("流程")))
    if steps is None:
        return False
    org = st.ensure_org(number)
    owner = st.position.title if st.position is not None else st.unit.name
    if prefix and not GENERIC_FLOW.match(prefix.group(1)):
        name = prefix.group(1)
    elif not prefix and "流程" in org.name and not org.workflows and st.unit is org:
        name = org.name
    else:
        name = f"{owner}工作流程"
    original_body = PINYIN_MOJIBAKE.sub("", original)
    original_body = original_body[-len(body) :] if len(original_body) >= len(body) else body
    original_steps = [p.strip() for p in CHAIN_SEPARATOR.split(original_body)]
    if len(original_steps) != len(steps):
        original_steps = steps
    workflow = st.add_workflow(name, number)
    workflow.steps = [
        Item(text=step, original=orig, line=number) for step, orig in zip(steps, original_steps, strict=True)
    ]
    st.workflow, st.last_item = None, None
    return True
