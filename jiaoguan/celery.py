"""The Celery application; workers start with ``celery -A jiaoguan worker`` (production
settings unless DJANGO_SETTINGS_MODULE names others)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")

app = Celery("jiaoguan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
