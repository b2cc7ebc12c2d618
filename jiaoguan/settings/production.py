"""Production: PostgreSQL, Redis, Celery workers; everything from the environment.

The default of ``manage.py``, ``jiaoguan``, WSGI, ASGI and Celery. The system checks refuse
to start without a real SMS gateway and a push gateway (``jiaoguan.gateways.checks``), and
``check --deploy`` fails on a weak ``SECRET_KEY`` (``jiaoguan.core.checks``).
"""

from jiaoguan.settings import env
from jiaoguan.settings.base import *  # noqa: F403
from jiaoguan.settings.base import database_from_url

JIAOGUAN_DEPLOYMENT = "production"
SECRET_KEY = env.required("SECRET_KEY")
DEBUG = False
DATABASES = {"default": database_from_url(env.required("DATABASE_URL"))}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.number("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS", "")

# Outbound messages go to real providers: no outbox default (see the checks above).
# PUSH_GATEWAY=off when the deployment has no push provider.
SMS_GATEWAY = env.text("SMS_GATEWAY", "")
PUSH_GATEWAY = env.text("PUSH_GATEWAY", "")
SMS_HTTP_URL = env.text("SMS_HTTP_URL", "")

# Delivery receipts are refused until the secret shared with the SMS provider is set.
JIAOGUAN_NOTICES_RECEIPT_SECRET = env.text("NOTICES_RECEIPT_SECRET", "")

# Payments: no sandbox unless named; its secret has no committed default.
JIAOGUAN_PAYMENTS_PROVIDERS = env.items("PAYMENTS_PROVIDERS", "alipay")
JIAOGUAN_PAYMENTS_SANDBOX_SECRET = env.text("PAYMENTS_SANDBOX_SECRET", "")
# Empty: no postal delivery (pickup only) until a courier is configured (kuaidi100).
JIAOGUAN_POSTAL_PROVIDER = env.text("POSTAL_PROVIDER", "")
JIAOGUAN_INSURER_SANDBOX_ENABLED = env.flag("INSURER_SANDBOX_ENABLED", False)
JIAOGUAN_INSURER_SANDBOX_SECRET = env.text("INSURER_SANDBOX_SECRET", "")
JIAOGUAN_POSTAL_SANDBOX_SECRET = env.text("POSTAL_SANDBOX_SECRET", "")
JIAOGUAN_POSTAL_SANDBOX_TRANSPORT = env.text("POSTAL_SANDBOX_TRANSPORT", "http")
JIAOGUAN_PAYMENTS_SANDBOX_TRANSPORT = env.text("PAYMENTS_SANDBOX_TRANSPORT", "http")
