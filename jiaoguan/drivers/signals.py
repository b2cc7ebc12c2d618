"""What the drivers app tells the apps above it (notices), which may not be imported here.

Sent inside the writing transaction, so a receiver's rows commit or roll back with it.
"""

from django.dispatch import Signal

# Points were recorded on (or removed from) a license: kwargs ``license_id`` and
# ``cycle_points`` (the points now counted in the current scoring cycle).
points_changed = Signal()
