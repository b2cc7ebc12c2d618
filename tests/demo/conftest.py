from datetime import date

import pytest

from jiaoguan.demo.generator import Generator

AS_OF = date(2026, 5, 20)


@pytest.fixture(scope="session")
def jurisdiction():
    """1,000 people of 苏 as of AS_OF, generated once for the module's pure tests."""
    generator = Generator(seed=2026, province="苏", as_of=AS_OF)
    return generator, generator.generate(1000)
