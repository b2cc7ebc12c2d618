"""The public calculators: real dates for known cases, clear 4xx errors for bad input."""

import pytest

VEHICLE = "/api/v1/calculators/vehicle-schedule"
LICENSE = "/api/v1/calculators/license-schedule"

GOOD_VEHICLE = {
    "vehicle_type": "K33",
    "use": "non_operating",
    "seats": "5",
    "registered_on": "2018-05-10",
    "as_of": "2026-11-21",
}
GOOD_LICENSE = {
    "first_issued_on": "2020-12-15",
    "valid_from": "2020-12-15",
    "validity": "6",
    "classes": "C1",
    "birth_date": "1990-03-07",
    "as_of": "2026-11-21",
}


def test_a_2018_private_car_is_due_a_test_lane_inspection_in_its_eighth_year_as_mark_only(client):
    body = client.get(VEHICLE, GOOD_VEHICLE).json()
    # Registered 2018-05: year 6 (2024-05) was the test lane, year 8 (2026-05) a mark only,
    # so on 2026-11-21 the next due is year 10, 2028-05, a test-lane year.
    assert body["next_due"] == "2028-05-31"
    assert body["next_kind"] == "test_lane"
    assert body["window_opens"] == "2028-03-01"
    assert body["scrap_on"] is None
    codes = [rule["code"] for rule in body["rules"]]
    assert "inspection.reform_2022.small_passenger" in codes
    assert all(rule["explanation"] for rule in body["rules"])


def test_a_taxi_has_an_eight_year_service_life(client):
    body = client.get(VEHICLE, {**GOOD_VEHICLE, "use": "taxi"}).json()
    assert body["scrap_on"] == "2026-05-10"
    assert body["status"] == "scrap_due"


def test_a_van_never_gets_a_mark_only_year(client):
    body = client.get(
        VEHICLE, {**GOOD_VEHICLE, "vehicle_type": "K39", "registered_on": "2024-06-01"}
    ).json()
    # A car would get a mark only at year 4 (2028-06); a van goes to the test lane.
    assert body["next_due"] == "2028-06-30"
    assert body["next_kind"] == "test_lane"
    assert body["next_due_reason"]["exemption_lost_by"][0]["code"] == "exemption_lost.van"


def test_the_license_calculator_gives_validity_window_cycle_and_probation(client):
    body = client.get(LICENSE, GOOD_LICENSE).json()
    assert body["valid_until"] == "2026-12-15"
    assert body["renewal_window_opens"] == "2026-09-16"
    assert body["renewal_phase"] == "window_open"
    assert body["cycle_start"] == "2025-12-15"
    assert body["cycle_end"] == "2026-12-14"
    assert body["probation_ends"] is None
    assert body["medical_due"] is None
    assert body["next_validity_if_no_full_score"] == "10"


def test_the_license_calculator_shows_probation_and_long_term_validity(client):
    body = client.get(
        LICENSE,
        {
            **GOOD_LICENSE,
            "first_issued_on": "2026-03-01",
            "valid_from": "2026-03-01",
            "validity": "long_term",
        },
    ).json()
    assert body["valid_until"] is None
    assert body["renewal_window_opens"] is None
    assert body["probation_ends"] == "2027-02-28"


def test_a_driver_over_70_owes_a_medical_certificate_after_the_cycle(client):
    body = client.get(
        LICENSE,
        {
            **GOOD_LICENSE,
            "birth_date": "1950-01-01",
            "first_issued_on": "1990-12-15",
            "valid_from": "2016-12-15",
            "validity": "long_term",
        },
    ).json()
    assert body["medical_due"] == "2027-01-13"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"vehicle_type": "X99"}, "vehicle_type"),
        ({"vehicle_type": "K33K"}, "vehicle_type"),
        ({"use": "pirate"}, "use"),
        ({"seats": "0"}, "seats"),
        ({"seats": "many"}, "seats"),
        ({"registered_on": "2018-02-30"}, "registered_on"),
        ({"registered_on": "2027-01-01"}, "registered_on"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"manufactured_on": "2019-01-01"}, "manufactured_on"),
        ({"as_of": "9999-12-31"}, "as_of"),
    ],
)
def test_vehicle_calculator_rejects_bad_input_with_a_field_error(client, changes, field):
    response = client.get(VEHICLE, {**GOOD_VEHICLE, **changes})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert field in body["fields"]
    assert body["message"]


@pytest.mark.parametrize("missing", sorted(set(GOOD_VEHICLE) - {"as_of"}))
def test_vehicle_calculator_names_each_missing_parameter(client, missing):
    params = {k: v for k, v in GOOD_VEHICLE.items() if k != missing}
    response = client.get(VEHICLE, params)
    assert response.status_code == 422
    assert response.json()["fields"] == {missing: "必填"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"validity": "7"}, "validity"),
        ({"classes": "Z9"}, "classes"),
        ({"classes": ""}, "classes"),
        ({"birth_date": "2021-01-01"}, "first_issued_on"),
        ({"valid_from": "2019-01-01"}, "valid_from"),
        ({"first_issued_on": "2027-01-01", "valid_from": "2027-01-01"}, "first_issued_on"),
        ({"as_of": "2026-13-01"}, "as_of"),
        ({"valid_from": "9999-12-31"}, "valid_from"),
        ({"birth_date": "0001-01-01"}, "birth_date"),
    ],
)
def test_license_calculator_rejects_bad_input_with_a_field_error(client, changes, field):
    response = client.get(LICENSE, {**GOOD_LICENSE, **changes})
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_calculators_need_no_login_and_are_tagged_in_the_openapi(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/v1/calculators/vehicle-schedule", "/api/v1/calculators/license-schedule"):
        assert schema["paths"][path]["get"]["tags"] == ["calculators"]
        assert "security" not in schema["paths"][path]["get"]


def test_a_dedicated_school_bus_has_a_one_month_window_with_its_own_rule(client):
    body = client.get(
        VEHICLE,
        {
            **GOOD_VEHICLE,
            "vehicle_type": "K38",
            "use": "school_bus",
            "seats": "19",
            "registered_on": "2025-03-10",
        },
    ).json()
    # Every 6 months from registration: due 2027-03 on 2026-11-21 (2026-09 has passed).
    assert body["next_due"] == "2027-03-31"
    assert body["window_opens"] == "2027-03-01"
    assert body["window_reason"]["basis"] == "inspection.window.school_bus"
    assert "inspection.window.school_bus" in [rule["code"] for rule in body["rules"]]


LATE = "/api/v1/calculators/late-penalty"


@pytest.mark.parametrize(
    ("as_of", "days", "penalty", "total"),
    [
        ("2026-03-16", 0, "0.00", "200.00"),  # day 15 after service
        ("2026-03-17", 1, "6.00", "206.00"),  # day 16
        ("2026-04-18", 33, "198.00", "398.00"),
        ("2026-04-19", 34, "200.00", "400.00"),  # capped at the fine
    ],
)
def test_late_penalty_calculator_from_day_16_up_to_the_fine(client, as_of, days, penalty, total):
    answer = client.get(LATE, {"fine": "200", "served_on": "2026-03-01", "as_of": as_of})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["days_late"], body["late_penalty"], body["total"]) == (days, penalty, total)
    assert body["due_on"] == "2026-03-16"


@pytest.mark.parametrize("fine", ["-5", "0", "12.345", "abc", "99999999"])
def test_late_penalty_calculator_refuses_impossible_fines(client, fine):
    answer = client.get(LATE, {"fine": fine, "served_on": "2026-03-01"})
    assert answer.status_code == 422
    assert "fine" in answer.json()["fields"]
