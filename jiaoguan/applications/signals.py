"""What the case workflow tells the apps above it. Sent inside the transaction of the
transition; see ``applications.notify``."""

from django.dispatch import Signal

#: A transition the table marks ``notify`` was taken: ``case``, ``transition``, ``action``
#: (the table's ``Action``).
applicant_notice_due = Signal()
