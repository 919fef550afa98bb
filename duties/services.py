"""Plain functions for importing documents and for writing duties and workflows one at a time."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from duties.importer.apply import import_text, preview
from duties.importer.report import ImportReport
from duties.models import Duty, Workflow, WorkflowStep
from orgchart.models import Unit
from orgchart.services import check_version
from roles.models import Position


def preview_document(name: str, text: str):
    """Parse a document and report what an import would create; writes nothing."""
    return preview(name, text)


def import_document(name: str, text: str) -> ImportReport:
    """Import (or re-import) one document atomically and return its report."""
    return import_text(name, text)


# Writes to duties and workflows: updates and deletes refuse a stale version; every save raises it
# (duties.versioning), so edits made in the admin or by an import are seen by If-Match too.


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
        for name, value in fields.items():
            setattr(current, name, value)
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
        for name, value in fields.items():
            setattr(current, name, value)
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
