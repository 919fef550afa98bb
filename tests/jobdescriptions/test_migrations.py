"""Existing positions get a published v1 from their current state when versions are introduced."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from jobdescriptions.models import JobDescriptionVersion
from tests.factories import DutyFactory, PositionFactory, ReportingLineFactory, SourceDocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("jobdescriptions", "0001_versions")]
AFTER = [("jobdescriptions", "0002_reviewers_and_first_versions")]


def test_every_position_gets_v1_effective_from_its_import():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    document = SourceDocumentFactory()
    position = PositionFactory(title="出纳", source_document=document)
    DutyFactory(position=position, text="负责现金收付。")
    ReportingLineFactory(subordinate=position)

    executor.migrate(AFTER)

    version = JobDescriptionVersion.objects.get(position=position)
    assert (version.number, version.state) == (1, "published")
    assert version.snapshot["position"]["title"] == "出纳"
    assert [d["text"] for d in version.snapshot["duties"]] == ["负责现金收付。"]
    assert len(version.snapshot["superiors"]) == 1
    document.refresh_from_db()
    assert version.effective_date == timezone.localdate(document.imported_at)
    assert JobDescriptionVersion.objects.count() == 2  # the superior has its own v1
