"""Workflow pages."""

from django.urls import path

from duties import views

app_name = "duties"
urlpatterns = [
    path("workflows/", views.workflow_list, name="workflow-list"),
    path("workflows/<int:pk>/", views.workflow_detail, name="workflow"),
]
