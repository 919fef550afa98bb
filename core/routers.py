"""Database routing of the cache table (Django's DatabaseCache)."""

from django.conf import settings

CACHE_ALIAS = "cache"


class CacheRouter:
    """The cache table is read and written through its own connection when settings define one.

    Throttle counts kept there must not wait for, nor be rolled back with, the transaction of the API write
    that counted them. The table itself is made once, in the default database (createcachetable).
    """

    def db_for_read(self, model, **hints):
        if model._meta.app_label == "django_cache" and CACHE_ALIAS in settings.DATABASES:
            return CACHE_ALIAS
        return None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == "django_cache":
            return db == "default"
        return None
