"""What no published list or dataset may contain: an identity number (GB 11643: 17 digits
and a check character, birth date in places 7–14) or a mainland mobile number."""

import re

#: An 18-character resident identity number anywhere in a text (not inside a longer number).
ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9A-Za-z])"
)
#: A mainland mobile number (11 digits from 13–19) not inside a longer number.
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def personal_data_found(text: str) -> list[str]:
    """The identity and mobile numbers found in ``text`` (empty when clean)."""
    return ID_NUMBER.findall(text) + MOBILE.findall(text)
