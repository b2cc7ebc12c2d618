"""The SMS command grammar: every command in every spelling, full width, unknown input."""

from datetime import date

import pytest

from jiaoguan.hotline.rules import replies
from jiaoguan.hotline.rules.grammar import (
    DEFAULT_WORDS,
    Action,
    Command,
    normalize,
    parse,
    usage,
)

SPELLINGS = {
    Command.POINTS: ["JF", "jf", "Jf", "ＪＦ", "ｊｆ", "jifen", "积分", "记分"],
    Command.VIOLATIONS: ["WF", "wf", "ＷＦ", "weifa", "违法", "违章"],
    Command.INSPECTION: ["JY", "jy", "ＪＹ", "jianyan", "检验", "年检"],
    Command.APPOINTMENT: ["YY", "yy", "ＹＹ", "yuyue", "预约"],
    Command.STOP: ["TD", "td", "ＴＤ", "tuiding", "退订"],
    Command.HELP: ["BZ", "bz", "帮助", "help", "HELP", "?", "？", "ＨＥＬＰ"],
}


@pytest.mark.parametrize(
    ("word", "command"),
    [(word, command) for command, words in SPELLINGS.items() for word in words],
)
def test_every_spelling_of_every_command_is_understood(word, command):
    parsed = parse(word)
    assert parsed.command is command
    assert parsed.understood
    assert parsed.action is Action.SHOW
    assert parsed.secret == ""


@pytest.mark.parametrize(
    "text",
    [
        "JF 1234",
        "JF1234",
        "jf  1234 ",
        "ＪＦ　１２３４",
        "ＪＦ１２３４",
        "积分1234",
        "积分：1234",
        "JF+1234",
        "jf,1234",
        "　jf 1234　",
    ],
)
def test_secret_after_the_command_in_any_width_and_spacing(text):
    assert parse(text) == parse("JF 1234")
    assert parse(text).secret == "1234"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("WF 123456", "123456"),
        ("WF 12345X", "12345X"),
        ("wf 12345x", "12345X"),
        ("ＷＦ　１２３４５ｘ", "12345X"),
        ("检验 4321", "4321"),
        ("JY 98765", "98765"),
    ],
)
def test_pins_and_identity_digits(text, secret):
    assert parse(text).secret == secret


@pytest.mark.parametrize(
    ("text", "action", "secret"),
    [
        ("YY", Action.SHOW, ""),
        ("YY QR 1234", Action.CONFIRM, "1234"),
        ("yy qr", Action.CONFIRM, ""),
        ("YY 确认 1234", Action.CONFIRM, "1234"),
        ("预约确认1234", Action.CONFIRM, "1234"),
        ("YY QX 123456", Action.CANCEL, "123456"),
        ("ＹＹ　ＱＸ　１２３４５６", Action.CANCEL, "123456"),
        ("预约取消123456", Action.CANCEL, "123456"),
        ("yuyue quxiao 1234", Action.CANCEL, "1234"),
        ("YY QX12345X", Action.CANCEL, "12345X"),
    ],
)
def test_appointment_sub_actions(text, action, secret):
    parsed = parse(text)
    assert parsed.command is Command.APPOINTMENT
    assert (parsed.action, parsed.secret) == (action, secret)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "你好",
        "JFX",
        "JF 12",
        "JF 1234567",
        "JF 1234 5678",
        "JF abc",
        "TD 1234",
        "帮助 1234",
        "QX 1234",
        "JF QX 1234",
        "X" * 200,
        "JF " + "1" * 200,
        "🙂",
        "12345",
        "WF 1234X",
    ],
)
def test_anything_else_is_answered_with_help(text):
    parsed = parse(text)
    assert parsed.command is Command.HELP
    assert not parsed.understood


def test_personal_commands_are_the_four_queries():
    assert {c for c in Command if parse(SPELLINGS[c][0]).personal} == {
        Command.POINTS,
        Command.VIOLATIONS,
        Command.INSPECTION,
        Command.APPOINTMENT,
    }


def test_normalize_folds_width_case_and_punctuation():
    assert normalize("ＪＦ，１２３４！") == "JF 1234"
    assert normalize("\u3000Yy\tqx\n") == "YY QX"


def test_operator_words_replace_the_default_table():
    words = {**DEFAULT_WORDS, "CX": Command.POINTS}
    assert parse("cx 1234", words=words).command is Command.POINTS
    assert parse("CX 1234").command is Command.HELP


def test_help_lists_every_command_and_fits_one_sms():
    text = replies.help_text()
    for command in Command:
        if command is not Command.HELP:
            assert usage()[command][0] in text
    assert len(text) <= replies.SINGLE


def test_usage_lists_latin_initials_first():
    assert usage()[Command.POINTS][0] == "JF"
    assert usage()[Command.STOP][0] == "TD"


def test_segments_count_ucs2_sms():
    assert replies.segments("字" * 70) == 1
    assert replies.segments("字" * 71) == 2
    assert replies.segments("字" * 134) == 2
    assert replies.segments("字" * 135) == 3


def test_common_answers_fit_one_sms():
    day = date(2027, 12, 31)
    texts = [
        replies.points_text(replies.Points(12, day)),
        replies.violations_text(
            [
                replies.Violation("京A12345", day, 6, 200),
                replies.Violation("京A12345", day, 3, 200),
                replies.Violation("京A12345", day, 3, 200),
            ]
        ),
        replies.inspection_text(
            [
                replies.Inspection("京A12345", day, day, day),
                replies.Inspection("京B1", day, day, day),
            ]
        ),
        replies.appointment_text(replies.Appointment("科目一", "朝阳考场", day, True)),
        replies.secret_needed(identity_digits=True),
        replies.not_bound(),
        replies.stopped(),
    ]
    for text in texts:
        assert len(text) <= replies.SINGLE, text
