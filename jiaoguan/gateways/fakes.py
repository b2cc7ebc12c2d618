"""In-memory gateways for tests: they record what was sent and can be told to fail.

``FakeSmsGateway.sent`` and ``FakePushGateway.sent`` are class-level lists (the gateway is
built afresh per call); ``fail_next`` queues errors raised by the next calls, in order. A
push records its live tokens joined by commas in ``tokens``.
A repeated ``reference`` returns the first acceptance, like a provider with idempotency keys.
"""

from collections.abc import Sequence
from typing import ClassVar

from jiaoguan.gateways.errors import ProviderError
from jiaoguan.gateways.push import PushResult


class _FakeGateway:
    prefix: ClassVar[str]
    sent: ClassVar[list[dict]]
    fail_next: ClassVar[list[ProviderError]]
    _by_reference: ClassVar[dict[str, str]]

    @classmethod
    def reset(cls) -> None:
        cls.sent.clear()
        cls.fail_next.clear()
        cls._by_reference.clear()

    def _accept(self, **message: str) -> str:
        if self.fail_next:
            raise self.fail_next.pop(0)
        reference = message.get("reference", "")
        if reference and reference in self._by_reference:
            return self._by_reference[reference]
        provider_reference = f"{self.prefix}-{len(self.sent) + 1}"
        self.sent.append({**message, "provider_reference": provider_reference})
        if reference:
            self._by_reference[reference] = provider_reference
        return provider_reference


class FakeSmsGateway(_FakeGateway):
    prefix = "fake-sms"
    sent: ClassVar[list[dict]] = []
    fail_next: ClassVar[list[ProviderError]] = []
    _by_reference: ClassVar[dict[str, str]] = {}

    def send(self, *, phone: str, text: str, reference: str = "") -> str:
        return self._accept(phone=phone, text=text, reference=reference)


class FakePushGateway(_FakeGateway):
    """``stale`` holds tokens the fake provider no longer knows: a push to them is not
    delivered and they come back in ``PushResult.stale_tokens``."""

    prefix = "fake-push"
    sent: ClassVar[list[dict]] = []
    fail_next: ClassVar[list[ProviderError]] = []
    _by_reference: ClassVar[dict[str, str]] = {}
    stale: ClassVar[set[str]] = set()

    @classmethod
    def reset(cls) -> None:
        super().reset()
        cls.stale.clear()

    def send(
        self, *, tokens: Sequence[str], title: str, text: str, reference: str = ""
    ) -> PushResult:
        live = tuple(token for token in tokens if token not in self.stale)
        stale = tuple(token for token in tokens if token in self.stale)
        if not live:
            if self.fail_next:
                raise self.fail_next.pop(0)
            return PushResult("", 0, stale)
        provider_reference = self._accept(
            tokens=",".join(live), title=title, text=text, reference=reference
        )
        return PushResult(provider_reference, len(live), stale)
