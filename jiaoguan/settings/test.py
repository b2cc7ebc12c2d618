"""The test suite: SQLite in memory by default, PostgreSQL when DATABASE_URL is set."""

import secrets

from jiaoguan.settings import env
from jiaoguan.settings.base import *  # noqa: F403

JIAOGUAN_DEPLOYMENT = "test"
SECRET_KEY = "test-only"
JIAOGUAN_PERSONAL_DATA_KEYS = ["t1:test-only-personal-data-key"]
JIAOGUAN_PERSONAL_DATA_INDEX_KEY = "test-only-personal-data-index-key"
# Made per test run (a chaos test's workers are given the run's through the environment).
JIAOGUAN_PAYMENTS_SANDBOX_SECRET = env.text("PAYMENTS_SANDBOX_SECRET") or secrets.token_hex(32)
JIAOGUAN_POSTAL_SANDBOX_SECRET = env.text("POSTAL_SANDBOX_SECRET") or secrets.token_hex(32)
JIAOGUAN_POSTAL_SANDBOX_SEED = env.number("POSTAL_SANDBOX_SEED", 14)
JIAOGUAN_INSURER_SANDBOX_SECRET = env.text("INSURER_SANDBOX_SECRET") or secrets.token_hex(32)
JIAOGUAN_INSURER_SANDBOX_SEED = env.number("INSURER_SANDBOX_SEED", 18)
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
