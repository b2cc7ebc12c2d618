"""Opaque ids: a row's id as the outside sees it, encrypted and authenticated (Fernet, with a
key derived from ``SECRET_KEY`` and the id's purpose), so an answer shows neither the row
count nor the order, and a made-up or altered id is simply unknown."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

PATTERN = r"^[A-Za-z0-9_\-]+=*$"


def _fernet(purpose: str) -> Fernet:
    digest = hashlib.sha256(f"jiaoguan.opaque:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def opaque_id(pk: int, *, purpose: str) -> str:
    return _fernet(purpose).encrypt(str(pk).encode()).decode()


def opaque_pk(token: str, *, purpose: str) -> int | None:
    """The id inside ``token``, or None when it is not one of ours for ``purpose``."""
    try:
        return int(_fernet(purpose).decrypt(token.encode()))
    except (InvalidToken, ValueError, TypeError):
        return None
