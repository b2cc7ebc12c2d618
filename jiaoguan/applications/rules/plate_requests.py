"""The three online plate requests (登记规定 arts. 20, 44, 45; DOMAIN.md §6.3) as tables.

Keeping a previous number and swapping two numbers open submitted, for an officer to
approve or refuse; a spouse transfer first waits for the other spouse's own confirmation
(both apply, art. 45), unless that spouse applies at the counter, where the officer
approves it in person. The applicant, or the named spouse, may withdraw while pending.

The stage names are the values of ``plates.PlateRequest.State`` (a test holds them
together). The officer's review clock is a product default, 3 working days [U]: the
instruments fix no period for these requests (art. 92 lists periods for other
businesses).
"""

from jiaoguan.applications.rules.workflow import APPLICANT, CO_APPLICANT, Action, Stage, Table, _

OFFICER = "plates.change_platerequest"
REVIEW_WORKING_DAYS = 3  # product default [U]

_WITHDRAW = Action("withdraw", "withdrawn", (APPLICANT, CO_APPLICANT), _("撤回"))
_APPROVE = Action("approve", "approved", (OFFICER,), _("办结"), notify=True)
_REFUSE = Action("refuse", "refused", (OFFICER,), _("不予办理"), notify=True, reason_required=True)

_FINAL = (
    Stage("approved", _("已办结"), final=True),
    Stage("refused", _("不予办理"), final=True),
    Stage("withdrawn", _("已撤回"), final=True),
)

_SUBMITTED = Stage(
    "submitted", _("待审核"), (_APPROVE, _REFUSE, _WITHDRAW), working_days=REVIEW_WORKING_DAYS
)

KEEP_PREVIOUS = Table(
    kind="plates.keep_previous",
    label=_("保留原号牌号码"),
    initial=("submitted",),
    stages=(_SUBMITTED, *_FINAL),
)

SWAP = Table(
    kind="plates.swap",
    label=_("同一所有人两车互换号牌"),
    initial=("submitted",),
    stages=(_SUBMITTED, *_FINAL),
)

SPOUSE_TRANSFER = Table(
    kind="plates.spouse_transfer",
    label=_("夫妻间转移登记保留号牌"),
    initial=("awaiting_spouse",),
    stages=(
        Stage(
            "awaiting_spouse",
            _("待配偶确认"),
            (
                Action("confirm", "submitted", (CO_APPLICANT,), _("配偶确认")),
                # The spouse applies at the counter instead (both apply, art. 45).
                Action("approve_in_person", "approved", (OFFICER,), _("办结"), notify=True),
                _REFUSE,
                _WITHDRAW,
            ),
        ),
        _SUBMITTED,
        *_FINAL,
    ),
)

TABLES = (KEEP_PREVIOUS, SWAP, SPOUSE_TRANSFER)
