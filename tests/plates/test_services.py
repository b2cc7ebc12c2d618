"""Number selection and temporary plates through the services (SQLite or PostgreSQL)."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.plates import rules, selectors, services
from jiaoguan.plates.models import (
    Batch,
    NewVehicle,
    PlateHold,
    ReservedNumber,
    SelectionParameterSet,
)
from tests.identity.factories import make_citizen, make_organization, make_person
from tests.plates.factories import (
    make_new_vehicle,
    make_open_batch,
    make_owner_with_vehicle,
    make_plates_officer,
    make_segment,
)
from tests.vehicles.factories import make_vehicle, vin_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("official_calendar")]


def _code(call, **kwargs):
    with pytest.raises(ApplicationError) as refused:
        call(**kwargs)
    return refused.value.code


# --- parameters -----------------------------------------------------------------------------


def test_parameters_come_from_the_reference_table_in_force():
    assert selectors.parameters_current() == rules.DEFAULT_PARAMETERS
    SelectionParameterSet.objects.create(effective_from=date(2026, 1, 1), candidates=10)
    assert selectors.parameters_current(as_of=date(2026, 1, 1)).candidates == 10
    assert selectors.parameters_current(as_of=date(2025, 12, 31)).candidates == 50


# --- segments and batches -------------------------------------------------------------------


@freeze_time("2026-09-30 02:00:00")
def test_segment_publish_needs_three_working_days_of_lead():
    officer = make_plates_officer()
    common = {"actor": officer, "plate_type": "02", "prefix": "苏A", "pattern": "d####"}
    # 30 Sep 2026 + 3 working days, over National Day, is Saturday 10 Oct (adjusted).
    assert _code(services.segment_publish, **common, starts_on=date(2026, 10, 9)) == (
        "plates.segment.too_soon"
    )
    segment = services.segment_publish(**common, starts_on=date(2026, 10, 10))
    assert segment.pattern == "D####"
    assert segment.pool_size == 10_000
    assert segment.published_on == date(2026, 9, 30)
    assert AuditEvent.objects.filter(action="plates.segment.published").count() == 1
    assert _code(services.segment_publish, **common, starts_on=date(2026, 10, 12)) == (
        "plates.segment.exists"
    )


def test_segment_publish_refuses_a_bad_pattern_with_the_field():
    officer = make_plates_officer()
    with pytest.raises(ApplicationError) as refused:
        services.segment_publish(
            actor=officer,
            plate_type="02",
            prefix="苏A",
            pattern="I####",
            starts_on=clock.today() + timedelta(days=30),
        )
    assert refused.value.code == "plates.segment.invalid"
    assert "pattern" in refused.value.fields


def test_only_officers_with_the_permission_publish_segments():
    citizen = make_citizen()
    assert (
        _code(
            services.segment_publish,
            actor=citizen,
            plate_type="02",
            prefix="苏A",
            pattern="D####",
            starts_on=clock.today() + timedelta(days=30),
        )
        == "plates.forbidden"
    )


def test_batch_open_commits_to_a_seed_and_close_reveals_it():
    officer = make_plates_officer()
    segment = make_segment()
    batch = services.batch_open(actor=officer, segment_id=segment.pk)
    assert batch.revealed_seed is None
    assert rules.seed_matches(batch.seed, batch.seed_hash)
    second = services.batch_open(actor=officer, segment_id=segment.pk)
    batch.refresh_from_db()
    assert batch.revealed_seed == batch.seed  # opening the next one closed the first
    assert second.seed != batch.seed
    closed = services.batch_close(actor=officer, batch_id=second.pk)
    assert closed.revealed_seed == second.seed
    assert _code(services.batch_close, actor=officer, batch_id=second.pk) == (
        "plates.batch.not_open"
    )


def test_batch_of_an_unknown_segment_is_not_found():
    officer = make_plates_officer()
    assert _code(services.batch_open, actor=officer, segment_id=999_999) == (
        "plates.segment.not_found"
    )


def test_batch_of_an_upcoming_segment_cannot_open():
    officer = make_plates_officer()
    segment = make_segment(traits=["upcoming"])
    assert _code(services.batch_open, actor=officer, segment_id=segment.pk) == (
        "plates.batch.not_started"
    )


# --- new vehicles ---------------------------------------------------------------------------


def test_dealer_enters_a_sold_vehicle_for_its_owner():
    dealer = make_organization(kind="dealer", credit_code="91320100MA1DEALER1")
    user = make_citizen(person=make_person())
    from jiaoguan.identity.models import User

    clerk = User.objects.create(kind="organization", username="dealer1", organization=dealer)
    vehicle = services.new_vehicle_enter(
        actor=clerk,
        vin=vin_for(77),
        owner_id_number=user.person.id_number,
        plate_type="02",
        prefix="苏a",
    )
    assert vehicle.dealer == dealer
    assert vehicle.prefix == "苏A"
    assert (
        _code(
            services.new_vehicle_enter,
            actor=clerk,
            vin=vin_for(77),
            owner_id_number=user.person.id_number,
            plate_type="02",
            prefix="苏A",
        )
        == "plates.vehicle.exists"
    )
    assert (
        _code(
            services.new_vehicle_enter,
            actor=clerk,
            vin="LSVAB2BR0K0000000",
            owner_id_number=user.person.id_number,
            plate_type="02",
            prefix="苏A",
        )
        == "plates.vin.invalid"
    )


# --- random selection -----------------------------------------------------------------------


def test_draw_offers_distinct_available_candidates_and_pick_holds_one():
    segment = make_segment()
    batch = make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    draw = services.selection_draw(actor=user, vin=vehicle.vin, segment_id=segment.pk)
    assert len(draw.candidates) == 50 == len(set(draw.candidates))
    assert all(serial in segment.pool() for serial in draw.candidates)
    hold = services.selection_pick(
        actor=user, draw_reference=str(draw.reference), number=draw.candidates[7]
    )
    assert hold.plate_number == "苏A" + draw.candidates[7]
    assert hold.method == PlateHold.Method.RANDOM
    assert hold.batch == batch
    assert hold.expires_on == rules.hold_expires_on(clock.today(), 3)


def test_draw_skips_taken_reserved_and_registered_numbers():
    segment = make_segment(traits=["tiny"])  # D1230 .. D1239
    make_open_batch(segment)
    ReservedNumber.objects.create(plate_type="02", plate_number="苏AD1230")
    make_vehicle(plate_number="苏AD1231", plate_type="02")
    first_user, first_vehicle = make_owner_with_vehicle()
    services.selection_compose(
        actor=first_user, vin=first_vehicle.vin, segment_id=segment.pk, number="D1232"
    )
    user, vehicle = make_owner_with_vehicle()
    draw = services.selection_draw(actor=user, vin=vehicle.vin, segment_id=segment.pk)
    assert sorted(draw.candidates) == [f"D123{digit}" for digit in range(3, 10)]
    assert sorted(draw.skipped) == ["D1230", "D1231", "D1232"]


def test_draw_limit_is_per_vehicle():
    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    services.selection_draw(actor=user, vin=vehicle.vin, segment_id=segment.pk)
    assert (
        _code(services.selection_draw, actor=user, vin=vehicle.vin, segment_id=segment.pk)
        == "plates.draw.no_draws_left"
    )


def test_pick_refuses_a_number_that_was_not_drawn_and_after_the_pick_time():
    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    draw = services.selection_draw(actor=user, vin=vehicle.vin, segment_id=segment.pk)
    outside = next(s for s in (f"D{n:04d}" for n in range(10_000)) if s not in draw.candidates)
    reference = str(draw.reference)
    assert (
        _code(services.selection_pick, actor=user, draw_reference=reference, number=outside)
        == "plates.draw.not_a_candidate"
    )
    with freeze_time(draw.pick_until + timedelta(seconds=1)):
        assert (
            _code(
                services.selection_pick,
                actor=user,
                draw_reference=reference,
                number=draw.candidates[0],
            )
            == "plates.draw.time_over"
        )


def test_someone_elses_draw_is_not_found():
    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    draw = services.selection_draw(actor=user, vin=vehicle.vin, segment_id=segment.pk)
    other = make_citizen()
    assert (
        _code(
            services.selection_pick,
            actor=other,
            draw_reference=str(draw.reference),
            number=draw.candidates[0],
        )
        == "plates.draw.not_found"
    )


def test_draw_verifies_once_the_batch_is_closed():
    officer = make_plates_officer()
    segment = make_segment()
    batch = services.batch_open(actor=officer, segment_id=segment.pk)
    user, vehicle = make_owner_with_vehicle()
    draw = services.selection_draw(actor=user, vin=vehicle.vin, segment_id=segment.pk)
    before = selectors.draw_verify(reference=str(draw.reference))
    assert before.seed is None
    assert not before.recomputed
    services.batch_close(actor=officer, batch_id=batch.pk)
    after = selectors.draw_verify(reference=str(draw.reference))
    assert after.seed_matches
    assert after.recomputed


# --- self-composed --------------------------------------------------------------------------


def test_compose_holds_a_free_number_and_refuses_a_second_for_the_same_vehicle():
    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    hold = services.selection_compose(
        actor=user, vin=vehicle.vin, segment_id=segment.pk, number="苏A·d8888"
    )
    assert hold.plate_number == "苏AD8888"
    assert hold.method == PlateHold.Method.SELF_COMPOSED
    assert (
        _code(
            services.selection_compose,
            actor=user,
            vin=vehicle.vin,
            segment_id=segment.pk,
            number="D6666",
        )
        == "plates.hold.already_holding"
    )


def test_taken_number_uses_an_attempt_but_invalid_numbers_do_not():
    segment = make_segment()
    make_open_batch(segment)
    winner, winner_vehicle = make_owner_with_vehicle()
    services.selection_compose(
        actor=winner, vin=winner_vehicle.vin, segment_id=segment.pk, number="D8888"
    )
    user, vehicle = make_owner_with_vehicle()
    common = {"actor": user, "vin": vehicle.vin, "segment_id": segment.pk}
    assert _code(services.selection_compose, **common, number="D8888") == "plates.number.taken"
    assert _code(services.selection_compose, **common, number="DIO88") == "plates.number.invalid"
    assert _code(services.selection_compose, **common, number="E8888") == (
        "plates.number.not_in_segment"
    )
    vehicle.refresh_from_db()
    assert vehicle.compose_attempts_used == 1


def test_compose_attempts_run_out_at_the_configured_limit():
    SelectionParameterSet.objects.update(compose_attempts=2)
    segment = make_segment()
    make_open_batch(segment)
    ReservedNumber.objects.create(plate_type="02", plate_number="苏AD0001")
    user, vehicle = make_owner_with_vehicle()
    common = {"actor": user, "vin": vehicle.vin, "segment_id": segment.pk, "number": "D0001"}
    assert _code(services.selection_compose, **common) == "plates.number.taken"
    assert _code(services.selection_compose, **common) == "plates.number.taken"
    assert _code(services.selection_compose, **common) == "plates.compose.no_attempts_left"


def test_compose_needs_an_open_batch_of_the_vehicles_office():
    segment = make_segment()
    user, vehicle = make_owner_with_vehicle()
    common = {"actor": user, "vin": vehicle.vin, "segment_id": segment.pk, "number": "D0001"}
    assert _code(services.selection_compose, **common) == "plates.batch.not_open"
    other_office = make_segment(prefix="苏B")
    make_open_batch(other_office)
    assert (
        _code(services.selection_compose, **{**common, "segment_id": other_office.pk})
        == "plates.segment.mismatch"
    )


# --- hold expiry ----------------------------------------------------------------------------


def test_lapsed_hold_returns_to_the_pool_only_with_the_next_batch():
    officer = make_plates_officer()
    segment = make_segment(starts_on=date(2026, 9, 1))
    with freeze_time("2026-09-30 02:00:00"):
        services.batch_open(actor=officer, segment_id=segment.pk)
        user, vehicle = make_owner_with_vehicle()
        hold = services.selection_compose(
            actor=user, vin=vehicle.vin, segment_id=segment.pk, number="D8888"
        )
    assert hold.expires_on == date(2026, 10, 10)
    assert services.holds_lapse(as_of=date(2026, 10, 10)) == 0
    assert services.holds_lapse(as_of=date(2026, 10, 11)) == 1
    hold.refresh_from_db()
    assert hold.state == PlateHold.State.LAPSED
    other, other_vehicle = make_owner_with_vehicle()
    common = {"actor": other, "vin": other_vehicle.vin, "segment_id": segment.pk}
    assert _code(services.selection_compose, **common, number="D8888") == "plates.number.taken"
    services.batch_open(actor=officer, segment_id=segment.pk)
    hold.refresh_from_db()
    assert hold.state == PlateHold.State.RELEASED
    assert services.selection_compose(**common, number="D8888").plate_number == "苏AD8888"


def test_owner_may_select_again_after_the_hold_lapsed():
    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    services.selection_compose(actor=user, vin=vehicle.vin, segment_id=segment.pk, number="D1111")
    services.holds_lapse(as_of=clock.today() + timedelta(days=30))
    again = services.selection_compose(
        actor=user, vin=vehicle.vin, segment_id=segment.pk, number="D2222"
    )
    assert again.state == PlateHold.State.HELD


def test_registration_keeps_the_number_out_of_the_pool_for_good():
    officer = make_plates_officer()
    segment = make_segment()
    services.batch_open(actor=officer, segment_id=segment.pk)
    user, vehicle = make_owner_with_vehicle()
    services.selection_compose(actor=user, vin=vehicle.vin, segment_id=segment.pk, number="D5555")
    hold = services.hold_register(actor=officer, vin=vehicle.vin)
    assert hold.state == PlateHold.State.REGISTERED
    assert services.holds_lapse(as_of=clock.today() + timedelta(days=60)) == 0
    services.batch_open(actor=officer, segment_id=segment.pk)
    other, other_vehicle = make_owner_with_vehicle()
    assert (
        _code(
            services.selection_compose,
            actor=other,
            vin=other_vehicle.vin,
            segment_id=segment.pk,
            number="D5555",
        )
        == "plates.number.taken"
    )
    assert _code(services.hold_register, actor=officer, vin=vehicle.vin) == (
        "plates.hold.not_found"
    )


def _keep(officer, vehicle, **changes):
    facts = {
        "actor": officer,
        "vin": vehicle.vin,
        "previous_number": "苏A8K2M9",
        "used_since": date(2022, 3, 1),
        "released_on": clock.today() - timedelta(days=100),
        "violations_cleared": True,
    }
    return services.selection_keep_previous(**(facts | changes))


def test_owner_keeps_the_previous_number_under_article_44():
    officer = make_plates_officer()
    _, vehicle = make_owner_with_vehicle()
    hold = _keep(officer, vehicle)
    assert hold.plate_number == "苏A8K2M9"
    assert hold.method == PlateHold.Method.KEEP_PREVIOUS
    assert hold.segment is None
    _, other_vehicle = make_owner_with_vehicle()
    assert _code(_keep, officer=officer, vehicle=other_vehicle) == "plates.number.taken"


def test_previous_number_released_over_two_years_ago_or_with_open_violations_is_refused():
    officer = make_plates_officer()
    _, vehicle = make_owner_with_vehicle()
    with pytest.raises(ApplicationError) as refused:
        _keep(
            officer,
            vehicle,
            released_on=clock.today() - timedelta(days=800),
            violations_cleared=False,
        )
    assert refused.value.code == "plates.keep.refused"
    assert "超过2年" in str(refused.value.message)
    assert "未处理的交通违法" in str(refused.value.message)


def test_a_lapsed_kept_number_is_released_at_once():
    officer = make_plates_officer()
    _, vehicle = make_owner_with_vehicle()
    hold = _keep(officer, vehicle)
    assert services.holds_lapse(as_of=clock.today() + timedelta(days=30)) == 1
    hold.refresh_from_db()
    assert hold.state == PlateHold.State.RELEASED


def test_public_statistics_count_numbers_taken_per_segment():
    segment = make_segment()
    make_segment(traits=["upcoming"], pattern="F####")
    make_open_batch(segment)
    for number in ("D0001", "D0002"):
        user, vehicle = make_owner_with_vehicle()
        services.selection_compose(
            actor=user, vin=vehicle.vin, segment_id=segment.pk, number=number
        )
    summaries = {str(s.segment): s for s in selectors.segments_public()}
    assert summaries["苏AD####"].taken == 2
    assert summaries["苏AD####"].available == 9_998
    assert summaries["苏AD####"].open_batch is not None
    assert summaries["苏AF####"].taken == 0


# --- temporary plates -----------------------------------------------------------------------


def _dealer_partner(organization):
    from jiaoguan.identity.selectors import Partner

    return Partner(
        organization_id=organization.pk,
        organization_name=organization.name,
        organization_kind=organization.kind,
        region_code=organization.region_code,
        key_id="k1",
        scopes=frozenset({"plates.temporary"}),
    )


def test_dealer_issues_at_most_three_thirty_day_plates_per_unregistered_car():
    dealer = _dealer_partner(make_organization(kind="dealer", credit_code="91320100MA1DEALER2"))
    common = {
        "actor": dealer,
        "vin": vin_for(5),
        "prefix": "苏A",
        "compulsory_insurance_until": clock.today() + timedelta(days=365),
    }
    first = services.temporary_plate_issue(**common, situation="unsold")
    assert first.valid_until == clock.today() + timedelta(days=30)
    assert first.number.startswith("苏A")
    assert len(first.number) == 8
    services.temporary_plate_issue(**common, situation="not_registered")
    services.temporary_plate_issue(**common, situation="not_registered")
    assert _code(services.temporary_plate_issue, **common, situation="unsold") == (
        "plates.temporary.too_many_issues"
    )
    assert AuditEvent.objects.filter(action="plates.temporary.issued").count() == 3


def test_temporary_plate_stops_with_the_compulsory_insurance():
    officer = make_plates_officer()
    plate = services.temporary_plate_issue(
        actor=officer,
        vin=vin_for(6),
        prefix="苏A",
        situation="testing",
        compulsory_insurance_until=clock.today() + timedelta(days=10),
    )
    assert plate.valid_until == clock.today() + timedelta(days=10)
    assert (
        _code(
            services.temporary_plate_issue,
            actor=officer,
            vin=vin_for(6),
            prefix="苏A",
            situation="testing",
            compulsory_insurance_until=None,
        )
        == "plates.temporary.insurance_missing"
    )


def test_dealers_cannot_issue_plates_for_officer_only_situations():
    dealer = _dealer_partner(make_organization(kind="dealer", credit_code="91320100MA1DEALER3"))
    assert (
        _code(
            services.temporary_plate_issue,
            actor=dealer,
            vin=vin_for(7),
            prefix="苏A",
            situation="testing",
            compulsory_insurance_until=clock.today() + timedelta(days=365),
        )
        == "plates.forbidden"
    )


def test_temporary_plate_status_turns_void_three_days_after_the_plates_arrive():
    officer = make_plates_officer()
    plate = services.temporary_plate_issue(
        actor=officer,
        vin=vin_for(8),
        prefix="苏A",
        situation="plates_not_ready",
        compulsory_insurance_until=clock.today() + timedelta(days=365),
    )
    status = selectors.temporary_plate_status(reference=str(plate.reference))
    assert status.valid
    plate.plates_received_on = clock.today()
    plate.save()
    later = clock.today() + timedelta(days=3)
    assert not selectors.temporary_plate_status(reference=str(plate.reference), as_of=later).valid
    assert _code(selectors.temporary_plate_status, reference="nope") == (
        "plates.temporary.not_found"
    )


def test_unused_helpers_keep_their_models():
    assert Batch.objects.count() == 0
    assert NewVehicle.objects.count() == 0
    assert make_new_vehicle().compose_attempts_used == 0
