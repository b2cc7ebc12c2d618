"""满分教育 and 审验教育 (DOMAIN §4.3, §16.1, §16.2; 163号 arts. 17-24, 29, 31; 162号 arts.
72-74, 100) as tables.

Full-score education: the notice is served when the twelfth point is recorded (the case opens
in ``notified``); the first study counted (online or on site) starts it; once the attended days
and the study days are done the driver books the exam where they studied (科目一, plus 科目三 or
科目二 and 科目三 for repeat full scores, art. 22); each subject passed leads to the next, the
last to ``passed``; with the fines paid the points are cleared and the license returned (art.
23). Not attending within 30 days of the notice: the license is announced out of use (art. 29;
the sweep's ``lapse``). Study records found falsified are revoked by an officer with a reason
(art. 31: records and results void, the study is repeated).

Review education: 3 hours of study (online or on site), then the office reviews the result
within 7 working days (product default [S]: "3-7 working days"); falsified records are revoked
the same way (162号 art. 100).

``complete_study``, ``pass_*`` and ``clear`` are taken by the services when the server's count
or the exam result says so, never on a client's word.
"""

from jiaoguan.applications.rules.workflow import APPLICANT, Action, Stage, Table, _

ONSITE = "education.record_onsite_study"
EXAMINER = "education.record_full_score_exam"
REVOKER = "education.revoke_study"
REVIEWER = "education.review_education"
SWEEPER = "education.lapse_full_score"
#: The office's review of review-education results, in working days (product default [S]).
REVIEW_WORKING_DAYS = 7

_REVOKE = Action(
    "revoke", "studying", (REVOKER,), _("撤销弄虚作假的学习记录"), notify=True, reason_required=True
)
_COMPLETE = Action("complete_study", "study_complete", (APPLICANT, ONSITE), _("学习完成"))

FULL_SCORE = Table(
    kind="education.full_score",
    label=_("满分学习"),
    initial=("notified",),
    stages=(
        Stage(
            "notified",
            _("待参加学习"),
            (
                Action("start_study", "studying", (APPLICANT, ONSITE), _("开始学习")),
                Action(
                    "lapse",
                    "out_of_use",
                    (SWEEPER,),
                    _("逾期未参加学习，公告停止使用"),
                    notify=True,
                ),
            ),
        ),
        Stage("studying", _("学习中"), (_COMPLETE, _REVOKE)),
        Stage(
            "study_complete",
            _("待预约考试"),
            (Action("book_exam", "exam_booked", (APPLICANT,), _("预约考试")), _REVOKE),
        ),
        Stage(
            "exam_booked",
            _("待考试"),
            (
                Action("pass_exam", "passed", (EXAMINER,), _("考试合格"), notify=True),
                Action(
                    "pass_subject", "study_complete", (EXAMINER,), _("本科目合格，预约下一科目")
                ),
                Action("fail_exam", "study_complete", (EXAMINER,), _("考试不合格"), notify=True),
                Action("cancel_exam", "study_complete", (APPLICANT,), _("取消考试预约")),
                _REVOKE,
            ),
        ),
        Stage(
            "passed",
            _("考试合格，待清除记分"),
            (
                Action(
                    "clear",
                    "cleared",
                    (APPLICANT, EXAMINER),
                    _("清除记分，发还驾驶证"),
                    notify=True,
                ),
                _REVOKE,
            ),
        ),
        Stage("cleared", _("记分已清除"), final=True),
        Stage("out_of_use", _("驾驶证已公告停止使用"), final=True),
    ),
)

REVIEW = Table(
    kind="education.review",
    label=_("审验教育"),
    initial=("studying",),
    stages=(
        Stage(
            "studying",
            _("学习中"),
            (Action("complete_study", "reviewing", (APPLICANT, ONSITE), _("学习完成")), _REVOKE),
        ),
        Stage(
            "reviewing",
            _("待审核"),
            (
                Action("approve", "approved", (REVIEWER,), _("审验教育合格"), notify=True),
                Action(
                    "return_study",
                    "studying",
                    (REVIEWER,),
                    _("退回补学"),
                    notify=True,
                    reason_required=True,
                ),
                _REVOKE,
            ),
            working_days=REVIEW_WORKING_DAYS,
        ),
        Stage("approved", _("审验教育已完成"), final=True),
    ),
)

TABLES = (FULL_SCORE, REVIEW)

#: The states in which a course is being studied (heartbeats, face checks and on-site days
#: count): those out of which study may start or be completed, in either table.
STUDY_OPEN = frozenset(
    state
    for workflow in TABLES
    for name in ("start_study", "complete_study")
    for state in workflow.states_allowing(name)
)
