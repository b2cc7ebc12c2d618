"""Property and example tests of the pure allocation (jiaoguan.exams.rules.allocation)."""

from __future__ import annotations

import hashlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiaoguan.exams.rules import (
    AllocationInput,
    AllocationInputError,
    allocation_run,
    parse_input,
    seed_commitment,
    serialize_input,
    serialize_result,
    tiebreak,
    verify,
)

SEED = bytes(range(32))


def _input(sessions, applicants, seed=SEED):
    return AllocationInput.build(
        window="W1",
        seed_sha256=seed_commitment(seed),
        sessions=sessions,
        applicants=applicants,
    )


@st.composite
def allocation_inputs(draw):
    session_count = draw(st.integers(min_value=1, max_value=8))
    codes = [f"S{n}" for n in range(session_count)]
    capacities = draw(
        st.lists(
            st.integers(min_value=0, max_value=4), min_size=session_count, max_size=session_count
        )
    )
    ids = draw(st.lists(st.text("abcdef0123", min_size=1, max_size=6), unique=True, max_size=40))
    applicants = []
    for aid in ids:
        preferences = draw(st.lists(st.sampled_from(codes), unique=True, max_size=5))
        # Few distinct sort times, so ties are common and the seed matters.
        applicants.append((aid, draw(st.integers(min_value=0, max_value=3)), preferences))
    seed = draw(st.binary(min_size=32, max_size=32))
    return _input(list(zip(codes, capacities, strict=True)), applicants, seed), seed


def _ranked(allocation_input, allocation):
    """Per rank: (applicant id, preferences, session code or None)."""
    codes = [code for code, _ in allocation_input.sessions]
    return [
        (
            allocation_input.applicants[applicant][0],
            allocation_input.applicants[applicant][2],
            codes[session] if session >= 0 else None,
        )
        for applicant, session in zip(allocation.order, allocation.placed, strict=True)
    ]


@given(allocation_inputs())
def test_no_session_is_filled_over_capacity(case):
    allocation_input, seed = case
    ranked = _ranked(allocation_input, allocation_run(allocation_input, seed))
    for code, capacity in allocation_input.sessions:
        assert sum(1 for _, _, got in ranked if got == code) <= capacity


@given(allocation_inputs())
def test_nobody_is_placed_below_a_preference_that_a_lower_ranked_applicant_took(case):
    allocation_input, seed = case
    ranked = _ranked(allocation_input, allocation_run(allocation_input, seed))
    for rank, (_, preferences, got) in enumerate(ranked):
        better = preferences if got is None else preferences[: preferences.index(got)]
        taken_below = {later_got for _, _, later_got in ranked[rank + 1 :]}
        assert not taken_below.intersection(better)


@given(allocation_inputs())
def test_an_applicant_is_placed_only_in_a_session_they_listed(case):
    allocation_input, seed = case
    for _, preferences, got in _ranked(allocation_input, allocation_run(allocation_input, seed)):
        assert got is None or got in preferences


@given(allocation_inputs())
def test_ranks_follow_sort_time_then_the_seeded_tiebreak(case):
    allocation_input, seed = case
    allocation = allocation_run(allocation_input, seed)
    keys = [
        (allocation_input.applicants[i][1], tiebreak(seed, allocation_input.applicants[i][0]))
        for i in allocation.order
    ]
    assert keys == sorted(keys)


@given(allocation_inputs(), st.randoms(use_true_random=False))
def test_same_inputs_and_seed_give_identical_bytes_whatever_the_submission_order(case, rnd):
    allocation_input, seed = case
    first = serialize_result(allocation_input, seed, allocation_run(allocation_input, seed))
    shuffled = list(allocation_input.applicants)
    rnd.shuffle(shuffled)
    again_input = AllocationInput.build(
        window=allocation_input.window,
        seed_sha256=allocation_input.seed_sha256,
        sessions=reversed(allocation_input.sessions),
        applicants=shuffled,
    )
    assert serialize_input(again_input) == serialize_input(allocation_input)
    assert serialize_result(again_input, seed, allocation_run(again_input, seed)) == first


@given(allocation_inputs())
def test_a_rerun_from_the_published_bytes_changes_nothing(case):
    allocation_input, seed = case
    published_input = serialize_input(allocation_input)
    published_result = serialize_result(
        allocation_input, seed, allocation_run(allocation_input, seed)
    )
    assert parse_input(published_input) == allocation_input
    report = verify(published_input, seed, published_result)
    assert report.matches
    assert report.first_difference_line == 0
    assert report.expected_sha256 == hashlib.sha256(published_result).hexdigest()


