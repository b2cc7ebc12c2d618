"""The two kinds of failure a delivery acts on.

``RetryableError``: the outside may accept the same request later (a timeout, a refused
connection, HTTP 429 or 5xx, an answer other than the acknowledgement); the row is queued
again after a back-off, and failed when its attempts run out. ``PermanentError``: the same
request will never succeed (a bad number, a refused content, a trade that does not exist); the
row fails at once. The gateways' ``RetryableProviderError`` and ``PermanentProviderError`` are
these. Any other exception is a bug: the batch stops, what it did is written, and the rows it
had not finished stay claimed until their lease runs out and the sweeper hands them out again.
"""


class DeliveryError(Exception):
    """A send the outside did not accept."""

    retryable = False


class RetryableError(DeliveryError):
    retryable = True


class PermanentError(DeliveryError):
    retryable = False
