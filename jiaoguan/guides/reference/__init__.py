"""The reference service guides (DOMAIN §21): the texts of each business (``texts``) and its
title and §21.3 facts (``entries``).

Loaded into the ``Guide`` table by ``services.reference_load`` after every migrate; an
existing row is never overwritten (officers' published edits win). The service centre's
catalogue (``portal.catalogue``) reads the same texts.
"""

from jiaoguan.guides.reference.entries import ENTRIES, Entry
from jiaoguan.guides.reference.texts import COUNTER, GUIDES, ONLINE, Guide, Text

__all__ = ["COUNTER", "ENTRIES", "GUIDES", "ONLINE", "Entry", "Guide", "Text"]
