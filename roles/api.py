"""Endpoints for positions and reporting lines; writes go through roles.services."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.filtering import IdFilter, ListFilterBackend, StrictFilterSet
from core.http import (
    IF_MATCH,
    UPDATED_SINCE,
    ConditionalReadMixin,
    IncrementalSyncMixin,
    ServiceWritesMixin,
    version_etag,
    write_schemas,
)
from core.search import search
from duties.models import Duty
from orgchart.models import Unit
from roles import selectors, services
from roles.models import Position, ReportingLine


class PositionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "title", "unit"]


class DutyInlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Duty
        fields = ["id", "kind", "order", "text", "original_text", "source_line"]


class ChainEdgeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The reporting line.")
    subordinate = serializers.IntegerField()
    superior = serializers.IntegerField()


class ChainSerializer(serializers.Serializer):
    primary = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Position ids from the nearest superior to the top, following the oldest solid line "
        "at each level (the first of paths).",
    )
    paths = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="Every solid-line path up, each from the nearest superior to a top position.",
    )
    nodes = PositionRefSerializer(many=True, help_text="Every position on some path.")
    edges = ChainEdgeSerializer(many=True, help_text="The solid lines between them, oldest first.")
    truncated = serializers.BooleanField(help_text="True when there were more paths than listed (100).")


def _prefetched(position, relation: str) -> list:
    """The rows the view prefetched into a list (no queryset cloned per position), else a query."""
    listed = getattr(position, f"listed_{relation}", None)
    return listed if listed is not None else list(getattr(position, relation).all())


class PositionSerializer(serializers.ModelSerializer):
    unit_path = serializers.SerializerMethodField()
    superiors = serializers.SerializerMethodField()
    subordinates = serializers.SerializerMethodField()
    duties = serializers.SerializerMethodField()
    source_document = serializers.SerializerMethodField()

    class Meta:
        model = Position
        fields = [
            "id",
            "unit",
            "unit_path",
            "title",
            "code",
            "summary",
            "authority",
            "headcount",
            "described",
            "version",
            "superiors",
            "subordinates",
            "duties",
            "source_document",
            "source_line",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_unit_path(self, obj):
        paths = self.context.get("unit_paths", {})
        return paths.get(obj.unit_id, [obj.unit.name])

    def _nested(self, serializer_class):
        """One nested serializer per class for the whole list: building its fields for every position
        cost more than the rows themselves."""
        cache = self.__dict__.setdefault("_nested_serializers", {})
        if serializer_class not in cache:
            cache[serializer_class] = serializer_class()
        return cache[serializer_class].to_representation

    @extend_schema_field(PositionRefSerializer(many=True))
    def get_superiors(self, obj):
        represent = self._nested(PositionRefSerializer)
        return [represent(line.superior) for line in _prefetched(obj, "superior_lines")]

    @extend_schema_field(PositionRefSerializer(many=True))
    def get_subordinates(self, obj):
        represent = self._nested(PositionRefSerializer)
        return [represent(line.subordinate) for line in _prefetched(obj, "subordinate_lines")]

    @extend_schema_field(DutyInlineSerializer(many=True))
    def get_duties(self, obj):
        represent = self._nested(DutyInlineSerializer)
        return [represent(duty) for duty in _prefetched(obj, "duties")]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_source_document(self, obj):
        return obj.source_document.name if obj.source_document_id else None


def unit_paths(unit_ids) -> dict:
    """Names from the root down to each unit, in one query per call."""
    units = {u.pk: u for u in Unit.objects.filter(pk__in=set(unit_ids))}
    ancestors = Unit.objects.none()
    for unit in units.values():
        ancestors = ancestors | Unit.objects.filter(
            tree_id=unit.tree_id, lft__lte=unit.lft, rght__gte=unit.rght
        )
    by_tree = {}
    if units:
        for a in ancestors.order_by("lft"):
            by_tree.setdefault(a.tree_id, []).append(a)
    return {
        pk: [a.name for a in by_tree.get(u.tree_id, []) if a.lft <= u.lft and a.rght >= u.rght]
        for pk, u in units.items()
    }


class PositionFilter(StrictFilterSet):
    unit = IdFilter(method="in_unit")
    q = django_filters.CharFilter(method="matching")

    def in_unit(self, queryset, name, value):
        root = Unit.objects.filter(pk=value).first()
        if root is None:
            return queryset.none()
        return queryset.filter(unit__tree_id=root.tree_id, unit__lft__gte=root.lft, unit__rght__lte=root.rght)

    def matching(self, queryset, name, value):
        return search(queryset, value)


class PositionWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["unit", "title", "code", "summary", "authority", "headcount", "described"]
        # Uniqueness is checked by the service's full_clean (one message, one place).
        validators = []


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Positions of this unit and its descendants."),
            UPDATED_SINCE,
            OpenApiParameter("q", str, description="Chinese search over titles and summaries, ranked."),
        ]
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None, 409: OpenApiResponse(description="Other positions still report to it.")},
    ),
    **{k: v for k, v in write_schemas(PositionWriteSerializer).items() if k != "destroy"},
)
class PositionViewSet(ServiceWritesMixin, ConditionalReadMixin, IncrementalSyncMixin, viewsets.ModelViewSet):
    serializer_class = PositionSerializer
    write_serializer_class = PositionWriteSerializer
    create_service = staticmethod(services.create_position)
    update_service = staticmethod(services.update_position)
    delete_service = staticmethod(services.delete_position)
    queryset = Position.objects.all()
    filter_backends = [ListFilterBackend]
    filterset_class = PositionFilter

    def get_queryset(self):
        # Related rows without their search columns (the largest ones), which no reader shows.
        end = ("id", "title", "unit_id")
        queryset = Position.objects.select_related("unit", "source_document").prefetch_related(
            Prefetch(
                "superior_lines",
                queryset=ReportingLine.objects.select_related("superior").only(
                    "subordinate_id", *(f"superior__{f}" for f in end)
                ),
                to_attr="listed_superior_lines",
            ),
            Prefetch(
                "subordinate_lines",
                queryset=ReportingLine.objects.select_related("subordinate").only(
                    "superior_id", *(f"subordinate__{f}" for f in end)
                ),
                to_attr="listed_subordinate_lines",
            ),
            Prefetch(
                "duties",
                queryset=Duty.objects.order_by("kind", "order", "id").only(
                    "position_id", *DutyInlineSerializer.Meta.fields
                ),
                to_attr="listed_duties",
            ),
        )
        if self.request.method in ("GET", "HEAD"):
            queryset = queryset.defer("search_words", "search_vector")
        return self.apply_sync(queryset.order_by("unit_id", "title", "id"))

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        items = list(page if page is not None else queryset)
        context = self.get_serializer_context() | {"unit_paths": unit_paths(p.unit_id for p in items)}
        data = self.get_serializer_class()(items, many=True, context=context).data
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)

    def tagged(self, position, *, status_code=200):
        if self.action != "retrieve":  # a written position: read it again with its lines and duties
            position = self.get_queryset().get(pk=position.pk)
        context = self.get_serializer_context() | {"unit_paths": unit_paths([position.unit_id])}
        data = PositionSerializer(position, context=context).data
        return Response(data, status=status_code, headers={"ETag": version_etag(position.version, data)})

    def destroy(self, request, *args, **kwargs):
        try:
            return super().destroy(request, *args, **kwargs)
        except services.PositionHasSubordinates as refusal:
            # A conflict with the current data, not a malformed request: 409, with the reason.
            return Response({"detail": " ".join(refusal.messages)}, status=status.HTTP_409_CONFLICT)

    @extend_schema(responses=ChainSerializer)
    @action(detail=True, pagination_class=None)
    def chain(self, request, pk=None):
        """Chain of command: every solid-line path from this position up to a top position.

        A position may report (solid) to several superiors, so the superiors form a graph: ``nodes``
        and ``edges``, and ``paths`` listing each way up. ``primary`` is the path that follows the
        oldest solid line at each level.
        """
        graph = selectors.superior_graph(self.get_object())
        return Response(
            ChainSerializer(
                {
                    "primary": graph.paths[0] if graph.paths else [],
                    "paths": graph.paths,
                    "nodes": graph.nodes,
                    "edges": [{"id": i, "subordinate": s, "superior": p} for i, s, p in graph.edges],
                    "truncated": graph.truncated,
                }
            ).data
        )


class ReportingLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingLine
        fields = ["id", "subordinate", "superior", "kind", "version", "created_at", "updated_at"]


class ReportingLineWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingLine
        fields = ["subordinate", "superior", "kind"]
        # Self-lines, repeats and cycles are refused by the service (one message, one place).
        validators = []


@extend_schema_view(
    list=extend_schema(parameters=[UPDATED_SINCE]),
    **write_schemas(ReportingLineWriteSerializer),
)
class ReportingLineViewSet(
    ServiceWritesMixin, ConditionalReadMixin, IncrementalSyncMixin, viewsets.ModelViewSet
):
    """Lines never close a cycle: a write that would is a 400 with the reason."""

    serializer_class = ReportingLineSerializer
    write_serializer_class = ReportingLineWriteSerializer
    create_service = staticmethod(services.add_reporting_line)
    update_service = staticmethod(services.update_reporting_line)
    delete_service = staticmethod(services.delete_reporting_line)
    queryset = ReportingLine.objects.order_by("id")
    filter_backends = [ListFilterBackend]
    filterset_class = StrictFilterSet

    def get_queryset(self):
        return self.apply_sync(super().get_queryset())
