"""Plain functions for writing duties and workflows one at a time, and for refreshing search words.

Importing documents is the importer's (importer.apply), which sits above these writes.
Optimistic locking: updates and deletes refuse a stale version; every save raises it
(core.versioning), so edits made in the admin or by an import are seen by If-Match too.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.search import duty_words, position_words
from core.updates import assign_fields
from core.versioning import check_version
from duties.models import Duty, Workflow, WorkflowStep
from orgchart.models import Unit
from roles.models import Position

# What update_duty and update_workflow may change (a workflow's steps are a separate argument).
DUTY_FIELDS = ("position", "unit", "kind", "order", "text", "original_text")
WORKFLOW_FIELDS = ("name", "code", "owner_unit")
SEARCH_BATCH = 500


def _lock_owner(*, position=None, unit=None) -> None:
    """Lock the duty's owner row so two concurrent writes to one list do not take the same place."""
    if position is not None:
        Position.objects.select_for_update(no_key=True).filter(pk=position.pk).exists()
    elif unit is not None:
        Unit.objects.select_for_update(no_key=True).filter(pk=unit.pk).exists()


def _list_of(duty) -> tuple:
    return (duty.position_id, duty.unit_id, duty.kind)


def _arrange(*, position, unit, kind, duty=None, at: int | None = None) -> None:
    """Number one list (an owner's items of one kind) 1..n, with ``duty`` placed at ``at``.

    The one rule for every write: orders start at 1; placing an item at an order moves it and
    the later ones down by one; an order past the end (or none) means the end; no gaps. Items
    whose number changes are saved one by one, so they get a history row and a new version.
    ``duty`` itself only gets its ``order`` set; the caller saves it.
    """
    siblings = Duty.objects.select_for_update().filter(position=position, unit=unit, kind=kind)
    if duty is not None and duty.pk is not None:
        siblings = siblings.exclude(pk=duty.pk)
    items = list(siblings.order_by("order", "id"))
    if duty is not None:
        index = len(items) if at is None else min(max(at, 1) - 1, len(items))
        items.insert(index, duty)
    for number, item in enumerate(items, start=1):
        if item is duty:
            duty.order = number
        elif item.order != number:
            item.order = number
            item.save()


def create_duty(*, text: str, position=None, unit=None, kind=None, order: int | None = None, **fields):
    """A new duty of a position xor a unit, at ``order`` (1-based); without it, or past the end, last."""
    kind = kind or Duty.Kind.RESPONSIBILITY
    with transaction.atomic():
        place = 1 if order is None else order  # validated as a place; numbered by _arrange
        duty = Duty(position=position, unit=unit, kind=kind, order=place, text=text, **fields)
        duty.full_clean(exclude=["version"])
        _lock_owner(position=position, unit=unit)
        _arrange(position=position, unit=unit, kind=kind, duty=duty, at=order)
        duty.save()
        return duty


def update_duty(duty, *, expected_version=None, **fields):
    """Change a duty, refusing a stale edit.

    A new ``order`` moves it within its list; moved to another list it goes to ``order`` there,
    or last; the list it left closes the gap.
    """
    with transaction.atomic():
        current = Duty.objects.select_for_update().get(pk=duty.pk)
        check_version(current, expected_version)
        old = {"position": current.position, "unit": current.unit, "kind": current.kind}
        old_list, old_order, at = _list_of(current), current.order, fields.get("order")
        assign_fields(current, fields, DUTY_FIELDS)
        if current.order is None:
            current.order = 1  # "put it last": validated as a valid place, numbered below
        current.full_clean(exclude=["version"])
        moved = _list_of(current) != old_list
        if moved or ("order" in fields and at != old_order):
            _lock_owner(position=old["position"], unit=old["unit"])
            _lock_owner(position=current.position, unit=current.unit)
            _arrange(position=current.position, unit=current.unit, kind=current.kind, duty=current, at=at)
        current.save()
        if moved:
            _arrange(**old)
        return current


def delete_duty(duty, *, expected_version=None) -> None:
    """Delete a duty, refusing a stale edit; the later items of its list move up."""
    with transaction.atomic():
        current = Duty.objects.select_for_update().get(pk=duty.pk)
        check_version(current, expected_version)
        _lock_owner(position=current.position, unit=current.unit)
        current.delete()
        _arrange(position=current.position, unit=current.unit, kind=current.kind)


def _replace_steps(workflow, texts: list[str]) -> None:
    """Make the workflow's steps exactly ``texts`` in order.

    A step whose text is kept keeps its row (and so its provenance and history);
    the others are deleted and new ones created, each with a history row.
    """
    texts = [text.strip() for text in texts]
    if any(not text for text in texts):
        raise ValidationError({"steps": [_("流程步骤的内容不能为空。")]}, code="blank_step")
    unused = {}
    for step in workflow.steps.select_for_update().order_by("order", "id"):
        unused.setdefault(step.text, []).append(step)
    kept = []
    for order, text in enumerate(texts, start=1):
        same = unused.get(text)
        step = same.pop(0) if same else WorkflowStep(workflow=workflow, text=text)
        kept.append((order, step))
    for leftovers in unused.values():
        for step in leftovers:
            step.delete()
    for order, step in kept:
        if step.pk is None or step.order != order:
            step.order = order
            step.full_clean(exclude=["workflow"])
            step.save()


def create_workflow(*, name: str, code: str = "", owner_unit=None, steps: list[str] | None = None, **fields):
    """A new workflow with its ordered steps (texts)."""
    with transaction.atomic():
        workflow = Workflow(name=name, code=code, owner_unit=owner_unit, **fields)
        workflow.full_clean(exclude=["version"])
        workflow.save()
        _replace_steps(workflow, steps or [])
        return workflow


def update_workflow(workflow, *, expected_version=None, steps: list[str] | None = None, **fields):
    """Change a workflow's fields and, when ``steps`` is given, replace its steps by that list."""
    with transaction.atomic():
        current = Workflow.objects.select_for_update().get(pk=workflow.pk)
        check_version(current, expected_version)
        assign_fields(current, fields, WORKFLOW_FIELDS)
        current.full_clean(exclude=["version"])
        current.save()
        if steps is not None:
            _replace_steps(current, steps)
        return current


def delete_workflow(workflow, *, expected_version=None) -> None:
    """Delete a workflow and its steps, refusing a stale edit."""
    with transaction.atomic():
        current = Workflow.objects.select_for_update().get(pk=workflow.pk)
        check_version(current, expected_version)
        current.delete()


def reindex_search(*, everything: bool = False) -> dict[str, int]:
    """Fill ``search_words`` of duties and positions (only empty ones unless ``everything``)."""
    counts = {}
    for model, fields, words in (
        (Duty, ("text", "original_text"), duty_words),
        (Position, ("title", "summary"), position_words),
    ):
        rows = model.objects.all() if everything else model.objects.filter(search_words="")
        changed, done = [], 0
        for row in rows.only("pk", "search_words", *fields).iterator(chunk_size=SEARCH_BATCH):
            fresh = words(*(getattr(row, f) for f in fields))
            if fresh != row.search_words:
                row.search_words = fresh
                changed.append(row)
            if len(changed) >= SEARCH_BATCH:
                done += len(changed)
                model.objects.bulk_update(changed, ["search_words"])
                changed = []
        if changed:
            done += len(changed)
            model.objects.bulk_update(changed, ["search_words"])
        counts[model._meta.model_name] = done
    return counts
