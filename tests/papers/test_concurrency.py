"""The same renewal submitted 8 times at once (PostgreSQL): one case, one application; the
other submissions are refused as duplicates, by the check or by the partial unique index."""

import threading
from collections import Counter

import pytest
from django.db import connection

from jiaoguan.applications.models import Case
from jiaoguan.core.errors import ApplicationError
from jiaoguan.papers.models import PaperApplication
from jiaoguan.papers.services import license_renewal_submit
from tests.papers.factories import make_renewal_ready

SUBMISSIONS = 8
ROUNDS = 3


def _race(citizen, license) -> list[str]:
    start = threading.Barrier(SUBMISSIONS)
    outcomes = [""] * SUBMISSIONS

    def submit(index: int) -> None:
        try:
            start.wait()
            license_renewal_submit(
                actor=citizen,
                license_id=license.pk,
                fulfilment="post",
                address="江苏省南京市玄武区中山路1号",
            )
            outcomes[index] = "submitted"
        except ApplicationError as refused:
            outcomes[index] = refused.code
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_renewals_of_one_licence_open_one_case():
    for index in range(ROUNDS):
        citizen, license = make_renewal_ready(name=f"张伟{index}")
        outcomes = _race(citizen, license)
        assert Counter(outcomes) == {
            "submitted": 1,
            "papers.application.open_exists": SUBMISSIONS - 1,
        }
        assert PaperApplication.objects.filter(driving_license=license).count() == 1
        assert Case.objects.filter(applicant=citizen.person).count() == 1
