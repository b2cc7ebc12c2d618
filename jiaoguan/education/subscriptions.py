"""What education does when other domains change (ADR 0009)."""

from jiaoguan.core.events import Phase, subscriber
from jiaoguan.drivers.events import PointsChanged
from jiaoguan.education.courses import on_points_changed


@subscriber(PointsChanged, phase=Phase.IN_TRANSACTION)
def full_score_education_opens(event: PointsChanged) -> None:
    """The twelfth point serves the full-score education notice in the same transaction."""
    on_points_changed(event)
