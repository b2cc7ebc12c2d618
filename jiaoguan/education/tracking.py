"""The study tracking every kind of education shares: heartbeats stamped with the server's
clock and face checks against the photo the authority holds (DOMAIN §16.1, §16.3, §16.4).

``owner`` is what the study is for: a points-reduction application or a full-score or review
course (``StudyCourse``); each heartbeat and face check row points at exactly one (a check
constraint). The callers hold the owner's row lock and decide what the study counts for.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core.errors import field_error
from jiaoguan.education import selectors
from jiaoguan.education.models import FaceCheck, ReductionApplication, StudyCourse, StudyHeartbeat
from jiaoguan.education.rules import study_tally, study_time
from jiaoguan.gateways.face import FaceMatch, get_face_gateway, photo_digest

#: Three failed face matches void the session (product default, DOMAIN §23.3).
FACE_FAILURES_VOID = 3
#: After a passed check the next one is due at a random moment 10 to 20 minutes later (§23.3).
FACE_RECHECK_MINUTES = (10, 20)
_TAB = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_random = random.SystemRandom()

Owner = ReductionApplication | StudyCourse


def _owner_field(owner: Owner) -> dict:
    return {"course": owner} if isinstance(owner, StudyCourse) else {"application": owner}


def tab_check(tab: str) -> None:
    if not _TAB.match(tab or ""):
        raise field_error("education.study.tab", "tab", _("页面标识不正确。"))


def face_compare(*, owner: Owner, person, photo: bytes, now: datetime) -> FaceMatch:
    """Compare the photo with the one the authority holds; store only the result and the
    photo's SHA-256; a pass schedules the next random check. The caller counts the failures
    and decides what they void."""
    if not photo:
        raise field_error("education.face.no_photo", "photo", _("请先拍摄照片。"))
    started = owner.face_checks.filter(matched=True).exists()
    result = get_face_gateway().compare(id_number=person.id_number, name=person.name, photo=photo)
    FaceCheck.objects.create(
        **_owner_field(owner),
        stage=FaceCheck.Stage.RANDOM if started else FaceCheck.Stage.START,
        matched=result.matched,
        score=result.score,
        photo_sha256=photo_digest(photo),
        provider=result.provider,
        reference=result.reference[:64],
        checked_at=now,
    )
    if result.matched:
        owner.next_face_check_at = now + timedelta(minutes=_random.uniform(*FACE_RECHECK_MINUTES))
        owner.save(update_fields=["next_face_check_at"])
    return result


def heartbeat_add(
    *, actor, owner: Owner, tab: str, visible: bool, now: datetime, client_at=None
) -> list[study_time.Heartbeat]:
    """Store one report of the study page at the server's time and answer every heartbeat of
    the owner as the rules read them. A tab's first report is audited."""
    StudyHeartbeat.objects.create(
        **_owner_field(owner), tab=tab, visible=visible, received_at=now, client_at=client_at
    )
    beats = selectors.heartbeats_of(owner)
    if sum(1 for beat in beats if beat.tab == tab) == 1:
        audit_record(
            actor=actor,
            action="education.study.tab_opened",
            subject=owner,
            person_id_number=owner.person.id_number,
            data={"tab": tab},
        )
    return beats


def reduction_heartbeat_add(
    *, actor, application: ReductionApplication, tab: str, visible: bool, now: datetime,
    client_at=None,
) -> study_time.ReductionStudy:  # fmt: skip
    """Store one report of the points-reduction study page at the server's time and bring
    the application's running total (``study_tally``) up to date with it, without reading
    the other heartbeats back: the study as ``study_time.reduction_study`` reads it from all
    of them. The tally is rebuilt from the stored heartbeats when there is none yet or the
    beat is stamped before the last one. A tab's first report is audited. The caller holds
    the application's row lock and saves ``study_tally`` (with whatever else it changes)."""
    StudyHeartbeat.objects.create(
        application=application, tab=tab, visible=visible, received_at=now, client_at=client_at
    )
    window = {
        "window_starts_at": application.applied_at,
        "window_ends_at": application.study_ends_at,
    }
    tally = study_tally.from_json(application.study_tally, **window)
    first_of_tab = tally is None or not tally.knows_tab(tab)
    try:
        if tally is None:
            raise study_tally.OutOfOrder(now)
        study_tally.tally_add(tally, study_time.Heartbeat(tab, now, visible))
    except study_tally.OutOfOrder:
        beats = selectors.heartbeats_of(application)
        tally = study_tally.tally_of(beats, **window)
        first_of_tab = sum(1 for beat in beats if beat.tab == tab) == 1
    application.study_tally = study_tally.to_json(tally)
    if first_of_tab:
        audit_record(
            actor=actor,
            action="education.study.tab_opened",
            subject=application,
            person_id_number=application.person.id_number,
            data={"tab": tab},
        )
    return study_tally.tally_study(tally)
