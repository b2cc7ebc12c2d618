"""Papers test data: ``make_renewal_ready()`` is a citizen whose licence is in its renewal
window with a fresh medical certificate from a hospital; ``mark_paid`` credits an
application's 工本费 order as the acquirer's callback would."""

import itertools
from datetime import timedelta

from jiaoguan.core import clock
from jiaoguan.drivers.models import MedicalCertificate
from jiaoguan.papers.models import OfficePostalAddress, PaperApplication
from jiaoguan.papers.selectors import PAYMENT_PURPOSE
from jiaoguan.payments.models import PaymentOrder
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_officer, make_person

_sequence = itertools.count(1)

OFFICER_PERMISSIONS = (
    "applications.view_case",
    "applications.review_case",
    "applications.produce_case",
    "applications.dispatch_case",
    "papers.dispatch_shipment",
)


def make_renewal_ready(*, traits=("renewal_due",), medical=True, **person_fields):
    """(citizen, licence) with the licence in the renewal window and, unless told
    otherwise, a medical certificate issued ten days ago."""
    person = make_person(**person_fields)
    license = make_license(person=person, traits=traits)
    if medical:
        MedicalCertificate.objects.create(
            person=person,
            issued_on=clock.today() - timedelta(days=10),
            institution_name="南京市第一医院",
        )
    return make_citizen(person=person), license


def make_papers_officer(permissions=OFFICER_PERMISSIONS):
    return make_officer(username=f"zj{next(_sequence):04d}", permissions=permissions)


def mark_paid(application: PaperApplication) -> PaymentOrder:
    number = f"T{next(_sequence):020d}"
    return PaymentOrder.objects.create(
        number=number,
        purpose=PAYMENT_PURPOSE,
        reference=str(application.reference),
        amount_fen=application.fee_fen,
        subject="工本费",
        payer_person=application.person,
        provider="sandbox",
        status=PaymentOrder.Status.PAID,
        provider_reference=f"P{number}",
        created_at=clock.now(),
        paid_at=clock.now(),
    )


def make_office_postal_address(*, office_code: str = "320100000000") -> OfficePostalAddress:
    """The Nanjing office's postal address (the default test office's)."""
    address, _ = OfficePostalAddress.objects.get_or_create(
        office_code=office_code,
        defaults={
            "province_code": office_code[:2],
            "name": "南京市公安局交通警察支队车辆管理所",
            "region_code": "320104",
            "detail": "中山南路 1 号",
            "phone": "025-12345678",
        },
    )
    return address


def post_confirmed(client, path: str, data: dict, **extra):
    """Submit a papers form as a citizen does: the first press of 提交申请 sends the SMS
    code (the page comes back asking for it), the second carries the code."""
    import re

    from django.test import TestCase

    from jiaoguan.gateways.models import OutboxMessage

    with TestCase.captureOnCommitCallbacks(execute=True):  # the code leaves on commit
        first = client.post(path, data, **extra)
    sent = OutboxMessage.objects.filter(body__contains="网上申请").order_by("-pk").first()
    if sent is None:  # refused before any code was sent (the form's own errors)
        return first
    code = re.search(r"(\d{6})", sent.body).group(1)
    return client.post(path, {**data, "sms_code": code}, **extra)