@settings(max_examples=30)
@given(allocation_inputs())
def test_the_seed_decides_ties_only(case):
    allocation_input, seed = case
    other = bytes(reversed(seed))
    shifted = AllocationInput.build(
        window=allocation_input.window,
        seed_sha256=seed_commitment(other),
        sessions=allocation_input.sessions,
        applicants=allocation_input.applicants,
    )
    times_a = [
        allocation_input.applicants[i][1] for i in allocation_run(allocation_input, seed).order
    ]
    times_b = [shifted.applicants[i][1] for i in allocation_run(shifted, other).order]
    assert times_a == times_b == sorted(times_a)


def test_earlier_sort_time_gets_the_last_seat():
    allocation_input = _input([("A", 1), ("B", 1)], [("x", 20, ["A", "B"]), ("y", 10, ["A"])])
    result = serialize_result(allocation_input, SEED, allocation_run(allocation_input, SEED))
    lines = result.decode().splitlines()
    assert lines[5:7] == ["A\t1\t1\t1", "B\t1\t1\t2"]
    assert lines[8].split("\t")[1::3] == ["y", "A"]
    assert lines[9].split("\t")[1] == "x"
    assert lines[9].split("\t")[4:] == ["B", "2"]


def test_an_applicant_with_every_choice_full_is_not_placed():
    allocation_input = _input([("A", 1)], [("x", 1, ["A"]), ("y", 2, ["A"]), ("z", 3, [])])
    allocation = allocation_run(allocation_input, SEED)
    assert allocation.placed == [0, -1, -1]
    assert allocation.cutoff == [0]


def test_verify_names_the_first_differing_line_of_a_tampered_result():
    allocation_input = _input(
        [("A", 1), ("B", 5)], [(f"p{n}", n % 2, ["A", "B"]) for n in range(6)]
    )
    published = serialize_result(allocation_input, SEED, allocation_run(allocation_input, SEED))
    lines = published.split(b"\n")
    lines[8], lines[9] = lines[9], lines[8]
    report = verify(serialize_input(allocation_input), SEED, b"\n".join(lines))
    assert not report.matches
    assert report.seed_matches
    assert report.first_difference_line == 9


def test_verify_refuses_a_seed_that_does_not_match_the_commitment():
    allocation_input = _input([("A", 1)], [("x", 1, ["A"])])
    published = serialize_result(allocation_input, SEED, allocation_run(allocation_input, SEED))
    report = verify(serialize_input(allocation_input), b"\x00" * 32, published)
    assert not report.matches
    assert not report.seed_matches
    with pytest.raises(AllocationInputError, match="seed does not match"):
        allocation_run(allocation_input, b"\x00" * 32)


@pytest.mark.parametrize(
    ("sessions", "applicants", "message"),
    [
        ([("A", 1), ("A", 2)], [], "unique"),
        ([("A", -1)], [], "negative capacity"),
        ([("A\t", 1)], [], "reserved"),
        ([("A", 1)], [("x", 1, ["A", "A"])], "twice"),
        ([("A", 1)], [("x", 1, ["B"])], "unknown"),
        ([("A", 1)], [("x", 1, []), ("x", 2, [])], "unique"),
        ([("A", 1)], [("x,y", 1, [])], "reserved"),
        ([("A", 1)], [("x", -1, [])], "negative sort time"),
    ],
)
def test_inconsistent_inputs_are_refused(sessions, applicants, message):
    with pytest.raises(AllocationInputError, match=message):
        _input(sessions, applicants)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda data: data.replace(b"input 1", b"input 2"),
        lambda data: data + b"extra\n",
        lambda data: data.replace(b"\t5\n", b"\t05\n"),
        lambda data: data[:-1],
        lambda data: b"\xff" + data,
    ],
)
def test_parse_input_refuses_anything_but_the_canonical_form(mutate):
    data = serialize_input(_input([("A", 5)], [("x", 1, ["A"])]))
    assert parse_input(data).sessions == (("A", 5),)
    with pytest.raises(AllocationInputError):
        parse_input(mutate(data))


def test_tiebreak_is_sha256_of_seed_and_id():
    expected = int.from_bytes(hashlib.sha256(SEED + b"abc").digest()[:8], "big")
    assert tiebreak(SEED, "abc") == expected


def test_a_large_random_allocation_has_no_justified_envy():
    rng = random.Random(7)
    codes = [f"S{n:03d}" for n in range(50)]
    applicants = [(f"a{n:05d}", rng.randrange(100), rng.sample(codes, 5)) for n in range(3000)]
    allocation_input = _input([(code, rng.randrange(0, 60)) for code in codes], applicants)
    ranked = _ranked(allocation_input, allocation_run(allocation_input, SEED))
    last_rank = {}
    for rank, (_, _, got) in enumerate(ranked):
        if got is not None:
            last_rank[got] = rank
    for rank, (_, preferences, got) in enumerate(ranked):
        better = preferences if got is None else preferences[: preferences.index(got)]
        assert all(last_rank.get(code, -1) < rank for code in better)
