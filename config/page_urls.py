"""Server-rendered pages for managers: the org tree and job descriptions."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("orgchart.urls")),
    path("", include("roles.urls")),
    path("", include("analysis.urls")),
    path("", include("duties.urls")),
]
