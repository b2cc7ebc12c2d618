"""The password hasher: Argon2id at the cost the settings name (ADR 0002).

Django's own Argon2 parameters (100 MiB, 2 passes, 8 lanes) cost about 200 ms of CPU per
log-in on a 2-core node, a third of the node at the national-day rate of log-ins. The
product default is OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane: about 20 ms), set
by ``PASSWORD_ARGON2``. The algorithm name stays ``argon2``, so stored hashes of other
parameters still verify and are re-hashed at the next log-in (Django's ``must_update``).
"""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class ConfiguredArgon2PasswordHasher(Argon2PasswordHasher):
    @property
    def time_cost(self) -> int:  # type: ignore[override]
        return settings.PASSWORD_ARGON2["time_cost"]

    @property
    def memory_cost(self) -> int:  # type: ignore[override]
        return settings.PASSWORD_ARGON2["memory_cost"]

    @property
    def parallelism(self) -> int:  # type: ignore[override]
        return settings.PASSWORD_ARGON2["parallelism"]
