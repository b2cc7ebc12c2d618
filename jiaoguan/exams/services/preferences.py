"""An applicant's ranked session preferences in an open window."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.ratelimit import within_limit
from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams import errors, rules, selectors
from jiaoguan.exams.models import (
    BookingWindow,
    LicenseApplication,
    PreferenceList,
    WindowSession,
)
from jiaoguan.exams.services.applications import anonymised_id
from jiaoguan.exams.services.windows import lock_window_for_submission

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person


def _check_rate(user_id: int | None, ip_address: str | None) -> None:
    hour = 3600
    if not within_limit(
        "exams.preferences.account",
        str(user_id or ""),
        limit=settings.JIAOGUAN_EXAMS_PREFERENCE_CHANGES_PER_ACCOUNT_PER_HOUR,
        window_seconds=hour,
    ) or not within_limit(
        "exams.preferences.address",
        ip_address or "",
        limit=settings.JIAOGUAN_EXAMS_PREFERENCE_CHANGES_PER_ADDRESS_PER_HOUR,
        window_seconds=hour,
    ):
        raise errors.too_many_changes()


def preferences_submit(
    *,
    actor,
    person: Person,
    window_id: int,
    session_ids: Sequence[int],
    ip_address: str | None = None,
) -> PreferenceList:
    """Submit or replace ``person``'s ranked sessions (best first) in an open window.

    Bound to the verified person behind the account: the list belongs to their active
    application and cannot be moved to anyone else. The submission time confers nothing
    (the allocation never reads it). Rate-limited per account and per address. Holds a shared
    lock on the window and an exclusive lock on the application row, so concurrent changes
    by the same applicant apply one after the other and none is lost at the close. Audits
    ``exams.preferences.submitted``.
    """
    _check_rate(getattr(actor, "pk", None), ip_address)
    session_ids = [int(pk) for pk in session_ids]
    with transaction.atomic():
        window = lock_window_for_submission(window_id)
        application = (
            LicenseApplication.objects.select_for_update(of=("self",))
            .select_related("permit")
            .filter(person=person, status=LicenseApplication.Status.ACTIVE)
            .first()
        )
        if application is None:
            raise errors.no_application()
        bookings = selectors.application_bookings(application)
        history = selectors.application_history(application, bookings)
        _check_sessions(window, application, session_ids, history)
        # This window's list, if any, and any in another open window of the subject.
        lists = PreferenceList.objects.filter(
            application=application,
            window__subject=window.subject,
            window__status=BookingWindow.Status.OPEN,
        ) | PreferenceList.objects.filter(window=window, application=application)
        preference_list = None
        for held in lists:
            if held.window_id != window.pk:
                raise errors.in_another_window()
            preference_list = held
        now = clock.now()
        # Recomputed on every change: a cancellation in the meantime moves the sort time.
        sort_time = selectors.application_sort_time(application, bookings)
        first_time = rules.is_first_time(history, rules.ExamSubject(window.subject))
        if preference_list is None:
            preference_list = PreferenceList.objects.create(
                window=window,
                application=application,
                person=person,
                anonymised_id=anonymised_id(window.code, application.number),
                sort_time=sort_time,
                is_first_time=first_time,
                session_ids=session_ids,
                submitted_at=now,
                changed_at=now,
            )
        else:
            preference_list.session_ids = session_ids
            preference_list.sort_time = sort_time
            preference_list.is_first_time = first_time
            preference_list.version += 1
            preference_list.changed_at = now
            preference_list.save(
                update_fields=["session_ids", "sort_time", "is_first_time", "version", "changed_at"]
            )
        audit_record(
            actor=actor,
            action="exams.preferences.submitted",
            subject=preference_list,
            person_id_number=person.id_number,
            data={"session_ids": session_ids, "version": preference_list.version},
            ip_address=ip_address,
        )
    return preference_list


def _check_sessions(
    window,
    application: LicenseApplication,
    session_ids: list[int],
    history: list[rules.PastBooking],
) -> None:
    parameters, limit = selectors.exam_parameters_and_max_preferences()
    if not session_ids:
        raise errors.preferences_invalid(_("请至少选择一个场次。"))
    if len(session_ids) > limit:
        raise errors.preferences_invalid(_("最多可选择 %(limit)s 个场次。") % {"limit": limit})
    if len(set(session_ids)) != len(session_ids):
        raise errors.preferences_invalid(_("同一场次不能重复选择。"))
    offered = {
        ws.session_id: ws.session
        for ws in WindowSession.objects.filter(
            window=window, session_id__in=session_ids
        ).select_related("session__plan__venue")
    }
    if set(offered) != set(session_ids):
        raise errors.preferences_invalid(_("所选场次不属于本预约批次。"))
    wanted = LicenseClass(application.license_class)
    subject = rules.ExamSubject(window.subject)
    for session in offered.values():
        if not selectors.session_matches_class(session, wanted):
            raise errors.preferences_invalid(_("所选场次的准驾车型与申请不一致。"))
    local_site: bool | None = None
    for session in offered.values():
        venue_region = session.plan.venue.region_code
        if rules.exam_city(venue_region) == rules.exam_city(application.exam_region_code):
            continue
        if local_site is None:
            local_site = selectors.local_subject_2_site(
                region_code=application.exam_region_code, license_class=wanted
            )
        if not rules.venue_allowed(
            license_class=wanted,
            subject=subject,
            exam_region=application.exam_region_code,
            venue_region=venue_region,
            local_subject_2_site=local_site,
        ):
            raise errors.preferences_invalid(
                _("所选场次的考场不在您的考试地（%(region)s）。")
                % {"region": application.exam_region_code}
            )
    permit = getattr(application, "permit", None)
    held = selectors.held_classes(application)
    as_of = clock.today()
    deadline = selectors.completion_deadline(application)
    for session in offered.values():
        eligibility = rules.booking_eligibility(
            license_class=wanted,
            subject=subject,
            as_of=as_of,
            exam_on=session.plan.exam_on,
            permit_issued_on=permit.issued_on if permit else None,
            permit_valid_until=permit.valid_until if permit else None,
            history=history,
            held_classes=held,
            parameters=parameters,
            completion_deadline=deadline,
        )
        if not eligibility.eligible:
            raise errors.not_eligible(eligibility.refusals, eligibility.earliest_on)
