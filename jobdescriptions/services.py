"""The review workflow of a job description: submit the working copy, approve or return it.

HR edits the position's live rows as before: they are the draft. Submitting freezes them into a
version; a reviewer who is not its author approves it (it is published with the next number) or
returns it with a comment. Published versions are never changed.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import check_version
from jobdescriptions.models import JobDescriptionVersion
from jobdescriptions.snapshots import content, snapshot, snapshots_of
from roles.models import Position

State = JobDescriptionVersion.State


def latest_published(position) -> JobDescriptionVersion | None:
    return (
        JobDescriptionVersion.objects.filter(position=position, state=State.PUBLISHED)
        .order_by("-number")
        .first()
    )


def published_as_of(position, when: date) -> JobDescriptionVersion | None:
    """The version in force on ``when``: the latest published one effective on or before it."""
    return (
        JobDescriptionVersion.objects.filter(
            position=position, state=State.PUBLISHED, effective_date__lte=when
        )
        .order_by("-effective_date", "-number")
        .first()
    )


def has_unpublished_changes(position, working: dict | None = None, published=None) -> bool:
    """Whether the working copy differs from the latest published version."""
    published = published if published is not None else latest_published(position)
    working = working if working is not None else snapshot(position)
    return published is None or content(published.snapshot) != content(working)


def pending(position) -> JobDescriptionVersion | None:
    return JobDescriptionVersion.objects.filter(position=position, state=State.SUBMITTED).first()


def submit(position: Position, user, note: str = "") -> JobDescriptionVersion:
    """Freeze the working copy for review; refused while another is pending or nothing changed."""
    with transaction.atomic():
        position = Position.objects.select_for_update().get(pk=position.pk)
        if pending(position) is not None:
            raise ValidationError(_("该岗位已有一个待审批的版本,请等审批后再提交。"), code="pending")
        working = snapshot(position)
        if not has_unpublished_changes(position, working):
            raise ValidationError(_("与已发布的版本相比没有修改,无需提交。"), code="unchanged")
        return JobDescriptionVersion.objects.create(
            position=position,
            state=State.SUBMITTED,
            snapshot=working,
            author=user,
            submitted_at=timezone.now(),
            change_note=note.strip(),
        )


def _decidable(version: JobDescriptionVersion, user, expected_version) -> JobDescriptionVersion:
    """The version locked for a decision; only a pending one, never by its author."""
    Position.objects.select_for_update().filter(pk=version.position_id).first()
    locked = JobDescriptionVersion.objects.select_for_update().get(pk=version.pk)
    check_version(locked, expected_version)
    if locked.state != State.SUBMITTED:
        raise ValidationError(_("只有待审批的版本可以审批或退回。"), code="not_pending")
    if user is None or (locked.author_id is not None and locked.author_id == user.pk):
        raise ValidationError(_("不能审批自己提交的版本。"), code="own_version")
    return locked


def approve(
    version: JobDescriptionVersion, user, *, effective_date: date | None = None, expected_version=None
) -> JobDescriptionVersion:
    """Publish a pending version with the position's next number."""
    with transaction.atomic():
        locked = _decidable(version, user, expected_version)
        last = JobDescriptionVersion.objects.filter(position_id=locked.position_id).aggregate(
            top=Max("number")
        )["top"]
        locked.number = (last or 0) + 1
        locked.state = State.PUBLISHED
        locked.reviewer = user
        locked.decided_at = timezone.now()
        locked.effective_date = effective_date or timezone.localdate()
        locked.save()
        return locked


def return_(
    version: JobDescriptionVersion, user, comment: str, *, expected_version=None
) -> JobDescriptionVersion:
    """Send a pending version back to HR with the reviewer's comment."""
    if not comment.strip():
        raise ValidationError({"return_comment": _("请填写退回意见。")}, code="required")
    with transaction.atomic():
        locked = _decidable(version, user, expected_version)
        locked.state = State.RETURNED
        locked.reviewer = user
        locked.decided_at = timezone.now()
        locked.return_comment = comment.strip()
        locked.save()
        return locked


def publish_first_versions(batch: int = 500) -> int:
    """Publish v1 of every position that has no version yet, as it stands; returns how many.

    For a store filled by a first import (the migration did the same for the positions it found):
    what was imported is the first published version, effective from the import.
    """
    ids = list(Position.objects.filter(jd_versions__isnull=True).order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        snapshots = snapshots_of(chunk)
        positions = Position.objects.filter(pk__in=chunk).select_related("source_document")
        JobDescriptionVersion.objects.bulk_create(
            [
                JobDescriptionVersion(
                    position=position,
                    number=1,
                    state=State.PUBLISHED,
                    snapshot=snapshots[position.pk],
                    submitted_at=position.created_at,
                    decided_at=position.created_at,
                    effective_date=timezone.localdate(
                        position.source_document.imported_at
                        if position.source_document
                        else position.created_at
                    ),
                    change_note=_("初始版本"),
                )
                for position in positions
            ]
        )
    return len(ids)
