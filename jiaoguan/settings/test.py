"""The test suite: SQLite in memory by default, PostgreSQL when DATABASE_URL is set."""

from jiaoguan.settings import env
from jiaoguan.settings.base import *  # noqa: F403

SECRET_KEY = "test-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 tested apart
# The chaos test's workers run these settings against a real broker.
CELERY_TASK_ALWAYS_EAGER = env.flag("CELERY_TASK_ALWAYS_EAGER", True)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the apps through the finders; no collectstatic
SMS_GATEWAY = env.text("SMS_GATEWAY", "outbox")
