""" "What you must do now" for a logged-in citizen, from their own records: each item with its
deadline and the button that does it (the job, or its service guide until the job exists).

Built from the selectors the /me/ pages already use, so what the list says is what those
pages say. Read-only; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from jiaoguan.drivers.rules import LicenseCondition
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.notices.rules import POINTS_REMINDER
from jiaoguan.vehicles.rules import Condition
from jiaoguan.vehicles.selectors import vehicles_of_person
from jiaoguan.violations.rules import penalties
from jiaoguan.violations.selectors import violations_of_person


@dataclass(frozen=True)
class Todo:
    title: str
    detail: str
    deadline: date | None
    action: str
    href: str
    urgent: bool = False


def _guide(key: str) -> str:
    return reverse("portal:guide", kwargs={"key": key})


_UNSET = object()


def citizen_todo(*, person_id: int, as_of: date, license=_UNSET, vehicles=None) -> list[Todo]:
    """The person's pending duties, most urgent first (overdue, then by deadline).

    ``license`` (a ``LicenseView`` or None) and ``vehicles`` (``VehicleView`` list) may be
    passed when the caller has them already, to read them once."""
    items: list[Todo] = []
    view = license_of_person(person_id=person_id, as_of=as_of) if license is _UNSET else license
    if view is not None:
        status = view.status
        conditions = set(status.conditions)
        renewal = status.renewal
        if LicenseCondition.RENEWAL_WINDOW_OPEN in conditions and renewal.window_closes:
            items.append(
                Todo(_("驾驶证期满换证"), _("有效期满前 90 日内可以换证。"),
                     renewal.window_closes, _("去换证"), reverse("portal:license_renewal"))
            )  # fmt: skip
        elif conditions & {LicenseCondition.EXPIRED, LicenseCondition.CANCELLABLE_OVERDUE}:
            items.append(
                Todo(_("驾驶证已超过有效期"), _("超过有效期一年以上未换证的，驾驶证将被注销。"),
                     renewal.cancellation_on, _("去换证"), _guide("license-renewal"), urgent=True)
            )  # fmt: skip
        if status.medical is not None:
            items.append(
                Todo(_("提交身体条件证明"), _("记分周期结束后 30 日内提交。"),
                     status.medical.due_on, _("去提交"), _guide("medical-certificate"))
            )  # fmt: skip
        if status.review is not None:
            items.append(
                Todo(_("驾驶证审验"), _("记分周期结束后 30 日内参加审验。"),
                     status.review.due_on, _("去审验"), _guide("license-review"))
            )  # fmt: skip
        if LicenseCondition.FULL_SCORE in conditions:
            items.append(
                Todo(_("记满 12 分"), _("请停止驾驶，参加满分教育学习和考试。"),
                     None, _("查看指南"), _guide("full-score-study"), urgent=True)
            )  # fmt: skip
        elif status.cycle_points >= POINTS_REMINDER:
            items.append(
                Todo(_("本记分周期已记 %(points)s 分") % {"points": status.cycle_points},
                     _("记满 12 分驾驶证将被扣留；可参加学法减分。"),
                     status.cycle.ends_on, _("学法减分"), _guide("points-study"))
            )  # fmt: skip
    if vehicles is None:
        vehicles = vehicles_of_person(person_id=person_id, as_of=as_of)
    for vehicle in vehicles:
        schedule = vehicle.schedule
        plate = vehicle.vehicle.plate_number
        if schedule.status.has(Condition.INSPECTION_OVERDUE):
            items.append(
                Todo(_("%(plate)s 检验已逾期") % {"plate": plate},
                     _("检验有效期已于 %(day)s 届满：上路行驶可能被处罚；连续三个检验周期未检验"
                       "将强制报废。") % {"day": vehicle.vehicle.inspection_valid_until},
                     None, _("去检验"), _guide("inspection-mark"), urgent=True)
            )  # fmt: skip
        elif schedule.status.has(Condition.INSPECTION_WINDOW_OPEN):
            items.append(
                Todo(_("%(plate)s 可以申领检验标志") % {"plate": plate},
                     _("请在检验有效期届满前检验或申领检验标志。"),
                     schedule.window[1], _("去申领"), _guide("inspection-mark"))
            )  # fmt: skip
    for row in violations_of_person(person_id=person_id, as_of=as_of):
        record = row.record
        if row.decision is not None and row.amount_due is not None and row.fine is not None:
            items.append(
                Todo(_("%(plate)s 罚款待缴") % {"plate": record.plate_number},
                     _("应缴合计 %(total)s 元（逾期每日加处罚款）。")
                     % {"total": row.amount_due.total(row.fine).yuan},
                     penalties.payment_due_on(row.decision.served_on), _("去缴款"),
                     reverse("portal:decision", kwargs={"number": row.decision.number}))
            )  # fmt: skip
        elif row.decision is None and row.open_dispute is None and record.status == "entered":
            items.append(
                Todo(_("%(plate)s 交通违法未处理") % {"plate": record.plate_number},
                     record.place, None,
                     _("去处理") if row.handleable else _("查看"),
                     reverse("portal:violation", kwargs={"record_id": record.pk}))
            )  # fmt: skip
    far = date.max
    items.sort(key=lambda item: (not item.urgent, item.deadline or far))
    return items
