"""The papers rules (pure): the catalogue's matrix, eligibility of each service at its edge
dates (a day before and after each limit), statutory clocks across holidays and adjusted
working days, and fees by date."""

from datetime import date

import pytest

from jiaoguan.core import clock
from jiaoguan.core.money import Money
from jiaoguan.papers import rules
from jiaoguan.papers.rules import (
    Channel,
    CounterReason,
    Document,
    FeeItem,
    FeeRate,
    LicenseFacts,
    Reason,
    Refusal,
    Service,
    VehicleFacts,
    license_service_check,
    service_for,
    vehicle_service_check,
)

EXPIRY = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def official_calendar():
    """The national calendar alone (operator overrides live in the database)."""
    previous = clock.set_override_provider(None)
    yield
    clock.set_override_provider(previous)


FRESH_MEDICAL = date(2026, 5, 1)


def _license(as_of, service=Service.LICENSE_RENEWAL, **facts):
    base = {
        "as_of": as_of,
        "register_status": "valid",
        "valid_until": EXPIRY,
        "medical_certificate_issued_on": FRESH_MEDICAL,
    }
    base.update(facts)
    return license_service_check(service, LicenseFacts(**base))


# --- the catalogue -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "reason", "service", "days", "returned", "online"),
    [
        ("driving_license", "expiry", Service.LICENSE_RENEWAL, 1, False, True),
        ("driving_license", "damaged", Service.LICENSE_REPLACEMENT, 1, False, True),
        ("driving_license", "lost", Service.LICENSE_REISSUE, 1, False, True),
        ("driving_license", "details_changed", Service.LICENSE_DETAILS_CHANGE, 1, True, True),
        ("driving_license", "move_in", Service.LICENSE_MOVE_IN, 1, True, True),
        ("driving_license", "age_limit", Service.LICENSE_AGE_RENEWAL, 1, True, True),
        ("vehicle_license", "damaged", Service.VEHICLE_LICENSE_REPLACEMENT, 1, True, True),
        ("vehicle_license", "lost", Service.VEHICLE_LICENSE_REISSUE, 1, False, True),
        (
            "vehicle_license",
            "details_changed",
            Service.VEHICLE_LICENSE_DETAILS_CHANGE,
            1,
            True,
            False,
        ),
        ("plates", "damaged", Service.PLATES_REPLACEMENT, 15, True, True),
        ("plates", "lost", Service.PLATES_REISSUE, 15, False, True),
        ("inspection_mark", "lost", Service.INSPECTION_MARK_REISSUE, 1, False, True),
        ("inspection_mark", "damaged", Service.INSPECTION_MARK_REISSUE, 1, False, True),
        ("registration_certificate", "damaged", Service.CERTIFICATE_REPLACEMENT, 1, True, False),
        ("registration_certificate", "lost", Service.CERTIFICATE_REISSUE, 1, False, False),
    ],
)
def test_catalogue_answers_each_document_and_reason(
    document, reason, service, days, returned, online
):
    rule = service_for(document, reason)
    assert rule.service is service
    assert rule.statutory_working_days == days
    assert rule.old_document_returned is returned
    assert rule.online is online


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("vehicle_license", "expiry"),
        ("vehicle_license", "move_in"),
        ("plates", "expiry"),
        ("plates", "details_changed"),
        ("plates", "move_in"),
        ("inspection_mark", "expiry"),
        ("registration_certificate", "move_in"),
        ("passport", "lost"),
        ("plates", "stolen"),
    ],
)
def test_catalogue_refuses_impossible_combinations(document, reason):
    with pytest.raises(rules.ImpossibleCombination):
        service_for(document, reason)


def test_registration_certificate_is_counter_only_in_person_and_says_why():
    for reason in (Reason.LOST, Reason.DAMAGED):
        rule = service_for(Document.REGISTRATION_CERTIFICATE, reason)
        assert not rule.online
        assert not rule.agent_allowed
        assert "登记证书" in rule.counter_reason


def test_contact_details_change_produces_nothing_and_has_thirty_days():
    rule = rules.rule_for(Service.CONTACT_DETAILS_CHANGE)
    assert rule.statutory_working_days is None
    assert rules.apply_deadline(rule, date(2026, 3, 1)) == date(2026, 3, 31)


