"""The API keeps its OpenAPI contract (ISSUE 12 item 5): schemathesis generates requests
from the published document, valid and invalid, and runs every check it has on each answer
(``--checks all``), unauthenticated and as the demo citizen 张伟 with a bearer token.

Partner operations (``/partner/`` paths) are left out: each request needs a signature over
its method, path, query and body (``core.signing``), which generated requests do not carry;
``tests/api/test_partners.py`` and the partner tests of each family cover them.
"""

import os
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from jiaoguan.demo.accounts import ensure_demo_accounts
from jiaoguan.identity.models import User
from jiaoguan.identity.services import api_token_issue

# Examples per operation and run: 2 × 57 operations × 12 examples, each with the requests
# of every check, in under two minutes on two cores, the same examples on every run so CI is
# repeatable. JIAOGUAN_CONTRACT_EXAMPLES=200 digs deeper, with new random examples each time.
DEEPER = os.environ.get("JIAOGUAN_CONTRACT_EXAMPLES")
EXAMPLES = int(DEEPER or "12")

# Operations whose valid input can still be refused by a rule of the domain that JSON Schema
# cannot state (a person missing from the register, a code that was never texted, a date
# before another). For these a 400 or 422 to schema-valid input is expected, but never
# ``request.invalid``: the document and the validation the app runs must agree.
DOMAIN_REFUSALS = {
    "GET /api/v1/calculators/vehicle-schedule": "vehicle type, use and dates checked together",
    "GET /api/v1/calculators/license-schedule": "classes and dates checked together",
    "GET /api/v1/calculators/late-penalty": "the served day must not be after as_of",
    "GET /api/v1/calculators/exam-eligibility": "class codes from the regulation's table",
    "GET /api/v1/calculators/replacement": "document, reason and plate type checked together",
    "POST /api/v1/accounts/registrations": "the person must be in the register",
    "POST /api/v1/accounts/registrations/confirm": "the code must be the one texted",
    "POST /api/v1/accounts/tokens": "wrong identifier or password",
    "POST /api/v1/accounts/tokens/by-code": "the code must be the one texted",
    "POST /api/v1/accounts/password-resets/confirm": "the code must be the one texted",
    "POST /api/v1/me/authorisations": "the plate must be a small car registered to a person",
    "POST /api/v1/exams/application/location": "the region must be a city of the register",
    "GET /api/v1/me/license": "as_of must not be before the licence was first issued",
    "GET /api/v1/me/records": "as_of must not be before the licence was first issued",
    "POST /api/v1/me/decisions/{number}/pay": "the return address must be of this site",
    "POST /api/v1/me/accidents": "the facts must allow settling online; fields checked together",
    "POST /api/v1/me/accidents/join": "the code must be an open accident's; the caller licensed",
    "POST /api/v1/me/accidents/{accident_id}/propose": "a scenario of the table in force",
    "POST /api/v1/me/accidents/{accident_id}/dispute": "the reason must say something",
    "POST /api/v1/me/accidents/{accident_id}/sign": "the code must be the one texted",
    "POST /api/v1/me/accidents/{accident_id}/photos": "the photo must be a JPEG or PNG image",
    "POST /api/v1/me/addresses": "the region must be a current county; name and address not blank",
    "POST /api/v1/me/inspections/appointments": "the slot's day in the window; lane and rules",
    "POST /api/v1/me/inspections/appointments/{appointment_id}/change": "as a new booking",
    "POST /api/v1/me/inspections/marks": "the next due must be mark-only and in its window",
    "POST /api/v1/org/inspection-station": "lane kinds, hours in order, a region code",
    "GET /api/v1/inspections/stations/{station_id}/slots": "the station must be approved",
}

config = schemathesis.Config.from_dict({"checks": {"enabled": True}})
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", get_wsgi_application(), config=config
).exclude(path_regex="/partner/")


def _label(case) -> str:
    return f"{case.method.upper()} {case.operation.full_path}"


def valid_input_is_not_refused_as_malformed(ctx, response, case):
    """Schema-valid input may meet a domain refusal, never the app's own format check."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code in (400, 422) and _label(case) in DOMAIN_REFUSALS:
        assert response.json()["code"] not in ("request.invalid", "request.malformed"), (
            "the app refused as malformed a request the document allows"
        )
    return None


def _validate(case, **kwargs):
    domain = _label(case) in DOMAIN_REFUSALS
    # schemathesis asks for gzip like requests does, but its WSGI transport does not decode
    # the answer: ask for the plain bytes (the travel feeds answer gzip when asked).
    kwargs["headers"] = {"Accept-Encoding": "identity", **kwargs.get("headers", {})}
    case.call_and_validate(
        excluded_checks=[positive_data_acceptance] if domain else None,
        additional_checks=[valid_input_is_not_refused_as_malformed],
        **kwargs,
    )


@pytest.fixture(autouse=True, scope="module")
def _connection_kept_across_requests():
    """schemathesis calls the WSGI application itself, not Django's test client, so each
    request's end would close the database connection and lose the test's transaction (on
    PostgreSQL); like the test client, keep it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def citizen_token(django_db_setup, django_db_blocker):
    """The demo people, accounts and records, once for the module; rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_demo_accounts(as_of=date(2026, 11, 21))
        zhang = User.objects.get(kind="citizen", person__name="张伟")
        yield api_token_issue(user=zhang)
        transaction.set_rollback(True)


pytestmark = pytest.mark.contract
_settings = settings(
    max_examples=EXAMPLES,
    derandomize=not DEEPER,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@_settings
def test_unauthenticated(case, db):
    _validate(case)


@schema.parametrize()
@_settings
def test_as_citizen(case, db, citizen_token):
    _validate(case, headers={"Authorization": f"Bearer {citizen_token}"})
