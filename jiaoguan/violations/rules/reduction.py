"""Which decisions bar points reduction by study (163号 art. 26; DOMAIN.md §4.4)."""

#: Codes that bar points reduction: drink- and drunk-driving. The hit-and-run, forgery and
#: point-trading grounds have no camera code. Product default.
SERIOUS_OFFENSE_CODES = frozenset({"1604", "1702"})

#: The bar covers the current scoring cycle and the two before it.
BAR_CYCLES = 3


def first_barred_cycle(current_index: int) -> int:
    """The index of the oldest cycle whose serious offenses still bar a reduction."""
    return max(current_index - (BAR_CYCLES - 1), 0)
