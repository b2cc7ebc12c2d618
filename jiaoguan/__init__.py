"""jiaoguan (交管): an internet traffic-safety service platform."""

# The Celery app is loaded with Django so that ``shared_task`` binds to it (and its settings,
# e.g. eager execution in the embedded default).
from jiaoguan.celery import app as celery_app

__all__ = ["celery_app"]
