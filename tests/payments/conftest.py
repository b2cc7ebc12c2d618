import pytest

from jiaoguan.core.events import Phase, subscribe, unsubscribe
from jiaoguan.payments.events import OrderPaid
from tests.payments.factories import PURPOSE


class Receiver:
    """Stands in for the lead's subscriber: records credited orders of ``tests.dummy``;
    ``fail`` makes it raise (the credit must roll back)."""

    def __init__(self) -> None:
        self.credited: list[str] = []
        self.fail = False

    def __call__(self, event: OrderPaid) -> None:
        if event.purpose != PURPOSE:
            return
        if self.fail:
            raise RuntimeError("receiver refused")
        self.credited.append(event.number)


@pytest.fixture
def receiver():
    handler = Receiver()
    subscription = subscribe(OrderPaid, handler, phase=Phase.IN_TRANSACTION)
    yield handler
    unsubscribe(subscription)
