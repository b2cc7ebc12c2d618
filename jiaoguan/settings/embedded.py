"""The embedded default: one process, SQLite, tasks in-process, messages to the outbox."""

from jiaoguan.settings.base import *  # noqa: F403
from jiaoguan.settings.base import VAR_DIR

VAR_DIR.mkdir(exist_ok=True)

# Static files straight from the apps, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the apps through the finders; no collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo shows the SMS outbox at /outbox/ so visitors can read their codes.
DEMO_OUTBOX_VISIBLE = True
