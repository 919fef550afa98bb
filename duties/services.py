"""Plain functions for writing duties and workflows one at a time, and for refreshing search words.

Importing documents is the importer's (importer.apply), which sits above these writes.
Optimistic locking: updates and deletes refuse a stale version; every save raises it
(core.versioning), so edits made in the admin or by an import are seen by If-Match too.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
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
    """Lock the duty's owner row so two concurrent appends do not take the same place."""
    if position is not None:
        Position.objects.select_for_update(no_key=True).filter(pk=position.pk).exists()
    elif unit is not None:
        Unit.objects.select_for_update(no_key=True).filter(pk=unit.pk).exists()


def _next_duty_order(*, position, unit, kind, excluding=None) -> int:
    """One past the last order of the owner's items of this kind (0 for the first)."""
    siblings = Duty.objects.filter(position=position, unit=unit, kind=kind)
    if excluding is not None:
        siblings = siblings.exclude(pk=excluding.pk)
    top = siblings.aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


def create_duty(*, text: str, position=None, unit=None, kind=None, order: int | None = None, **fields):
    """A new duty of a position xor a unit; without ``order`` it goes to the end of its list."""
    kind = kind or Duty.Kind.RESPONSIBILITY
    with transaction.atomic():
        _lock_owner(position=position, unit=unit)
        if order is None:
            order = _next_duty_order(position=position, unit=unit, kind=kind)
        duty = Duty(position=position, unit=unit, kind=kind, order=order, text=text, **fields)
        duty.full_clean(exclude=["version"])
        duty.save()
        return duty


def update_duty(duty, *, expected_version=None, **fields):
    """Change a duty, refusing a stale edit; moved to another list without ``order``, it goes last."""
    with transaction.atomic():
        current = Duty.objects.select_for_update().get(pk=duty.pk)
        check_version(current, expected_version)
        old_list = (current.position_id, current.unit_id, current.kind)
        assign_fields(current, fields, DUTY_FIELDS)
        moved = (current.position_id, current.unit_id, current.kind) != old_list
        if moved and "order" not in fields:
            _lock_owner(position=current.position, unit=current.unit)
            current.order = _next_duty_order(
                position=current.position, unit=current.unit, kind=current.kind, excluding=current
            )
        current.full_clean(exclude=["version"])
        current.save()
        return current


def delete_duty(duty, *, expected_version=None) -> None:
    with transaction.atomic():
        current = Duty.objects.select_for_update().get(pk=duty.pk)
        check_version(current, expected_version)
        current.delete()


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
    for order, text in enumerate(texts):
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
