import pytest

from jiaoguan.notices import selectors


@pytest.fixture(autouse=True)
def _fresh_templates():
    """Templates are kept per process for a minute; each test reads its own."""
    selectors._templates.clear()
    yield
    selectors._templates.clear()
