"""The voice service: a scripted caller follows the VoiceXML documents as an IVR platform
would (parse, say the prompts, submit the field's value or the noinput/nomatch event) and
walks every menu path."""

from datetime import timedelta

import pytest
from lxml import etree

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.exams.models import ExamBooking
from jiaoguan.hotline import voice
from jiaoguan.hotline.models import Contact
from jiaoguan.hotline.rules import voice as machine
from tests.exams.factories import make_application, make_session
from tests.hotline.factories import PIN, make_texter

pytestmark = pytest.mark.django_db
NS = {"v": "http://www.w3.org/2001/vxml"}
NUMBER = "13900001111"


def _literal(expr: str) -> str:
    assert expr.startswith("'")
    assert expr.endswith("'")
    return expr[1:-1]


class Caller:
    """A minimal VoiceXML interpreter for the documents of /voice/."""

    def __init__(self, client, number: str = NUMBER):
        self.client, self.number = client, number
        self.heard: list[str] = []

    def _load(self, response) -> None:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/voicexml+xml")
        self.doc = etree.fromstring(response.content)
        assert self.doc.tag == "{http://www.w3.org/2001/vxml}vxml"
        assert self.doc.get("version") == "2.1"
        self.vars = {v.get("name"): v.get("expr") for v in self.doc.iterfind(".//v:var", NS)}
        self.prompts = [a.text for a in self.doc.iterfind(".//v:prompt/v:audio", NS)]
        self.heard.extend(self.prompts)

    def _submit(self, element, **values) -> None:
        submit = element.find(".//v:submit", NS)
        names = submit.get("namelist").split()
        data = {name: _literal(self.vars[name]) for name in names if name in self.vars}
        data.update({name: value for name, value in values.items() if name in names})
        self._load(self.client.post(submit.get("next"), data))

    def dial(self) -> "Caller":
        entry = self.client.get("/voice/")
        self._load(entry)
        assert self.vars["caller"] == "session.connection.remote.uri"
        self.vars["caller"] = f"'tel:+86{self.number}'"
        self._submit(self.doc)
        return self

    @property
    def said(self) -> str:
        return " ".join(self.prompts)

    @property
    def waiting_for(self) -> str:
        field = self.doc.find(".//v:field", NS)
        if field is None:
            return ""
        return field.find("{http://www.w3.org/2001/06/grammar}grammar").get("root")

    def press(self, keys: str) -> "Caller":
        assert self.waiting_for, "the call waits for nothing"
        self._submit(self.doc.find(".//v:filled", NS), key=keys)
        return self

    def silence(self) -> "Caller":
        self._submit(self.doc.find(".//v:noinput", NS))
        return self

    def wrong(self) -> "Caller":
        self._submit(self.doc.find(".//v:nomatch", NS))
        return self

    @property
    def transferred(self) -> bool:
        return self.doc.find(".//v:transfer", NS) is not None

    @property
    def hung_up(self) -> bool:
        return self.doc.find(".//v:disconnect", NS) is not None


def _booking(user, days: int) -> ExamBooking:
    application = make_application(person=user.person)
    session = make_session(exam_on=clock.today() + timedelta(days=days))
    return ExamBooking.objects.create(
        application=application,
        session=session,
        subject=session.subject,
        exam_on=session.plan.exam_on,
        created_at=clock.now(),
    )


def test_an_unknown_number_is_told_to_register_and_reaches_a_person_after_silence(client):
    call = Caller(client, "13700000000").dial()
    assert "尚未绑定" in call.said
    assert call.waiting_for == "key"
    call.silence().silence()
    assert "没有听到您的按键" in call.said
    call.silence()
    assert call.transferred
    outcomes = set(Contact.objects.values_list("outcome", flat=True))
    assert outcomes == {Contact.Outcome.NOT_BOUND, Contact.Outcome.TRANSFERRED}


def test_a_caller_walks_every_menu_with_the_pin(client):
    user = make_texter(points=[(clock.today() - timedelta(days=2), 3)])
    booking = _booking(user, 10)
    call = Caller(client).dial()
    assert "请输入您的查询密码" in call.said
    assert call.waiting_for == "pin"
    call.press(PIN + "#")
    assert "记分，请按一" in call.said
    call.press("1")
    assert "已记3分" in call.said
    assert "年" in call.said  # dates read as 年月日
    assert "-" not in call.prompts[0]
    first = call.prompts[0]
    call.press("9")
    assert call.prompts[0] == first  # 9 repeats
    call.press("*").press("2")
    assert "违法" in call.said
    call.press("*").press("3")
    assert "检验" in call.said
    call.press("*").press("4")
    assert "可以取消" in call.said
    assert "QX" not in call.said
    call.press("2")
    assert "确定取消" in call.said
    call.press("1")
    assert "已取消" in call.said
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    call.press("0")
    assert call.transferred
    reads = AuditEvent.objects.filter(action="hotline.query", data__channel="voice")
    assert reads.count() == 5
    answered = Contact.objects.filter(channel="voice", outcome=Contact.Outcome.ANSWERED)
    assert sorted(answered.values_list("command", flat=True)) == [
        "appointment", "appointment", "inspection", "points", "violations",
    ]  # fmt: skip


