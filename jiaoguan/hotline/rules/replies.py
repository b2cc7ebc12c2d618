"""The answers' texts, as pure functions of plain values, each meant to fit one SMS.

One SMS holds 70 UCS-2 characters (``SINGLE``); a longer answer goes as a concatenated
message of 67-character segments. Lists are cut to what fits and say how many more there
are, so the common answers stay within one SMS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jiaoguan.hotline.rules.grammar import Command, usage

SINGLE = 70
SEGMENT = 67
SIGNATURE = "【12123】"
CANCEL_HINT = "回复YY QX加密码取消"  # the voice channel says what its own keys do instead


def segments(text: str) -> int:
    """How many SMS ``text`` takes (UCS-2: 70 in one, 67 per segment of a long one)."""
    if len(text) <= SINGLE:
        return 1
    return -(-len(text) // SEGMENT)


def _d(day: date) -> str:
    return f"{day.year}-{day.month:02d}-{day.day:02d}"


def help_text(words: dict[str, Command] | None = None) -> str:
    table = usage(words)

    def first(command: Command) -> str:
        return table[command][0] if table[command] else ""

    return (
        f"{first(Command.POINTS)}积分 {first(Command.VIOLATIONS)}违法 "
        f"{first(Command.INSPECTION)}检验 {first(Command.APPOINTMENT)}预约"
        f"(加QR确认/QX取消) {first(Command.STOP)}退订；"
        f"查询请加密码，如{first(Command.POINTS)} 1234{SIGNATURE}"
    )


def not_bound() -> str:
    return f"本号码未绑定12123账户，请先在网站或App实名注册并验证手机号。{SIGNATURE}"


def secret_needed(*, identity_digits: bool) -> str:
    what = "身份证号后六位" if identity_digits else "查询密码"
    return f"为保护您的信息，请在指令后加{what}，如JF 123456。{SIGNATURE}"


def secret_wrong(*, remaining: int) -> str:
    if remaining <= 0:
        return f"密码错误次数过多，今日已暂停查询。{SIGNATURE}"
    return f"密码不正确，今日还可试{remaining}次。{SIGNATURE}"


def no_pin_set() -> str:
    return f"您尚未设置查询密码，请登录网站“我的-短信与语音查询”设置。{SIGNATURE}"


def rate_limited() -> str:
    return f"查询过于频繁，请稍后再试。{SIGNATURE}"


def stopped() -> str:
    return f"已退订通知短信，登录网站可重新开启。查询指令仍可使用。{SIGNATURE}"


@dataclass(frozen=True)
class Points:
    points: int
    cycle_ends_on: date


def points_text(points: Points | None) -> str:
    if points is None:
        return f"未查到您的驾驶证。{SIGNATURE}"
    return (
        f"您的驾驶证本记分周期已记{points.points}分，"
        f"周期截至{_d(points.cycle_ends_on)}。{SIGNATURE}"
    )


@dataclass(frozen=True)
class Violation:
    plate: str
    occurred_on: date
    points: int
    fine_yuan: int


def violations_text(rows: list[Violation], *, limit: int = 2) -> str:
    if not rows:
        return f"您名下机动车没有未处理的违法。{SIGNATURE}"
    total = sum(row.fine_yuan for row in rows)
    shown = "；".join(
        f"{row.plate} {row.occurred_on.month}/{row.occurred_on.day} {row.points}分{row.fine_yuan}元"
        for row in rows[:limit]
    )
    more = f"等{len(rows)}起" if len(rows) > limit else ""
    return f"未处理违法{len(rows)}起，罚款共{total}元：{shown}{more}。{SIGNATURE}"


@dataclass(frozen=True)
class Inspection:
    plate: str
    due_on: date
    window_from: date
    window_until: date


def inspection_text(rows: list[Inspection]) -> str:
    if not rows:
        return f"未查到您名下的机动车。{SIGNATURE}"
    first = rows[0]
    more = f"（另有{len(rows) - 1}辆）" if len(rows) > 1 else ""
    return (
        f"{first.plate}下次检验{_d(first.due_on)}，可在"
        f"{_d(first.window_from)}至{_d(first.window_until)}申请。{more}{SIGNATURE}"
    )


@dataclass(frozen=True)
class Appointment:
    subject: str
    venue: str
    exam_on: date
    cancellable: bool


def appointment_text(row: Appointment | None) -> str:
    if row is None:
        return f"您没有待考试的预约。{SIGNATURE}"
    action = CANCEL_HINT if row.cancellable else "已不可取消"
    return f"您预约{_d(row.exam_on)}{row.venue}{row.subject}，{action}。{SIGNATURE}"


def appointment_confirmed(row: Appointment) -> str:
    return f"已确认：{_d(row.exam_on)}{row.venue}{row.subject}，请按时参加。{SIGNATURE}"


def appointment_cancelled(row: Appointment) -> str:
    return f"已取消{_d(row.exam_on)}{row.subject}的预约。{SIGNATURE}"


def refused(message: str) -> str:
    return f"{message}{SIGNATURE}"
