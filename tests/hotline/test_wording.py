"""Officers edit the SMS command words and the voice prompts as versions."""

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.hotline import services, wording
from jiaoguan.hotline.models import WordingVersion
from jiaoguan.hotline.rules import wording as rules
from jiaoguan.hotline.rules.grammar import DEFAULT_WORDS, Command, parse, usage
from jiaoguan.hotline.rules.voice import PROMPTS
from jiaoguan.identity.actors import system_actor
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.hotline.factories import PIN, make_texter

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("test")


def defaults() -> tuple[dict[str, str], dict[str, str]]:
    table = usage(DEFAULT_WORDS)
    return {str(c): " ".join(table[c]) for c in Command}, dict(PROMPTS)


def test_the_words_check_refuses_a_word_for_two_commands_digits_and_a_command_without_words():
    words, _ = defaults()
    words["violations"] += " jf"  # JF already asks for points
    words["stop"] = ""
    words["help"] = "BZ 1234"
    table, problems = rules.words_check(words)
    assert problems == {
        "violations": rules.Problem.TWICE,
        "stop": rules.Problem.NO_WORD,
        "help": rules.Problem.DIGITS,
    }
    assert table["JF"] == "points"


def test_the_prompts_check_keeps_the_answer_placeholder_and_nothing_else():
    _, prompts = defaults()
    prompts["answer"] = "答复如下"
    prompts["menu"] = "请按 {key}"
    prompts["goodbye"] = "   "
    _, problems = rules.prompts_check(prompts)
    assert problems == {
        "answer": rules.Problem.PLACEHOLDER,
        "menu": rules.Problem.PLACEHOLDER,
        "goodbye": rules.Problem.EMPTY,
    }


def test_a_new_word_answers_sms_at_once_and_the_old_version_is_kept():
    make_texter()
    words, prompts = defaults()
    words["points"] += " 分数"
    first = wording.wording_publish(actor=SYSTEM, words=words, prompts=prompts, note="加“分数”")
    assert first.number == 1
    assert parse("分数 2468", words=wording.current_words()).command is Command.POINTS
    contact = services.sms_receive(sender="13900001111", text=f"分数 {PIN}")
    assert contact.command == "points"
    second = wording.wording_publish(actor=SYSTEM, words=words, prompts=prompts, note="again")
    assert [v.number for v in WordingVersion.objects.all()] == [second.number, 1]
    assert AuditEvent.objects.filter(action="hotline.wording.published").count() == 2


def test_a_refused_version_says_what_to_fix_and_stores_nothing():
    words, prompts = defaults()
    words["stop"] = ""
    with pytest.raises(ApplicationError) as refused:
        wording.wording_publish(actor=SYSTEM, words=words, prompts=prompts, note="")
    assert refused.value.code == "hotline.wording.invalid"
    assert set(refused.value.fields) == {"words.stop", "note"}
    assert not WordingVersion.objects.exists()


def test_an_officer_edits_a_prompt_in_the_back_office_and_a_call_says_it(client):
    officer, device = officer_with_device(permissions=("hotline.add_wordingversion",))
    log_in(client, officer, device)
    page = client.get("/backoffice/hotline/wording/").content.decode()
    assert "JF JIFEN" in page
    words, prompts = defaults()
    form = {f"words.{k}": v for k, v in words.items()}
    form |= {f"prompts.{k}": v for k, v in prompts.items()}
    form["prompts.welcome"] = "您好，欢迎致电一二一二三交通安全服务热线。"
    form["note"] = "问候语更亲切"
    assert client.post("/backoffice/hotline/wording/", form).status_code == 302
    assert WordingVersion.objects.get().created_by == officer
    client.logout()
    entry = client.post("/voice/turn/", {"caller": "tel:+8613700000000"})
    assert "欢迎致电" in entry.content.decode()


def test_the_wording_page_shows_problems_next_to_their_fields(client):
    officer, device = officer_with_device(permissions=("hotline.add_wordingversion",))
    log_in(client, officer, device)
    words, prompts = defaults()
    form = {f"words.{k}": v for k, v in words.items()}
    form |= {f"prompts.{k}": v for k, v in prompts.items()}
    form["words.help"] = ""
    form["note"] = "x"
    page = client.post("/backoffice/hotline/wording/", form).content.decode()
    assert "每条指令至少要有一个词" in page
    assert not WordingVersion.objects.exists()
