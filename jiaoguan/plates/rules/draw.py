"""Honest random draws: commit–reveal over a per-batch secret seed (DOMAIN.md §6.3, art. 43).

When a batch opens, the platform publishes ``seed_commitment(seed)`` (SHA-256 of the seed);
when it closes, it reveals the seed. A draw is a pure function of the seed, the applicant key
and the attempt number: ``candidate_stream`` hashes ``seed|applicant|attempt|counter`` with
SHA-256 and maps each digest to an index of the pool. The draw keeps the first ``k`` distinct
serials that are available and records the ones it skipped (reserved or already taken), so
anyone holding the revealed seed can recompute it with ``verify_draw``.

The index is the digest (a 256-bit integer) modulo the pool size; the bias this leaves is
below 2**-230 for any pool of fewer than 2**26 serials, far below anything observable.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from .composition import Pool

SEED_BYTES = 32


def seed_commitment(seed: str) -> str:
    """The published commitment to a seed: hex SHA-256 of its text."""
    return hashlib.sha256(seed.encode()).hexdigest()


def seed_matches(seed: str, commitment: str) -> bool:
    """Whether a revealed seed is the one committed to."""
    return hmac.compare_digest(seed_commitment(seed), commitment)


def applicant_key(id_number: str, vin: str) -> str:
    """The public, stable key of one applicant for one vehicle (hides the identity number)."""
    return hashlib.sha256(f"{id_number}|{vin}".encode()).hexdigest()


def candidate_stream(
    *, seed: str, applicant: str, attempt: int, pool: Pool, max_steps: int | None = None
) -> Iterator[str]:
    """The distinct serials of one draw's stream, in order; at most ``max_steps`` hashes."""
    size, seen = pool.size, set()
    steps = max_steps if max_steps is not None else max(4 * size, 1000)
    for counter in range(steps):
        message = f"{seed}|{applicant}|{attempt}|{counter}".encode()
        index = int.from_bytes(hashlib.sha256(message).digest(), "big") % size
        if index not in seen:
            seen.add(index)
            yield pool.serial_at(index)
            if len(seen) == size:
                return


@dataclass(frozen=True, slots=True)
class DrawOutcome:
    """The candidates offered and, in stream order, the serials skipped as unavailable."""

    candidates: tuple[str, ...]
    skipped: tuple[str, ...]


def draw_candidates(
    *,
    seed: str,
    applicant: str,
    attempt: int,
    pool: Pool,
    k: int,
    unavailable: Callable[[Iterable[str]], set[str]],
    chunk: int | None = None,
) -> DrawOutcome:
    """The first ``k`` available serials of the stream.

    ``unavailable`` receives a chunk of serials and returns those that cannot be offered
    (reserved, held, registered): one database query per chunk, not per serial. Fewer than
    ``k`` candidates come back only when the pool runs out.
    """
    stream = candidate_stream(seed=seed, applicant=applicant, attempt=attempt, pool=pool)
    candidates: list[str] = []
    skipped: list[str] = []
    size = chunk or 2 * k
    while len(candidates) < k:
        batch = list(islice(stream, size))
        if not batch:
            break
        taken = unavailable(batch)
        for serial in batch:
            if len(candidates) == k:
                break
            (skipped if serial in taken else candidates).append(serial)
    return DrawOutcome(tuple(candidates), tuple(skipped))


def verify_draw(
    *,
    seed: str,
    applicant: str,
    attempt: int,
    pool: Pool,
    candidates: Iterable[str],
    skipped: Iterable[str],
) -> bool:
    """Whether the recorded candidates and skipped serials are exactly the stream's prefix."""
    offered, passed = list(candidates), list(skipped)
    length = len(offered) + len(passed)
    prefix = list(
        islice(candidate_stream(seed=seed, applicant=applicant, attempt=attempt, pool=pool), length)
    )
    passed_set = set(passed)
    return (
        len(prefix) == length
        and [serial for serial in prefix if serial not in passed_set] == offered
        and set(prefix) - set(offered) == passed_set
    )
