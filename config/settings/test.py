"""Settings for the test suite. DATABASE_URL and REDIS_URL pick the real servers to test against."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATA_DIR

DEBUG = False
ENVIRONMENT = "test"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "test-private")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True

# Tasks run inline in tests; the Redis tests switch this off and start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
ONLINE_CAPTURE_IN_REQUEST = True
# Each test starts with an empty cache (see conftest), so rate limits do not leak between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
