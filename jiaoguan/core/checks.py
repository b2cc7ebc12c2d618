"""``check --deploy`` fails on a weak ``SECRET_KEY``: too short, too little variety, or a value
known from this repository, its docs or the usual placeholders.

Django's own ``security.W009`` only warns (and plain ``check --deploy`` passes on warnings);
a key that signs sessions, password resets and the partner API deserves an error. Generate
one with ``python3 -c 'import secrets; print(secrets.token_urlsafe(50))'``.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50
MIN_DISTINCT = 10
# Values committed in this repository (settings, benchmarks, docs) and common placeholders:
# a key containing one of these is someone's default, not a secret.
KNOWN_MARKERS = (
    "insecure",
    "change-me",
    "changeme",
    "change_me",
    "not-a-secret",
    "notasecret",
    "test-only",
    "bench-only",
    "embedded-only",
    "secret-key",
    "secret_key",
    "your-secret",
    "example",
)


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` is weak, or None when it is not."""
    if len(key) < MIN_LENGTH:
        return f"it has {len(key)} characters, fewer than {MIN_LENGTH}"
    if len(set(key)) < MIN_DISTINCT:
        return f"it has {len(set(key))} distinct characters, fewer than {MIN_DISTINCT}"
    lowered = key.lower()
    for marker in KNOWN_MARKERS:
        if marker in lowered:
            return f"it contains {marker!r}, a known test, demo or placeholder value"
    return None


@checks.register(checks.Tags.security, "jiaoguan", deploy=True)
def secret_key_strength(app_configs, **kwargs) -> list[checks.CheckMessage]:
    reason = secret_key_weakness(str(getattr(settings, "SECRET_KEY", "") or ""))
    if reason is None:
        return []
    return [
        checks.Error(
            f"SECRET_KEY is weak: {reason}.",
            hint="Set SECRET_KEY to a long random value, e.g. the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.",
            id="jiaoguan.E010",
        )
    ]


@checks.register(checks.Tags.security, "jiaoguan", deploy=True)
def personal_data_keys(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Identity and phone numbers at rest need strong keys of their own (core/crypto.py)."""
    from jiaoguan.core.crypto import parse_keys

    problems = []
    try:
        keys = parse_keys(list(getattr(settings, "JIAOGUAN_PERSONAL_DATA_KEYS", [])))
    except ImproperlyConfigured as error:
        problems.append(str(error))
        keys = {}
    if not keys and not problems:
        problems.append("PERSONAL_DATA_KEYS is not set")
    for key_id, secret in keys.items():
        if reason := secret_key_weakness(secret):
            problems.append(f"the personal-data key {key_id!r} is weak: {reason}")
    index = str(getattr(settings, "JIAOGUAN_PERSONAL_DATA_INDEX_KEY", "") or "")
    if reason := secret_key_weakness(index):
        problems.append(f"PERSONAL_DATA_INDEX_KEY is weak: {reason}")
    return [
        checks.Error(
            f"Personal data at rest: {problem}.",
            hint="Set PERSONAL_DATA_KEYS to '<id>:<long random secret>' and "
            "PERSONAL_DATA_INDEX_KEY to another long random secret (docs/operations.md).",
            id="jiaoguan.E011",
        )
        for problem in problems
    ]
