"""Writes of the identity domain: accounts (registration, log-in, SMS codes, lockout) and the
keys that let callers in without a password (bearer tokens, partner keys)."""

from .accounts import (
    login_code_request,
    login_failure_record,
    login_with_code,
    login_with_password,
    officer_login_with_password,
    officer_totp_issue,
    password_reset_complete,
    password_reset_request,
    person_records_changed,
    registration_complete,
    registration_start,
)
from .confirmations import (
    confirmation_code_check,
    confirmation_code_send,
    consent_code_check,
    consent_code_send,
)
from .keys import (
    api_token_issue,
    api_token_revoke,
    partner_key_issue,
    partner_key_revoke,
    token_digest,
)

__all__ = [
    "api_token_issue",
    "api_token_revoke",
    "confirmation_code_check",
    "confirmation_code_send",
    "consent_code_check",
    "consent_code_send",
    "login_code_request",
    "login_failure_record",
    "login_with_code",
    "login_with_password",
    "officer_login_with_password",
    "officer_totp_issue",
    "partner_key_issue",
    "partner_key_revoke",
    "password_reset_complete",
    "password_reset_request",
    "person_records_changed",
    "registration_complete",
    "registration_start",
    "token_digest",
]
