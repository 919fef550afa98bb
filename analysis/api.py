"""Duty analysis endpoints: a unit's coverage, stored overlaps, similar positions, HR's match verdicts.

Reads for any authenticated caller (managers, read tokens); verdicts need analysis.add_matchdecision
(HR editors) or a read-write token.
"""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from analysis import selectors, services
from analysis.models import MatchDecision, OverlapCandidate
from core.filtering import IdFilter, ListFilterBackend, StrictFilterSet
from duties.models import Duty
from orgchart.models import Unit
from roles.models import Position

ID = r"[0-9]{1,18}"


class DutyRefSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(source="position_id", allow_null=True)
    position_title = serializers.CharField(source="position.title", allow_null=True, default=None)

    class Meta:
        model = Duty
        fields = ["id", "text", "position", "position_title"]


class MatchSerializer(serializers.Serializer):
    duty = DutyRefSerializer()
    score = serializers.FloatField()
    verdict = serializers.ChoiceField(choices=MatchDecision.Verdict.choices, allow_null=True)


class FunctionCoverageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="function.pk")
    text = serializers.CharField(source="function.text")
    covered = serializers.BooleanField()
    matches = MatchSerializer(many=True)
    rejected = MatchSerializer(many=True)


class OverlapPairSerializer(serializers.Serializer):
    a = DutyRefSerializer()
    b = DutyRefSerializer()
    score = serializers.FloatField()


class PositionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "title", "unit"]
        ref_name = "AnalysisPositionRef"  # roles.api has its own PositionRef component


class SimilarPairSerializer(serializers.Serializer):
    a = PositionRefSerializer()
    b = PositionRefSerializer()
    share = serializers.FloatField()
    overlaps = serializers.IntegerField()


class CoverageSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    functions = FunctionCoverageSerializer(many=True)
    uncovered = serializers.SerializerMethodField(help_text="Ids of the functions nobody carries out.")
    unmatched_duties = DutyRefSerializer(source="unmatched", many=True)
    overlaps = OverlapPairSerializer(many=True)
    similar_positions = SimilarPairSerializer(many=True)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_uncovered(self, instance):
        return [item.function.pk for item in instance.uncovered]


class CoverageViewSet(viewsets.GenericViewSet):
    """Which functions of a unit the duties of its positions (and its sub-units') carry out."""

    queryset = Unit.objects.all()
    serializer_class = CoverageSerializer
    lookup_value_regex = ID
    pagination_class = None

    @extend_schema(summary="Coverage of a unit's functions, with the matching duties as evidence.")
    def retrieve(self, request, pk=None):
        unit = get_object_or_404(Unit, pk=pk)
        return Response(CoverageSerializer(selectors.unit_coverage(unit)).data)


class OverlapSerializer(serializers.ModelSerializer):
    duty_a_text = serializers.CharField(source="duty_a.text", allow_null=True, default=None)
    duty_b_text = serializers.CharField(source="duty_b.text", allow_null=True, default=None)
    position_a_title = serializers.CharField(source="position_a.title")
    position_b_title = serializers.CharField(source="position_b.title")

    class Meta:
        model = OverlapCandidate
        fields = [
            "id",
            "kind",
            "scope",
            "unit",
            "position_a",
            "position_a_title",
            "duty_a",
            "duty_a_text",
            "position_b",
            "position_b_title",
            "duty_b",
            "duty_b_text",
            "score",
            "found_at",
        ]


class OverlapFilter(StrictFilterSet):
    unit = IdFilter(method="in_unit", help_text="Overlaps of positions in this unit and its descendants.")
    position = IdFilter(method="of_position", help_text="Overlaps involving this position.")
    kind = django_filters.ChoiceFilter(choices=OverlapCandidate.Kind.choices)
    scope = django_filters.ChoiceFilter(choices=OverlapCandidate.Scope.choices)

    def in_unit(self, queryset, name, value):
        unit = Unit.objects.filter(pk=value).first()
        return (
            queryset.none() if unit is None else selectors.stored_overlaps(unit=unit).filter(pk__in=queryset)
        )

    def of_position(self, queryset, name, value):
        return queryset.filter(position_a_id=value) | queryset.filter(position_b_id=value)


class OverlapViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Duties (or whole positions) that say the same thing, found by the background job find_overlaps."""

    queryset = selectors.stored_overlaps()
    serializer_class = OverlapSerializer
    filter_backends = [ListFilterBackend]
    filterset_class = OverlapFilter


class SimilarPositionSerializer(serializers.Serializer):
    position = PositionRefSerializer()
    score = serializers.FloatField()


class SimilarPositionsViewSet(viewsets.GenericViewSet):
    """JDs anywhere in the store most like a position (title words, then all its duties)."""

    queryset = Position.objects.all()
    serializer_class = SimilarPositionSerializer
    lookup_value_regex = ID
    pagination_class = None

    @extend_schema(responses=SimilarPositionSerializer(many=True))
    def retrieve(self, request, pk=None):
        position = get_object_or_404(Position, pk=pk)
        pairs = selectors.similar_positions(position)
        data = [{"position": p, "score": s} for p, s in pairs]
        return Response(SimilarPositionSerializer(data, many=True).data)


class MatchDecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(
        source="decided_by.get_username", allow_null=True, read_only=True, default=None
    )

    class Meta:
        model = MatchDecision
        fields = ["id", "function", "duty", "verdict", "score", "decided_by", "decided_at"]
        read_only_fields = ["score", "decided_by", "decided_at"]
        validators = []  # one verdict per pair: a second one replaces the first (services.decide)


class MatchDecisionFilter(StrictFilterSet):
    unit = IdFilter(field_name="function__unit", help_text="Verdicts on this unit's functions.")
    verdict = django_filters.ChoiceFilter(choices=MatchDecision.Verdict.choices)


@extend_schema_view(
    create=extend_schema(
        summary="Confirm or reject that a duty carries out a unit function (replaces an earlier verdict).",
        responses={
            201: MatchDecisionSerializer,
            400: OpenApiResponse(description="Not a function/duty pair."),
        },
    ),
    destroy=extend_schema(summary="Withdraw a verdict: the computed match applies again."),
)
class MatchDecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = MatchDecision.objects.select_related("decided_by").order_by("id")
    serializer_class = MatchDecisionSerializer
    filter_backends = [ListFilterBackend]
    filterset_class = MatchDecisionFilter
    lookup_value_regex = ID

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user if getattr(request.user, "pk", None) else None
        decision = services.decide(user=user, **serializer.validated_data)
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)
