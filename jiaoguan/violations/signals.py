"""What the violations app tells the apps above it (notices), which may not be imported here.

Signals are sent inside the writing transaction, so a receiver's rows commit or roll back
with the change that caused them.
"""

from django.dispatch import Signal

# A camera record was confirmed and entered: kwargs ``record`` (a ViolationRecord).
record_entered = Signal()

# An objection was answered: kwargs ``dispute`` (a Dispute, upheld or rejected).
dispute_decided = Signal()
