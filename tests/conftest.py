import re

import pytest

from jiaoguan.gateways.models import OutboxMessage


@pytest.fixture
def sms_code():
    """The last code the outbox SMS gateway "sent" to a phone."""

    def read(phone: str) -> str:
        body = OutboxMessage.objects.filter(recipient=phone).values_list("body", flat=True)[0]
        return re.search(r"(\d{6})", body).group(1)

    return read
