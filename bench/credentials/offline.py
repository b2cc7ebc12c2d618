"""Offline verification per core: ``rules.payload.verify`` of a signed licence payload in one
process (one core), as an officer's terminal holding the published keys would. Also the
signing rate and a tampered payload's refusal. No database, no Django.

    python bench/credentials/offline.py [SECONDS]
"""

import sys
import time
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jiaoguan.credentials.rules import payload


def rate(name: str, function, seconds: float) -> float:
    count, started = 0, time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for _ in range(100):
            function()
        count += 100
    per_second = count / (time.perf_counter() - started)
    print(f"{name:<28} {per_second:>10,.0f} /s  ({1e6 / per_second:,.1f} µs each)")
    return per_second


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    private = Ed25519PrivateKey.generate()
    now = int(time.time())
    keys = {"k1": payload.VerifyingKey(private.public_key(), now - 60, now + 86400)}
    fields = {"n": "张*", "c": "C1 D", "v": "2032-03-15"}

    def sign() -> str:
        return payload.sign(
            private_key=private, key_id="k1", kind=payload.Kind.DRIVING_LICENSE,
            credential_id=uuid.uuid4(), issued_at=now, expires_at=now + 60, fields=fields,
        )  # fmt: skip

    qr = sign()
    tampered = qr[:-4] + ("AAAA" if qr[-4:] != "AAAA" else "BBBB")
    assert payload.verify(qr, keys=keys, now=now).valid
    assert not payload.verify(tampered, keys=keys, now=now).valid
    print(f"payload: {len(qr)} characters")
    rate("sign", sign, seconds)
    rate("verify (valid)", lambda: payload.verify(qr, keys=keys, now=now), seconds)
    rate("verify (tampered)", lambda: payload.verify(tampered, keys=keys, now=now), seconds)
    rate("verify (oversized)", lambda: payload.verify("JG1:" + "A" * 5000, keys=keys, now=now),
         seconds)  # fmt: skip


if __name__ == "__main__":
    main()
