"""The shared cache in PostgreSQL when there is no Redis: Django's database cache, with a cheaper set().

API throttles write their key on every request. Django's set() takes five statements in a
transaction (count the table, select the key, update or insert, commit) and two workers counting
the same client queue on the row lock until the commit's flush; here it is one upsert, and the
table is counted for culling on a sample of the writes only.
"""

import base64
import pickle
import random
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils import timezone

# One write in this many counts the table and culls it when over MAX_ENTRIES.
CULL_SAMPLE = 50


class DatabaseCache(DjangoDatabaseCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        value = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        with connection.cursor() as cursor:
            if random.randrange(CULL_SAMPLE) == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                count = cursor.fetchone()[0]
                if count > self._max_entries:
                    self._cull(db, cursor, timezone.now().replace(microsecond=0), count)
            cursor.execute(
                f"INSERT INTO {table} ({quote_name('cache_key')}, {quote_name('value')}, "
                f"{quote_name('expires')}) VALUES (%s, %s, %s) ON CONFLICT ({quote_name('cache_key')}) "
                f"DO UPDATE SET {quote_name('value')} = EXCLUDED.{quote_name('value')}, "
                f"{quote_name('expires')} = EXCLUDED.{quote_name('expires')}",
                [key, value, expires],
            )
