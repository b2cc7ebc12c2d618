from datetime import datetime, time

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from tests.disclosure.factories import DAY


@pytest.fixture(autouse=True)
def _on_publication_day():
    """Every disclosure test reads on the day the factories publish (``DAY``), mid-morning."""
    with freeze_time(datetime.combine(DAY, time(10, 0), tzinfo=clock.TIMEZONE)):
        yield
