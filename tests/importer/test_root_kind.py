"""Root units named after document sections get the kind their name says."""

from io import StringIO

import pytest
from django.core.management import call_command

from importer.apply import root_kind
from orgchart.models import Unit
from tests.factories import UnitFactory


@pytest.mark.parametrize(
    "name,kind",
    [
        ("营销部职责(2)", "department"),
        ("电商运营部门岗位职责说明书", "department"),
        ("服装公司营运部各岗位职责及工作内容", "department"),
        ("运营中心业务流程及岗位职责", "centre"),
        ("华东集团", "organisation"),
        ("西南实业公司", "organisation"),
        ("营运各岗位工作流程", "organisation"),
        ("全部岗位", "organisation"),
    ],
)
def test_the_kind_of_a_root_comes_from_the_last_unit_word_of_its_name(name, kind):
    assert root_kind(name) == kind


@pytest.mark.django_db
def test_retype_roots_changes_imported_roots_only_with_apply(seeded_store):
    wrong = Unit.objects.filter(parent=None, name="营销部职责(2)")
    Unit.objects.filter(pk__in=wrong.values("pk")).update(kind="organisation")
    hand_made = UnitFactory(name="测试部", kind="organisation")

    call_command("retype_roots", stdout=StringIO())
    assert wrong.get().kind == "organisation"

    call_command("retype_roots", "--apply", stdout=StringIO())
    assert wrong.get().kind == "department"
    hand_made.refresh_from_db()
    assert hand_made.kind == "organisation"


@pytest.mark.django_db
def test_an_import_types_new_roots_by_their_name(seeded_store):
    kinds = dict(Unit.objects.filter(parent=None).values_list("name", "kind"))
    assert kinds["营销部职责(2)"] == "department"
    assert kinds["营销中心岗位职责"] == "centre"
