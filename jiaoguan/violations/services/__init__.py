"""Writes of the violations domain (split by seam; import from here)."""

from .authorisations import authorisation_confirm, authorisation_request, authorisation_revoke
from .disputes import dispute_decide, dispute_file
from .fines import fine_payment_start, fine_payment_start_for_organisation
from .handling import (
    penalty_decision_revoke,
    violation_handle,
    violation_handle_as_owner_organisation,
    violation_handle_at_counter,
)
from .records import violation_record_confirm, violation_record_delete, violation_record_ingest
from .reference import province_fine_revise, violation_code_revise

__all__ = [
    "authorisation_confirm",
    "authorisation_request",
    "authorisation_revoke",
    "dispute_decide",
    "dispute_file",
    "fine_payment_start",
    "fine_payment_start_for_organisation",
    "penalty_decision_revoke",
    "province_fine_revise",
    "violation_code_revise",
    "violation_handle",
    "violation_handle_as_owner_organisation",
    "violation_handle_at_counter",
    "violation_record_confirm",
    "violation_record_delete",
    "violation_record_ingest",
]
