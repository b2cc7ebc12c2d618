"""The 12123 voice menu as a pure state machine: where a call is, what it says, what a key
press or a silence does next.

A call moves through nodes: ``welcome`` (a bound caller is asked for the PIN, an unknown
number hears what to do instead), ``pin``, ``menu`` (1 points, 2 violations, 3 inspection,
4 exam booking), ``answer`` (the answer read out; 9 repeats, * goes back, 0 a person),
``appointment`` (its answer; 2 cancels the booking after a confirming 1), ``blocked`` (no
PIN set, or too many wrong PINs today), ``agent`` (the transfer to a person) and
``goodbye``. On every node 0 asks for a person and * goes back to
the menu. Silence (``noinput``) repeats the prompt, wrong keys (``nomatch``) say so and
repeat; after ``MAX_RETRIES`` of either the call goes to a person (elderly callers who do
not manage the keys are not hung up on).

``step`` decides only from the state and the event; what it needs from the register (the
PIN check, the answers) it asks for as an ``Effect`` that the service performs, feeding the
outcome back as the next event. Prompts are keys of ``PROMPTS`` with their values filled in
by the service, so the words are reference data, editable without touching the machine.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

MAX_RETRIES = 3
PIN_DIGITS = (4, 6)


class Node(enum.StrEnum):
    WELCOME = "welcome"
    PIN = "pin"
    MENU = "menu"
    ANSWER = "answer"
    APPOINTMENT = "appointment"
    CONFIRM_CANCEL = "confirm_cancel"
    BLOCKED = "blocked"  # no PIN set, or too many wrong PINs today: a person can still help
    AGENT = "agent"
    GOODBYE = "goodbye"


class Effect(enum.StrEnum):
    """What the service must do before the next prompt."""

    NONE = "none"
    CHECK_PIN = "check_pin"  # → event "pin_ok", "pin_wrong" or "pin_locked"
    ANSWER = "answer"  # answer ``State.command``
    CANCEL = "cancel"  # cancel the next exam booking
    TRANSFER = "transfer"  # hand the call to the agent queue
    HANG_UP = "hang_up"


#: Menu keys → the command they ask (the SMS grammar's commands).
MENU_KEYS = {"1": "points", "2": "violations", "3": "inspection", "4": "appointment"}

#: The prompts, product default (Mandarin, short sentences, said slowly). ``{answer}`` is the
#: text the SMS channel would send; the service fills it in.
PROMPTS: dict[str, str] = {
    "welcome": "您好，这里是交通安全综合服务平台一二一二三。",
    "not_bound": "您的号码尚未绑定平台账户。请在交管一二一二三注册后再拨打，或按零转人工服务。",
    "pin": "请输入您的查询密码，以井号键结束。",
    "pin_digits": "请输入您公民身份号码的后六位，字母X请按星号键，以井号键结束。",
    "no_pin": "您尚未设置查询密码。请在交管一二一二三的短信与语音查询页面设置。按零转人工服务。",
    "pin_wrong": "密码不正确，请重新输入。",
    "pin_locked": "今天密码错误次数过多，个人信息查询已暂停，明天可以再试。按零转人工服务。",
    "menu": "查询驾驶证记分，请按一；交通违法，请按二；机动车检验，请按三；考试预约，请按四；"
    "人工服务，请按零。",
    "answer": "{answer}",
    "after_answer": "重听请按九，返回主菜单请按星号键，人工服务请按零。",
    "appointment_actions": "取消这次预约请按二，重听请按九，返回主菜单请按星号键。",
    "confirm_cancel": "确定取消这次考试预约吗？确定请按一，不取消请按星号键。",
    "nomatch": "您的按键无效。",
    "noinput": "没有听到您的按键。",
    "agent": "正在为您转接人工服务，请稍候。",
    "goodbye": "感谢您的来电，再见。",
    "expired": "通话已超时，请重新拨打一二一二三。",
}


@dataclass(frozen=True)
class State:
    """Where a call is. ``retries`` counts silences and wrong keys on the current node."""

    node: Node = Node.WELCOME
    bound: bool = False
    confirmed: bool = False
    command: str = ""
    retries: int = 0
    answer: str = ""  # the last answer, for "9: repeat"
    reason: str = ""  # why the call is blocked: a key of PROMPTS


@dataclass(frozen=True)
class Step:
    state: State
    prompts: tuple[str, ...]  # keys of PROMPTS, said in order
    effect: Effect = Effect.NONE
    expects: str = "key"  # "key" (one key), "digits" (a PIN ended by #) or "" (nothing)


def _expects(node: Node) -> str:
    if node is Node.PIN:
        return "digits"
    if node in (Node.AGENT, Node.GOODBYE):
        return ""
    return "key"


def prompts_of(state: State, *, pin_kind: str = "pin") -> tuple[str, ...]:
    """What a node says when the caller arrives at it (or it is repeated)."""
    node = state.node
    if node is Node.WELCOME:
        return ("welcome", "not_bound") if not state.bound else ("welcome", pin_kind)
    if node is Node.PIN:
        return (pin_kind,)
    if node is Node.MENU:
        return ("menu",)
    if node is Node.ANSWER:
        return ("answer", "after_answer")
    if node is Node.APPOINTMENT:
        return ("answer", "appointment_actions")
    if node is Node.CONFIRM_CANCEL:
        return ("confirm_cancel",)
    if node is Node.BLOCKED:
        return (state.reason,)
    if node is Node.AGENT:
        return ("agent",)
    return ("goodbye",)


def _go(state: State, node: Node, *, effect: Effect = Effect.NONE, lead=(), **changes) -> Step:
    moved = replace(state, node=node, retries=0, **changes)
    if node is Node.AGENT:
        effect = Effect.TRANSFER
    elif node is Node.GOODBYE:
        effect = Effect.HANG_UP
    return Step(moved, (*lead, *prompts_of(moved)), effect, _expects(node))


def start(*, bound: bool) -> Step:
    """The first step of a call. A bound caller goes straight to the PIN question."""
    state = State(node=Node.WELCOME, bound=bound)
    if bound:
        return Step(replace(state, node=Node.PIN), prompts_of(state), Effect.NONE, "digits")
    return Step(state, prompts_of(state), Effect.NONE, "key")


def _retry(state: State, lead: str) -> Step:
    if state.retries + 1 >= MAX_RETRIES:
        return _go(state, Node.AGENT, lead=(lead,))
    again = replace(state, retries=state.retries + 1)
    return Step(again, (lead, *prompts_of(again)), Effect.NONE, _expects(state.node))


def step(state: State, event: str) -> Step:
    """The next step after ``event``: a key (``"1"``…``"9"``, ``"0"``, ``"*"``, ``"#"``),
    ``"digits:<keys>"`` (a PIN), ``"noinput"``, ``"nomatch"``, or an effect's outcome
    (``"pin_ok"``, ``"pin_wrong"``, ``"pin_locked"``, ``"no_pin"``, ``"answered"``)."""
    node = state.node
    if event == "noinput":
        return _retry(state, "noinput")
    if event == "nomatch":
        return _retry(state, "nomatch")
    if event == "0":
        return _go(state, Node.AGENT)
    if node in (Node.AGENT, Node.GOODBYE):
        return _go(state, Node.GOODBYE)
    if node is Node.WELCOME:  # an unbound caller: only a person can help
        return _retry(state, "nomatch")
    if node is Node.BLOCKED:
        return _go(state, Node.GOODBYE)
    if node is Node.PIN:
        return _pin_step(state, event)
    if event.startswith("answered:"):
        text = event.removeprefix("answered:")
        target = Node.APPOINTMENT if state.command == "appointment" else Node.ANSWER
        return _go(state, target, answer=text)
    if event == "*" and state.confirmed:
        return _go(state, Node.MENU)
    if node is Node.MENU:
        command = MENU_KEYS.get(event)
        if command is None:
            return _retry(state, "nomatch")
        return Step(replace(state, command=command, retries=0), (), Effect.ANSWER, "")
    if event == "9" and node in (Node.ANSWER, Node.APPOINTMENT):
        return _go(state, node)
    if node is Node.APPOINTMENT and event == "2":
        return _go(state, Node.CONFIRM_CANCEL)
    if node is Node.CONFIRM_CANCEL and event == "1":
        return Step(replace(state, retries=0), (), Effect.CANCEL, "")
    return _retry(state, "nomatch")


def _pin_step(state: State, event: str) -> Step:
    if event == "pin_ok":
        return _go(state, Node.MENU, confirmed=True)
    if event == "pin_wrong":
        if state.retries + 1 >= MAX_RETRIES:
            return _go(state, Node.AGENT, lead=("pin_wrong",))
        again = replace(state, retries=state.retries + 1)
        return Step(again, ("pin_wrong", *prompts_of(again)), Effect.NONE, "digits")
    if event in ("pin_locked", "no_pin"):
        return _go(state, Node.BLOCKED, reason=event)
    if event.startswith("digits:"):
        keys = event.removeprefix("digits:").rstrip("#")
        if not keys:
            return _retry(state, "noinput")
        return Step(state, (), Effect.CHECK_PIN, "")
    return _retry(state, "nomatch")


def pin_from_keys(keys: str, *, identity_digits: bool) -> str:
    """The secret typed on a keypad: ``*`` stands for the letter X of an identity number."""
    keys = keys.rstrip("#")
    return keys.replace("*", "X") if identity_digits else keys
