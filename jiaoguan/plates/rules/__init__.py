"""Pure number-plate rules (DOMAIN.md §6, §13.6): no Django, plain values in and out.

``composition`` (serials, segment pools), ``draw`` (commit–reveal random draws),
``schedule`` (segment lead time, hold expiry), ``keeping`` (keep and swap numbers),
``temporary`` (temporary plates) and ``parameters`` (§13.6 settings).
"""

from .composition import (
    SEGMENT_PLATE_TYPES,
    InvalidSegment,
    Pool,
    check_office,
    composed_serial,
    shape_positions,
)
from .draw import (
    DrawOutcome,
    applicant_key,
    candidate_stream,
    draw_candidates,
    seed_commitment,
    seed_matches,
    verify_draw,
)
from .keeping import (
    PreviousNumber,
    SwapSide,
    keep_previous_refusals,
    spouse_keep_refusals,
    swap_refusals,
)
from .offices import office_of_plate
from .parameters import DEFAULT_PARAMETERS, ENERGY_LETTER_ORDER, SelectionParameters
from .schedule import (
    earliest_segment_start,
    hold_expired,
    hold_expires_on,
    segment_start_allowed,
)
from .temporary import (
    RULES,
    Situation,
    SituationRule,
    TemporaryPlateRefused,
    counted_situations,
    longest_validity_end,
    temporary_plate_valid_on,
    temporary_plate_valid_until,
    void_from,
)

__all__ = [
    "DEFAULT_PARAMETERS",
    "ENERGY_LETTER_ORDER",
    "RULES",
    "SEGMENT_PLATE_TYPES",
    "DrawOutcome",
    "InvalidSegment",
    "Pool",
    "PreviousNumber",
    "SelectionParameters",
    "Situation",
    "SituationRule",
    "SwapSide",
    "TemporaryPlateRefused",
    "applicant_key",
    "candidate_stream",
    "check_office",
    "composed_serial",
    "counted_situations",
    "draw_candidates",
    "earliest_segment_start",
    "hold_expired",
    "hold_expires_on",
    "keep_previous_refusals",
    "longest_validity_end",
    "office_of_plate",
    "seed_commitment",
    "seed_matches",
    "segment_start_allowed",
    "shape_positions",
    "spouse_keep_refusals",
    "swap_refusals",
    "temporary_plate_valid_on",
    "temporary_plate_valid_until",
    "verify_draw",
    "void_from",
]
