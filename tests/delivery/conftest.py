import pytest

from jiaoguan.delivery import get, register, unregister
from tests.delivery.probe import Probe


@pytest.fixture
def probe():
    """The probe kind, registered for the test."""
    register(Probe)
    yield get(Probe.name)
    unregister(Probe.name)
