"""Org tree and unit chart pages."""

from django.urls import path

from orgchart import views

app_name = "orgchart"
urlpatterns = [
    path("org/", views.tree, name="tree"),
    path("org/units/<int:pk>/", views.unit_detail, name="unit"),
    path("org/units/<int:pk>/children/", views.children, name="children"),
    path("org/units/<int:pk>/chart/", views.unit_chart, name="chart"),
    path("org/units/<int:pk>/chart.json", views.unit_chart_json, name="chart-json"),
]
