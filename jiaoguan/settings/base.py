"""Settings shared by every deployment kind; the kinds are embedded.py, production.py, test.py."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from jiaoguan.settings import env

BASE_DIR = env.BASE_DIR
VAR_DIR = BASE_DIR / "var"
# Where the embedded default keeps the secrets it generates for itself (env.generated).
SECRETS_DIR = Path(env.text("SECRETS_DIR", str(VAR_DIR / "secrets")))

# Which kind of deployment these settings describe: "embedded", "production" or "test". The
# system checks hold production to its rules (jiaoguan.core.checks, jiaoguan.gateways.checks).
JIAOGUAN_DEPLOYMENT = "embedded"

# No committed default: each kind of deployment sets its own (embedded: generated).
SECRET_KEY = env.text("SECRET_KEY", "")
DEBUG = env.flag("DEBUG", False)
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# Keys for identity and phone numbers at rest (core/crypto.py): "<id>:<secret>,…", the first
# encrypts; and the secret of their keyed hashes. No committed default (embedded: generated).
JIAOGUAN_PERSONAL_DATA_KEYS = env.items("PERSONAL_DATA_KEYS", "")
JIAOGUAN_PERSONAL_DATA_INDEX_KEY = env.text("PERSONAL_DATA_INDEX_KEY", "")
# Hosts besides ALLOWED_HOSTS that a pay page may send the payer back to (core/redirects.py).
JIAOGUAN_RETURN_URL_HOSTS = env.items("RETURN_URL_HOSTS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
    "jiaoguan.core",
    "jiaoguan.delivery",
    "jiaoguan.audit",
    "jiaoguan.gateways",
    "jiaoguan.identity",
    "jiaoguan.vehicles",
    "jiaoguan.drivers",
    "jiaoguan.violations",
    "jiaoguan.exams",
    "jiaoguan.applications",
    "jiaoguan.plates",
    "jiaoguan.papers",
    "jiaoguan.inspections",
    "jiaoguan.credentials",
    "jiaoguan.education",
    "jiaoguan.accidents",
    "jiaoguan.organisations",
    "jiaoguan.travel",
    "jiaoguan.disclosure",
    "jiaoguan.guides",
    "jiaoguan.notices",
    "jiaoguan.payments",
    "jiaoguan.portal",
    "jiaoguan.backoffice",
    "jiaoguan.api",
    "jiaoguan.hotline",
    "jiaoguan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jiaoguan.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jiaoguan.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "jiaoguan.urls"
WSGI_APPLICATION = "jiaoguan.wsgi.application"
ASGI_APPLICATION = "jiaoguan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiaoguan.portal.context_processors.display_preferences",
            ],
        },
    },
]


def database_from_url(url: str) -> dj_database_url.DBConfig:
    """One DATABASES entry from a URL; SQLite gets WAL and immediate transactions."""
    config = dj_database_url.parse(url, conn_max_age=env.number("DB_CONN_MAX_AGE", 60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # BEGIN IMMEDIATE takes the write lock at the start of each transaction, so two
            # writers queue on busy_timeout instead of failing halfway with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        # Django's backend with the health check skipped on a connection in good order a
        # moment ago (jiaoguan/core/postgresql/base.py).
        config["ENGINE"] = "jiaoguan.core.postgresql"
        config["CONN_HEALTH_CHECKS"] = True
        # Server-side binding with a prepare threshold lets psycopg prepare a query after five
        # runs on a connection, so the hot queries skip PostgreSQL's planner (Django disables
        # preparing unless asked). Turn off (DB_PREPARED_STATEMENTS=0) behind a
        # transaction-mode PgBouncer without prepared-statement support.
        prepared = env.flag("DB_PREPARED_STATEMENTS", True)
        config["OPTIONS"] = {
            "server_side_binding": prepared,
            "prepare_threshold": 5 if prepared else None,
        }
    return config


#: Seconds a database connection found in good order is trusted without the per-request check
#: (0: check before every request's first query, as Django does).
JIAOGUAN_DB_HEALTH_CHECK_TRUST_SECONDS = env.number("DB_HEALTH_CHECK_TRUST_SECONDS", 1)

DATABASES = {
    "default": database_from_url(
        env.text("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jiaoguan.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "jiaoguan.identity.hashers.ConfiguredArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
#: Argon2id's cost (ADR 0002): OWASP's minimum by default (19 MiB, 2 passes, 1 lane).
PASSWORD_ARGON2 = {
    "memory_cost": env.number("PASSWORD_ARGON2_MEMORY_KIB", 19456),
    "time_cost": env.number("PASSWORD_ARGON2_PASSES", 2),
    "parallelism": env.number("PASSWORD_ARGON2_LANES", 1),
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jiaoguan.identity.validators.KnownNumbersValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "jiaoguan" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"  # None where served from the apps
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie

REDIS_URL = env.text("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "jiaoguan.core.cache.ReusingRedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis (or RabbitMQ) in production; in the embedded default tasks run in-process.
CELERY_BROKER_URL = env.text("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "exams-windows-due": {"task": "jiaoguan.exams.tasks.windows_due_run", "schedule": 60.0},
    "notices-daily-scans": {
        "task": "jiaoguan.notices.tasks.scans_run",
        "schedule": crontab(hour=6, minute=30),
    },
    "disclosure-daily-publication": {
        "task": "jiaoguan.disclosure.tasks.publication_run",
        "schedule": crontab(hour=5, minute=30),
    },
    # One sweeper for every delivery kind (notice messages, sandbox notifications, refunds).
    "delivery-sweep": {"task": "jiaoguan.delivery.tasks.sweep", "schedule": 60.0},
    "plates-holds-lapse": {
        "task": "jiaoguan.plates.tasks.holds_lapse",
        "schedule": crontab(hour=0, minute=5),
    },
    "api-idempotent-responses-purge": {
        "task": "jiaoguan.api.tasks.idempotent_responses_purge",
        "schedule": crontab(minute=17),
    },
    "exams-applications-lapse": {
        "task": "jiaoguan.exams.tasks.applications_lapse",
        "schedule": crontab(hour=0, minute=10),
    },
    # 163号 art. 29: full-score study not attended within 30 days of the notice.
    "education-full-score-lapse": {
        "task": "jiaoguan.education.tasks.full_score_lapse_run",
        "schedule": crontab(hour=0, minute=15),
    },
    # DOMAIN §4.4: public-welfare activities reduced after their 2-day notice.
    "education-welfare-reduce": {
        "task": "jiaoguan.education.tasks.welfare_reduce_run",
        "schedule": crontab(minute=20),
    },
    # DOMAIN §18.1: organisations' monthly report of vehicles with 3+ overdue unhandled records.
    # DOMAIN §23.2: the slot day entering the 14-day horizon; no-shows after each slot.
    "inspections-slots-open": {
        "task": "jiaoguan.inspections.tasks.slots_open_all",
        "schedule": crontab(hour=0, minute=20),
    },
    "inspections-no-shows-mark": {
        "task": "jiaoguan.inspections.tasks.no_shows_mark",
        "schedule": crontab(minute="*/15"),
    },
    "organisations-unhandled-report": {
        "task": "jiaoguan.organisations.tasks.unhandled_report_run",
        "schedule": crontab(day_of_month=1, hour=7, minute=0),
    },
    # DOMAIN §18.1-§18.2: the other key-entity reports (inspection or scrapping, drivers'
    # licences, violations), the same morning.
    # Issue 19 scope 6: every organisation's safety score, rescored daily.
    "organisations-safety-scores": {
        "task": "jiaoguan.organisations.tasks.safety_scores_run",
        "schedule": crontab(hour=3, minute=30),
    },
    "organisations-key-entity-reports": {
        "task": "jiaoguan.organisations.tasks.key_entity_reports_run",
        "schedule": crontab(day_of_month=1, hour=7, minute=10),
    },
}

# The delivery engine (docs/adr/0008-delivery-engine.md): a back-off is shortened by up to
# this share of itself at random, so rows failing together do not come back together.
JIAOGUAN_DELIVERY_JITTER = env.number("DELIVERY_JITTER_PERCENT", 20) / 100

# Outbound gateways: "outbox" writes every message to the database (embedded, demo);
# production names a real adapter and refuses the outbox (a system check and the gateways).
SMS_GATEWAY = env.text("SMS_GATEWAY", "outbox")
PUSH_GATEWAY = env.text("PUSH_GATEWAY", "outbox")
# The HTTP SMS provider (SMS_GATEWAY=http): endpoint, bearer token, one timeout for the call.
SMS_HTTP_URL = env.text("SMS_HTTP_URL", "http://127.0.0.1:9/sms")
SMS_HTTP_TOKEN = env.text("SMS_HTTP_TOKEN", "")
SMS_HTTP_TIMEOUT_SECONDS = env.number("SMS_HTTP_TIMEOUT_SECONDS", 5)

# Notices (product defaults; see docs/notices.md). Quiet hours are local (Asia/Shanghai) times.
JIAOGUAN_NOTICES_QUIET_START = env.text("NOTICES_QUIET_START", "21:00")
JIAOGUAN_NOTICES_QUIET_END = env.text("NOTICES_QUIET_END", "08:00")
# Per recipient and channel, messages sent per local day at most; the rest wait for the next day.
JIAOGUAN_NOTICES_DAILY_CAP = env.number("NOTICES_DAILY_CAP", 3)
# A deadline passed while the scans did not run is still noticed if it is this recent.
JIAOGUAN_NOTICES_CATCH_UP_DAYS = env.number("NOTICES_CATCH_UP_DAYS", 30)
JIAOGUAN_NOTICES_MAX_ATTEMPTS = env.number("NOTICES_MAX_ATTEMPTS", 5)
# A message claimed by a worker and not finished within this time is handed out again.
JIAOGUAN_NOTICES_STUCK_SECONDS = env.number("NOTICES_STUCK_SECONDS", 300)
JIAOGUAN_NOTICES_RETRY_SECONDS = env.number("NOTICES_RETRY_SECONDS", 30)
# Messages per delivery task handed out by the sweeper (fewer broker round trips).
JIAOGUAN_NOTICES_DISPATCH_BATCH = env.number("NOTICES_DISPATCH_BATCH", 20)
# Messages handed out per sweep at most (the sweeper runs every minute).
JIAOGUAN_NOTICES_SWEEP_LIMIT = env.number("NOTICES_SWEEP_LIMIT", 100000)
# Shared secret the SMS provider signs its delivery receipts with (HMAC-SHA256, hex).
JIAOGUAN_NOTICES_RECEIPT_SECRET = env.text("NOTICES_RECEIPT_SECRET", "embedded-receipts")
JIAOGUAN_NOTICES_SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000")
# The travel map's base layer: a tile URL template ({z}/{x}/{y}) of the deployment's own tile
# server (no CDN; an outside host also needs its origin in the CSP's img-src). Empty: the
# map draws the events without a base layer.
JIAOGUAN_TRAVEL_MAP_TILES = env.text("TRAVEL_MAP_TILES", "")
JIAOGUAN_TRAVEL_MAP_ATTRIBUTION = env.text("TRAVEL_MAP_ATTRIBUTION", "")
# Enabled app installations (push tokens) an account keeps; one more replaces the oldest.
JIAOGUAN_NOTICES_PUSH_DEVICES_PER_ACCOUNT = env.number("NOTICES_PUSH_DEVICES_PER_ACCOUNT", 10)

# Identity policy (product defaults; see docs/adr/0002-identity.md).
JIAOGUAN_LOGIN_MAX_FAILURES = env.number("LOGIN_MAX_FAILURES", 5)
JIAOGUAN_LOGIN_LOCK_MINUTES = env.number("LOGIN_LOCK_MINUTES", 30)
JIAOGUAN_SMS_CODE_TTL_SECONDS = env.number("SMS_CODE_TTL_SECONDS", 300)
JIAOGUAN_SMS_CODE_RESEND_SECONDS = env.number("SMS_CODE_RESEND_SECONDS", 60)
JIAOGUAN_SMS_CODE_MAX_ATTEMPTS = env.number("SMS_CODE_MAX_ATTEMPTS", 5)
# Per client address: SMS codes sent (registration, log-in, password reset) and password
# log-ins attempted, per hour. Guards the SMS budget and the accounts against scripted abuse.
JIAOGUAN_SMS_PER_ADDRESS_PER_HOUR = env.number("SMS_PER_ADDRESS_PER_HOUR", 20)
JIAOGUAN_LOGINS_PER_ADDRESS_PER_HOUR = env.number("LOGINS_PER_ADDRESS_PER_HOUR", 100)
# How many reverse proxies in front of the web processes append to X-Forwarded-For.
JIAOGUAN_TRUSTED_PROXIES = env.number("TRUSTED_PROXIES", 0)

# Signed partner API: how far a request's timestamp may be from the server's clock (a nonce is
# remembered that long, so a captured request cannot be replayed), and requests per key per
# minute (camera systems upload in bursts).
JIAOGUAN_PARTNER_CLOCK_SKEW_SECONDS = env.number("PARTNER_CLOCK_SKEW_SECONDS", 300)
JIAOGUAN_PARTNER_REQUESTS_PER_MINUTE = env.number("PARTNER_REQUESTS_PER_MINUTE", 6000)
# How long a partner write's response is kept for replay under its Idempotency-Key.
JIAOGUAN_IDEMPOTENCY_RETENTION_HOURS = env.number("IDEMPOTENCY_RETENTION_HOURS", 24)

# Evidence images uploaded by enforcement devices: at most this many per record, each at most
# this size (checked by content, not by the name or type the device claims). A request body
# holds them base64-encoded, so the upload limit leaves room for that.
JIAOGUAN_EVIDENCE_MAX_IMAGES = env.number("EVIDENCE_MAX_IMAGES", 3)
JIAOGUAN_EVIDENCE_MAX_BYTES = env.number("EVIDENCE_MAX_BYTES", 1024 * 1024)
# Pixels an uploaded image may decode to (core/images.py): 40 MP, past any camera's frame.
JIAOGUAN_IMAGE_MAX_PIXELS = env.number("IMAGE_MAX_PIXELS", 40_000_000)
# Documents uploaded with a plate request (a marriage certificate's scan).
JIAOGUAN_PLATES_EVIDENCE_MAX_BYTES = env.number("PLATES_EVIDENCE_MAX_BYTES", 2 * 1024 * 1024)
# The guided photos of a minor accident (事故快处), each taken on a phone.
JIAOGUAN_ACCIDENTS_PHOTO_MAX_BYTES = env.number("ACCIDENTS_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# How long a citizen's computed records stay cached (0 turns the cache off). Entries are keyed
# by the person's records version, so this bounds memory, not staleness.
JIAOGUAN_RECORDS_CACHE_SECONDS = env.number("RECORDS_CACHE_SECONDS", 3600)

# Electronic credentials (docs/adr/0015-electronic-credentials.md): a QR is re-signed this
# often and expires after it (screenshots age out); a signing key signs this many days, then
# the next one takes over while the old one still verifies what it signed. The licence
# conditions shown red (comma-separated drivers.rules.LicenseCondition values; empty: the
# product default of DOMAIN §13.8).
JIAOGUAN_CREDENTIALS_QR_SECONDS = env.number("CREDENTIALS_QR_SECONDS", 60)
JIAOGUAN_CREDENTIALS_KEY_SIGN_DAYS = env.number("CREDENTIALS_KEY_SIGN_DAYS", 30)
# A verification's live status (licence or vehicle) is cached this long under the holder's
# records version: service writes are seen at once, others within these seconds (0: off).
JIAOGUAN_CREDENTIALS_STATUS_CACHE_SECONDS = env.number("CREDENTIALS_STATUS_CACHE_SECONDS", 30)
# Public (anonymous) verifications per client address per minute: each one writes a row for
# the holder and an audit event, so a script cannot flood them. Officers and partners are
# not counted here (partners have their per-key limit).
JIAOGUAN_CREDENTIALS_VERIFY_PER_ADDRESS_PER_MINUTE = env.number(
    "CREDENTIALS_VERIFY_PER_ADDRESS_PER_MINUTE", 600
)
# A verification's record and audit event commit without waiting for the WAL flush
# (PostgreSQL synchronous_commit off for that one statement): the application never loses
# one; a crash of the database server itself may lose the last fraction of a second of them
# (3 × wal_writer_delay). 0: every verification waits for the disk like any other write.
JIAOGUAN_CREDENTIALS_VERIFY_ASYNC_COMMIT = env.flag("CREDENTIALS_VERIFY_ASYNC_COMMIT", True)
JIAOGUAN_CREDENTIALS_ABNORMAL_LICENSE_CONDITIONS = env.items(
    "CREDENTIALS_ABNORMAL_LICENSE_CONDITIONS", ""
)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
}

# Exam booking: changes to one's preference list per account and per address per hour
# (the submission time confers no advantage, so there is no reason to hammer it).
JIAOGUAN_EXAMS_PREFERENCE_CHANGES_PER_ACCOUNT_PER_HOUR = env.number(
    "EXAMS_PREFERENCE_CHANGES_PER_ACCOUNT_PER_HOUR", 20
)
JIAOGUAN_EXAMS_PREFERENCE_CHANGES_PER_ADDRESS_PER_HOUR = env.number(
    "EXAMS_PREFERENCE_CHANGES_PER_ADDRESS_PER_HOUR", 200
)

# Payments (see docs/payments.md). Providers payment orders may use; "sandbox" is the built-in
# acquirer (never in production), "alipay" the Alipay open platform.
JIAOGUAN_PAYMENTS_PROVIDERS = env.items("PAYMENTS_PROVIDERS", "sandbox")
# Where acquirers send asynchronous notifications: this site's address as they reach it.
JIAOGUAN_PAYMENTS_NOTIFY_BASE_URL = env.text("PAYMENTS_NOTIFY_BASE_URL", JIAOGUAN_NOTICES_SITE_URL)
# A duplicate payment's refund is retried after this many seconds (doubling, at most 6 h), at
# most this many times; a refund claimed and not finished within the lease is taken over.
JIAOGUAN_PAYMENTS_REFUND_RETRY_SECONDS = env.number("PAYMENTS_REFUND_RETRY_SECONDS", 300)
JIAOGUAN_PAYMENTS_REFUND_MAX_ATTEMPTS = env.number("PAYMENTS_REFUND_MAX_ATTEMPTS", 10)
JIAOGUAN_PAYMENTS_REFUND_STUCK_SECONDS = env.number("PAYMENTS_REFUND_STUCK_SECONDS", 300)
# The sandbox acquirer: its signing secret (no committed default: the embedded default
# generates one per installation, production has none unless set), how its notifications
# travel ("inprocess": to the view in this process, no server; "http": a real POST) and its
# misbehaviour for tests.
JIAOGUAN_PAYMENTS_SANDBOX_SECRET = env.text("PAYMENTS_SANDBOX_SECRET", "")
JIAOGUAN_PAYMENTS_SANDBOX_TRANSPORT = env.text("PAYMENTS_SANDBOX_TRANSPORT", "inprocess")
JIAOGUAN_PAYMENTS_SANDBOX_TIMEOUT_SECONDS = env.number("PAYMENTS_SANDBOX_TIMEOUT_SECONDS", 10)
JIAOGUAN_PAYMENTS_SANDBOX_RETRY_SECONDS = env.number("PAYMENTS_SANDBOX_RETRY_SECONDS", 60)
JIAOGUAN_PAYMENTS_SANDBOX_MAX_ATTEMPTS = env.number("PAYMENTS_SANDBOX_MAX_ATTEMPTS", 8)
JIAOGUAN_PAYMENTS_SANDBOX_STUCK_SECONDS = env.number("PAYMENTS_SANDBOX_STUCK_SECONDS", 300)
JIAOGUAN_PAYMENTS_SANDBOX_DUPLICATE_PERCENT = env.number("PAYMENTS_SANDBOX_DUPLICATE_PERCENT", 0)
JIAOGUAN_PAYMENTS_SANDBOX_DELAY_SECONDS = env.number("PAYMENTS_SANDBOX_DELAY_SECONDS", 0)
JIAOGUAN_PAYMENTS_SANDBOX_NOTIFY_WAITING = env.flag("PAYMENTS_SANDBOX_NOTIFY_WAITING", False)
JIAOGUAN_PAYMENTS_SANDBOX_REFUND_ERROR_PERCENT = env.number(
    "PAYMENTS_SANDBOX_REFUND_ERROR_PERCENT", 0
)
# Postal delivery (gateways.postal): the courier shipments are booked with ("sandbox": the
# built-in courier, never in production; "kuaidi100": Kuaidi100's open platform), other
# providers whose tracking pushes are still taken, and where couriers push them (this site's
# address as they reach it).
JIAOGUAN_POSTAL_PROVIDER = env.text("POSTAL_PROVIDER", "sandbox")
JIAOGUAN_POSTAL_PROVIDERS = env.items("POSTAL_PROVIDERS", "")
JIAOGUAN_POSTAL_CALLBACK_BASE_URL = env.text("POSTAL_CALLBACK_BASE_URL", JIAOGUAN_NOTICES_SITE_URL)
# A booking is retried after this many seconds (doubling), at most this many times.
JIAOGUAN_POSTAL_BOOKING_RETRY_SECONDS = env.number("POSTAL_BOOKING_RETRY_SECONDS", 60)
JIAOGUAN_POSTAL_BOOKING_MAX_ATTEMPTS = env.number("POSTAL_BOOKING_MAX_ATTEMPTS", 8)
JIAOGUAN_POSTAL_BOOKING_STUCK_SECONDS = env.number("POSTAL_BOOKING_STUCK_SECONDS", 300)
# The sandbox courier: its signing secret (no committed default), how its API calls and
# pushes travel ("inprocess" or "http"), the seed of its parcels' stories (0: a new one per
# parcel) and its misbehaviour: failed delivery rounds, returns to the sender, duplicated and
# reordered pushes, a delay of up to N seconds per push; AUTOPUSH off leaves pushing to tests.
JIAOGUAN_POSTAL_SANDBOX_SECRET = env.text("POSTAL_SANDBOX_SECRET", "")
JIAOGUAN_POSTAL_SANDBOX_TRANSPORT = env.text("POSTAL_SANDBOX_TRANSPORT", "inprocess")
JIAOGUAN_POSTAL_SANDBOX_TIMEOUT_SECONDS = env.number("POSTAL_SANDBOX_TIMEOUT_SECONDS", 10)
JIAOGUAN_POSTAL_SANDBOX_SEED = env.number("POSTAL_SANDBOX_SEED", 0)
JIAOGUAN_POSTAL_SANDBOX_AUTOPUSH = env.flag("POSTAL_SANDBOX_AUTOPUSH", True)
JIAOGUAN_POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT = env.number(
    "POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT", 10
)
JIAOGUAN_POSTAL_SANDBOX_RETURN_PERCENT = env.number("POSTAL_SANDBOX_RETURN_PERCENT", 3)
JIAOGUAN_POSTAL_SANDBOX_DUPLICATE_PERCENT = env.number("POSTAL_SANDBOX_DUPLICATE_PERCENT", 0)
JIAOGUAN_POSTAL_SANDBOX_REORDER_PERCENT = env.number("POSTAL_SANDBOX_REORDER_PERCENT", 0)
JIAOGUAN_POSTAL_SANDBOX_DELAY_SECONDS = env.number("POSTAL_SANDBOX_DELAY_SECONDS", 0)
JIAOGUAN_POSTAL_SANDBOX_RETRY_SECONDS = env.number("POSTAL_SANDBOX_RETRY_SECONDS", 30)
JIAOGUAN_POSTAL_SANDBOX_STUCK_SECONDS = env.number("POSTAL_SANDBOX_STUCK_SECONDS", 300)
# Insurer claims (gateways.insurer): which insurer takes claims online, through which
# provider and at which URL is reference data (accidents.Insurer, in the back office). Here:
# whether the built-in sandbox insurer may be a provider (never in production), where
# insurers call back, our key id at insurers, their secrets (CODE=secret items), a timeout.
JIAOGUAN_INSURER_SANDBOX_ENABLED = env.flag("INSURER_SANDBOX_ENABLED", True)
JIAOGUAN_INSURER_CALLBACK_BASE_URL = env.text(
    "INSURER_CALLBACK_BASE_URL", JIAOGUAN_NOTICES_SITE_URL
)
JIAOGUAN_INSURER_HTTP_KEY_ID = env.text("INSURER_HTTP_KEY_ID", "jiaoguan")
JIAOGUAN_INSURER_HTTP_SECRETS = env.items("INSURER_HTTP_SECRETS", "")
JIAOGUAN_INSURER_HTTP_TIMEOUT_SECONDS = env.number("INSURER_HTTP_TIMEOUT_SECONDS", 10)
# A filing is retried after this many seconds (doubling), at most this many times.
JIAOGUAN_INSURER_FILING_RETRY_SECONDS = env.number("INSURER_FILING_RETRY_SECONDS", 60)
JIAOGUAN_INSURER_FILING_MAX_ATTEMPTS = env.number("INSURER_FILING_MAX_ATTEMPTS", 10)
JIAOGUAN_INSURER_FILING_STUCK_SECONDS = env.number("INSURER_FILING_STUCK_SECONDS", 300)
# The sandbox insurer: its secret (no committed default), transport ("inprocess" or "http"),
# the seed of its claims' stories (0: new per claim), its misbehaviour (filings failed with
# 503, filings taken but answered 504, rejected claims, duplicated, reordered and delayed
# callbacks), and its callbacks' retry and lease.
JIAOGUAN_INSURER_SANDBOX_SECRET = env.text("INSURER_SANDBOX_SECRET", "")
JIAOGUAN_INSURER_SANDBOX_TRANSPORT = env.text("INSURER_SANDBOX_TRANSPORT", "inprocess")
JIAOGUAN_INSURER_SANDBOX_SEED = env.number("INSURER_SANDBOX_SEED", 0)
JIAOGUAN_INSURER_SANDBOX_AUTOCALLBACK = env.flag("INSURER_SANDBOX_AUTOCALLBACK", True)
JIAOGUAN_INSURER_SANDBOX_FAIL_PERCENT = env.number("INSURER_SANDBOX_FAIL_PERCENT", 0)
JIAOGUAN_INSURER_SANDBOX_TIMEOUT_PERCENT = env.number("INSURER_SANDBOX_TIMEOUT_PERCENT", 0)
JIAOGUAN_INSURER_SANDBOX_REJECT_PERCENT = env.number("INSURER_SANDBOX_REJECT_PERCENT", 5)
JIAOGUAN_INSURER_SANDBOX_DUPLICATE_PERCENT = env.number("INSURER_SANDBOX_DUPLICATE_PERCENT", 0)
JIAOGUAN_INSURER_SANDBOX_REORDER_PERCENT = env.number("INSURER_SANDBOX_REORDER_PERCENT", 0)
JIAOGUAN_INSURER_SANDBOX_DELAY_SECONDS = env.number("INSURER_SANDBOX_DELAY_SECONDS", 0)
JIAOGUAN_INSURER_SANDBOX_RETRY_SECONDS = env.number("INSURER_SANDBOX_RETRY_SECONDS", 30)
JIAOGUAN_INSURER_SANDBOX_STUCK_SECONDS = env.number("INSURER_SANDBOX_STUCK_SECONDS", 300)
# Kuaidi100 (POSTAL_PROVIDER=kuaidi100): the enterprise key and secret, the salt its pushes
# are signed with, the courier company code and electronic-waybill account, one timeout.
KUAIDI100_KEY = env.text("KUAIDI100_KEY", "")
KUAIDI100_SECRET = env.text("KUAIDI100_SECRET", "")
KUAIDI100_SALT = env.text("KUAIDI100_SALT", "")
KUAIDI100_COMPANY = env.text("KUAIDI100_COMPANY", "ems")
KUAIDI100_PARTNER_ID = env.text("KUAIDI100_PARTNER_ID", "")
KUAIDI100_PARTNER_KEY = env.text("KUAIDI100_PARTNER_KEY", "")
KUAIDI100_LABEL_URL = env.text("KUAIDI100_LABEL_URL", "https://api.kuaidi100.com/label/order")
KUAIDI100_POLL_URL = env.text("KUAIDI100_POLL_URL", "https://poll.kuaidi100.com/poll")
KUAIDI100_TIMEOUT_SECONDS = env.number("KUAIDI100_TIMEOUT_SECONDS", 10)
# Alipay open platform: app id, our application private key and Alipay's public key (PEM text,
# or a file named by ALIPAY_*_KEY_FILE), the gateway address and one timeout for its calls.
ALIPAY_APP_ID = env.text("ALIPAY_APP_ID", "")
ALIPAY_PRIVATE_KEY = env.text("ALIPAY_PRIVATE_KEY", "")
ALIPAY_PRIVATE_KEY_FILE = env.text("ALIPAY_PRIVATE_KEY_FILE", "")
ALIPAY_PUBLIC_KEY = env.text("ALIPAY_PUBLIC_KEY", "")
ALIPAY_PUBLIC_KEY_FILE = env.text("ALIPAY_PUBLIC_KEY_FILE", "")
ALIPAY_SELLER_ID = env.text("ALIPAY_SELLER_ID", "")
ALIPAY_GATEWAY_URL = env.text("ALIPAY_GATEWAY_URL", "https://openapi.alipay.com/gateway.do")
ALIPAY_TIMEOUT_SECONDS = env.number("ALIPAY_TIMEOUT_SECONDS", 10)

from jiaoguan.settings.hotline import *  # noqa: E402, F403  (the SMS and voice service)
