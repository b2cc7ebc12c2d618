"""GET /api/v1/calculators/full-score-study: the answer at the edges, 422 out of range."""

import pytest

URL = "/api/v1/calculators/full-score-study"

pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get(URL, params)


def test_first_full_score_of_an_ordinary_driver(client):
    response = get(client, license_class="C1", full_scores_in_cycle=1, points=12)
    assert response.status_code == 200
    body = response.json()
    assert body["study_days"] == 7
    assert body["min_attended_days"] == 5
    assert body["min_onsite_days"] == 2
    assert body["extra_subjects"] == []
    codes = [rule["code"] for rule in body["rules"]]
    assert codes[0] == "points.full_score.study_days"
    assert all(rule["explanation"] for rule in body["rules"])


def test_larger_of_full_scores_and_multiples_of_twelve_counts(client):
    by_points = get(client, license_class="C1", full_scores_in_cycle=1, points=36).json()
    by_count = get(client, license_class="C1", full_scores_in_cycle=3, points=12).json()
    assert by_points["study_days"] == by_count["study_days"] == 21
    assert by_points["extra_subjects"] == ["subject2", "subject3"]


def test_large_class_caps_at_120_days(client):
    body = get(client, license_class="B2", full_scores_in_cycle=2, points=35).json()
    assert (body["study_days"], body["min_attended_days"], body["min_onsite_days"]) == (60, 10, 5)
    assert body["extra_subjects"] == ["subject3"]
    capped = get(client, license_class="A1", full_scores_in_cycle=20, points=240).json()
    assert capped["study_days"] == 120


@pytest.mark.parametrize(
    "params",
    [
        {"license_class": "C1", "full_scores_in_cycle": 0, "points": 12},
        {"license_class": "C1", "full_scores_in_cycle": 21, "points": 12},
        {"license_class": "C1", "full_scores_in_cycle": 1, "points": 11},
        {"license_class": "C1", "full_scores_in_cycle": 1, "points": 241},
        {"license_class": "Z9", "full_scores_in_cycle": 1, "points": 12},
        {"full_scores_in_cycle": 1, "points": 12},
        {"license_class": "C1", "full_scores_in_cycle": "x", "points": 12},
    ],
)
def test_out_of_range_is_422(client, params):
    response = get(client, **params)
    assert response.status_code == 422
    assert response.json()["code"] == "request.invalid"
