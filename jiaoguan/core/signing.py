"""Partner request signatures (HMAC-SHA256 over a canonical form of the request).

A partner (camera system, driving school, dealer, hospital, exam system) holds a key id and a
shared secret. Each request carries four headers::

    X-Jiaoguan-Key: <key id>
    X-Jiaoguan-Timestamp: <Unix seconds>
    X-Jiaoguan-Nonce: <random, at most 64 characters, never reused>
    X-Jiaoguan-Signature: hex(HMAC-SHA256(secret, canonical request))

The canonical request is these lines joined by "\\n": the method in capitals, the path, the
raw query string (empty if none), the timestamp, the nonce and the SHA-256 of the body in hex.
Pure module: partners may copy this file to sign their requests.
"""

import hashlib
import hmac

KEY_HEADER = "X-Jiaoguan-Key"
TIMESTAMP_HEADER = "X-Jiaoguan-Timestamp"
NONCE_HEADER = "X-Jiaoguan-Nonce"
SIGNATURE_HEADER = "X-Jiaoguan-Signature"


def canonical_request(
    *, method: str, path: str, query: str, timestamp: str, nonce: str, body: bytes
) -> bytes:
    lines = [method.upper(), path, query, timestamp, nonce, hashlib.sha256(body).hexdigest()]
    return "\n".join(lines).encode()


def request_signature(secret: str, canonical: bytes) -> str:
    return hmac.new(secret.encode(), canonical, hashlib.sha256).hexdigest()


def signature_matches(secret: str, canonical: bytes, signature: str) -> bool:
    """Constant-time comparison, so the answer's timing reveals nothing of the signature."""
    return hmac.compare_digest(request_signature(secret, canonical), signature.lower())


def signed_headers(
    *,
    key_id: str,
    secret: str,
    method: str,
    path: str,
    timestamp: int,
    nonce: str,
    query: str = "",
    body: bytes = b"",
) -> dict[str, str]:
    """The four headers a partner sends with a request."""
    canonical = canonical_request(
        method=method, path=path, query=query, timestamp=str(timestamp), nonce=nonce, body=body
    )
    return {
        KEY_HEADER: key_id,
        TIMESTAMP_HEADER: str(timestamp),
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: request_signature(secret, canonical),
    }
