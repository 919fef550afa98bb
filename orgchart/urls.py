"""Org tree and unit chart pages."""

app_name = "orgchart"
urlpatterns = []
