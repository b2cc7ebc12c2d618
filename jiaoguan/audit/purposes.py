"""Why an officer read a person's record: stored as ``code`` or ``code: note``."""

from django.utils.translation import gettext_lazy as _

PURPOSES = {
    "counter_service": _("窗口业务办理"),
    "application_review": _("网上业务审核"),
    "violation_handling": _("违法处理"),
    "accident_handling": _("事故处理"),
    "citizen_inquiry": _("群众咨询"),
    "investigation": _("案件侦查"),
    "public_disclosure": _("信息公开（公告名单）"),
}


def purpose_stored(code: str, note: str = "") -> str:
    """The purpose as kept in the audit log."""
    note = (note or "").strip()
    return f"{code}: {note}" if note else code


def purpose_label(stored: str) -> str:
    """The stored purpose in the reader's language: the label, then the officer's note."""
    code, _separator, note = stored.partition(": ")
    label = str(PURPOSES.get(code, code))
    return f"{label}：{note}" if note else label
