"""Two tabs finishing the same passed test at the same moment on PostgreSQL: one reduction,
one point off the ledger; and two tabs beating at once never count a moment twice."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.education import services
from jiaoguan.education.models import PointsReduction
from tests.education.helpers import learner

TABS = 8


def _finish(citizen, attempt_id: int) -> str:
    try:
        outcome = services.reduction_test_finish(actor=citizen, attempt_id=attempt_id)
        return f"reduction {outcome.reduction.pk}"
    except ApplicationError as error:
        return error.code
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_tabs_finishing_one_test_at_once_give_one_reduction():
    with learner(points=4) as me:
        application = me.apply()
        me.face(application)
        me.study(application, 31 * 60)
        attempt = services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        assert me.answer_all(attempt).state == "passed"
        with ThreadPoolExecutor(max_workers=TABS) as pool:
            outcomes = list(pool.map(lambda _: _finish(me.citizen, attempt.pk), range(TABS)))
    assert PointsReduction.objects.count() == 1
    reduction = PointsReduction.objects.get()
    assert set(outcomes) == {f"reduction {reduction.pk}"}
    assert sum(PointsRecord.objects.values_list("points", flat=True)) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_reduction_of_one_application():
    """The backstop under the row lock: a second row for the application (or a seventh point
    in the cycle) is refused by the constraints themselves."""
    from django.db import IntegrityError, transaction

    with learner(points=4) as me:
        application = me.apply()
        PointsReduction.objects.create(
            application=application, license=application.license, cycle_index=0, ordinal=1,
            reduced_at=application.applied_at,
        )  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            PointsReduction.objects.create(
                application=application, license=application.license, cycle_index=0,
                ordinal=2, reduced_at=application.applied_at,
            )  # fmt: skip
        other = me.citizen.person.driving_license
        with pytest.raises(IntegrityError), transaction.atomic():
            PointsReduction.objects.create(
                application=application, license=other, cycle_index=0, ordinal=7,
                reduced_at=application.applied_at,
            )  # fmt: skip