def test_wrong_keys_are_said_to_be_wrong_and_three_go_to_a_person(client):
    make_texter()
    call = Caller(client).dial().press(PIN + "#")
    call.press("7")
    assert "按键无效" in call.said
    assert "请按一" in call.said
    call.wrong()
    assert not call.transferred
    call.press("8")
    assert call.transferred


def test_wrong_pins_are_refused_counted_and_three_go_to_a_person(client):
    make_texter(points=[(clock.today(), 6)])
    call = Caller(client).dial().press("1111#")
    assert "密码不正确" in call.said
    assert "6分" not in " ".join(call.heard)
    call.press("2222#").press("3333#")
    assert call.transferred
    assert "6分" not in " ".join(call.heard)
    assert not AuditEvent.objects.filter(action="hotline.query").exists()


def test_a_caller_without_a_pin_hears_where_to_set_one(client):
    make_texter(pin=None)
    call = Caller(client).dial().press("1234#")
    assert "尚未设置查询密码" in call.said
    call.press("5")
    assert call.hung_up
    assert "再见" in call.said


def test_identity_digits_take_star_for_x(client, settings):
    settings.JIAOGUAN_HOTLINE_SECRET = "identity_digits"
    user = make_texter()
    person = user.person
    person.id_number = person.id_number[:17] + "X"  # the check letter, for the keys' sake
    person.save()
    call = Caller(client).dial()
    assert "后六位" in call.said
    call.press(person.id_number[-6:-1] + "*#")
    assert "记分，请按一" in call.said


def test_a_silent_pin_prompt_is_repeated(client):
    make_texter()
    call = Caller(client).dial().silence()
    assert "没有听到您的按键" in call.said
    assert call.waiting_for == "pin"


def test_a_forged_or_old_state_ends_the_call(client):
    response = client.post("/voice/turn/", {"state": "forged:value", "key": "1"})
    caller = Caller(client)
    caller._load(response)
    assert caller.hung_up
    assert "通话已超时" in caller.said


def test_another_person_is_never_answered_from_a_tampered_token(client):
    make_texter()
    call = Caller(client).dial().press(PIN + "#")
    token = _literal(call.vars["state"])
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.post("/voice/turn/", {"state": tampered, "key": "1"})
    assert (
        b"\xe9\x80\x9a\xe8\xaf\x9d\xe5\xb7\xb2\xe8\xb6\x85\xe6\x97\xb6" in response.content
    )  # 通话已超时


def test_the_prompts_are_spoken_audio(client):
    make_texter()
    call = Caller(client).dial()
    src = call.doc.find(".//v:audio", NS).get("src")
    audio = client.get(src)
    assert audio.status_code == 200
    assert audio["Content-Type"] == "audio/wav"
    assert audio.content[:4] == b"RIFF"
    assert audio.content[8:12] == b"WAVE"
    assert client.get("/voice/audio/" + "0" * 32 + ".wav").status_code == 404


def test_the_platform_token_is_required_when_set(client, settings):
    settings.JIAOGUAN_HOTLINE_VOICE_TOKEN = "ivr-shared-token"
    assert client.get("/voice/").status_code == 403
    assert client.post("/voice/turn/", {"caller": "tel:+8613900001111"}).status_code == 403
    make_texter()
    entry = client.get("/voice/?token=ivr-shared-token")
    assert b"ivr-shared-token" in entry.content


@pytest.mark.parametrize(
    ("uri", "number"),
    [
        ("tel:+8613900001111", "13900001111"),
        ("sip:13900001111@ims.carrier.example;user=phone", "13900001111"),
        ("13900001111", "13900001111"),
    ],
)
def test_caller_numbers_are_read_from_the_platforms_uris(uri, number):
    assert voice.caller_number(uri) == number


def test_the_machine_transfers_after_three_silences_on_any_node():
    state = machine.State(node=machine.Node.MENU, bound=True, confirmed=True)
    for _ in range(machine.MAX_RETRIES - 1):
        step = machine.step(state, "noinput")
        assert step.effect is machine.Effect.NONE
        state = step.state
    assert machine.step(state, "noinput").effect is machine.Effect.TRANSFER


def test_the_machine_never_answers_before_the_pin():
    state = machine.State(node=machine.Node.PIN, bound=True)
    for key in ["1", "2", "*", "9"]:
        assert machine.step(state, key).effect is not machine.Effect.ANSWER


def test_officers_see_counts_of_sms_and_calls_but_no_numbers(client):
    from tests.backoffice.test_lookup import log_in, officer_with_device

    make_texter()
    Caller(client).dial().press(PIN + "#").press("1")
    Caller(client, "13700000000").dial()
    officer, device = officer_with_device(permissions=("hotline.view_contact",))
    client.logout()
    log_in(client, officer, device)
    page = client.get("/backoffice/hotline/").content.decode()
    assert "号码未绑定" in page
    assert "已答复" in page
    assert "points" in page
    assert NUMBER not in page
    assert "13700000000" not in page
