"""Provider errors, sorted into the two kinds a caller acts on.

``RetryableProviderError``: the provider may accept the same request later (timeouts, refused
connections, HTTP 429 and 5xx). ``PermanentProviderError``: the same request will never succeed
(HTTP 4xx other than 408/429: bad number, bad credentials, content refused).
"""


class ProviderError(Exception):
    """A message the provider did not accept."""

    retryable = False


class RetryableProviderError(ProviderError):
    retryable = True


class PermanentProviderError(ProviderError):
    retryable = False


_RETRYABLE_STATUSES = frozenset({408, 425, 429})


def classify_status(status: int, detail: str = "") -> ProviderError:
    """The error for an HTTP status the provider answered with (not 2xx)."""
    message = f"HTTP {status}: {detail[:200]}"
    if status >= 500 or status in _RETRYABLE_STATUSES:
        return RetryableProviderError(message)
    return PermanentProviderError(message)
