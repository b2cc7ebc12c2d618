"""The notice kinds and templates shipped as reference data (loaded by data migrations,
edited by officers in the admin afterwards).

Each family declares its own kinds, with their subject, in its app's ``notice_kinds.py``
(``NOTICE_KINDS``, ADR 0010); this module only collects them from the installed apps.
"""

from jiaoguan.core.families import NoticeKindDeclaration, collect_from_apps, notice_kinds_load


def kinds() -> list[NoticeKindDeclaration]:
    """Every declared notice kind of the installed apps, in their ``position`` order."""
    declared = collect_from_apps("notice_kinds", "NOTICE_KINDS")
    return sorted(declared, key=lambda declaration: (declaration.position, declaration.code))


def load(NoticeKind, NoticeTemplate) -> None:
    """Create the kinds and templates that do not exist yet (a rerun changes nothing)."""
    notice_kinds_load(NoticeKind, NoticeTemplate, kinds())
