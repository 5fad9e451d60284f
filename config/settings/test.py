"""Settings for the test suite: fast hashing, mail kept in memory, plain static storage,
uploads in a temporary directory."""

import os
import tempfile

from . import *  # noqa: F403
from . import DATABASES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests that need a real broker start their own worker; everything else runs eagerly.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "de"
# Evidence files and reports written by tests never land in the project's media directory.
MEDIA_ROOT = tempfile.mkdtemp(prefix="gw-test-media-")
# On PostgreSQL the test database can be copied from a template created like production's
# database (ICU's German collation, see README "Operation"), so that lists sort as they will.
if os.environ.get("DATABASE_TEST_TEMPLATE"):
    DATABASES["default"]["TEST"] = {"TEMPLATE": os.environ["DATABASE_TEST_TEMPLATE"]}
