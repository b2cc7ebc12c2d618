"""Each party signs with an SMS code sent to their own mobile (the platform's codes, as for
log-in), and the signature records which code confirmed it."""

import pytest

from jiaoguan.accidents import services
from jiaoguan.accidents.models import Party
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.models import SmsChallenge, User
from tests.accidents.factories import joined, known_code, make_driver, sign, sign_code

pytestmark = pytest.mark.django_db


def _proposed():
    a, b = make_driver(), make_driver()
    accident = joined(a, b)
    services.accident_propose(actor=a, accident=accident, scenario="rear_end", party="b")
    return accident, a, b


def _sign(driver, accident, challenge_id, code):
    with pytest.raises(ApplicationError) as refused:
        services.accident_sign(
            actor=driver, accident=accident, challenge_id=challenge_id, code=code
        )
    return refused.value.code


def test_the_code_goes_to_the_signers_own_mobile_and_is_recorded(
    django_capture_on_commit_callbacks, sms_code
):
    accident, a, _b = _proposed()
    with django_capture_on_commit_callbacks(execute=True):
        challenge_id = services.accident_sign_code(actor=a, accident=accident)
    challenge = SmsChallenge.objects.get(pk=challenge_id)
    assert (challenge.person_id, challenge.phone) == (a.person_id, a.phone)
    code = sms_code(a.phone)
    services.accident_sign(actor=a, accident=accident, challenge_id=challenge_id, code=code)
    own = Party.objects.get(accident=accident, person_id=a.person_id)
    assert own.signed_at is not None
    assert own.signed_with_sms == challenge_id
    [signed] = AuditEvent.objects.filter(action="accidents.signed", actor_id=a.pk)
    assert signed.data == {"sms_challenge": challenge_id}
    assert AuditEvent.objects.filter(action="accidents.sign_code_sent", actor_id=a.pk).exists()


def test_a_wrong_code_is_refused_and_counted():
    accident, a, _b = _proposed()
    challenge_id, code = sign_code(a, accident)
    assert _sign(a, accident, challenge_id, "000000") == "identity.sms.code_invalid"
    assert SmsChallenge.objects.get(pk=challenge_id).attempts == 1
    assert Party.objects.get(accident=accident, role="a").signed_at is None
    sign_ok = services.accident_sign(
        actor=a, accident=accident, challenge_id=challenge_id, code=code
    )
    assert sign_ok.case.state == "proposed"
    assert _sign(a, accident, challenge_id, code) == "accidents.already_signed"


def test_the_other_partys_code_does_not_sign_for_me():
    accident, a, b = _proposed()
    challenge_id, code = sign_code(b, accident)
    assert _sign(a, accident, challenge_id, code) == "identity.sms.code_invalid"
    services.accident_sign(actor=b, accident=accident, challenge_id=challenge_id, code=code)


def test_a_spent_code_does_not_sign_again_after_a_new_proposal(settings):
    settings.JIAOGUAN_SMS_CODE_RESEND_SECONDS = 0  # the second code comes at once here
    accident, a, b = _proposed()
    challenge_id, code = sign_code(a, accident)
    services.accident_sign(actor=a, accident=accident, challenge_id=challenge_id, code=code)
    services.accident_propose(actor=b, accident=accident, scenario="rear_end", party="a")
    assert Party.objects.get(accident=accident, role="a").signed_with_sms is None
    assert _sign(a, accident, challenge_id, code) == "identity.sms.code_invalid"
    sign(a, accident)


def test_without_a_mobile_there_is_no_code():
    accident, a, _b = _proposed()
    User.objects.filter(pk=a.pk).update(phone="")
    with pytest.raises(ApplicationError) as refused:
        services.accident_sign_code(actor=a, accident=accident)
    assert refused.value.code == "accidents.no_phone"
    assert known_code  # the helper the other tests use
