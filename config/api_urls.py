"""REST API routes (versioned under /api/v1/) and the OpenAPI schema."""

urlpatterns = []
