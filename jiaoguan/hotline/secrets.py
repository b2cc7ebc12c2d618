"""Who is asking: the number's account and the confirmation that it is the holder.

A number is bound to the citizen account whose verified phone it is (an exact look-up,
``identity.selectors.citizen_by_phone``). Personal answers need a secret: the PIN the citizen
set (``HotlinePin``) or the last six characters of the identity number, as the operator
chooses (``JIAOGUAN_HOTLINE_SECRET``: ``pin`` or ``identity_digits``).

The PIN is kept as a keyed hash (``pin_digest``: HMAC under the personal-data index key,
salted by the account), not a slow password hash. A PIN has at most a million values, so a
slow hash would only multiply an offline guesser's work by a constant while costing every
SMS a tenth of a second (``bench/sms``); without the key, which is not in the database, no
offline guessing is possible at all, and online guesses are capped per day. Rotating the index
key therefore asks citizens to set their PIN again; a PIN stored by a password hasher before
still opens (and is rewritten as a keyed hash).
Wrong secrets are counted per account and day; past ``JIAOGUAN_HOTLINE_SECRET_TRIES`` the
account's personal queries pause until the next day.
"""

from __future__ import annotations

import enum
import hmac
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.crypto import blind_index
from jiaoguan.core.errors import ApplicationError
from jiaoguan.hotline.models import HotlinePin

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

PIN_DIGITS = (4, 6)


class Check(enum.StrEnum):
    OK = "ok"
    MISSING = "missing"
    WRONG = "wrong"
    LOCKED = "locked"
    NO_PIN = "no_pin"


def number_hash(number: str) -> str:
    """The keyed hash a number is counted and grouped by (never stored in clear)."""
    return blind_index(number, purpose="hotline")


PIN_PREFIX = "hmac$"


def pin_digest(user_id: int, pin: str) -> str:
    """What ``HotlinePin.pin_hash`` holds for ``pin``: ``hmac$`` and the keyed hash of the
    account and the PIN."""
    return PIN_PREFIX + blind_index(f"{user_id}:{pin}", purpose="hotline_pin")


def _pin_matches(row: HotlinePin, secret: str) -> bool:
    if row.pin_hash.startswith(PIN_PREFIX):
        return hmac.compare_digest(row.pin_hash, pin_digest(row.user_id, secret))
    if check_password(secret, row.pin_hash):  # a PIN stored before keyed hashes
        HotlinePin.objects.filter(pk=row.pk).update(pin_hash=pin_digest(row.user_id, secret))
        return True
    return False


def identity_digits() -> bool:
    return settings.JIAOGUAN_HOTLINE_SECRET == "identity_digits"


def pins_of(user_ids) -> dict[int, HotlinePin]:
    """The PIN rows of these accounts, by account (one query; for ``secret_check``)."""
    return {row.user_id: row for row in HotlinePin.objects.filter(user_id__in=list(user_ids))}


def tries_left(row: HotlinePin | None) -> int:
    used = row.failed_count if row and row.failed_on == clock.today() else 0
    return max(0, settings.JIAOGUAN_HOTLINE_SECRET_TRIES - used)


def remaining_tries(user: User) -> int:
    return tries_left(HotlinePin.objects.filter(user=user).first())


def secret_check(*, user: User, secret: str, pins: dict[int, HotlinePin] | None = None) -> Check:
    """Whether ``secret`` confirms ``user``; a wrong one is counted (conditional update).
    ``pins`` (``pins_of``) saves the look-up of the account's row; a wrong secret reads the
    row into it again, so a second try in the same batch sees the count."""
    if not secret:
        return Check.MISSING
    row = pins.get(user.pk) if pins is not None else HotlinePin.objects.filter(user=user).first()
    if tries_left(row) <= 0:
        return Check.LOCKED
    if identity_digits():
        person = user.person
        expected = (person.id_number if person else "")[-6:].upper()
        good = bool(expected) and hmac.compare_digest(expected, secret.upper())
    else:
        if row is None or not row.pin_hash:
            return Check.NO_PIN
        good = _pin_matches(row, secret)
    if good:
        return Check.OK
    _count_failure(user)
    if pins is not None:
        pins[user.pk] = HotlinePin.objects.get(user=user)
    return Check.WRONG


def _count_failure(user: User) -> None:
    today = clock.today()
    row, _created = HotlinePin.objects.get_or_create(user=user)
    HotlinePin.objects.filter(pk=row.pk, failed_on=today).update(failed_count=F("failed_count") + 1)
    HotlinePin.objects.filter(pk=row.pk).exclude(failed_on=today).update(
        failed_count=1, failed_on=today
    )


def pin_invalid() -> ApplicationError:
    return ApplicationError(
        "hotline.pin.invalid",
        _("查询密码须为4至6位数字。"),
        fields={"pin": _("请输入4至6位数字。")},
        status=422,
    )


def pin_set(*, actor, user: User, pin: str) -> HotlinePin:
    """Set the citizen's query PIN (hashed); resets the day's wrong tries. Audits
    ``hotline.pin.set``. Raises ``hotline.pin.invalid``."""
    pin = (pin or "").strip()
    if not (pin.isascii() and pin.isdigit() and PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]):
        raise pin_invalid()
    with transaction.atomic():
        row, _created = HotlinePin.objects.update_or_create(
            user=user, defaults={"pin_hash": pin_digest(user.pk, pin), "failed_count": 0}
        )
        audit_record(actor=actor, action="hotline.pin.set", subject=row)
    return row


def pin_is_set(user: User) -> bool:
    return HotlinePin.objects.filter(user=user).exclude(pin_hash="").exists()
