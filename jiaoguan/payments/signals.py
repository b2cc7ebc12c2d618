"""What the payments app tells the apps above it (violations), which it may not import.

``order_paid`` is sent inside the transaction that credits the order, with kwarg ``order``
(a ``PaymentOrder``). A receiver's writes commit with the credit; a receiver that raises
rolls the credit back, the notification is answered as not taken and the acquirer sends it
again later.
"""

from django.dispatch import Signal

order_paid = Signal()
