import pytest

from jiaoguan.payments.models import PaymentOrder
from jiaoguan.payments.signals import order_paid
from tests.payments.factories import PURPOSE


class Receiver:
    """Stands in for the lead's receiver: records credited orders of ``tests.dummy``;
    ``fail`` makes it raise (the credit must roll back)."""

    def __init__(self) -> None:
        self.credited: list[str] = []
        self.fail = False

    def __call__(self, sender, order: PaymentOrder, **kwargs) -> None:
        if order.purpose != PURPOSE:
            return
        if self.fail:
            raise RuntimeError("receiver refused")
        self.credited.append(order.number)


@pytest.fixture
def receiver():
    handler = Receiver()
    order_paid.connect(handler, dispatch_uid="tests.payments.receiver")
    yield handler
    order_paid.disconnect(dispatch_uid="tests.payments.receiver")
