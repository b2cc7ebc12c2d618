"""School-bus driver qualification (issue 19 scope 5, in part): the rule over the register's
facts, and the school-bus operators' report of their consenting drivers who do not qualify."""

from datetime import date, timedelta

import pytest

from jiaoguan.core import clock
from jiaoguan.identity.actors import CitizenActor
from jiaoguan.organisations import reports, services
from jiaoguan.organisations.rules import school_bus
from jiaoguan.organisations.rules.school_bus import Driver, Refusal
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.organisations.factories import open_account
from tests.organisations.test_api import staff_client

AS_OF = date(2026, 12, 4)
GOOD = Driver(date(1980, 5, 1), "valid", {"A1": date(2010, 1, 1)}, None)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, ()),
        ({"licence_status": "revoked"}, (Refusal.LICENCE,)),
        ({"classes": {"C1": date(2010, 1, 1)}}, (Refusal.CLASS,)),
        ({"classes": {"B1": date(2024, 12, 5)}}, (Refusal.EXPERIENCE,)),
        ({"classes": {"B1": date(2023, 12, 4)}}, ()),  # 3 years to the day
        ({"birth_date": date(1966, 12, 3)}, ()),  # 60 (不超过60周岁)
        ({"birth_date": date(1965, 12, 4)}, (Refusal.AGE,)),  # 61 today
        ({"birth_date": date(2001, 12, 5)}, (Refusal.AGE,)),  # 24
        ({"accident_on": date(2020, 1, 1)}, (Refusal.ACCIDENT,)),
    ],
)
def test_the_qualification_rule(changes, expected):
    from dataclasses import replace

    assert school_bus.refusals(replace(GOOD, **changes), AS_OF) == expected


@pytest.mark.django_db
def test_the_operators_report_lists_only_its_drivers_who_do_not_qualify():
    account, admin, actor = open_account(kind="school_bus_operator")
    today = clock.today()

    def consenting(name, **licence):
        person = make_person(name=name, birth_date=date(1980, 5, 1))
        make_license(person=person, **licence)
        consent = services.consent_request(actor=actor, id_number=person.id_number, name=name)
        services.consent_decide(
            actor=CitizenActor.of_user(make_citizen(person=person)),
            consent_id=consent.pk,
            grant=True,
        )

    consenting("合格", classes=("A1",), class_dates={"A1": date(2010, 1, 1)})
    consenting("新手", classes=("B1",), class_dates={"B1": today - timedelta(days=100)})
    consenting("小车", classes=("C1",))
    _transport, _admin, transport_actor = open_account()
    person = make_person(name="别家")
    make_license(person=person, classes=("C1",))
    consent = services.consent_request(
        actor=transport_actor, id_number=person.id_number, name="别家"
    )
    services.consent_decide(
        actor=CitizenActor.of_user(make_citizen(person=person)), consent_id=consent.pk, grant=True
    )
    rows = reports.scan_school_bus_drivers(today)
    assert list(rows) == [account.organization_id]  # only school-bus operators are checked
    found = {row["name"]: row["refusals"] for row in rows[account.organization_id]}
    assert found == {"新手": ["school_bus.experience"], "小车": ["school_bus.class"]}
    body = (
        staff_client(admin).get("/org/reports/school_bus_drivers.csv").content.decode("utf-8-sig")
    )
    assert "新手" in body
    assert "准驾车型不符" in body
    assert "合格" not in body
