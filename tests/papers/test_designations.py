"""Hospitals designated for C5 holders' examinations (162号 art. 85): a C5 holder's certificate
counts only from a hospital designated on the day of the examination; officers of the
province designate and withdraw, audited, once at a time."""

import itertools
from datetime import date, timedelta

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, PermissionDenied
from jiaoguan.drivers.models import MedicalCertificate
from jiaoguan.drivers.rules import LicenseClass, medical_duty_for_cycle, medical_duty_met
from jiaoguan.identity.actors import actor_for_user
from jiaoguan.identity.models import Organization
from jiaoguan.papers import rules
from jiaoguan.papers.designations import (
    hospital_designate,
    hospital_designated,
    hospital_designation_withdraw,
    hospitals_of_province,
)
from jiaoguan.papers.models import HospitalDesignation
from jiaoguan.papers.services import license_renewal_check
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_office, make_officer, make_person
from tests.papers.test_medical import body_for, hospital_key, send

pytestmark = pytest.mark.django_db
DESIGNATE = ("papers.designate_hospital",)


_usernames = itertools.count(500)


def officer(username="", **kwargs):
    username = username or f"jc{next(_usernames):04d}"
    return actor_for_user(make_officer(username=username, permissions=DESIGNATE, **kwargs))


def designate(hospital: Organization, on, **kwargs):
    return hospital_designate(
        actor=officer(), organization_id=hospital.pk, document="苏公交〔2026〕8号", designated_on=on
    )


def test_the_rule_asks_a_c5_duty_for_a_designated_certificate_and_no_other_duty():
    c5 = medical_duty_for_cycle(
        birth_date=date(1990, 1, 1),
        classes=(LicenseClass.C5,),
        first_issued_on=date(2020, 1, 1),
        index=2,
    )
    senior = medical_duty_for_cycle(
        birth_date=date(1950, 1, 1),
        classes=(LicenseClass.C1,),
        first_issued_on=date(2020, 1, 1),
        index=2,
    )
    issued = date(2023, 1, 10)
    assert not medical_duty_met(c5, issued, None)
    assert medical_duty_met(c5, issued, issued)
    assert medical_duty_met(senior, issued, None)


def test_designated_on_the_day_of_the_examination_counts_and_withdrawn_on_it_does_not():
    hospital = hospital_key().key.organization
    today = clock.today()
    start = today - timedelta(days=10)
    designate(hospital, start)
    assert not hospital_designated(organization_id=hospital.pk, on=start - timedelta(days=1))
    assert hospital_designated(organization_id=hospital.pk, on=start)
    hospital_designation_withdraw(
        actor=officer(), organization_id=hospital.pk, withdrawn_on=today - timedelta(days=2)
    )
    assert hospital_designated(organization_id=hospital.pk, on=today - timedelta(days=3))
    assert not hospital_designated(organization_id=hospital.pk, on=today - timedelta(days=2))
    actions = list(
        AuditEvent.objects.filter(action__startswith="papers.designation.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["papers.designation.granted", "papers.designation.withdrawn"]


def test_a_c5_holders_renewal_needs_a_certificate_from_a_designated_hospital(client):
    person = make_person()
    license = make_license(person=person, traits=("renewal_due",), classes=("C1", "C5"))
    citizen = make_citizen(person=person)
    credentials = hospital_key()
    issued = (clock.today() - timedelta(days=3)).isoformat()
    assert send(client, credentials, body_for(person, issued_on=issued)).status_code == 201
    decision = license_renewal_check(person_id=citizen.person.pk, license_id=license.pk)
    assert decision.refusals == (rules.Refusal.MEDICAL_NOT_DESIGNATED,)
    assert "指定" in str(rules.REFUSAL_TEXTS[rules.Refusal.MEDICAL_NOT_DESIGNATED])

    # Designated from before the examination: a new examination counts, the old one does not
    # become designated by the later decision.
    designate(credentials.key.organization, clock.today() - timedelta(days=30))
    old = MedicalCertificate.objects.get(person=person)
    assert not old.designated_hospital
    again = body_for(person, number="TJ20261201-0002", issued_on=issued)
    assert send(client, credentials, again).status_code == 201
    decision = license_renewal_check(person_id=citizen.person.pk, license_id=license.pk)
    assert decision.refusals == ()
    assert decision.channel is rules.Channel.ONLINE


def test_a_holder_without_c5_takes_any_hospitals_certificate(client):
    person = make_person()
    license = make_license(person=person, traits=("renewal_due",), classes=("C1",))
    send(client, hospital_key(), body_for(person))
    assert license_renewal_check(person_id=person.pk, license_id=license.pk).refusals == ()


def test_officers_are_refused_outside_their_province_twice_or_on_bad_days():
    hospital = hospital_key().key.organization
    shanghai = make_office(code="310100000000", name="上海市公安局交通警察总队", region="310100")
    with pytest.raises(PermissionDenied):
        hospital_designate(
            actor=officer(office=shanghai),
            organization_id=hospital.pk,
            document="沪公交〔2026〕1号",
            designated_on=clock.today(),
        )
    with pytest.raises(PermissionDenied):
        hospital_designate(
            actor=actor_for_user(make_officer(username="jc0904")),
            organization_id=hospital.pk,
            document="x",
            designated_on=clock.today(),
        )
    transport = Organization.objects.create(
        name="运输公司",
        credit_code="91320100MA1TEST001",
        kind="transport_company",
        region_code="320100",
    )
    with pytest.raises(ApplicationError) as not_hospital:
        designate(transport, clock.today())
    assert not_hospital.value.code == "papers.designation.hospital"
    with pytest.raises(ApplicationError) as future:
        designate(hospital, clock.today() + timedelta(days=1))
    assert future.value.code == "papers.designation.day"
    designate(hospital, clock.today())
    with pytest.raises(ApplicationError) as twice:
        designate(hospital, clock.today())
    assert (twice.value.code, twice.value.status) == ("papers.designation.exists", 409)
    with pytest.raises(ApplicationError) as same_day:
        hospital_designation_withdraw(
            actor=officer(), organization_id=hospital.pk, withdrawn_on=clock.today()
        )
    assert same_day.value.code == "papers.designation.day"
    assert HospitalDesignation.objects.filter(withdrawn_on__isnull=True).count() == 1
    assert [row.organization for row in hospitals_of_province(actor=officer())] == [hospital]


def test_the_back_office_page_designates_and_shows_the_document(client):
    hospital = hospital_key(name="江苏省人民医院").key.organization
    user, device = officer_with_device(username="jc0907", permissions=DESIGNATE)
    log_in(client, user, device)
    page = client.get("/backoffice/papers/hospitals/")
    assert page.status_code == 200
    assert "江苏省人民医院" in page.content.decode()
    done = client.post(
        "/backoffice/papers/hospitals/",
        {
            "organization_id": hospital.pk,
            "document": "苏公交〔2026〕9号",
            "designated_on": clock.today().isoformat(),
        },
        follow=True,
    )
    assert done.status_code == 200
    assert "苏公交〔2026〕9号" in done.content.decode()
    bad = client.post(
        "/backoffice/papers/hospitals/",
        {"organization_id": hospital.pk, "action": "withdraw", "withdrawn_on": "not a day"},
        follow=True,
    )
    assert bad.status_code == 200
    assert HospitalDesignation.objects.get().withdrawn_on is None


def test_the_page_needs_the_permission(client):
    user, device = officer_with_device(username="jc0908")
    log_in(client, user, device)
    assert client.get("/backoffice/papers/hospitals/").status_code == 403
