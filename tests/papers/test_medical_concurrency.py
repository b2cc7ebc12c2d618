"""The same hospital certificate sent 8 times at once (PostgreSQL): one certificate; every
sender gets it back (a retry), none a second row; other content under the number is refused."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import MedicalCertificate
from jiaoguan.identity.actors import PartnerActor
from jiaoguan.identity.models import Organization
from jiaoguan.papers.medical import medical_certificate_submit
from jiaoguan.papers.models import HospitalSubmission
from tests.papers.factories import make_renewal_ready
from tests.papers.test_medical import hospital_key

SENDERS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_sends_of_one_certificate_record_it_once():
    citizen, _license = make_renewal_ready(medical=False)
    credentials = hospital_key()
    actor = PartnerActor(
        organization_id=credentials.organization.pk,
        organization_name=credentials.organization.name,
        organization_kind=Organization.Kind.MEDICAL_INSTITUTION,
        region_code="320100",
        key_id=credentials.key_id,
        scopes=frozenset({"drivers.medical_certificates"}),
    )
    person = citizen.person
    start = threading.Barrier(SENDERS)
    outcomes = [""] * SENDERS

    def send(index: int) -> None:
        try:
            start.wait()
            done = medical_certificate_submit(
                actor=actor,
                id_number=person.id_number,
                name=person.name,
                number="TJ-RACE-1",
                issued_on=clock.today() - timedelta(days=1),
                # Half of them send other content under the same number.
                fit_to_drive=index % 2 == 0,
            )
            outcomes[index] = "created" if done.created else "same"
        except ApplicationError as refused:
            outcomes[index] = refused.code
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = Counter(outcomes)
    assert counts["created"] == 1
    assert counts["same"] + counts["papers.medical.duplicate"] == SENDERS - 1
    assert (
        counts["same"] == SENDERS // 2 - 1 or counts["papers.medical.duplicate"] == SENDERS // 2 - 1
    )
    assert MedicalCertificate.objects.filter(person=person).count() == 1
    assert HospitalSubmission.objects.filter(number="TJ-RACE-1").count() == 1
