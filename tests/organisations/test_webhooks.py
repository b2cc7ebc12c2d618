"""Reports pushed as signed webhooks (Standard Webhooks) through the delivery engine, to a
receiver that fails, times out and gets duplicates; the receiver verifies every attempt with
the specification's reference library (``standardwebhooks``)."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, PermissionDenied
from jiaoguan.delivery import deliver_one
from jiaoguan.gateways import webhooks as gateway
from jiaoguan.identity.actors import system_actor
from jiaoguan.organisations import services
from jiaoguan.organisations.models import WebhookDelivery
from jiaoguan.organisations.rules import webhooks as signing
from tests.organisations.factories import add_staff, open_account
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


def test_the_signature_is_the_reference_librarys():
    secret = signing.secret_new()
    body = b'{"type":"x"}'
    headers = signing.headers(secret, "msg_1", int(time.time()), body)
    assert Webhook(secret).verify(body, headers) == {"type": "x"}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(b'{"type":"y"}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.secret_new()).verify(body, headers)


class Receiver:
    """A receiver answering from a script: ``fail`` (503), ``slow`` (takes the message, then
    answers too late: the sender times out and sends it again), ``ok``."""

    def __init__(self, secret: str, script: list[str]) -> None:
        self.secret, self.script = secret, list(script)
        self.attempts: list[str] = []
        self.accepted: dict[str, dict] = {}
        self.bad_signatures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                except WebhookVerificationError:
                    receiver.bad_signatures += 1
                    self.send_response(400)
                    self.end_headers()
                    return
                message_id = headers["webhook-id"]
                receiver.attempts.append(message_id)
                step = receiver.script.pop(0) if receiver.script else "ok"
                if step == "fail":
                    self.send_response(503)
                    self.end_headers()
                    return
                receiver.accepted.setdefault(message_id, payload)  # once per webhook-id
                if step == "slow":
                    time.sleep(gateway.TIMEOUT_SECONDS * 3)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _account_with_overdue_vehicle(records: int = 3):
    account, _admin, actor = open_account()
    vehicle = make_vehicle(organization=account.organization)
    for _ in range(records):
        make_entered_record(vehicle, entered_on=clock.today() - timedelta(days=45))
    return account, actor, vehicle


def _due_now(delivery_id: int) -> None:
    WebhookDelivery.objects.filter(pk=delivery_id).update(not_before=clock.now())


def test_a_report_reaches_a_receiver_that_fails_times_out_and_sees_duplicates(monkeypatch):
    monkeypatch.setattr(gateway, "TIMEOUT_SECONDS", 0.5)
    account, actor, vehicle = _account_with_overdue_vehicle()
    quiet, _actor, _vehicle = _account_with_overdue_vehicle(records=2)  # below the threshold
    endpoint, secret = services.webhook_endpoint_create(
        actor=actor, url="https://placeholder.example/"
    )
    receiver = Receiver(secret, ["fail", "slow", "ok"])
    try:
        endpoint.url = receiver.url
        endpoint.save(update_fields=["url"])
        assert services.unhandled_report_run(actor=system_actor("test"), as_of=clock.today()) == 1
        # a rerun in the same month adds nothing
        assert services.unhandled_report_run(actor=system_actor("test"), as_of=clock.today()) == 0
        delivery = WebhookDelivery.objects.get()
        assert delivery.endpoint.account == account
        results = []
        for _ in range(3):
            results.append(deliver_one("organisations.webhook", delivery.pk).status)
            _due_now(delivery.pk)
        assert results == ["retry", "retry", "delivered"]
    finally:
        receiver.close()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 3
    assert delivery.response_status == 204
    assert receiver.bad_signatures == 0
    assert receiver.attempts == [delivery.message_id] * 3  # one webhook-id on every attempt
    [payload] = receiver.accepted.values()  # the duplicate was taken once
    assert payload["type"] == "report.unhandled_violations"
    assert payload["data"]["vehicles"] == [
        {"plate_number": vehicle.plate_number, "overdue_unhandled": 3}
    ]
    assert quiet.organization.vehicles.get().plate_number not in json.dumps(payload)


def test_a_receiver_refusing_for_good_fails_the_delivery(monkeypatch):
    _account, actor, _vehicle = _account_with_overdue_vehicle()
    endpoint, _secret = services.webhook_endpoint_create(actor=actor, url="https://x.example/")
    receiver = Receiver("whsec_" + "A" * 32, [])  # a receiver with another secret: 400
    try:
        endpoint.url = receiver.url
        endpoint.save(update_fields=["url"])
        services.unhandled_report_run(actor=system_actor("test"), as_of=clock.today())
        delivery = WebhookDelivery.objects.get()
        assert deliver_one("organisations.webhook", delivery.pk).status == "failed"
    finally:
        receiver.close()
    assert receiver.bad_signatures == 1


def test_endpoints_are_the_administrators_and_well_formed():
    _account, _admin, actor = open_account()
    _staff, operator = add_staff(actor, "operator")
    with pytest.raises(PermissionDenied):
        services.webhook_endpoint_create(actor=operator, url="https://erp.example.com/hooks")
    with pytest.raises(ApplicationError) as refusal:
        services.webhook_endpoint_create(actor=actor, url="ftp://erp.example.com/")
    assert refusal.value.code == "organisations.webhook.url_invalid"
    endpoint, secret = services.webhook_endpoint_create(
        actor=actor, url="https://erp.example.com/hooks"
    )
    assert secret.startswith("whsec_")
    other = open_account()[2]
    with pytest.raises(ApplicationError) as refusal:
        services.webhook_endpoint_disable(actor=other, endpoint_id=endpoint.pk)
    assert refusal.value.code == "organisations.webhook.not_found"
    with pytest.raises(PermissionDenied):
        services.unhandled_report_run(actor=actor, as_of=clock.today())


def test_the_delivery_log_is_the_organisations_own_and_replays():
    from tests.organisations.test_api import staff_client

    mine, theirs = _account_with_overdue_vehicle(), _account_with_overdue_vehicle()
    for _account, actor, _vehicle in (mine, theirs):
        services.webhook_endpoint_create(actor=actor, url="https://erp.example.com/hooks")
    services.unhandled_report_run(actor=system_actor("test"), as_of=clock.today())
    admin = mine[0].staff.get()
    client = staff_client(admin)
    log = client.get("/api/v1/org/webhook-deliveries").json()
    [entry] = log
    assert WebhookDelivery.objects.get(pk=entry["id"]).endpoint.account == mine[0]
    other = WebhookDelivery.objects.exclude(pk=entry["id"]).get()
    answer = client.post(f"/api/v1/org/webhook-deliveries/{other.pk}/replay")
    assert answer.status_code == 404
    WebhookDelivery.objects.filter(pk=entry["id"]).update(status="failed", attempts=8)
    answer = client.post(f"/api/v1/org/webhook-deliveries/{entry['id']}/replay")
    assert answer.status_code == 200
    assert answer.json()["status"] == "queued"
    assert answer.json()["attempts"] == 0
    created = client.post(
        "/api/v1/org/webhooks", {"url": "https://b.example.com/"}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["secret"].startswith("whsec_")
    assert all("secret" not in row for row in client.get("/api/v1/org/webhooks").json())


def test_the_monthly_task_queues_the_report():
    from django.conf import settings

    from jiaoguan.organisations.tasks import unhandled_report_run

    _account, actor, _vehicle = _account_with_overdue_vehicle()
    services.webhook_endpoint_create(actor=actor, url="https://erp.example.com/hooks")
    assert unhandled_report_run() == 1
    assert unhandled_report_run() == 0
    entry = settings.CELERY_BEAT_SCHEDULE["organisations-unhandled-report"]
    assert entry["task"] == "jiaoguan.organisations.tasks.unhandled_report_run"


def test_the_webhooks_page_is_the_administrators():
    from tests.organisations.test_api import staff_client

    account, actor, _vehicle = _account_with_overdue_vehicle()
    client = staff_client(account.staff.get())
    page = client.post("/org/webhooks/", {"url": "https://erp.example.com/hooks"})
    assert "whsec_" in page.content.decode()
    services.unhandled_report_run(actor=system_actor("test"), as_of=clock.today())
    delivery = WebhookDelivery.objects.get()
    assert delivery.message_id in client.get("/org/webhooks/").content.decode()
    viewer, _ = add_staff(actor, "viewer")
    assert staff_client(viewer).get("/org/webhooks/").status_code == 403
    other = open_account()[1]
    assert delivery.message_id not in staff_client(other).get("/org/webhooks/").content.decode()
