"""Officers' writes on points reduction (学法减分, DOMAIN §4.4, §16.3; 163号 arts. 25-27, 31):
public-welfare traffic activities (交通安全公益活动, 1 point per full hour) recorded after the
face checks at sign-in and sign-out and publicised for 2 days before the points are reduced;
and the revocation of a reduction obtained by fraud (the points given back through the
drivers' ledger, ``drivers.services.points_restore``).

Every change of state is one ``applications.rules.reduction`` allows; each write checks the
officer's permission within the driver's province, locks the row it changes, is audited with
the officer (or the system job) as actor, and tells the driver (``events.ReductionDecided``).
The fine of art. 31 is a penalty decision of its own (violations), not taken here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.applications.rules import Refusal, TransitionRefused, transition_check
from jiaoguan.applications.rules import reduction as table
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, field_error
from jiaoguan.core.events import publish
from jiaoguan.drivers.services import points_reduce, points_restore
from jiaoguan.education import selectors
from jiaoguan.education.events import ReductionDecided
from jiaoguan.education.explanations import refused_message
from jiaoguan.education.models import PointsReduction, ReductionApplication, WelfareActivity
from jiaoguan.identity.actors import acting, permission_denied, permission_require
from jiaoguan.identity.selectors import person_matching

#: A public-welfare activity is of one day at most (product default).
MAX_WELFARE_HOURS = 12


def welfare_hours(signed_in_at: datetime, signed_out_at: datetime) -> int:
    """The full hours between sign-in and sign-out (DOMAIN §4.4: 1 point each full hour)."""
    return max(int((signed_out_at - signed_in_at) // timedelta(hours=1)), 0)


def _take(state: str, action: str, actor, workflow=table.WELFARE, reason: str = "") -> str:
    who = acting(actor)
    try:
        return transition_check(
            workflow,
            state,
            action,
            parties=frozenset(),
            has_perm=who.has_perm if who is not None else (lambda _p: False),
            reason=reason,
        ).to
    except TransitionRefused as refused:
        if refused.reason == Refusal.NOT_PERMITTED:
            raise permission_denied() from None
        if refused.reason == Refusal.REASON_REQUIRED:
            raise field_error("education.reason_required", "reason", _("请填写原因。")) from None
        raise Conflict(
            "education.reduction.not_in_state",
            _("当前状态（%(state)s）不能办理此项。")
            % {"state": _(str(workflow.stage(state).label))},
        ) from None


def _audit(actor, action: str, subject, person, **data) -> None:
    audit_record(
        actor=actor, action=action, subject=subject, person_id_number=person.id_number, data=data
    )


def _tell(license_id: int, person_id: int, label: str, at: datetime) -> None:
    publish(ReductionDecided(license_id=license_id, person_id=person_id, label=label, at=at))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise field_error("education.reason_required", "reason", _("请填写原因。"))
    return reason[:200]


@transaction.atomic
def welfare_record(
    *,
    actor,
    id_number: str,
    activity: str,
    place: str,
    region_code: str,
    signed_in_at: datetime,
    signed_out_at: datetime,
    sign_in_face_matched: bool,
    sign_out_face_matched: bool,
) -> WelfareActivity:
    """Record a public-welfare traffic activity the officer supervised: 1 point per full hour
    (at most what the driver may still reduce this cycle: the eligibility rule decides, the
    6-point cap and the points held included). Both face checks must have matched; the
    activity is then publicised for 2 days (``table.WELFARE_NOTICE_HOURS`` from the sign-out)
    before ``welfare_reduce_due`` reduces the points."""
    person = person_matching(id_number=id_number or "")
    if person is None:
        raise NotFound("education.welfare.no_person", _("没有找到该身份证号码的驾驶人。"))
    officer = permission_require(actor, table.RECORDER, province_code=person.region_code[:2])
    if not (sign_in_face_matched and sign_out_face_matched):
        raise ApplicationError(
            "education.welfare.face_unmatched",
            _("签到和签退均须人脸核验通过，方可登记公益活动减分。"),
        )
    now = clock.now()
    if not signed_in_at < signed_out_at <= now:
        raise field_error(
            "education.welfare.times", "signed_out_at", _("签退时间须晚于签到时间且不晚于现在。")
        )
    hours = welfare_hours(signed_in_at, signed_out_at)
    if hours < 1:
        raise field_error(
            "education.welfare.hours", "signed_out_at", _("公益活动不满 1 小时，不能减分。")
        )
    if hours > MAX_WELFARE_HOURS:
        raise field_error(
            "education.welfare.hours", "signed_out_at", _("一次公益活动最长登记 12 小时。")
        )
    if not (len(region_code or "") == 6 and region_code.isdigit()):
        raise field_error("education.welfare.region", "region_code", _("请填写 6 位行政区划代码。"))
    if not (activity or "").strip() or not (place or "").strip():
        raise field_error("education.welfare.place", "place", _("请填写活动内容和地点。"))
    eligibility = selectors.reduction_eligibility(person_id=person.pk, as_of=clock.today())
    if not eligibility.has_license:
        raise ApplicationError(
            "education.reduction.no_license", _("该驾驶人没有机动车驾驶证，不能学法减分。")
        )
    if not eligibility.eligible:
        raise ApplicationError(
            "education.reduction.refused",
            refused_message(eligibility.refusals),
            fields={"refusals": ", ".join(eligibility.refusals)},
            status=409,
        )
    assert eligibility.license_id is not None
    if WelfareActivity.objects.filter(
        license_id=eligibility.license_id, state=WelfareActivity.State.PUBLICISED
    ).exists():
        raise Conflict(
            "education.welfare.already_publicised",
            _("该驾驶人已有一项公示中的公益活动，请待公示期满后再登记。"),
        )
    record = WelfareActivity.objects.create(
        person=person,
        license_id=eligibility.license_id,
        cycle_index=eligibility.cycle_index,
        activity=activity.strip()[:100],
        place=place.strip()[:100],
        region_code=region_code,
        signed_in_at=signed_in_at,
        signed_out_at=signed_out_at,
        hours=hours,
        points=min(hours, eligibility.max_points),
        notice_until=signed_out_at + timedelta(hours=table.WELFARE_NOTICE_HOURS),
        recorded_by_id=getattr(officer, "user_id", None),
        recorded_at=now,
    )
    _audit(
        actor,
        "education.welfare.recorded",
        record,
        person,
        hours=hours,
        points=record.points,
        notice_until=record.notice_until.isoformat(),
    )
    return record


def _reduce_one(actor, activity: WelfareActivity, now: datetime) -> int:
    """Reduce a publicised activity's points now (its notice is over), as many as the driver
    may still reduce (points held and the cap may have changed during the notice)."""
    eligibility = selectors.reduction_eligibility(
        person_id=activity.person_id, as_of=clock.local(now).date()
    )
    same_cycle = eligibility.cycle_index == activity.cycle_index
    points = min(activity.points, eligibility.max_points) if same_cycle else 0
    if points < 1 or not eligibility.eligible:
        activity.state = _take(activity.state, "lapse", actor)
        activity.closed_at = now
        activity.save(update_fields=["state", "closed_at"])
        _audit(
            actor,
            "education.welfare.not_reduced",
            activity,
            activity.person,
            refusals=list(eligibility.refusals),
        )
        _tell(
            activity.license_id,
            activity.person_id,
            str(_("公益活动公示期满，当前无可减免的记分")),
            now,
        )
        return 0
    activity.state = _take(activity.state, "reduce", actor)
    for _point in range(points):
        reduction = PointsReduction.objects.create(
            activity=activity,
            license_id=activity.license_id,
            cycle_index=activity.cycle_index,
            ordinal=selectors.next_reduction_ordinal(
                license_id=activity.license_id, cycle_index=activity.cycle_index
            ),
            reduced_at=now,
        )
        ledger = points_reduce(
            actor=actor,
            license_id=activity.license_id,
            points=1,
            as_of=clock.local(now).date(),
            reason=f"交通安全公益活动减分（活动 {activity.pk}）",
        )
        reduction.lowered = {str(pk): taken for pk, taken in ledger.lowered.items()}
        reduction.save(update_fields=["lowered"])
    activity.closed_at = now
    activity.save(update_fields=["state", "closed_at"])
    _audit(actor, "education.welfare.reduced", activity, activity.person, points=points)
    _tell(
        activity.license_id,
        activity.person_id,
        str(_("公益活动公示期满，已减免记分 %(points)s 分")) % {"points": points},
        now,
    )
    return points


def welfare_reduce_due(*, actor) -> int:
    """Reduce the points of every activity whose 2-day notice is over (a periodic job; an
    officer may run it too). Idempotent: each activity is locked and taken once. Answers the
    number of activities settled."""
    permission_require(actor, table.RECORDER)
    now = clock.now()
    due = WelfareActivity.objects.filter(
        state=WelfareActivity.State.PUBLICISED, notice_until__lte=now
    ).values_list("pk", flat=True)
    settled = 0
    for pk in list(due):
        with transaction.atomic():
            activity = (
                WelfareActivity.objects.select_for_update(of=("self",))
                .select_related("person")
                .filter(pk=pk, state=WelfareActivity.State.PUBLICISED)
                .first()
            )
            if activity is None:
                continue
            _reduce_one(actor, activity, now)
            settled += 1
    return settled


@transaction.atomic
def welfare_withdraw(*, actor, activity_id: int, reason: str) -> WelfareActivity:
    """Withdraw an activity during its notice (an objection upheld): no point is reduced."""
    reason = _reason(reason)
    activity = _locked_activity(activity_id)
    permission_require(actor, table.RECORDER, province_code=activity.person.region_code[:2])
    activity.state = _take(activity.state, "withdraw", actor, reason=reason)
    activity.closed_at, activity.reason = clock.now(), reason
    activity.save(update_fields=["state", "closed_at", "reason"])
    _audit(actor, "education.welfare.withdrawn", activity, activity.person, reason=reason)
    _tell(
        activity.license_id,
        activity.person_id,
        str(_("公益活动减分在公示期内被撤销：%(reason)s")) % {"reason": reason},
        activity.closed_at,
    )
    return activity


def _locked_activity(activity_id: int) -> WelfareActivity:
    found = (
        WelfareActivity.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk=activity_id)
        .first()
    )
    if found is None:
        raise NotFound("education.welfare.not_found", _("没有找到这项公益活动。"))
    return found


def _restore(actor, rows, reason: str, now: datetime) -> int:
    """Give back the points of these reduction rows and mark them revoked."""
    restored = 0
    for row in rows:
        lowered = {int(pk): int(taken) for pk, taken in (row.lowered or {}).items()}
        points_restore(
            actor=actor,
            license_id=row.license_id,
            lowered=lowered,
            as_of=clock.local(now).date(),
            reason=reason,
        )
        restored += sum(lowered.values())
    PointsReduction.objects.filter(pk__in=[row.pk for row in rows]).update(revoked_at=now)
    return restored


@transaction.atomic
def reduction_revoke(
    *,
    actor,
    reason: str,
    application_id: int | None = None,
    activity_id: int | None = None,
) -> int:
    """Revoke a reduction found obtained by fraud (163号 art. 31: the reduction is revoked),
    of an online application or of a public-welfare activity: the points it removed are given
    back through the drivers' ledger, the rows stay (marked revoked, their slots kept), the
    driver is told, and the fraud bars reductions for 3 cycles (art. 26). Answers the points
    restored."""
    reason = _reason(reason)
    now = clock.now()
    if (application_id is None) == (activity_id is None):
        raise ValueError("name one application or one activity")
    subject: ReductionApplication | WelfareActivity | None
    if application_id is not None:
        subject = (
            ReductionApplication.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk=application_id)
            .first()
        )
        workflow = table.APPLICATION
        rows = list(PointsReduction.objects.filter(application_id=application_id))
    else:
        subject = _locked_activity(activity_id)  # type: ignore[arg-type]
        workflow = table.WELFARE
        rows = list(PointsReduction.objects.filter(activity_id=activity_id))
    if subject is None:
        raise NotFound("education.reduction.not_found", _("没有找到这份学法减分申请。"))
    person = subject.person
    permission_require(actor, table.REVOKER, province_code=person.region_code[:2])
    state = subject.status if isinstance(subject, ReductionApplication) else subject.state
    to = _take(state, "revoke", actor, workflow=workflow, reason=reason)
    restored = _restore(actor, rows, f"撤销弄虚作假取得的减分：{reason}", now)
    if isinstance(subject, ReductionApplication):
        subject.status, subject.void_reason = to, "fraud"
        subject.save(update_fields=["status", "void_reason"])
    else:
        subject.state, subject.reason = to, reason
        subject.save(update_fields=["state", "reason"])
    _audit(actor, "education.reduction.revoked", subject, person, reason=reason, points=restored)
    _tell(
        subject.license_id,
        person.pk,
        str(_("学法减分因弄虚作假被撤销，已恢复记分 %(points)s 分")) % {"points": restored},
        now,
    )
    return restored
