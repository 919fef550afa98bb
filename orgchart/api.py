"""REST endpoints for organisation units; writes go through orgchart.services."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.filtering import IdFilter, ListFilterBackend, StrictFilterSet
from core.http import (
    IF_MATCH,
    UPDATED_SINCE,
    ConditionalReadMixin,
    IncrementalSyncMixin,
    ServiceWritesMixin,
    expected_version,
    refuse_unwritable_fields,
    write_schemas,
)
from core.spreadsheets import safe_cell
from orgchart import services
from orgchart.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "kind",
            "code",
            "parent",
            "sibling_order",
            "version",
            "source_line",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["sibling_order", "version", "source_line", "created_at", "updated_at"]


class UnitUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["name", "kind", "code"]


class UnitMoveSerializer(serializers.Serializer):
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True)
    index = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class UnitTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    code = serializers.CharField()
    children = serializers.ListField(child=serializers.DictField())


EXPORT_COLUMNS = ["unit", "position_id", "position", "kind", "order", "text"]


class ExportRowSerializer(serializers.Serializer):
    unit = serializers.CharField()
    position_id = serializers.IntegerField()
    position = serializers.CharField()
    kind = serializers.CharField()
    order = serializers.IntegerField()
    text = serializers.CharField()


class UnitFilter(StrictFilterSet):
    parent = IdFilter(field_name="parent_id")


def export_rows(unit: Unit) -> list[dict]:
    from duties.models import Duty

    units = unit.get_descendants(include_self=True)
    duties = (
        Duty.objects.filter(position__unit__in=units)
        .select_related("position__unit")
        .order_by(
            "position__unit__tree_id",
            "position__unit__lft",
            "position__title",
            "position_id",
            "kind",
            "order",
            "id",
        )
    )
    return [
        {
            "unit": d.position.unit.name,
            "position_id": d.position_id,
            "position": d.position.title,
            "kind": d.kind,
            "order": d.order,
            "text": d.text,
        }
        for d in duties
    ]


def build_tree(root: Unit) -> dict:
    """Nest a unit's descendants (one query) under it, siblings in their set order."""
    nodes, result = {}, None
    for unit in root.get_descendants(include_self=True):
        node = {"id": unit.pk, "name": unit.name, "kind": unit.kind, "code": unit.code, "children": []}
        nodes[unit.pk] = node
        if unit.pk == root.pk:
            result = node
        elif unit.parent_id in nodes:
            nodes[unit.parent_id]["children"].append(node)
    return result


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("parent", int, description="Only the children of this unit."),
            UPDATED_SINCE,
        ]
    ),
    **write_schemas(UnitSerializer, UnitUpdateSerializer),
)
class UnitViewSet(ServiceWritesMixin, ConditionalReadMixin, IncrementalSyncMixin, viewsets.ModelViewSet):
    serializer_class = UnitSerializer
    write_serializer_class = UnitSerializer
    update_serializer_class = UnitUpdateSerializer
    create_service = staticmethod(services.create_unit)
    update_service = staticmethod(services.update_unit)
    delete_service = staticmethod(services.delete_unit)
    queryset = Unit.objects.order_by("tree_id", "lft")
    filter_backends = [ListFilterBackend]
    filterset_class = UnitFilter
    field_hints = {"parent": _("修改不能移动部门,请用 POST /api/v1/units/%(id)s/move/。")}

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            queryset = self.apply_sync(queryset)
        return queryset

    @extend_schema(parameters=[IF_MATCH], request=UnitMoveSerializer, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Put the unit under another parent (null: a root) at a sibling index."""
        unit = self.get_object()
        version = expected_version(request, unit.version)
        serializer = UnitMoveSerializer(data=request.data)
        refuse_unwritable_fields(serializer, request.data, read_fields=UnitSerializer().fields)
        serializer.is_valid(raise_exception=True)
        unit = services.move_unit(
            unit,
            parent=serializer.validated_data["parent"],
            index=serializer.validated_data.get("index"),
            expected_version=version,
        )
        return self.tagged(unit)

    @extend_schema(
        parameters=[OpenApiParameter("as", str, enum=["json", "csv"], description="Default json.")],
        responses={(200, "application/json"): ExportRowSerializer(many=True), (200, "text/csv"): str},
    )
    @action(detail=True, pagination_class=None)
    def export(self, request, pk=None):
        """Positions and duties of the unit and its descendants, one row per duty."""
        unit = self.get_object()
        representation = request.query_params.get("as", "json")
        if representation not in ("json", "csv"):
            raise ValidationError({"as": [_("请选择 json 或 csv。")]})
        rows = export_rows(unit)
        if representation == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(EXPORT_COLUMNS)
            for row in rows:
                writer.writerow([safe_cell(row[c]) for c in EXPORT_COLUMNS])
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="unit-{unit.pk}.csv"'
            return response
        return Response(rows)

    @extend_schema(responses=UnitTreeSerializer)
    @action(detail=True)
    def subtree(self, request, pk=None):
        """The unit and all its descendants as nested JSON."""
        return Response(build_tree(self.get_object()))
