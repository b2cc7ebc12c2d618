"""The back-office menu: each module of ``backoffice.views`` declares its entries as
``menu`` (a list of ``core.families.MenuEntry``, ADR 0010); this module collects them."""

from functools import cache

from jiaoguan.core.families import MenuEntry, collect


@cache
def menu_entries() -> tuple[MenuEntry, ...]:
    """Every declared entry, in ``position`` order."""
    declared = collect("jiaoguan.backoffice.views", "menu")
    return tuple(sorted(declared, key=lambda entry: (entry.position, entry.url_name)))


def menu_for(user) -> list[MenuEntry]:
    """The entries ``user`` may see: those without a permission, and those whose permission
    the user holds (``user.has_perm``)."""
    return [entry for entry in menu_entries() if entry.visible_to(user)]
