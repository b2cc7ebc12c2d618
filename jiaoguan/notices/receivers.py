"""What the notices app does when the apps below it say something happened (connected in
``NoticesConfig.ready``). Each receiver runs inside the sender's transaction."""

from django.dispatch import receiver

from jiaoguan.drivers.signals import points_changed
from jiaoguan.notices import events
from jiaoguan.violations.signals import dispute_decided, record_entered


@receiver(record_entered, dispatch_uid="notices.record_entered")
def record_entered_notice(sender, *, record, **kwargs) -> None:
    events.notice_for_record_entered(record=record)


@receiver(points_changed, dispatch_uid="notices.points_changed")
def points_changed_notice(sender, *, license_id: int, cycle_points: int, **kwargs) -> None:
    events.notice_for_points_changed(license_id=license_id, cycle_points=cycle_points)


@receiver(dispute_decided, dispatch_uid="notices.dispute_decided")
def dispute_decided_notice(sender, *, dispute, **kwargs) -> None:
    events.notice_for_dispute_decided(dispute=dispute)
