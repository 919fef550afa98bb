from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    """Source documents read into the store: readers, the structure builder, apply, export."""

    name = "importer"
    verbose_name = _("文档导入")