# --- driving licence: expiry renewal --------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "channel", "code"),
    [
        (date(2026, 3, 31), Channel.REFUSED, Refusal.NOT_DUE),  # 91 days before
        (date(2026, 4, 1), Channel.ONLINE, None),  # 90 days before: window opens
        (EXPIRY, Channel.ONLINE, None),
        (date(2026, 7, 1), Channel.ONLINE, None),  # the day after expiry
        (date(2027, 5, 30), Channel.ONLINE, None),  # 11 months after: last online day
        (date(2027, 5, 31), Channel.COUNTER, CounterReason.EXPIRED_COUNTER),
        (date(2027, 6, 30), Channel.COUNTER, CounterReason.EXPIRED_COUNTER),
        (date(2027, 7, 1), Channel.REFUSED, Refusal.CANCELLABLE),  # more than a year
    ],
)
def test_expiry_renewal_window_edges(as_of, channel, code):
    medical = date(as_of.year, as_of.month, 1)
    decision = _license(as_of, medical_certificate_issued_on=medical)
    assert decision.channel is channel
    if code is not None:
        assert code in decision.refusals + decision.counter_reasons


def test_expiry_renewal_refused_for_long_term_licence():
    assert Refusal.LONG_TERM in _license(date(2026, 5, 1), valid_until=None).refusals


@pytest.mark.parametrize(
    ("issued_on", "refusal"),
    [
        (None, Refusal.MEDICAL_MISSING),
        (date(2026, 6, 2), Refusal.MEDICAL_MISSING),  # issued after the day asked about
        (date(2025, 11, 30), Refusal.MEDICAL_EXPIRED),  # 6 months + 1 day
        (date(2025, 12, 1), None),  # exactly 6 months: last valid day
    ],
)
def test_expiry_renewal_needs_medical_certificate_valid_six_months(issued_on, refusal):
    decision = _license(date(2026, 6, 1), medical_certificate_issued_on=issued_on)
    assert (refusal in decision.refusals) if refusal else decision.channel is Channel.ONLINE


def test_unfit_medical_certificate_refuses_renewal():
    decision = _license(date(2026, 6, 1), medical_certificate_fit=False)
    assert Refusal.MEDICAL_UNFIT in decision.refusals


@pytest.mark.parametrize(
    ("service", "blocked"),
    [
        (Service.LICENSE_RENEWAL, True),
        (Service.LICENSE_AGE_RENEWAL, True),
        (Service.LICENSE_DETAILS_CHANGE, True),
        (Service.LICENSE_REPLACEMENT, False),
        (Service.LICENSE_REISSUE, False),
        (Service.LICENSE_MOVE_IN, False),
    ],
)
def test_unhandled_violations_block_only_the_work_code_cases(service, blocked):
    decision = _license(
        date(2026, 6, 1), service, unhandled_violations=1, age_exchange_from=date(2026, 5, 20)
    )
    assert (Refusal.VIOLATIONS_UNHANDLED in decision.refusals) is blocked


@pytest.mark.parametrize(
    ("status", "service", "refusal"),
    [
        ("suspended", Service.LICENSE_REISSUE, Refusal.LICENSE_SUSPENDED),
        ("suspended", Service.LICENSE_REPLACEMENT, None),
        ("revoked", Service.LICENSE_REPLACEMENT, Refusal.LICENSE_ENDED),
        ("cancelled", Service.LICENSE_RENEWAL, Refusal.LICENSE_ENDED),
        ("valid", Service.LICENSE_REISSUE, None),
    ],
)
def test_licence_register_status_bars(status, service, refusal):
    decision = _license(date(2026, 6, 1), service, register_status=status)
    if refusal is None:
        assert decision.channel is Channel.ONLINE
    else:
        assert refusal in decision.refusals


def test_another_persons_licence_is_refused_but_an_agent_may_renew():
    assert Refusal.NOT_HOLDER in _license(date(2026, 6, 1), applicant_is_holder=False).refusals
    agent = _license(date(2026, 6, 1), applicant_is_holder=False, agent=True)
    assert agent.channel is Channel.ONLINE


# --- age renewal, details change, damage: 30 days --------------------------------------


@pytest.mark.parametrize(
    ("as_of", "channel", "code"),
    [
        (date(2026, 3, 9), Channel.REFUSED, Refusal.NO_AGE_LIMIT),  # the day before 63
        (date(2026, 3, 10), Channel.ONLINE, None),
        (date(2026, 4, 9), Channel.ONLINE, None),  # 30 days after
        (date(2026, 4, 10), Channel.COUNTER, CounterReason.AGE_DEADLINE_PASSED),
    ],
)
def test_age_renewal_thirty_days_from_the_limit(as_of, channel, code):
    decision = _license(
        as_of,
        Service.LICENSE_AGE_RENEWAL,
        age_exchange_from=date(2026, 3, 10),
        medical_certificate_issued_on=date(2026, 3, 1),
    )
    assert decision.channel is channel
    if code:
        assert code in decision.refusals + decision.counter_reasons


def test_age_renewal_refused_without_an_age_limit():
    decision = _license(date(2026, 6, 1), Service.LICENSE_AGE_RENEWAL, age_exchange_from=None)
    assert Refusal.NO_AGE_LIMIT in decision.refusals


