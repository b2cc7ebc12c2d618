"""The accident's row lock, taken by every write on an accident (the case with it)."""

from jiaoguan.accidents import errors
from jiaoguan.accidents.models import Accident, Party


def locked_accident(accident_id: int) -> Accident:
    """The accident, its row locked, with its case; not found otherwise."""
    accident = (
        Accident.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk=accident_id)
        .first()
    )
    if accident is None:
        raise errors.not_found()
    return accident


def locked_with_party(accident_id: int, person_id: int) -> tuple[Accident, Party]:
    """The accident (row locked) and the caller's own party in it; not found otherwise."""
    accident = locked_accident(accident_id)
    own = Party.objects.filter(accident=accident, person_id=person_id).first()
    if own is None:
        raise errors.not_found()
    return accident, own
