"""REST API routes (versioned under /api/v1/) and the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from analysis.api import CoverageViewSet, MatchDecisionViewSet, OverlapViewSet, SimilarPositionsViewSet
from duties.api import DutyViewSet, WorkflowViewSet
from jobdescriptions.api import OrganisationAsOfViewSet, PositionVersionViewSet, VersionFeedViewSet
from orgchart.api import UnitViewSet
from roles.api import PositionViewSet, ReportingLineViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("positions", PositionViewSet, basename="position")
router.register(
    r"positions/(?P<position_id>[0-9]+)/versions", PositionVersionViewSet, basename="position-version"
)
router.register("job-description-versions", VersionFeedViewSet, basename="jobdescriptionversion")
router.register("organisation-as-of", OrganisationAsOfViewSet, basename="organisation-as-of")
router.register("reporting-lines", ReportingLineViewSet, basename="reportingline")
router.register("duties", DutyViewSet, basename="duty")
router.register("workflows", WorkflowViewSet, basename="workflow")
router.register("coverage", CoverageViewSet, basename="coverage")
router.register("overlaps", OverlapViewSet, basename="overlap")
router.register("similar-positions", SimilarPositionsViewSet, basename="similar-positions")
router.register("match-decisions", MatchDecisionViewSet, basename="matchdecision")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]
