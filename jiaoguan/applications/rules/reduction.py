"""学法减分 (points reduction by study, DOMAIN §4.4, §16.3; 163号 arts. 25-27, 31) as tables:
the online application and each sitting of its test.

The application opens ``studying`` (30 minutes within 3 days, in stretches of at least 5);
the server's count completes the study (``studied``; the test is due within 7 working days);
a passed test removes the point (``reduced``); the test failed with no retake left, or its
time over, closes it ``failed`` or ``expired``; three failed face matches void it (``void``;
on-site study stays open to the learner). A reduction found obtained by fraud is revoked by an
officer with a reason (art. 31: the reduction is revoked, the point restored; ``revoked``).

A public-welfare traffic activity (交通安全公益活动, 1 point per full hour) is recorded by an
officer after the face checks at sign-in and sign-out; it is publicised for 2 days
(``publicised``), then its points are reduced (``reduced``), or none are left to reduce
(``not_reduced``); an objection upheld during the notice withdraws it (``withdrawn``), and a
reduction found obtained by fraud is revoked (``revoked``).

A test attempt opens ``in_progress`` and ends ``passed`` or ``failed`` (the third wrong or
timed-out answer, or the time of a whole test over).

The applicant's own calls take the actions (the server decides, never the client's word):
expiry is observed on the applicant's next call as well as by the officer's queue. These
applications are not ``applications.Case`` rows; their services check every change against
these tables (``transition_check``) and write the state with it.

The stage names are the values of ``education.ReductionApplication.Status`` and
``education.TestAttempt.State`` (a test holds them together).
"""

from jiaoguan.applications.rules.workflow import APPLICANT, Action, Stage, Table, _

REVOKER = "education.revoke_reduction"
RECORDER = "education.record_welfare"
#: The public notice of a public-welfare activity before its points are reduced (DOMAIN
#: §4.4 [S]: 2 days), in hours from the sign-out.
WELFARE_NOTICE_HOURS = 48

_EXPIRE = Action("expire", "expired", (APPLICANT,), _("已过期"))

APPLICATION = Table(
    kind="education.reduction",
    label=_("学法减分"),
    initial=("studying",),
    stages=(
        Stage(
            "studying",
            _("学习中"),
            (
                Action("complete_study", "studied", (APPLICANT,), _("学习已完成，待考试")),
                _EXPIRE,
                Action("void", "void", (APPLICANT,), _("人脸核验未通过，申请作废")),
            ),
        ),
        Stage(
            "studied",
            _("学习已完成，待考试"),
            (
                Action("reduce", "reduced", (APPLICANT,), _("考试合格，减免记分")),
                Action("fail", "failed", (APPLICANT,), _("考试未通过")),
                _EXPIRE,
            ),
        ),
        Stage(
            "reduced",
            _("已减分"),
            (
                Action(
                    "revoke",
                    "revoked",
                    (REVOKER,),
                    _("撤销弄虚作假取得的减分"),
                    notify=True,
                    reason_required=True,
                ),
            ),
        ),
        Stage("failed", _("考试未通过"), final=True),
        Stage("expired", _("已过期"), final=True),
        Stage("void", _("已作废"), final=True),
        Stage("revoked", _("减分已撤销"), final=True),
    ),
)

ATTEMPT = Table(
    kind="education.reduction_attempt",
    label=_("减分考试"),
    initial=("in_progress",),
    stages=(
        Stage(
            "in_progress",
            _("考试中"),
            (
                Action("pass_test", "passed", (APPLICANT,), _("合格")),
                Action("fail_test", "failed", (APPLICANT,), _("不合格")),
            ),
        ),
        Stage("passed", _("合格"), final=True),
        Stage("failed", _("不合格"), final=True),
    ),
)

WELFARE = Table(
    kind="education.welfare",
    label=_("交通安全公益活动减分"),
    initial=("publicised",),
    stages=(
        Stage(
            "publicised",
            _("公示中"),
            (
                Action("reduce", "reduced", (RECORDER,), _("公示期满，减免记分"), notify=True),
                Action(
                    "lapse", "not_reduced", (RECORDER,), _("公示期满，无可减免的记分"), notify=True
                ),
                Action(
                    "withdraw",
                    "withdrawn",
                    (RECORDER, REVOKER),
                    _("公示期内撤销"),
                    notify=True,
                    reason_required=True,
                ),
            ),
        ),
        Stage(
            "reduced",
            _("已减分"),
            (
                Action(
                    "revoke",
                    "revoked",
                    (REVOKER,),
                    _("撤销弄虚作假取得的减分"),
                    notify=True,
                    reason_required=True,
                ),
            ),
        ),
        Stage("not_reduced", _("无可减免的记分"), final=True),
        Stage("withdrawn", _("公示期内已撤销"), final=True),
        Stage("revoked", _("减分已撤销"), final=True),
    ),
)

TABLES = (APPLICATION, ATTEMPT, WELFARE)

#: The application's states in which study or the test is still to be done (one open
#: application per license: the partial unique constraint names them).
OPEN = tuple(
    state for name in ("complete_study", "reduce") for state in APPLICATION.states_allowing(name)
)
#: The attempt's state while questions are answered.
IN_PROGRESS = ATTEMPT.states_allowing("pass_test")[0]
#: The states in which the study is counted (heartbeats, face checks).
STUDYING = frozenset(APPLICATION.states_allowing("complete_study"))
#: The states in which the test is taken.
TESTING = frozenset(APPLICATION.states_allowing("reduce"))
#: The states of an application whose test was passed: reduced, and what follows from there.
_REDUCED = {
    action.to
    for state in TESTING
    for action in APPLICATION.stage(state).actions
    if action.name == "reduce"
}
PASSED = frozenset(
    _REDUCED | {action.to for state in _REDUCED for action in APPLICATION.stage(state).actions}
)
