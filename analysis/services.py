"""Writes of duty analysis: HR's verdict on a suggested match, and a JD copied from the library."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from analysis import frequencies, matching
from analysis.models import MatchDecision, TemplateCopy
from duties import services as duty_services
from duties.models import Duty
from roles import services as position_services
from roles.models import Position


def _check_pair(function: Duty, duty: Duty) -> None:
    if function.unit_id is None:
        raise ValidationError({"function": _("这不是单元职能。")})
    if duty.position_id is None:
        raise ValidationError({"duty": _("这不是岗位职责。")})
    unit, owner = function.unit, duty.position.unit
    if not (owner.tree_id == unit.tree_id and unit.lft <= owner.lft < unit.rght):
        raise ValidationError({"duty": _("该职责的岗位不在这个单元或其下级单元。")})


def decide(*, function: Duty, duty: Duty, verdict: str, user=None) -> MatchDecision:
    """Confirm or reject that ``duty`` carries out ``function``; a second verdict replaces the first."""
    if verdict not in MatchDecision.Verdict.values:
        raise ValidationError({"verdict": _("结论只能是 confirmed 或 rejected。")})
    _check_pair(function, duty)
    score = matching.score(float(frequencies.scores([function.text], [duty.text])[0, 0]))
    with transaction.atomic():
        decision, _created = MatchDecision.objects.update_or_create(
            function=function,
            duty=duty,
            defaults={
                "verdict": verdict,
                "score": score,
                "decided_by": user if getattr(user, "pk", None) else None,
            },
        )
    return decision


def withdraw(*, function: Duty, duty: Duty) -> bool:
    """Back to the computed match; True if there was a verdict."""
    deleted, _rows = MatchDecision.objects.filter(function=function, duty=duty).delete()
    return bool(deleted)


COPIED_FIELDS = ("summary", "authority", "headcount")


def copy_as_template(*, source: Position, unit, title: str = "", user=None) -> Position:
    """A new position in ``unit`` with the source JD's fields and duties (all kinds, in order).

    The duties keep their source document and line (where the text first came from); TemplateCopy
    records which JD it was copied from, and keeps its name if that JD is later deleted.
    """
    path = " / ".join(source.unit.get_ancestors(include_self=True).values_list("name", flat=True))
    with transaction.atomic():
        position = position_services.create_position(
            unit=unit,
            title=(title or source.title).strip(),
            source_document=source.source_document,
            source_line=source.source_line,
            **{name: getattr(source, name) for name in COPIED_FIELDS},
        )
        for duty in source.duties.order_by("kind", "order", "id"):
            duty_services.create_duty(
                text=duty.text,
                position=position,
                kind=duty.kind,
                original_text=duty.original_text,
                source_document=duty.source_document,
                source_line=duty.source_line,
            )
        TemplateCopy.objects.create(
            position=position,
            copied_from=source,
            copied_from_label=f"{path} / {source.title}"[:500],
            copied_by=user if getattr(user, "pk", None) else None,
        )
    return position
