"""The fee schedule in the admin: loaded by the migration, edited by an operator, every
change audited, overlapping periods refused."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.audit.models import AuditEvent
from jiaoguan.papers.models import FeeRate
from jiaoguan.papers.rules import DEFAULT_SCHEDULE
from tests.identity.factories import make_officer

pytestmark = pytest.mark.django_db


def _operator(client):
    operator = make_officer(username="fee0001")
    operator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="papers", codename__endswith="feerate")
    )
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    client.force_login(operator)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return operator


def test_migration_loads_the_national_schedule():
    assert FeeRate.objects.count() == len(DEFAULT_SCHEDULE)
    motorcycle = FeeRate.objects.filter(item="motorcycle_plates_reflective").order_by(
        "effective_from"
    )
    assert [(str(r.amount), r.effective_until) for r in motorcycle] == [
        ("70.00", date(2019, 12, 31)),
        ("35.00", None),
    ]
    assert FeeRate.objects.get(item="inspection_mark").uncertain


def test_operator_adds_a_new_rate_and_it_is_audited(client):
    _operator(client)
    FeeRate.objects.filter(item="driving_license").update(effective_until="2026-12-31")
    answer = client.post(
        "/admin/papers/feerate/add/",
        {
            "item": "driving_license",
            "amount": "12.00",
            "unit": "本",
            "effective_from": "2027-01-01",
            "basis": "新标准",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert FeeRate.objects.filter(item="driving_license", amount="12.00").exists()
    assert AuditEvent.objects.filter(action="papers.fee_rate.save").count() == 1


def test_overlapping_rate_is_refused_on_the_form(client):
    _operator(client)
    answer = client.post(
        "/admin/papers/feerate/add/",
        {
            "item": "driving_license",
            "amount": "12.00",
            "unit": "本",
            "effective_from": "2027-01-01",
        },
    )
    assert answer.status_code == 200
    assert "不能重叠" in answer.content.decode()
    assert not AuditEvent.objects.filter(action="papers.fee_rate.save").exists()


def test_an_empty_schedule_is_filled_and_a_kept_one_left_alone():
    from jiaoguan.papers.fees import fee_schedule_load

    assert fee_schedule_load() == 0
    FeeRate.objects.all().delete()
    assert fee_schedule_load() == len(DEFAULT_SCHEDULE)
    FeeRate.objects.filter(item="inspection_mark").delete()
    assert fee_schedule_load() == 0
    assert not FeeRate.objects.filter(item="inspection_mark").exists()
