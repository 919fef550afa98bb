"""Read endpoints for duties and workflows."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from duties.models import Duty, Workflow, WorkflowStep
from duties.search import search
from integrations.http import UPDATED_SINCE, ConditionalReadMixin, IncrementalSyncMixin
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
            "source_line",
            "created_at",
            "updated_at",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            UPDATED_SINCE,
            OpenApiParameter("q", str, description="Chinese search over duty text (jieba words), ranked."),
            OpenApiParameter("position", int, description="Duties of this position."),
            OpenApiParameter("unit", int, description="Duties of this unit and its descendants' positions."),
            OpenApiParameter("kind", str, enum=[k for k, _ in Duty.Kind.choices]),
        ]
    )
)
class DutyViewSet(ConditionalReadMixin, IncrementalSyncMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DutySerializer

    def get_queryset(self):
        queryset = Duty.objects.order_by("id")
        params = self.request.query_params
        if self.action != "list":
            return queryset
        queryset = self.apply_sync(queryset)
        q = params.get("q")
        if q:
            queryset = search(queryset, q, ["text", "original_text"])
        position = params.get("position")
        if position is not None:
            queryset = queryset.filter(position_id=position if position.isdigit() else -1)
        kind = params.get("kind")
        if kind is not None:
            queryset = queryset.filter(kind=kind)
        unit = params.get("unit")
        if unit is not None:
            root = Unit.objects.filter(pk=unit if unit.isdigit() else -1).first()
            if root is None:
                return queryset.none()
            inside = {
                "tree_id": root.tree_id,
                "lft__gte": root.lft,
                "rght__lte": root.rght,
            }
            queryset = queryset.filter(
                Q(**{f"unit__{k}": v for k, v in inside.items()})
                | Q(**{f"position__unit__{k}": v for k, v in inside.items()})
            )
        return queryset


class WorkflowStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkflowStep
        fields = ["id", "order", "text", "original_text"]


class WorkflowSerializer(serializers.ModelSerializer):
    steps = WorkflowStepSerializer(many=True, read_only=True)

    class Meta:
        model = Workflow
        fields = ["id", "name", "code", "owner_unit", "steps", "created_at", "updated_at"]


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class WorkflowViewSet(ConditionalReadMixin, IncrementalSyncMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = WorkflowSerializer
    queryset = Workflow.objects.prefetch_related("steps").order_by("name", "id")

    def get_queryset(self):
        return self.apply_sync(super().get_queryset())
