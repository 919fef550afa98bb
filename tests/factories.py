"""Factories for test data. Units are created through the tree service."""

import factory

from duties.models import Duty, Workflow, WorkflowStep
from orgchart import services as tree
from orgchart.models import Unit
from roles.models import Incumbent, Position, ReportingLine
from sources.models import SourceDocument


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"部门{n}")
    kind = Unit.Kind.DEPARTMENT
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return tree.create_unit(**kwargs)


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument

    name = factory.Sequence(lambda n: f"doc_{n}.txt")
    text = "第一篇:营销部职责\n"
    sha256 = factory.LazyAttribute(lambda o: __import__("hashlib").sha256(o.text.encode()).hexdigest())


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"岗位{n}")
    summary = "负责本部门日常工作。"


class ReportingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingLine

    subordinate = factory.SubFactory(PositionFactory)
    superior = factory.SubFactory(PositionFactory)
    kind = ReportingLine.Kind.SOLID


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    position = factory.SubFactory(PositionFactory)
    unit = None
    kind = Duty.Kind.RESPONSIBILITY
    # Last of its list, numbered from 1 as duties.services numbers it.
    order = factory.LazyAttribute(
        lambda o: Duty.objects.filter(position=o.position, unit=o.unit, kind=o.kind).count() + 1
    )
    text = factory.Sequence(lambda n: f"负责处理客户投诉第{n}项")


class IncumbentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incumbent

    position = factory.SubFactory(PositionFactory)
    name = "张三"


class WorkflowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workflow

    name = factory.Sequence(lambda n: f"流程{n}")


class WorkflowStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkflowStep

    workflow = factory.SubFactory(WorkflowFactory)
    order = factory.Sequence(lambda n: n)
    text = "提交申请"
