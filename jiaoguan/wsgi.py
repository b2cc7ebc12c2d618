"""The WSGI application: production settings unless DJANGO_SETTINGS_MODULE names others."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")
application = get_wsgi_application()


def _refuse_unless_ready() -> None:
    """Production does not serve with a setting the system checks call an error (an SMS or
    push outbox): gunicorn and uvicorn do not run the checks themselves."""
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    errors = [message for message in checks.run_checks(tags=["jiaoguan"]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(str(message) for message in errors))


_refuse_unless_ready()
