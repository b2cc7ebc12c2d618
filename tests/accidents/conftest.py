import pytest

from jiaoguan.core.clock import set_override_provider


@pytest.fixture(autouse=True)
def official_calendar():
    """The national calendar alone: no operator overrides (they live in the database)."""
    previous = set_override_provider(None)
    yield
    set_override_provider(previous)
