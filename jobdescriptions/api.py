"""Job-description versions over the API: list, read, compare, and the review workflow.

``/positions/{id}/versions/`` lists a position's versions (readers get the published ones only);
``{key}`` is a published version's number or ``draft-<id>`` for one not published. Submit, approve
and return need a signed-in person (the author may not approve their own), and If-Match.
``/job-description-versions/?updated_since=`` is the change feed of versions, publications included.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.http import (
    IF_MATCH,
    UPDATED_SINCE,
    ConditionalReadMixin,
    IncrementalSyncMixin,
    expected_version,
    version_etag,
)
from core.versioning import check_version
from jobdescriptions import selectors, services
from jobdescriptions.diff import VersionDiff, diff
from jobdescriptions.models import JobDescriptionVersion
from jobdescriptions.snapshots import snapshot
from roles.models import Position

VIEW_DRAFTS = "jobdescriptions.view_jobdescriptionversion"
SUBMIT = ("jobdescriptions.add_jobdescriptionversion", "roles.change_position")
APPROVE = ("jobdescriptions.approve_jobdescriptionversion",)
State = JobDescriptionVersion.State


class VersionSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField(help_text="The version's address: its number, or draft-<id>.")
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = JobDescriptionVersion
        fields = [
            "id",
            "key",
            "position",
            "number",
            "state",
            "effective_date",
            "change_note",
            "author",
            "submitted_at",
            "reviewer",
            "decided_at",
            "return_comment",
            "version",
            "snapshot",
            "updated_at",
        ]
        read_only_fields = fields

    def get_key(self, obj) -> str:
        return str(obj.number) if obj.number else f"draft-{obj.pk}"


class SubmitSerializer(serializers.Serializer):
    change_note = serializers.CharField(required=False, allow_blank=True, default="")


class ApproveSerializer(serializers.Serializer):
    effective_date = serializers.DateField(required=False, help_text="Defaults to today.")


class ReturnSerializer(serializers.Serializer):
    return_comment = serializers.CharField()


class DiffSerializer(serializers.Serializer):
    """A VersionDiff: the changed position fields, then every duty with its status.

    ``chars`` are (op, text) runs: op is equal, delete or insert."""

    position = serializers.SerializerMethodField(help_text="The position's fields that changed.")
    duties = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()

    def get_position(self, obj: VersionDiff) -> list[dict]:
        return [
            {"name": c.name, "label": c.label, "old": c.old, "new": c.new, "chars": c.chars}
            for c in obj.fields
        ]

    def get_duties(self, obj: VersionDiff) -> list[dict]:
        return [
            {
                "kind": d.kind,
                "status": d.status,
                "moved": d.moved,
                "old_order": d.old_order,
                "new_order": d.new_order,
                "old_text": d.old_text,
                "new_text": d.new_text,
                "chars": d.chars,
            }
            for section in obj.sections
            for d in section.duties
        ]

    def get_counts(self, obj: VersionDiff) -> dict:
        return obj.counts()


class ReviewPermission(permissions.BasePermission):
    """Reads for any authenticated caller; each workflow action for a person with its permissions."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        needed = {"submit": SUBMIT, "approve": APPROVE, "return_": APPROVE}.get(view.action)
        return needed is not None and user.has_perms(needed)


def _with_drafts(request) -> bool:
    return request.user.has_perm(VIEW_DRAFTS)


AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="Only the version in force on that date.")
DIFF_PARAMETERS = [
    OpenApiParameter(
        "from", str, description="A version key, or `working` (HR); default: what `to` replaced."
    ),
    OpenApiParameter(
        "to", str, description="A version key, or `working` (HR); default: the latest published."
    ),
]


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF, UPDATED_SINCE]),
    submit=extend_schema(parameters=[IF_MATCH], request=SubmitSerializer, responses=VersionSerializer),
    approve=extend_schema(parameters=[IF_MATCH], request=ApproveSerializer, responses=VersionSerializer),
    return_=extend_schema(parameters=[IF_MATCH], request=ReturnSerializer, responses=VersionSerializer),
    compare=extend_schema(parameters=DIFF_PARAMETERS, responses=DiffSerializer),
)
class PositionVersionViewSet(ConditionalReadMixin, IncrementalSyncMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = VersionSerializer
    permission_classes = [ReviewPermission]
    queryset = JobDescriptionVersion.objects.none()
    lookup_field = "key"
    lookup_value_regex = r"[0-9]+|draft-[0-9]+"
    sync_model = JobDescriptionVersion

    def position(self) -> Position:
        return get_object_or_404(Position, pk=self.kwargs["position_id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JobDescriptionVersion.objects.none()
        queryset = selectors.versions(self.kwargs["position_id"], with_drafts=_with_drafts(self.request))
        raw = self.request.query_params.get("as_of") if self.action == "list" else None
        if raw is not None:
            try:
                day = parse_date(raw)
            except ValueError:
                day = None
            if day is None:
                raise ValidationError({"as_of": ["YYYY-MM-DD"]})
            found = services.published_as_of(self.kwargs["position_id"], day)
            queryset = queryset.filter(pk=found.pk if found else None)
        return self.apply_sync(queryset)

    def list(self, request, *args, **kwargs):
        self.position()  # 404 for a position that does not exist, not an empty list
        return super().list(request, *args, **kwargs)

    def _find(self, key: str) -> JobDescriptionVersion:
        queryset = self.get_queryset()
        if key.startswith("draft-"):
            return get_object_or_404(
                queryset.exclude(state=State.PUBLISHED), pk=int(key.removeprefix("draft-"))
            )
        return get_object_or_404(queryset, number=int(key))

    def get_object(self):
        return self._find(self.kwargs["key"])

    def tagged(self, version, *, status_code=status.HTTP_200_OK):
        data = VersionSerializer(version).data
        return Response(data, status=status_code, headers={"ETag": version_etag(version.version, data)})

    def retrieve(self, request, *args, **kwargs):
        return self.tagged(self.get_object())

    @action(detail=False, methods=["post"])
    def submit(self, request, position_id=None):
        """Submit the position's working copy for review; If-Match is the position's ETag."""
        position = self.position()
        check_version(position, expected_version(request, position.version))
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = services.submit(position, request.user, body.validated_data["change_note"])
        return self.tagged(created, status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def approve(self, request, position_id=None, key=None):
        pending = self.get_object()
        version = expected_version(request, pending.version)
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decided = services.approve(
            pending,
            request.user,
            effective_date=body.validated_data.get("effective_date"),
            expected_version=version,
        )
        return self.tagged(decided)

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, position_id=None, key=None):
        pending = self.get_object()
        version = expected_version(request, pending.version)
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decided = services.return_(
            pending, request.user, body.validated_data["return_comment"], expected_version=version
        )
        return self.tagged(decided)

    @action(detail=False, methods=["get"], url_path="diff")
    def compare(self, request, position_id=None):
        """Compare two versions (keys), or one with HR's working copy (``working``).

        Without ``to``: the latest published version; without ``from``: the one ``to`` replaced.
        """
        position = self.position()
        to_key = request.query_params.get("to")
        if to_key is None:
            latest = services.latest_published(position)
            to_key = str(latest.number) if latest else "working"
        from_key = request.query_params.get("from")
        if from_key is None:
            before = int(to_key) - 1 if to_key.isdigit() else None
            from_key = str(before) if before else None
        sides = []
        for name, key in (("from", from_key), ("to", to_key)):
            if key is None:
                sides.append(None)  # against an empty job description
            elif key == "working" and _with_drafts(request):
                sides.append(snapshot(position))
            elif key.isdigit() or (key.startswith("draft-") and key.removeprefix("draft-").isdigit()):
                try:
                    sides.append(self._find(key).snapshot)
                except Http404:
                    raise ValidationError({name: ["unknown version"]}) from None
            else:
                raise ValidationError({name: ["a version number, draft-<id> or working"]})
        if sides[1] is None:
            raise ValidationError({"to": ["nothing published yet"]})
        return Response(DiffSerializer(diff(*sides)).data)


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class VersionFeedViewSet(ConditionalReadMixin, IncrementalSyncMixin, viewsets.ReadOnlyModelViewSet):
    """Every position's versions; with ``?updated_since=`` the changed ones (publications too) in order.

    Readers who may not see drafts get published versions only."""

    serializer_class = VersionSerializer
    queryset = JobDescriptionVersion.objects.none()

    def get_queryset(self):
        queryset = JobDescriptionVersion.objects.select_related("author", "reviewer").order_by("id")
        if not _with_drafts(self.request):
            queryset = queryset.filter(state=State.PUBLISHED)
        return self.apply_sync(queryset)


class PositionAsOfSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    number = serializers.IntegerField(help_text="The number of its version in force then.")


class UnitAsOfSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    positions = PositionAsOfSerializer(many=True)
    children = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, obj) -> list:
        return UnitAsOfSerializer(obj.children, many=True).data


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today.")],
        responses=UnitAsOfSerializer(many=True),
    )
)
class OrganisationAsOfViewSet(ConditionalReadMixin, viewsets.ViewSet):
    """The unit tree as it stood at the end of a day, each position with the version then in force."""

    def list(self, request):
        raw = request.query_params.get("as_of")
        try:
            day = parse_date(raw) if raw else timezone.localdate()
        except ValueError:
            day = None
        if day is None:
            raise ValidationError({"as_of": ["YYYY-MM-DD"]})
        return Response(UnitAsOfSerializer(selectors.org_tree_as_of(day), many=True).data)
