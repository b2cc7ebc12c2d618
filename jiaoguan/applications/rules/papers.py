"""The papers services online (DOMAIN.md §14.5) as tables: the driving-licence services
(renewal on expiry, at the age limits, replacement when damaged, reissue when lost, change
of details, move-in; 162号 arts. 63–69) and the vehicle licence and plates (登记规定 arts.
51, 52; ``papers.rules``), one table each of one shape, with its production clock.

submitted → reviewed (the office accepts and approves: the statutory clock starts) →
produced → dispatched → delivered (or → returned → dispatched again); an officer refuses
with a reason while it is submitted or reviewed; the applicant withdraws only before
acceptance (§23.1: not allowed once accepted). Clocks in working days: acceptance and
review 1 (product default [S]), production 1 (statutory, from acceptance), a returned
parcel 1 (product default), none while in the post (transit is not in the statutory clock
[U]; a delivery estimate is shown beside it).

Dispatch books the courier (``papers.dispatch``: one waybill per leg); the courier's
tracking then takes ``deliver`` or ``return`` by itself (``papers.subscriptions``, as the
system job ``papers.tracking``, which holds every permission). A parcel that will not arrive
(returned, cancelled before collection, its booking refused by the courier) puts the case
in ``returned`` for an officer: dispatch again (a new waybill) or hand it over at the
counter.
An officer may still record delivery by hand (a pickup, or a courier that never pushed).

The stage names are the values of ``papers.PaperApplication.OPEN_STATES`` and the finals
(a test holds them together).
"""

from jiaoguan.applications.rules.workflow import APPLICANT, Action, Stage, Table, _

REVIEW = "applications.review_case"
PRODUCE = "applications.produce_case"
DISPATCH = "applications.dispatch_case"

ACCEPTANCE_WORKING_DAYS = 1  # product default [S]
PRODUCTION_WORKING_DAYS = 1  # 162号 art. 68 [P]

_REFUSE = Action("refuse", "refused", (REVIEW,), _("不予办理"), notify=True, reason_required=True)


def _papers_table(kind: str, label: str, production_working_days: int) -> Table:
    return Table(
        kind=kind,
        label=label,
        initial=("submitted",),
        stages=(
            Stage(
                "submitted",
                _("待审核"),
                (
                    Action("review", "reviewed", (REVIEW,), _("审核通过"), notify=True),
                    _REFUSE,
                    Action("withdraw", "withdrawn", (APPLICANT,), _("撤回")),
                ),
                working_days=ACCEPTANCE_WORKING_DAYS,
            ),
            Stage(
                "reviewed",
                _("待制证"),
                (Action("produce", "produced", (PRODUCE,), _("制证完成"), notify=True), _REFUSE),
                working_days=production_working_days,
            ),
            Stage(
                "produced",
                _("待寄递"),
                (Action("dispatch", "dispatched", (DISPATCH,), _("已寄出"), notify=True),),
                working_days=ACCEPTANCE_WORKING_DAYS,
            ),
            Stage(
                "dispatched",
                _("寄递中"),
                (
                    Action("deliver", "delivered", (DISPATCH,), _("已签收"), notify=True),
                    Action("return", "returned", (DISPATCH,), _("寄递异常"), notify=True),
                ),
            ),
            Stage(
                "returned",
                _("寄递异常待处理"),
                (
                    Action("dispatch", "dispatched", (DISPATCH,), _("重新寄出"), notify=True),
                    Action("deliver", "delivered", (DISPATCH,), _("窗口领取"), notify=True),
                ),
                working_days=ACCEPTANCE_WORKING_DAYS,
            ),
            Stage("delivered", _("已办结"), final=True),
            Stage("refused", _("不予办理"), final=True),
            Stage("withdrawn", _("已撤回"), final=True),
        ),
    )


# The driving-licence services (162号 arts. 63–69): each issues within 1 working day of
# acceptance (art. 68). The kinds are ``papers.<papers.rules.Service>``.
LICENSE_RENEWAL = _papers_table(
    "papers.license_renewal", _("驾驶证期满换证"), PRODUCTION_WORKING_DAYS
)
LICENSE_AGE_RENEWAL = _papers_table(
    "papers.license_age_renewal", _("达到规定年龄换证"), PRODUCTION_WORKING_DAYS
)
LICENSE_REPLACEMENT = _papers_table(
    "papers.license_replacement", _("驾驶证损毁换证"), PRODUCTION_WORKING_DAYS
)
LICENSE_REISSUE = _papers_table(
    "papers.license_reissue", _("驾驶证遗失补证"), PRODUCTION_WORKING_DAYS
)
LICENSE_DETAILS_CHANGE = _papers_table(
    "papers.license_details_change", _("驾驶证信息变化换证"), PRODUCTION_WORKING_DAYS
)
LICENSE_MOVE_IN = _papers_table(
    "papers.license_move_in", _("驾驶证转入换证"), PRODUCTION_WORKING_DAYS
)

# The vehicle documents (登记规定 arts. 51, 52): the vehicle licence within 1 working day
# of acceptance, plates within 15 (the same number; a temporary plate meanwhile if asked).
PLATES_WORKING_DAYS = 15  # 登记规定 art. 51 [P]

VEHICLE_LICENSE_REPLACEMENT = _papers_table(
    "papers.vehicle_license_replacement", _("换领行驶证"), PRODUCTION_WORKING_DAYS
)
VEHICLE_LICENSE_REISSUE = _papers_table(
    "papers.vehicle_license_reissue", _("补领行驶证"), PRODUCTION_WORKING_DAYS
)
PLATES_REPLACEMENT = _papers_table("papers.plates_replacement", _("换领号牌"), PLATES_WORKING_DAYS)
PLATES_REISSUE = _papers_table("papers.plates_reissue", _("补领号牌"), PLATES_WORKING_DAYS)

TABLES = (
    VEHICLE_LICENSE_REPLACEMENT,
    VEHICLE_LICENSE_REISSUE,
    PLATES_REPLACEMENT,
    PLATES_REISSUE,
    LICENSE_RENEWAL,
    LICENSE_AGE_RENEWAL,
    LICENSE_REPLACEMENT,
    LICENSE_REISSUE,
    LICENSE_DETAILS_CHANGE,
    LICENSE_MOVE_IN,
)
