from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"
    verbose_name = _("系统集成")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from integrations.history import attribute_to_api_client

        post_migrate.connect(create_cache_table, sender=self)
        pre_create_historical_record.connect(attribute_to_api_client, dispatch_uid="api_client_history")


def create_cache_table(using="default", verbosity=1, **kwargs):
    """Every migrate (make migrate, deploys, the benchmarks' and tests' databases) makes the table of the
    shared cache when settings use one, so API request budgets never meet a missing table."""
    call_command("createcachetable", database=using, verbosity=verbosity)
