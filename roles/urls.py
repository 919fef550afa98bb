"""Job-description (岗位说明书) pages."""

from django.urls import path

from roles import views

app_name = "roles"
urlpatterns = [
    path("positions/<int:pk>/", views.position_detail, name="position-detail"),
    path("positions/<int:pk>/docx/", views.position_docx, name="position-docx"),
    path("positions/batch/<int:pk>/docx/", views.unit_positions_docx, name="unit-positions-docx"),
]
