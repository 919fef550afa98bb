"""Server-rendered pages for managers: the org tree and job descriptions."""

urlpatterns = []
