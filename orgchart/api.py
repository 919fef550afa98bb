"""Read endpoints for organisation units."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from orgchart.models import Unit


class UnitSerializer(serializers.ModelSerializer):
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


class UnitTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    code = serializers.CharField()
    children = serializers.ListField(child=serializers.DictField())


def build_tree(root: Unit) -> dict:
    """Nest a unit's descendants (one query) under it."""
    nodes = {}
    result = None
    for unit in root.get_descendants(include_self=True).order_by("tree_id", "lft"):
        node = {"id": unit.pk, "name": unit.name, "kind": unit.kind, "code": unit.code, "children": []}
        nodes[unit.pk] = node
        if unit.pk == root.pk:
            result = node
        elif unit.parent_id in nodes:
            nodes[unit.parent_id]["children"].append(node)
    for node in nodes.values():
        node["children"].sort(key=lambda n: n["id"])
    return result


@extend_schema(parameters=[OpenApiParameter("parent", int, description="Only the children of this unit.")])
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer
    queryset = Unit.objects.order_by("tree_id", "lft")

    def get_queryset(self):
        queryset = super().get_queryset()
        parent = self.request.query_params.get("parent")
        if parent is not None and self.action == "list":
            queryset = queryset.filter(parent_id=parent if parent.isdigit() else -1)
        return queryset

    @extend_schema(responses=UnitTreeSerializer)
    @action(detail=True)
    def subtree(self, request, pk=None):
        """The unit and all its descendants as nested JSON."""
        return Response(build_tree(self.get_object()))


__all__ = ["UnitViewSet", "Prefetch"]
