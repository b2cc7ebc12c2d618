"""The embedded default: one process, SQLite, tasks in-process, messages to the outbox.

Asked for explicitly (``make demo``, ``jiaoguan demo``, or
``DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded``): everything else defaults to production.
"""

from jiaoguan.settings import env
from jiaoguan.settings.base import *  # noqa: F403
from jiaoguan.settings.base import SECRETS_DIR, VAR_DIR

VAR_DIR.mkdir(exist_ok=True)

JIAOGUAN_DEPLOYMENT = "embedded"
# Generated on first start and kept under var/secrets/, unless the environment gives them.
SECRET_KEY = env.text("SECRET_KEY") or env.generated("secret-key", SECRETS_DIR)
JIAOGUAN_PAYMENTS_SANDBOX_SECRET = env.text("PAYMENTS_SANDBOX_SECRET") or env.generated(
    "payments-sandbox", SECRETS_DIR
)
JIAOGUAN_POSTAL_SANDBOX_SECRET = env.text("POSTAL_SANDBOX_SECRET") or env.generated(
    "postal-sandbox", SECRETS_DIR
)
JIAOGUAN_INSURER_SANDBOX_SECRET = env.text("INSURER_SANDBOX_SECRET") or env.generated(
    "insurer-sandbox", SECRETS_DIR
)
JIAOGUAN_PERSONAL_DATA_KEYS = env.items("PERSONAL_DATA_KEYS", "") or [
    "e1:" + env.generated("personal-data-key", SECRETS_DIR)
]
JIAOGUAN_PERSONAL_DATA_INDEX_KEY = env.text("PERSONAL_DATA_INDEX_KEY") or env.generated(
    "personal-data-index-key", SECRETS_DIR
)

# Static files straight from the apps, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the apps through the finders; no collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo shows the SMS outbox at /outbox/ so visitors can read their codes.
DEMO_OUTBOX_VISIBLE = True
