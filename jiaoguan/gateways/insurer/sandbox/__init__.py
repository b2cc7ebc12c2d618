"""The built-in sandbox insurer, and the gateway that talks to it.

It behaves like an insurer implementing the platform's claim interface, so the embedded demo
and the tests need no outside service: a signed filing is taken once per reference and
answered; each claim has a story (``plan``: accepted with its claim number, assessed, paid,
or rejected), seeded by ``INSURER_SANDBOX_SEED`` and the reference; its callbacks are sent,
signed, through the delivery engine (kind ``gateways.sandbox_insurer_callback``) until
answered 2xx — some twice, some out of order, each after a delay; filings fail or lose their
answer at the configured rates (``insurer``); forgeries for tests (``callback_forge``).

Transport (``INSURER_SANDBOX_TRANSPORT``): ``http`` or ``inprocess`` (the embedded default).
"""

from .gateway import SandboxInsurerGateway
from .insurer import KIND, callback_forge, callbacks_queue, claim_story_events

__all__ = [
    "KIND",
    "SandboxInsurerGateway",
    "callback_forge",
    "callbacks_queue",
    "claim_story_events",
]