@pytest.mark.parametrize(
    ("service", "as_of", "late"),
    [
        (Service.LICENSE_DETAILS_CHANGE, date(2026, 3, 31), False),
        (Service.LICENSE_DETAILS_CHANGE, date(2026, 4, 1), True),
        (Service.LICENSE_REPLACEMENT, date(2026, 3, 31), False),
        (Service.LICENSE_REPLACEMENT, date(2026, 4, 1), True),
        (Service.LICENSE_REISSUE, date(2027, 1, 1), False),  # no deadline for a lost one
    ],
)
def test_thirty_day_deadline_marks_late_applications(service, as_of, late):
    decision = _license(as_of, service, event_on=date(2026, 3, 1))
    assert decision.applied_late is late
    assert decision.channel is Channel.ONLINE


def test_move_in_needs_no_medical_certificate():
    decision = _license(
        date(2026, 6, 1), Service.LICENSE_MOVE_IN, medical_certificate_issued_on=None
    )
    assert decision.channel is Channel.ONLINE


# --- frequent replacements → counter ---------------------------------------------------


@pytest.mark.parametrize(
    ("prior", "counter"),
    [
        ((date(2026, 2, 1),), False),
        ((date(2025, 6, 1), date(2026, 2, 1)), True),  # 2 within 12 months, both ends in
        ((date(2025, 5, 31), date(2026, 2, 1)), False),  # the first a day too early
    ],
)
def test_frequent_replacements_switch_to_the_counter(prior, counter):
    decision = _license(date(2026, 6, 1), Service.LICENSE_REISSUE, prior_replacements=prior)
    assert (CounterReason.FREQUENT in decision.counter_reasons) is counter


def test_suspicion_switches_to_the_counter():
    decision = _license(date(2026, 6, 1), Service.LICENSE_REISSUE, suspicion=True)
    assert decision.channel is Channel.COUNTER


def test_threshold_is_configurable():
    params = rules.PapersParameters(frequent_replacement_count=1)
    assert rules.counter_for_history([date(2026, 1, 1)], date(2026, 6, 1), params=params)
    with pytest.raises(ValueError, match="positive"):
        rules.PapersParameters(frequent_replacement_count=0)


# --- vehicle documents -------------------------------------------------------------------


def _vehicle(service, **facts):
    base = {
        "as_of": date(2026, 6, 1),
        "status": "normal",
        "insurance_valid_until": date(2026, 12, 31),
    }
    base.update(facts)
    return vehicle_service_check(service, VehicleFacts(**base))


@pytest.mark.parametrize(
    "service",
    [
        Service.VEHICLE_LICENSE_REISSUE,
        Service.VEHICLE_LICENSE_REPLACEMENT,
        Service.PLATES_REISSUE,
        Service.PLATES_REPLACEMENT,
        Service.INSPECTION_MARK_REISSUE,
    ],
)
def test_vehicle_services_online_for_own_filed_vehicle(service):
    assert _vehicle(service).channel is Channel.ONLINE
    assert Refusal.VEHICLE_NOT_FILED in _vehicle(service, filed_as_own=False).refusals
    assert Refusal.VEHICLE_DEREGISTERED in _vehicle(service, status="deregistered").refusals
    assert Refusal.NOT_HOLDER in _vehicle(service, applicant_is_owner=False).refusals
    assert _vehicle(service, applicant_is_owner=False, agent=True).channel is Channel.ONLINE


@pytest.mark.parametrize(
    ("insurance_until", "refused"),
    [(date(2026, 5, 31), True), (date(2026, 6, 1), False), (None, True)],
)
def test_inspection_mark_needs_valid_compulsory_insurance(insurance_until, refused):
    decision = _vehicle(Service.INSPECTION_MARK_REISSUE, insurance_valid_until=insurance_until)
    assert (Refusal.INSURANCE_INVALID in decision.refusals) is refused


def test_registration_certificate_goes_to_the_counter_and_refuses_agents():
    decision = _vehicle(Service.CERTIFICATE_REISSUE)
    assert decision.channel is Channel.COUNTER
    assert CounterReason.COUNTER_ONLY in decision.counter_reasons
    agent = _vehicle(Service.CERTIFICATE_REISSUE, applicant_is_owner=False, agent=True)
    assert Refusal.AGENT_NOT_ALLOWED in agent.refusals


def test_a_licence_service_is_not_a_vehicle_service():
    assert Refusal.WRONG_DOCUMENT in _vehicle(Service.LICENSE_REISSUE).refusals
    decision = license_service_check(
        Service.PLATES_REISSUE,
        LicenseFacts(as_of=date(2026, 6, 1), register_status="valid", valid_until=None),
    )
    assert Refusal.WRONG_DOCUMENT in decision.refusals


