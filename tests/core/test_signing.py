"""The partner signature is a pure function of the request: what partners implement."""

import hashlib
import hmac

from jiaoguan.core.signing import canonical_request, signature_matches, signed_headers


def test_canonical_request_lines_are_method_path_query_timestamp_nonce_body_hash():
    canonical = canonical_request(
        method="post", path="/api/v1/x", query="a=1", timestamp="1700000000", nonce="n", body=b"{}"
    )
    assert canonical.decode().split("\n") == [
        "POST",
        "/api/v1/x",
        "a=1",
        "1700000000",
        "n",
        hashlib.sha256(b"{}").hexdigest(),
    ]


def test_signed_headers_carry_an_hmac_sha256_any_partner_can_recompute():
    headers = signed_headers(
        key_id="pk_1", secret="s3cret", method="GET", path="/p", timestamp=1700000000, nonce="n"
    )
    canonical = canonical_request(
        method="GET", path="/p", query="", timestamp="1700000000", nonce="n", body=b""
    )
    expected = hmac.new(b"s3cret", canonical, hashlib.sha256).hexdigest()
    assert headers == {
        "X-Jiaoguan-Key": "pk_1",
        "X-Jiaoguan-Timestamp": "1700000000",
        "X-Jiaoguan-Nonce": "n",
        "X-Jiaoguan-Signature": expected,
    }
    assert signature_matches("s3cret", canonical, expected.upper())
    assert not signature_matches("other", canonical, expected)
