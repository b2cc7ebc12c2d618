"""事故快处 (DOMAIN §10; 事故程序规定 arts. 19–22) as a table.

Party A (the applicant) reports; party B (the co-applicant) joins with the accident's code;
either proposes the responsibility from the published scenarios (``accidents.rules.liability``);
each signs on their own phone and, once both have, the agreement (协议书) is made. A party
who disputes the facts asks the police, jointly with the other (art. 20), to determine the
responsibility online; an officer of the place's jurisdiction gives the determination
(认定书). Party A may withdraw until B has joined.

``agree`` is taken by the services when the second signature arrives, never by a party
directly. No statutory clock governs the online steps ([U], DOMAIN §10); the officer's
determination has a product default of 3 working days [U], the late-report decision's period
(art. 18).

A report made after the parties left the scene (a late report, 补报: more than
``accidents.rules.reporting.LATE_AFTER`` after the accident) opens in ``late_reported``: the
police decide within 3 working days (art. 18) whether to take it; once taken it goes on as
any report (B joins, and so on), refused it is closed with the officer's reason.
"""

from jiaoguan.applications.rules.workflow import APPLICANT, CO_APPLICANT, Action, Stage, Table, _

OFFICER = "accidents.determine_accident"
DETERMINATION_WORKING_DAYS = 3  # product default [U]
LATE_DECISION_WORKING_DAYS = 3  # 事故程序规定 art. 18

_PARTIES = (APPLICANT, CO_APPLICANT)
_DISPUTE = Action("dispute", "disputed", _PARTIES, _("申请交警在线定责"), reason_required=True)

QUICK = Table(
    kind="accidents.quick",
    label=_("事故快处"),
    initial=("reported", "late_reported"),
    stages=(
        Stage(
            "late_reported",
            _("补报待交警受理"),
            (
                Action("accept_late", "reported", (OFFICER,), _("受理补报"), notify=True),
                Action(
                    "decline_late",
                    "declined",
                    (OFFICER,),
                    _("不予受理"),
                    notify=True,
                    reason_required=True,
                ),
                Action("withdraw", "withdrawn", (APPLICANT,), _("撤销")),
            ),
            working_days=LATE_DECISION_WORKING_DAYS,
        ),
        Stage(
            "reported",
            _("待对方加入"),
            (
                Action("join", "joined", (CO_APPLICANT,), _("加入事故")),
                Action("withdraw", "withdrawn", (APPLICANT,), _("撤销")),
            ),
        ),
        Stage(
            "joined",
            _("待确定责任"),
            (Action("propose", "proposed", _PARTIES, _("选择事故情形")), _DISPUTE),
        ),
        Stage(
            "proposed",
            _("待双方签字"),
            (
                Action("agree", "agreed", _PARTIES, _("双方签字确认"), notify=True),
                Action("propose", "proposed", _PARTIES, _("重新选择事故情形")),
                _DISPUTE,
            ),
        ),
        Stage(
            "disputed",
            _("待交警定责"),
            (
                Action(
                    "determine",
                    "determined",
                    (OFFICER,),
                    _("作出事故认定"),
                    notify=True,
                    reason_required=True,
                ),
            ),
            working_days=DETERMINATION_WORKING_DAYS,
        ),
        Stage("agreed", _("已达成协议"), final=True),
        Stage("determined", _("已出具认定书"), final=True),
        Stage("withdrawn", _("已撤销"), final=True),
        Stage("declined", _("补报不予受理"), final=True),
    ),
)

TABLES = (QUICK,)
