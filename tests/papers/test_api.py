"""The public replacement calculator: every document × reason, plates by type, and clear
422s in Chinese and English for impossible combinations."""

import itertools

import pytest

from jiaoguan.papers.models import FeeRate

URL = "/api/v1/calculators/replacement"

DOCUMENTS = (
    "driving_license",
    "vehicle_license",
    "plates",
    "inspection_mark",
    "registration_certificate",
)
REASONS = ("lost", "damaged", "expiry", "details_changed", "move_in")

# (fee, statutory working days, online, old document returned); None: impossible (422).
EXPECTED = {
    ("driving_license", "lost"): ("10.00", 1, True, False),
    ("driving_license", "damaged"): ("10.00", 1, True, False),
    ("driving_license", "expiry"): ("10.00", 1, True, False),
    ("driving_license", "details_changed"): ("10.00", 1, True, True),
    ("driving_license", "move_in"): ("10.00", 1, True, True),
    ("vehicle_license", "lost"): ("10.00", 1, True, False),
    ("vehicle_license", "damaged"): ("10.00", 1, True, True),
    ("vehicle_license", "expiry"): None,
    ("vehicle_license", "details_changed"): ("10.00", 1, False, True),
    ("vehicle_license", "move_in"): None,
    ("plates", "lost"): ("100.00", 15, True, False),
    ("plates", "damaged"): ("100.00", 15, True, True),
    ("plates", "expiry"): None,
    ("plates", "details_changed"): None,
    ("plates", "move_in"): None,
    ("inspection_mark", "lost"): ("0.00", 1, True, False),
    ("inspection_mark", "damaged"): ("0.00", 1, True, False),
    ("inspection_mark", "expiry"): None,
    ("inspection_mark", "details_changed"): None,
    ("inspection_mark", "move_in"): None,
    ("registration_certificate", "lost"): ("10.00", 1, False, False),
    ("registration_certificate", "damaged"): ("10.00", 1, False, True),
    ("registration_certificate", "expiry"): None,
    ("registration_certificate", "details_changed"): None,
    ("registration_certificate", "move_in"): None,
}

pytestmark = pytest.mark.django_db


def test_expected_covers_every_combination():
    assert set(EXPECTED) == set(itertools.product(DOCUMENTS, REASONS))


@pytest.mark.parametrize(("document", "reason"), sorted(EXPECTED))
def test_every_document_and_reason(client, document, reason):
    answer = client.get(URL, {"document": document, "reason": reason, "as_of": "2026-06-01"})
    expected = EXPECTED[(document, reason)]
    if expected is None:
        assert answer.status_code == 422
        body = answer.json()
        assert body["code"] == "papers.replacement.impossible"
        assert "补换领" in body["message"]
        return
    assert answer.status_code == 200, answer.content
    body = answer.json()
    fee, days, online, returned = expected
    assert body["fee"] == fee
    assert body["statutory_working_days"] == days
    assert body["online"] is online
    assert body["old_document_returned"] is returned
    assert bool(body["counter_reason"]) is (not online)


def test_impossible_combination_in_english(client):
    answer = client.get(URL, {"document": "plates", "reason": "expiry"}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 422
    message = answer.json()["message"]
    assert message.isascii()
    assert "replace" in message.lower()


@pytest.mark.parametrize(
    ("params", "fee"),
    [
        ({"plate_type": "02"}, "100.00"),
        ({"plate_type": "02", "reflective": "false"}, "80.00"),
        ({"plate_type": "52", "temporary_plate": "true"}, "105.00"),
        ({"plate_type": "15"}, "50.00"),
        ({"plate_type": "13", "reflective": "false"}, "25.00"),
        ({"plate_type": "07"}, "35.00"),
        ({"plate_type": "07", "as_of": "2019-12-31"}, "70.00"),
        ({"plate_type": "08", "reflective": "false"}, "50.00"),
    ],
)
def test_plate_fees_by_type_and_date(client, params, fee):
    answer = client.get(
        URL, {"document": "plates", "reason": "lost", "as_of": "2026-06-01", **params}
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["fee"] == fee


@pytest.mark.parametrize("plate_type", ["22", "20", "26", "99"])
def test_plate_types_not_replaced_here_get_422(client, plate_type):
    answer = client.get(URL, {"document": "plates", "reason": "lost", "plate_type": plate_type})
    assert answer.status_code == 422
    assert answer.json()["code"] == "papers.replacement.plate_type"


@pytest.mark.parametrize(
    "params",
    [
        {"document": "passport", "reason": "lost"},
        {"document": "plates", "reason": "stolen"},
        {"document": "plates", "reason": "lost", "plate_type": "2"},
        {"reason": "lost"},
    ],
)
def test_bad_input_is_a_422_not_a_500(client, params):
    assert client.get(URL, params).status_code == 422


def test_plate_type_is_ignored_for_other_documents(client):
    answer = client.get(URL, {"document": "driving_license", "reason": "lost", "plate_type": "22"})
    assert answer.json()["fee"] == "10.00"


def test_an_operator_changed_fee_applies_from_its_date(client):
    FeeRate.objects.filter(item="driving_license").update(effective_until="2026-12-31")
    FeeRate.objects.create(
        item="driving_license", amount="12.00", unit="本", effective_from="2027-01-01"
    )
    old = client.get(URL, {"document": "driving_license", "reason": "lost", "as_of": "2026-12-31"})
    new = client.get(URL, {"document": "driving_license", "reason": "lost", "as_of": "2027-01-01"})
    assert (old.json()["fee"], new.json()["fee"]) == ("10.00", "12.00")


def test_no_rate_on_the_day_is_a_422(client):
    FeeRate.objects.filter(item="driving_license").delete()
    answer = client.get(URL, {"document": "driving_license", "reason": "lost"})
    assert answer.status_code == 422
    assert answer.json()["code"] == "papers.fee.unknown"
