"""The built-in sandbox courier, and the gateway that talks to it.

It behaves like a real courier, so the embedded demo and the tests need no outside service:

- an HTTP API (``/sandbox-courier/``, ``views``): a signed booking answers a waybill number in
  the UPU S10 format (service ``EA``, country ``CN``, correct check digit) and the label;
  the same reference answers the same waybill; a parcel not collected yet can be cancelled;
- each parcel has a story (``plan``): collected, in transit, out for delivery, and then
  delivered, or failed attempts (``POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT`` per round, three
  rounds) and a return to the sender (``POSTAL_SANDBOX_RETURN_PERCENT``), drawn from a
  generator seeded by ``POSTAL_SANDBOX_SEED`` and the waybill: a seed replays the story;
- its events are pushed to the shipper's callback URL one push per event, signed, through
  the delivery engine (kind ``gateways.sandbox_courier_push``), retried until answered
  ``success``; a share twice (``POSTAL_SANDBOX_DUPLICATE_PERCENT``), a share out of order
  (``POSTAL_SANDBOX_REORDER_PERCENT``), each after up to ``POSTAL_SANDBOX_DELAY_SECONDS``;
  forgeries for tests (``courier.push_forge``).

Transport (``POSTAL_SANDBOX_TRANSPORT``): ``http`` (real requests) or ``inprocess`` (the
embedded default: handed to the URL's view in this process, no server).
"""

from .courier import KIND, CourierRefusal, parcel_book, parcel_cancel, push_forge, pushes_queue
from .gateway import SandboxPostalGateway

__all__ = [
    "KIND",
    "CourierRefusal",
    "SandboxPostalGateway",
    "parcel_book",
    "parcel_cancel",
    "push_forge",
    "pushes_queue",
]
