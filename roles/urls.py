"""Job-description (岗位说明书) pages."""

app_name = "roles"
urlpatterns = []
