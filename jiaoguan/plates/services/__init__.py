"""Writes of number selection (DOMAIN.md §6.3) and temporary plates (§6.4).

Who holds a number is decided by the database: the partial unique index
``number_held_once`` on holds that are held, lapsed or registered. A hold is an INSERT in a
savepoint; the loser of a race gets ``IntegrityError`` and a ``plates.number.taken`` answer,
never an exception. Per-vehicle counters (draws, self-composed attempts) are conditional
UPDATEs on the vehicle row, which every selection write locks first.
"""

from jiaoguan.plates.services.requests import (
    plate_request_approve,
    plate_request_keep_submit,
    plate_request_refuse,
    plate_request_spouse_confirm,
    plate_request_spouse_submit,
    plate_request_swap_submit,
    plate_request_withdraw,
)
from jiaoguan.plates.services.segments import (
    batch_close,
    batch_open,
    new_vehicle_enter,
    segment_publish,
)
from jiaoguan.plates.services.selection import (
    hold_register,
    holds_lapse,
    selection_compose,
    selection_draw,
    selection_keep_previous,
    selection_pick,
)
from jiaoguan.plates.services.spouses import plate_spouse_transfer
from jiaoguan.plates.services.swaps import plate_swap
from jiaoguan.plates.services.temporary import DEALER_SITUATIONS, temporary_plate_issue

__all__ = [
    "DEALER_SITUATIONS",
    "batch_close",
    "batch_open",
    "hold_register",
    "holds_lapse",
    "new_vehicle_enter",
    "plate_request_approve",
    "plate_request_keep_submit",
    "plate_request_refuse",
    "plate_request_spouse_confirm",
    "plate_request_spouse_submit",
    "plate_request_swap_submit",
    "plate_request_withdraw",
    "plate_spouse_transfer",
    "plate_swap",
    "segment_publish",
    "selection_compose",
    "selection_draw",
    "selection_keep_previous",
    "selection_pick",
    "temporary_plate_issue",
]
