import pytest
from django.test import override_settings

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity import services
from jiaoguan.identity.models import ApiToken
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen

pytestmark = pytest.mark.django_db
PHONE = "13600000020"


@pytest.fixture
def request_reset(django_capture_on_commit_callbacks):
    def run(phone=PHONE, ip_address=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.password_reset_request(phone=phone, ip_address=ip_address)

    return run


def test_a_reset_sets_the_new_password_lifts_the_lock_and_revokes_tokens(request_reset, sms_code):
    user = make_citizen(phone=PHONE)
    services.api_token_issue(user=user)
    for _ in range(5):
        with pytest.raises(ApplicationError):
            services.login_with_password(identifier=PHONE, password="wrong")
    challenge = request_reset()
    services.password_reset_complete(
        challenge_id=challenge.pk, code=sms_code(PHONE), password="Harbour-Lights-42"
    )
    assert services.login_with_password(identifier=PHONE, password="Harbour-Lights-42") == user
    with pytest.raises(ApplicationError):
        services.login_with_password(identifier=PHONE, password=DEFAULT_PASSWORD)
    assert not ApiToken.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="identity.password_reset.completed").count() == 1


def test_a_weak_new_password_keeps_the_code_usable(request_reset, sms_code):
    make_citizen(phone=PHONE)
    challenge = request_reset()
    with pytest.raises(ApplicationError) as caught:
        services.password_reset_complete(
            challenge_id=challenge.pk, code=sms_code(PHONE), password="password"
        )
    assert caught.value.code == "identity.password.weak"
    services.password_reset_complete(
        challenge_id=challenge.pk, code=sms_code(PHONE), password="Harbour-Lights-42"
    )


def test_a_reset_code_cannot_log_in_and_a_login_code_cannot_reset(request_reset, sms_code):
    make_citizen(phone=PHONE)
    reset = request_reset()
    with pytest.raises(ApplicationError):
        services.login_with_code(challenge_id=reset.pk, code=sms_code(PHONE))


def test_an_unknown_phone_gets_no_code_only_a_decoy_challenge(request_reset):
    from jiaoguan.gateways.models import OutboxMessage

    decoy = request_reset(phone="13600000099")
    assert decoy.code_digest == ""  # no code opens it
    assert not OutboxMessage.objects.exists()


@override_settings(JIAOGUAN_SMS_PER_ADDRESS_PER_HOUR=3)
def test_one_address_cannot_send_more_than_its_hourly_share_of_codes(request_reset):
    for index in range(3):
        make_citizen(phone=f"1360000003{index}")
        request_reset(phone=f"1360000003{index}", ip_address="203.0.113.9")
    make_citizen(phone="13600000039")
    with pytest.raises(ApplicationError) as caught:
        request_reset(phone="13600000039", ip_address="203.0.113.9")
    assert caught.value.code == "identity.rate_limited"
    assert caught.value.status == 429
    assert request_reset(phone="13600000039", ip_address="198.51.100.7") is not None


@override_settings(JIAOGUAN_LOGINS_PER_ADDRESS_PER_HOUR=4)
def test_one_address_cannot_try_passwords_without_end():
    users = [make_citizen(phone=f"1360000004{index}") for index in range(3)]
    for user in users:  # spread over accounts, so no single account locks
        with pytest.raises(ApplicationError):
            services.login_with_password(
                identifier=user.phone, password="guess", ip_address="203.0.113.9"
            )
    services.login_with_password(
        identifier=users[0].phone, password=DEFAULT_PASSWORD, ip_address="203.0.113.9"
    )
    with pytest.raises(ApplicationError) as caught:
        services.login_with_password(
            identifier=users[1].phone, password=DEFAULT_PASSWORD, ip_address="203.0.113.9"
        )
    assert caught.value.code == "identity.rate_limited"


def test_a_revoked_token_no_longer_opens_anything(client):
    user = make_citizen()
    key = services.api_token_issue(user=user)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/me", **headers).status_code == 200
    assert client.delete("/api/v1/accounts/tokens/current", **headers).status_code == 204
    assert client.get("/api/v1/me", **headers).status_code == 401
