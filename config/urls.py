from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

# The admin speaks of the product, not of Django.
admin.site.site_header = _("岗位职责管理")
admin.site.site_title = _("岗位职责管理")
admin.site.index_title = _("管理首页")


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico before reading any page's <link rel="icon">."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")  # at request time: hashed names exist only after collectstatic


urlpatterns = [
    path("", RedirectView.as_view(url="/org/", permanent=False)),
    path("favicon.ico", FaviconView.as_view()),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),
    path("", include("config.page_urls")),
]

# A database fault raised outside a view (in a middleware) answers 503 too, not a 500 page.
handler500 = "core.middleware.server_error"

# Unknown URLs under /api/ answer JSON like the API itself.
handler404 = "core.errors.not_found"
