"""The one place a case transition tells the applicant.

Today the platform's mechanism for "a domain below says something happened" is a Django
signal that ``notices`` receives (``violations.signals.record_entered``); so this sends
``applications.signals.applicant_notice_due``. When the domain-events work lands
(``core.events``), re-point this function and nothing else.
"""

from jiaoguan.applications.models import Case, CaseTransition
from jiaoguan.applications.rules import Action
from jiaoguan.applications.signals import applicant_notice_due


def applicant_notify(*, case: Case, transition: CaseTransition, action: Action) -> None:
    """Announce a transition the table marks ``notify`` (inside the caller's transaction)."""
    applicant_notice_due.send(sender=Case, case=case, transition=transition, action=action)
