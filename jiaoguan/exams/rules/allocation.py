"""The seat allocation at a booking window's close: pure, deterministic and verifiable.

Order (DOMAIN.md §7; ADR ``0003-exams-allocation``):

1. applicants are ranked by sort time, earliest first;
2. equal sort times are ordered by a tie-break value: the first 8 bytes (big-endian) of
   ``SHA-256(seed || anonymised id)``. The seed's SHA-256 is published when the window opens
   and the seed itself at close (commit–reveal), so nobody can steer the tie-break and anyone
   can recompute it;
3. in rank order each applicant takes the first session of their ranked preferences that still
   has a seat (priority-ordered serial dictatorship).

Everything the allocation reads and writes has one canonical byte form
(:func:`serialize_input`, :func:`serialize_result`), so :func:`verify` confirms a published
result byte for byte. The core (:func:`allocate`) works on plain lists of ints: 1,000,000
applicants with 5 preferences over 5,000 sessions run in about two seconds on one core
(``bench/allocation``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

INPUT_MAGIC = "jiaoguan-exams-allocation-input 1"
RESULT_MAGIC = "jiaoguan-exams-allocation-result 1"
SEED_BYTES = 32
#: Characters that structure the canonical form, so they may not occur in codes and ids.
_RESERVED = frozenset("\t\n\r,")


class AllocationInputError(ValueError):
    """The canonical input is malformed or inconsistent."""


def seed_commitment(seed: bytes) -> str:
    """The published commitment to a seed: its SHA-256, lowercase hex."""
    return hashlib.sha256(seed).hexdigest()


def seed_matches(seed: bytes, commitment: str) -> bool:
    return hmac.compare_digest(seed_commitment(seed), commitment.lower())


def tiebreak(seed: bytes, anonymised_id: str) -> int:
    """The tie-break value of one applicant: 64 bits of ``SHA-256(seed || anonymised id)``."""
    digest = hashlib.sha256(seed + anonymised_id.encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True, slots=True)
class AllocationInput:
    """Everything an allocation reads, anonymised; sessions and applicants in canonical order.

    ``sessions`` are ``(code, capacity)`` sorted by code. ``applicants`` are
    ``(anonymised_id, sort_time, preferences)`` sorted by id, where ``sort_time`` is an integer
    (microseconds since the Unix epoch, UTC) and ``preferences`` are session codes, best first.
    """

    window: str
    seed_sha256: str
    sessions: tuple[tuple[str, int], ...]
    applicants: tuple[tuple[str, int, tuple[str, ...]], ...]

    @classmethod
    def build(
        cls,
        *,
        window: str,
        seed_sha256: str,
        sessions: Iterable[tuple[str, int]],
        applicants: Iterable[tuple[str, int, Sequence[str]]],
    ) -> AllocationInput:
        """Put sessions and applicants in canonical order and check them."""
        built = cls(
            window=window,
            seed_sha256=seed_sha256.lower(),
            sessions=tuple(sorted((code, int(capacity)) for code, capacity in sessions)),
            applicants=tuple(
                sorted((aid, int(sort_time), tuple(prefs)) for aid, sort_time, prefs in applicants)
            ),
        )
        built.check()
        return built

    def check(self) -> None:
        """Raise ``AllocationInputError`` unless the input is canonical and consistent."""
        _check_token("window", self.window)
        if len(self.seed_sha256) != 64 or not _is_hex(self.seed_sha256):
            raise AllocationInputError("seed_sha256 must be 64 lowercase hex digits")
        codes = [code for code, _ in self.sessions]
        if codes != sorted(set(codes)):
            raise AllocationInputError("sessions must be unique and sorted by code")
        for code, capacity in self.sessions:
            _check_token("session code", code)
            if capacity < 0:
                raise AllocationInputError(f"session {code} has a negative capacity")
        ids = [aid for aid, _, _ in self.applicants]
        if any(a >= b for a, b in pairwise(ids)):
            raise AllocationInputError("applicants must be unique and sorted by id")
        known = set(codes)
        for aid, sort_time, preferences in self.applicants:
            _check_token("applicant id", aid)
            if sort_time < 0:
                raise AllocationInputError(f"applicant {aid} has a negative sort time")
            if len(set(preferences)) != len(preferences):
                raise AllocationInputError(f"applicant {aid} lists a session twice")
            unknown = set(preferences) - known
            if unknown:
                raise AllocationInputError(f"applicant {aid} prefers unknown {sorted(unknown)}")


def _is_hex(text: str) -> bool:
    return all(ch in "0123456789abcdef" for ch in text)


def _check_token(what: str, value: str) -> None:
    if not value or _RESERVED.intersection(value) or value != value.strip():
        raise AllocationInputError(f"{what} {value!r} is empty or contains a reserved character")


@dataclass(frozen=True, slots=True)
class Allocation:
    """The core's answer, indexed by rank (0-based).

    ``order[r]`` is the applicant index at rank ``r``; ``placed[r]`` the session index it got,
    or -1; ``cutoff[s]`` the rank that took the last seat of session ``s``, or -1 if seats
    remain; ``tiebreaks[i]`` per applicant index.
    """

    order: list[int]
    placed: list[int]
    cutoff: list[int]
    tiebreaks: list[int]


def allocate(
    *,
    capacities: Sequence[int],
    sort_times: Sequence[int],
    tiebreaks: Sequence[int],
    preferences: Sequence[Sequence[int]],
) -> Allocation:
    """The core: rank by (sort time, tie-break, index) and serve each in turn.

    ``preferences[i]`` are session indices, best first. The index is the last key, so two
    applicants with equal sort time and equal 64-bit tie-break (odds about 1 in 2**64 per pair)
    are ordered by their canonical position, deterministically.
    """
    count = len(sort_times)
    if not (len(tiebreaks) == len(preferences) == count):
        raise ValueError("sort_times, tiebreaks and preferences must have the same length")
    keys = [(time << 64) | value for time, value in zip(sort_times, tiebreaks, strict=True)]
    order = list(range(count))
    order.sort(key=keys.__getitem__)
    del keys
    remaining = list(capacities)
    cutoff = [-1] * len(remaining)
    placed = [-1] * count
    for rank, applicant in enumerate(order):
        for session in preferences[applicant]:
            if remaining[session]:
                left = remaining[session] - 1
                remaining[session] = left
                placed[rank] = session
                if not left:
                    cutoff[session] = rank
                break
    return Allocation(order=order, placed=placed, cutoff=cutoff, tiebreaks=list(tiebreaks))


def allocation_run(allocation_input: AllocationInput, seed: bytes) -> Allocation:
    """Run the allocation of a canonical input with the revealed seed."""
    if not seed_matches(seed, allocation_input.seed_sha256):
        raise AllocationInputError("the seed does not match the published seed hash")
    index = {code: position for position, (code, _) in enumerate(allocation_input.sessions)}
    applicants = allocation_input.applicants
    sha256 = hashlib.sha256
    from_bytes = int.from_bytes
    return allocate(
        capacities=[capacity for _, capacity in allocation_input.sessions],
        sort_times=[sort_time for _, sort_time, _ in applicants],
        tiebreaks=[
            from_bytes(sha256(seed + aid.encode()).digest()[:8], "big") for aid, _, _ in applicants
        ],
        preferences=[tuple(map(index.__getitem__, prefs)) for _, _, prefs in applicants],
    )


def serialize_input(allocation_input: AllocationInput) -> bytes:
    """The canonical published input (UTF-8, LF, tab-separated)."""
    lines = [
        INPUT_MAGIC,
        f"window\t{allocation_input.window}",
        f"seed-sha256\t{allocation_input.seed_sha256}",
        f"sessions\t{len(allocation_input.sessions)}",
    ]
    lines.extend(f"{code}\t{capacity}" for code, capacity in allocation_input.sessions)
    lines.append(f"applicants\t{len(allocation_input.applicants)}")
    lines.extend(
        f"{aid}\t{sort_time}\t{','.join(prefs)}"
        for aid, sort_time, prefs in allocation_input.applicants
    )
    lines.append("")
    return "\n".join(lines).encode()


def parse_input(data: bytes) -> AllocationInput:
    """Read a canonical input back; raises ``AllocationInputError`` if it is not canonical."""
    try:
        lines = data.decode().split("\n")
        if lines[0] != INPUT_MAGIC or lines[-1] != "":
            raise AllocationInputError("not a jiaoguan allocation input")
        window = _header(lines[1], "window")
        seed_sha256 = _header(lines[2], "seed-sha256")
        session_count = int(_header(lines[3], "sessions"))
        sessions = []
        for line in lines[4 : 4 + session_count]:
            code, capacity = line.split("\t")
            sessions.append((code, int(capacity)))
        position = 4 + session_count
        applicant_count = int(_header(lines[position], "applicants"))
        applicants = []
        for line in lines[position + 1 : position + 1 + applicant_count]:
            aid, sort_time, prefs = line.split("\t")
            applicants.append((aid, int(sort_time), tuple(prefs.split(",")) if prefs else ()))
        if len(lines) != position + applicant_count + 2:
            raise AllocationInputError("the line count does not match the stated counts")
    except (UnicodeDecodeError, ValueError, IndexError) as error:
        if isinstance(error, AllocationInputError):
            raise
        raise AllocationInputError(f"malformed allocation input: {error}") from None
    parsed = AllocationInput(
        window=window,
        seed_sha256=seed_sha256,
        sessions=tuple(sessions),
        applicants=tuple(applicants),
    )
    parsed.check()
    if serialize_input(parsed) != data:
        raise AllocationInputError("the input is not in canonical form")
    return parsed


def _header(line: str, name: str) -> str:
    key, _, value = line.partition("\t")
    if key != name:
        raise AllocationInputError(f"expected the {name!r} line, found {line[:40]!r}")
    return value


def serialize_result(
    allocation_input: AllocationInput, seed: bytes, allocation: Allocation
) -> bytes:
    """The canonical published result: per session its seats placed and cut-off rank, then per
    rank (1-based) the applicant, sort time, tie-break, session (``-`` for none) and which of
    their preferences it was (0 for none)."""
    sessions = allocation_input.sessions
    applicants = allocation_input.applicants
    placed_per_session = [0] * len(sessions)
    for session in allocation.placed:
        if session >= 0:
            placed_per_session[session] += 1
    lines = [
        RESULT_MAGIC,
        f"window\t{allocation_input.window}",
        f"input-sha256\t{hashlib.sha256(serialize_input(allocation_input)).hexdigest()}",
        f"seed\t{seed.hex()}",
        f"sessions\t{len(sessions)}",
    ]
    lines.extend(
        f"{code}\t{capacity}\t{placed_per_session[s]}\t{_rank_text(allocation.cutoff[s])}"
        for s, (code, capacity) in enumerate(sessions)
    )
    lines.append(f"applicants\t{len(applicants)}")
    codes = [code for code, _ in sessions]
    tiebreaks = allocation.tiebreaks
    for rank, (applicant, session) in enumerate(
        zip(allocation.order, allocation.placed, strict=True), start=1
    ):
        aid, sort_time, prefs = applicants[applicant]
        if session < 0:
            where, choice = "-", 0
        else:
            where = codes[session]
            choice = prefs.index(where) + 1
        lines.append(f"{rank}\t{aid}\t{sort_time}\t{tiebreaks[applicant]:016x}\t{where}\t{choice}")
    lines.append("")
    return "\n".join(lines).encode()


def _rank_text(rank: int) -> str:
    return "-" if rank < 0 else str(rank + 1)


@dataclass(frozen=True, slots=True)
class Verification:
    matches: bool
    seed_matches: bool
    expected_sha256: str
    published_sha256: str
    #: 1-based line number of the first difference, or 0 when they match.
    first_difference_line: int


def verify(input_bytes: bytes, seed: bytes, published_result: bytes) -> Verification:
    """Recompute the allocation from the published input and seed; compare byte for byte."""
    allocation_input = parse_input(input_bytes)
    seed_ok = seed_matches(seed, allocation_input.seed_sha256)
    expected = (
        serialize_result(allocation_input, seed, allocation_run(allocation_input, seed))
        if seed_ok
        else b""
    )
    first_difference = 0
    if expected != published_result:
        pairs = zip(expected.split(b"\n"), published_result.split(b"\n"), strict=False)
        first_difference = next(
            (number for number, (a, b) in enumerate(pairs, start=1) if a != b),
            min(expected.count(b"\n"), published_result.count(b"\n")) + 1,
        )
    return Verification(
        matches=seed_ok and expected == published_result,
        seed_matches=seed_ok,
        expected_sha256=hashlib.sha256(expected).hexdigest(),
        published_sha256=hashlib.sha256(published_result).hexdigest(),
        first_difference_line=first_difference,
    )
