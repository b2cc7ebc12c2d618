"""An agreed accident (both parties signed), whose claims the sandbox insurer receives."""

from jiaoguan.accidents import services
from jiaoguan.accidents.models import Accident
from tests.accidents.factories import joined, make_driver, sign


def agreed(capture=None, **b_vehicle) -> Accident:
    """``capture``: pytest-django's ``django_capture_on_commit_callbacks``, to run the filings
    (and the sandbox's callbacks) the signature hands out on commit. The demo's insurers are
    loaded by ``joined`` (through the sandbox; 永安财险 at the counter)."""
    a, b = make_driver(), make_driver()
    accident = joined(a, b)
    if b_vehicle:
        accident.parties.filter(role="b").update(**b_vehicle)
    services.accident_propose(actor=a, accident=accident, scenario="rear_end", party="b")
    sign(a, accident)
    if capture is None:
        return sign(b, accident)
    with capture(execute=True):
        return sign(b, accident)
