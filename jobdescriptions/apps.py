from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobDescriptionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobdescriptions"
    verbose_name = _("岗位说明书版本")
