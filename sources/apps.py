from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sources"
    verbose_name = pgettext_lazy("plural", "来源文档")
