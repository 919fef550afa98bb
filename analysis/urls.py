"""Duty analysis pages."""

from django.urls import path

from analysis import views

app_name = "analysis"
urlpatterns = [
    path("org/units/<int:pk>/coverage/", views.unit_coverage, name="coverage"),
    path("org/units/<int:pk>/coverage.<str:file_format>", views.coverage_export, name="coverage-export"),
    path("org/units/<int:pk>/coverage/decide/", views.decide, name="decide"),
    path("library/", views.library, name="library"),
    path("library/compare/", views.compare, name="compare"),
    path("library/use/", views.use_template, name="use-template"),
]
