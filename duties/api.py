"""Endpoints for duties and workflows; writes go through duties.services."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from duties import services
from duties.models import Duty, Workflow, WorkflowStep
from duties.search import search
from integrations.http import (
    UPDATED_SINCE,
    ConditionalReadMixin,
    IncrementalSyncMixin,
    expected_version,
    version_etag,
)
from orgchart.api import IF_MATCH
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
        min_value=0,
        max_value=2_147_483_647,
        required=False,
        help_text="Place in its list; left out, the duty goes to the end of the list.",
    )

    class Meta:
        model = Duty
        fields = ["position", "unit", "kind", "order", "text"]


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
    create=extend_schema(request=DutyWriteSerializer),
    update=extend_schema(parameters=[IF_MATCH], request=DutyWriteSerializer),
    partial_update=extend_schema(parameters=[IF_MATCH], request=DutyWriteSerializer),
    destroy=extend_schema(parameters=[IF_MATCH]),
)
class DutyViewSet(ConditionalReadMixin, IncrementalSyncMixin, viewsets.ModelViewSet):
    serializer_class = DutySerializer
    queryset = Duty.objects.order_by("id")

    def get_queryset(self):
        queryset = Duty.objects.order_by("id")
        params = self.request.query_params
        if self.action != "list":
            return queryset
        queryset = self.apply_sync(queryset)
        q = params.get("q")
        if q:
            queryset = search(queryset, q)
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

    def tagged(self, duty, *, status_code=status.HTTP_200_OK):
        data = DutySerializer(duty).data
        return Response(data, status=status_code, headers={"ETag": version_etag(duty.version, data)})

    def retrieve(self, request, *args, **kwargs):
        return self.tagged(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = DutyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        duty = services.create_duty(**serializer.validated_data)
        return self.tagged(duty, status_code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        duty = self.get_object()
        version = expected_version(request)
        serializer = DutyWriteSerializer(duty, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self.tagged(services.update_duty(duty, expected_version=version, **serializer.validated_data))

    def destroy(self, request, *args, **kwargs):
        duty = self.get_object()
        services.delete_duty(duty, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
        child=serializers.CharField(),
        required=False,
        help_text="Every step's text in order; given, it replaces all the old steps.",
    )

    class Meta:
        model = Workflow
        fields = ["name", "code", "owner_unit", "steps"]


@extend_schema_view(
    list=extend_schema(parameters=[UPDATED_SINCE]),
    create=extend_schema(request=WorkflowWriteSerializer),
    update=extend_schema(parameters=[IF_MATCH], request=WorkflowWriteSerializer),
    partial_update=extend_schema(parameters=[IF_MATCH], request=WorkflowWriteSerializer),
    destroy=extend_schema(parameters=[IF_MATCH]),
)
class WorkflowViewSet(ConditionalReadMixin, IncrementalSyncMixin, viewsets.ModelViewSet):
    serializer_class = WorkflowSerializer
    queryset = Workflow.objects.prefetch_related("steps").order_by("name", "id")

    def get_queryset(self):
        return self.apply_sync(super().get_queryset())

    def tagged(self, workflow, *, status_code=status.HTTP_200_OK, refetch=True):
        if refetch:
            workflow = self.get_queryset().get(pk=workflow.pk)
        data = WorkflowSerializer(workflow).data
        return Response(data, status=status_code, headers={"ETag": version_etag(workflow.version, data)})

    def retrieve(self, request, *args, **kwargs):
        return self.tagged(self.get_object(), refetch=False)

    def create(self, request, *args, **kwargs):
        serializer = WorkflowWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow = services.create_workflow(**serializer.validated_data)
        return self.tagged(workflow, status_code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        workflow = self.get_object()
        version = expected_version(request)
        serializer = WorkflowWriteSerializer(
            workflow, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        workflow = services.update_workflow(workflow, expected_version=version, **serializer.validated_data)
        return self.tagged(workflow)

    def destroy(self, request, *args, **kwargs):
        workflow = self.get_object()
        services.delete_workflow(workflow, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
