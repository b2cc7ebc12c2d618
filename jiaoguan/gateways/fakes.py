"""In-memory gateways for tests: they record what was sent and can be told to fail.

``FakeSmsGateway.sent`` and ``FakePushGateway.sent`` are class-level lists (the gateway is
built afresh per call); ``fail_next`` queues errors raised by the next calls, in order.
A repeated ``reference`` returns the first acceptance, like a provider with idempotency keys.
"""

from typing import ClassVar

from jiaoguan.gateways.errors import ProviderError


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
    prefix = "fake-push"
    sent: ClassVar[list[dict]] = []
    fail_next: ClassVar[list[ProviderError]] = []
    _by_reference: ClassVar[dict[str, str]] = {}

    def send(self, *, account: str, title: str, text: str, reference: str = "") -> str:
        return self._accept(account=account, title=title, text=text, reference=reference)
