"""Provider errors, sorted into the two kinds a caller acts on.

``RetryableProviderError``: the provider may accept the same request later (timeouts, refused
connections, HTTP 429 and 5xx). ``PermanentProviderError``: the same request will never succeed
(HTTP 4xx other than 408/429: bad number, bad credentials, content refused). They are the
delivery engine's two errors (``jiaoguan.delivery.errors``), which it retries or fails.
"""

from jiaoguan.delivery.errors import DeliveryError, PermanentError, RetryableError


class ProviderError(DeliveryError):
    """A message the provider did not accept."""

    retryable = False


class RetryableProviderError(ProviderError, RetryableError):
    retryable = True


class PermanentProviderError(ProviderError, PermanentError):
    retryable = False


_RETRYABLE_STATUSES = frozenset({408, 425, 429})


def classify_status(status: int, detail: str = "") -> ProviderError:
    """The error for an HTTP status the provider answered with (not 2xx)."""
    message = f"HTTP {status}: {detail[:200]}"
    if status >= 500 or status in _RETRYABLE_STATUSES:
        return RetryableProviderError(message)
    return PermanentProviderError(message)