# --- statutory clocks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "accepted_on", "due_on"),
    [
        # 1 working day from Friday 2026-02-13: Saturday 02-14 is an adjusted working day.
        (Service.LICENSE_RENEWAL, date(2026, 2, 13), date(2026, 2, 14)),
        # 1 working day from the day before National Day: the holiday runs to 10-07.
        (Service.VEHICLE_LICENSE_REISSUE, date(2026, 9, 30), date(2026, 10, 8)),
        # 15 working days across National Day (and the working Saturday 10-10).
        (Service.PLATES_REPLACEMENT, date(2026, 9, 30), date(2026, 10, 27)),
        (Service.PLATES_REISSUE, date(2026, 6, 1), date(2026, 6, 23)),  # Dragon Boat 06-19
        (Service.CONTACT_DETAILS_CHANGE, date(2026, 6, 1), None),
    ],
)
def test_production_clock_counts_working_days(service, accepted_on, due_on):
    assert rules.production_due_on(rules.rule_for(service), accepted_on) == due_on


def test_acceptance_within_one_working_day():
    assert rules.acceptance_due_on(date(2026, 10, 9)) == date(2026, 10, 10)  # working Saturday
    assert rules.acceptance_due_on(date(2026, 6, 5)) == date(2026, 6, 8)  # a weekend


@pytest.mark.parametrize(
    ("insurance_until", "valid_until"),
    [
        (None, date(2026, 6, 16)),
        (date(2026, 6, 10), date(2026, 6, 10)),
        (date(2026, 7, 1), date(2026, 6, 16)),
    ],
)
def test_temporary_plate_fifteen_calendar_days_within_insurance(insurance_until, valid_until):
    assert (
        rules.temporary_plate_valid_until(date(2026, 6, 1), insurance_valid_until=insurance_until)
        == valid_until
    )


def test_temporary_plate_refused_when_insurance_ran_out():
    with pytest.raises(ValueError, match="run out"):
        rules.temporary_plate_valid_until(date(2026, 6, 1), insurance_valid_until=date(2026, 5, 31))


# --- fees --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "yuan"),
    [(date(2019, 12, 31), "70.00"), (date(2020, 1, 1), "35.00")],
)
def test_motorcycle_plate_fee_changed_on_2020_01_01(day, yuan):
    rate = rules.fee_on(rules.DEFAULT_SCHEDULE, FeeItem.MOTORCYCLE_PLATES_REFLECTIVE, day)
    assert str(rate.amount.yuan) == yuan


@pytest.mark.parametrize(
    ("document", "reason", "plate_type", "reflective", "temporary", "yuan"),
    [
        ("driving_license", "expiry", "02", True, False, "10.00"),
        ("vehicle_license", "lost", "02", True, False, "10.00"),
        ("registration_certificate", "lost", "02", True, False, "10.00"),
        ("inspection_mark", "lost", "02", True, False, "0.00"),
        ("plates", "damaged", "02", True, False, "100.00"),
        ("plates", "damaged", "52", False, False, "80.00"),
        ("plates", "lost", "02", True, True, "105.00"),
        ("plates", "lost", "15", True, False, "50.00"),
        ("plates", "lost", "15", False, False, "30.00"),
        ("plates", "lost", "13", True, False, "40.00"),
        ("plates", "lost", "14", False, False, "25.00"),
        ("plates", "lost", "07", True, False, "35.00"),
        ("plates", "lost", "08", False, False, "50.00"),
    ],
)
def test_fee_of_each_service(document, reason, plate_type, reflective, temporary, yuan):
    lines = rules.fee_lines(
        service_for(document, reason),
        plate_type=plate_type,
        reflective=reflective,
        temporary_plate=temporary,
    )
    assert str(rules.fee_total(rules.DEFAULT_SCHEDULE, lines, date(2026, 6, 1)).yuan) == yuan


@pytest.mark.parametrize("plate_type", ["20", "21", "22", "25", "99", ""])
def test_temporary_and_uncertain_plate_types_are_not_replaceable(plate_type):
    with pytest.raises(rules.PlateTypeNotReplaceable):
        rules.plate_fee_group(plate_type)


def test_no_fee_before_a_rate_starts():
    rates = (FeeRate(FeeItem.DRIVING_LICENSE, Money.from_yuan(10), "本", date(2026, 1, 1)),)
    with pytest.raises(rules.NoFee):
        rules.fee_on(rates, FeeItem.DRIVING_LICENSE, date(2025, 12, 31))


def test_schedule_refuses_overlapping_rates():
    rates = (
        FeeRate(
            FeeItem.DRIVING_LICENSE, Money.from_yuan(10), "本", date(2020, 1, 1), date(2026, 1, 1)
        ),
        FeeRate(FeeItem.DRIVING_LICENSE, Money.from_yuan(12), "本", date(2026, 1, 1)),
    )
    with pytest.raises(ValueError, match="two rates"):
        rules.schedule_check(rates)
    rules.schedule_check(rules.DEFAULT_SCHEDULE)
