"""Signatures of payment messages: the canonical string both acquirers sign, RSA2 and HMAC.

The canonical string is the Alipay open platform's: every parameter except ``sign`` (and, for
notifications, ``sign_type``), without empty values, sorted by name, joined as
``name=value`` with ``&``; values are the raw (not URL-encoded) text. Pure module: no Django.
"""

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def canonical_string(params: Mapping[str, str], *, exclude: Iterable[str] = ("sign",)) -> str:
    left_out = set(exclude)
    pairs = sorted(
        (name, value) for name, value in params.items() if name not in left_out and value != ""
    )
    return "&".join(f"{name}={value}" for name, value in pairs)


def load_private_key(pem: str | bytes) -> rsa.RSAPrivateKey:
    """An RSA private key from PEM text (PKCS#1 or PKCS#8) or bare base64 PKCS#8, the form
    Alipay's key tool writes."""
    key = serialization.load_pem_private_key(_as_pem(pem, "PRIVATE KEY"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("not an RSA private key")
    return key


def load_public_key(pem: str | bytes) -> rsa.RSAPublicKey:
    """An RSA public key from PEM text or bare base64 (SubjectPublicKeyInfo)."""
    key = serialization.load_pem_public_key(_as_pem(pem, "PUBLIC KEY"))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA public key")
    return key


def _as_pem(text: str | bytes, label: str) -> bytes:
    data = text.decode() if isinstance(text, bytes) else text
    data = data.strip()
    if data.startswith("-----BEGIN"):
        return data.encode()
    body = "".join(data.split())
    lines = [body[start : start + 64] for start in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""]).encode()


def rsa2_sign(private_key: rsa.RSAPrivateKey, message: str) -> str:
    """SHA256withRSA (PKCS#1 v1.5) over the UTF-8 message, base64."""
    signature = private_key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def rsa2_verify(public_key: rsa.RSAPublicKey, message: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        public_key.verify(raw, message.encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def hmac_sign(secret: str, message: str) -> str:
    """HMAC-SHA256 over the UTF-8 message, lower-case hex (the sandbox acquirer's signature)."""
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def hmac_verify(secret: str, message: str, signature: str) -> bool:
    return hmac.compare_digest(hmac_sign(secret, message), signature.strip().lower())
