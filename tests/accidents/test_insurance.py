"""A party's 交强险 confirmed against the register (DOMAIN §10 scope; 事故程序规定 art. 14):
a registered vehicle's policy as its insurer reported it (``inspections.Insurance``) must
cover the accident's day, and the agreement and the claim carry the policy's insurer and
number; a vehicle of another province (not in this register) keeps the party's entries."""

from datetime import timedelta

import pytest

from jiaoguan.accidents import services
from jiaoguan.accidents.models import Claim, Party
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.inspections.models import Insurance
from tests.accidents import claim_factories
from tests.accidents.factories import make_driver, report, vehicle, with_photos
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db


def _insured(plate: str, until, insurer="中国平安财产保险股份有限公司江苏分公司"):
    car = make_vehicle(plate_number=plate, plate_type="02")
    Insurance.objects.create(
        vehicle=car,
        insurer=insurer,
        policy_number="PDAA2026320000000777",
        insured_until=until,
        reported_at=clock.now(),
    )
    return car


def _occurred():
    return clock.now() - timedelta(minutes=5)


def test_a_policy_ending_the_day_before_the_accident_is_refused():
    occurred = _occurred()
    _insured("苏A12345", clock.local(occurred).date() - timedelta(days=1))
    with pytest.raises(ApplicationError) as refused:
        report(make_driver(), occurred_at=occurred)
    assert refused.value.code == "accidents.not_insured"
    assert refused.value.status == 422
    assert "122" in str(refused.value.message)
    assert refused.value.fields.keys() == {"policy_number"}
    assert not Party.objects.exists()


def test_a_policy_ending_on_the_accident_day_is_valid_and_its_insurer_is_taken():
    occurred = _occurred()
    car = _insured("苏A12345", clock.local(occurred).date())
    accident = report(make_driver(), occurred_at=occurred, insurer="随便写的保险公司")
    a = accident.parties.get(role="a")
    assert a.vehicle_id == car.pk
    assert a.insured_until == clock.local(occurred).date()
    assert a.insurer == "中国平安财产保险股份有限公司江苏分公司"  # the policy's, not typed
    assert a.policy_number == "PDAA2026320000000777"


def test_party_b_is_confirmed_against_the_accident_day_too():
    occurred = _occurred()
    a, b = make_driver(), make_driver()
    accident = report(a, occurred_at=occurred)
    with_photos(a, accident)
    _insured("苏B54321", clock.local(occurred).date() - timedelta(days=1))
    with pytest.raises(ApplicationError) as refused:
        services.accident_join(actor=b, code=accident.join_code, **vehicle("苏B54321"))
    assert refused.value.code == "accidents.not_insured"
    assert accident.parties.count() == 1


def test_a_vehicle_of_another_province_keeps_the_partys_entries_unconfirmed():
    accident = report(make_driver(), plate_number="皖A9B876")
    a = accident.parties.get(role="a")
    assert (a.vehicle_id, a.insured_until) == (None, None)
    assert a.insurer == vehicle()["insurer"]


def test_the_claim_goes_to_the_insurer_of_the_policy(django_capture_on_commit_callbacks):
    _insured("苏B54321", clock.today() + timedelta(days=30), insurer="平安财险南京分公司")
    accident = claim_factories.agreed(django_capture_on_commit_callbacks)
    b = Claim.objects.get(accident=accident, party__role="b")
    assert (b.insurer_code, b.status) == ("PAIC", "filed")
