"""The built-in sandbox acquirer, and the gateway that talks to it.

It behaves like a real acquirer, in-process, so the embedded demo and the tests need no
outside service:

- ``SandboxGateway.create`` signs a pay request; the payer's browser goes to the sandbox pay
  page (``/sandbox-pay/``), which checks the signature, opens the trade and lets the payer
  confirm or cancel;
- every trade change owes the merchant a signed asynchronous notification (HMAC-SHA256 over
  the same canonical string as Alipay's, with ``PAYMENTS_SANDBOX_SECRET``), a row the delivery
  engine sends (kind ``gateways.sandbox_notification``, ``gateways.deliveries``) to the
  order's notify URL until the merchant answers ``success``, with pauses that double
  (``PAYMENTS_SANDBOX_RETRY_SECONDS``, with jitter; at most ``PAYMENTS_SANDBOX_MAX_ATTEMPTS``
  sends);
- for tests it can send a share of notifications twice (``PAYMENTS_SANDBOX_DUPLICATE_PERCENT``),
  hold each back a random time (``PAYMENTS_SANDBOX_DELAY_SECONDS``: out of order), announce the
  waiting trade too (``PAYMENTS_SANDBOX_NOTIFY_WAITING``), send forgeries, and answer a share
  of refund requests with a retryable error (``PAYMENTS_SANDBOX_REFUND_ERROR_PERCENT``: half
  before paying the refund, half after, as a lost answer would);
- a daily statement (CSV) of payments and refunds, which reconciliation downloads.

The notification transport is HTTP (``http``: a real POST to the notify URL) or ``inprocess``
(the embedded default: the request is handed to the URL's view in this process, no server).
"""

from .acquirer import (
    KIND,
    notification_forge,
    notification_params,
    notifications_queue,
    post,
    statement_csv,
    trade_cancel,
    trade_open,
    trade_pay,
)
from .common import (
    APP_ID,
    SandboxRefusal,
    sign,
    signature_valid,
    statement_query,
    statement_request_valid,
)
from .gateway import SandboxGateway, statement_parse

__all__ = [
    "APP_ID",
    "KIND",
    "SandboxGateway",
    "SandboxRefusal",
    "notification_forge",
    "notification_params",
    "notifications_queue",
    "post",
    "sign",
    "signature_valid",
    "statement_csv",
    "statement_parse",
    "statement_query",
    "statement_request_valid",
    "trade_cancel",
    "trade_open",
    "trade_pay",
]
