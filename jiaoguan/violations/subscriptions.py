"""What the violations domain does when another domain tells it something (ADR 0009)."""

from jiaoguan.core.events import Phase, subscriber
from jiaoguan.payments.events import OrderPaid
from jiaoguan.violations.services.fines import fine_paid


@subscriber(OrderPaid, phase=Phase.IN_TRANSACTION)
def decision_paid(event: OrderPaid) -> None:
    """The fine's credit and the decision's payment commit together, or neither does."""
    fine_paid(order=event)
