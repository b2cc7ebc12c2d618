"""The demo's papers walk-through: 孙丽 posts her renewal to her address book's address and
the sandbox courier takes the case to delivered by itself; the banner says how."""

import pytest

from jiaoguan.core import clock
from jiaoguan.demo.accounts import OFFICER_USERNAME, ensure_demo_accounts
from jiaoguan.demo.papers import PHONE, ensure_demo_papers
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.identity.models import User
from jiaoguan.papers.models import OfficePostalAddress, Shipment
from jiaoguan.papers.postal.selectors import addresses_of_person
from jiaoguan.papers.services import license_renewal_submit, paper_application_act
from tests.papers.factories import mark_paid

pytestmark = pytest.mark.django_db


def _demo():
    ensure_demo_accounts()
    officer = User.objects.select_related("office").get(username=OFFICER_USERNAME)
    lines = ensure_demo_papers(officer=officer, number=17)
    driver = User.objects.select_related("person").get(phone=PHONE)
    return driver, officer, lines


def test_the_demo_walk_through_reaches_delivered_through_the_sandbox_courier(
    settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT = 0
    settings.JIAOGUAN_POSTAL_SANDBOX_RETURN_PERCENT = 0
    driver, officer, lines = _demo()
    assert any("/me/papers/license-renewal/" in line for line in lines)
    assert any(OFFICER_USERNAME in line for line in lines)
    view = license_of_person(person_id=driver.person_id, as_of=clock.today())
    address = addresses_of_person(person_id=driver.person_id).get()
    application = license_renewal_submit(
        actor=driver, license_id=view.license.pk, fulfilment="post", address_id=address.pk
    )
    mark_paid(application)
    for action in ("review", "produce"):
        paper_application_act(actor=officer, reference=application.reference, action=action)
    with django_capture_on_commit_callbacks(execute=True):
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    application.refresh_from_db()
    assert application.state == "delivered"
    assert Shipment.objects.get().state == "delivered"


def test_the_demo_papers_data_is_made_once():
    driver, officer, _lines = _demo()
    ensure_demo_papers(officer=officer, number=17)
    assert OfficePostalAddress.objects.count() == 1
    assert addresses_of_person(person_id=driver.person_id).count() == 1
