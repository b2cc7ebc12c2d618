"""Pure rules of public disclosure: masking and the patterns nothing published may contain."""

from .masking import (
    COMPOUND_SURNAMES,
    MASK_CHARACTER,
    mask_archive_number,
    mask_name,
    mask_plate_number,
    name_kept_length,
)
from .periods import months_between
from .personal_data import personal_data_found

__all__ = [
    "COMPOUND_SURNAMES",
    "MASK_CHARACTER",
    "mask_archive_number",
    "mask_name",
    "mask_plate_number",
    "months_between",
    "name_kept_length",
    "personal_data_found",
]
