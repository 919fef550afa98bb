"""Endpoints for duties and workflows; writes go through duties.services."""

import django_filters
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets

from core.filtering import IdFilter, ListFilterBackend, StrictFilterSet
from core.http import (
    UPDATED_SINCE,
    ConditionalReadMixin,
    IncrementalSyncMixin,
    ServiceWritesMixin,
    write_schemas,
)
from core.search import search
from core.text import ITEM_MAX_LENGTH
from duties import services
from duties.models import Duty, Workflow, WorkflowStep
from orgchart.models import Unit


class DutySerializer(serializers.ModelSerializer):
    class Meta:
        model = Duty
        fields = [
            "id",
            "position",
            "unit",
            "kind",
            "order",
            "text",
            "original_text",
            "version",
            "source_line",
            "created_at",
            "updated_at",
        ]


class DutyWriteSerializer(serializers.ModelSerializer):
    """A duty belongs to a position or to a unit (its functions), never both."""

    order = serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        required=False,
        help_text="Place in its list, from 1; the duty there and the later ones move down by one. "
        "Left out or past the end, the duty goes to the end of the list.",
    )

    class Meta:
        model = Duty
        fields = ["position", "unit", "kind", "order", "text"]


class DutyFilter(StrictFilterSet):
    q = django_filters.CharFilter(method="matching")
    position = IdFilter(field_name="position_id")
    kind = django_filters.ChoiceFilter(choices=Duty.Kind.choices)
    unit = IdFilter(method="in_unit")

    def matching(self, queryset, name, value):
        return search(queryset, value)

    def in_unit(self, queryset, name, value):
        root = Unit.objects.filter(pk=value).first()
        if root is None:
            return queryset.none()
        inside = {"tree_id": root.tree_id, "lft__gte": root.lft, "rght__lte": root.rght}
        return queryset.filter(
            Q(**{f"unit__{k}": v for k, v in inside.items()})
            | Q(**{f"position__unit__{k}": v for k, v in inside.items()})
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            UPDATED_SINCE,
            OpenApiParameter("q", str, description="Chinese search over duty text (jieba words), ranked."),
            OpenApiParameter("position", int, description="Duties of this position."),
            OpenApiParameter("unit", int, description="Duties of this unit and its descendants' positions."),
            OpenApiParameter("kind", str, enum=[k for k, _ in Duty.Kind.choices]),
        ]
    ),
    **write_schemas(DutyWriteSerializer),
)
class DutyViewSet(ServiceWritesMixin, ConditionalReadMixin, IncrementalSyncMixin, viewsets.ModelViewSet):
    serializer_class = DutySerializer
    write_serializer_class = DutyWriteSerializer
    create_service = staticmethod(services.create_duty)
    update_service = staticmethod(services.update_duty)
    delete_service = staticmethod(services.delete_duty)
    queryset = Duty.objects.order_by("id")
    filter_backends = [ListFilterBackend]
    filterset_class = DutyFilter

    def get_queryset(self):
        if self.action != "list":
            return Duty.objects.order_by("id")
        # Each owner's list in its order (a search ranks, a sync lists by update time instead).
        return self.apply_sync(Duty.objects.order_by("position_id", "unit_id", "kind", "order", "id"))


class WorkflowStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkflowStep
        fields = ["id", "order", "text", "original_text"]


class WorkflowSerializer(serializers.ModelSerializer):
    steps = WorkflowStepSerializer(many=True, read_only=True)

    class Meta:
        model = Workflow
        fields = ["id", "name", "code", "owner_unit", "steps", "version", "created_at", "updated_at"]


class WorkflowWriteSerializer(serializers.ModelSerializer):
    steps = serializers.ListField(
        child=serializers.CharField(max_length=ITEM_MAX_LENGTH),
        required=False,
        help_text="Every step's text in order; given, it replaces all the old steps.",
    )

    class Meta:
        model = Workflow
        fields = ["name", "code", "owner_unit", "steps"]


@extend_schema_view(
    list=extend_schema(parameters=[UPDATED_SINCE]),
    **write_schemas(WorkflowWriteSerializer),
)
class WorkflowViewSet(ServiceWritesMixin, ConditionalReadMixin, IncrementalSyncMixin, viewsets.ModelViewSet):
    serializer_class = WorkflowSerializer
    write_serializer_class = WorkflowWriteSerializer
    create_service = staticmethod(services.create_workflow)
    update_service = staticmethod(services.update_workflow)
    delete_service = staticmethod(services.delete_workflow)
    queryset = Workflow.objects.prefetch_related("steps").order_by("name", "id")
    filter_backends = [ListFilterBackend]
    filterset_class = StrictFilterSet

    def get_queryset(self):
        return self.apply_sync(super().get_queryset())

    def tagged(self, workflow, *, status_code=status.HTTP_200_OK):
        if self.action != "retrieve":  # a written workflow: read its steps again
            workflow = self.get_queryset().get(pk=workflow.pk)
        return super().tagged(workflow, status_code=status_code)
