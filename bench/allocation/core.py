"""Time the pure allocation core: N applicants x K preferences over S sessions, one core.

    .venv/bin/python bench/allocation/core.py [--applicants 1000000] [--sessions 5000]

Prints each phase's wall time and the SHA-256 of the canonical result. Inputs are generated
from a fixed PRNG seed, so the hash is reproducible.
"""

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jiaoguan.exams.rules import allocation


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=1_000_000)
    parser.add_argument("--sessions", type=int, default=5_000)
    parser.add_argument("--preferences", type=int, default=5)
    parser.add_argument("--capacity", type=int, default=160, help="seats per session")
    args = parser.parse_args()
    rng = random.Random(20261121)
    seed = bytes(rng.getrandbits(8) for _ in range(32))
    t0 = time.perf_counter()
    codes = [f"S{number:05d}" for number in range(args.sessions)]
    # Popular sessions: a skewed choice so some fill early and others stay empty.
    weights = [1 / (1 + number % 50) for number in range(args.sessions)]
    base = 1_790_000_000_000_000
    applicants = []
    for number in range(args.applicants):
        prefs = set()
        while len(prefs) < args.preferences:
            prefs.update(rng.choices(range(args.sessions), weights, k=args.preferences))
        # Sort times to the second over 90 days: many ties for the seed to break.
        applicants.append(
            (
                f"{number * 2654435761 % 2**40:010x}",
                base + rng.randrange(90 * 86400) * 1_000_000,
                tuple(codes[s] for s in list(prefs)[: args.preferences]),
            )
        )
    allocation_input = allocation.AllocationInput.build(
        window="BENCH",
        seed_sha256=allocation.seed_commitment(seed),
        sessions=[(code, args.capacity) for code in codes],
        applicants=applicants,
    )
    del applicants
    print(f"generate inputs: {time.perf_counter() - t0:.2f} s")

    t0 = time.perf_counter()
    index = {code: position for position, (code, _) in enumerate(allocation_input.sessions)}
    sort_times = [sort_time for _, sort_time, _ in allocation_input.applicants]
    preferences = [tuple(map(index.__getitem__, p)) for _, _, p in allocation_input.applicants]
    capacities = [capacity for _, capacity in allocation_input.sessions]
    print(f"index inputs (codes -> ints): {time.perf_counter() - t0:.2f} s")

    t_core = time.perf_counter()
    sha256 = hashlib.sha256
    tiebreaks = [
        int.from_bytes(sha256(seed + aid.encode()).digest()[:8], "big")
        for aid, _, _ in allocation_input.applicants
    ]
    t_tie = time.perf_counter()
    result = allocation.allocate(
        capacities=capacities, sort_times=sort_times, tiebreaks=tiebreaks, preferences=preferences
    )
    t_end = time.perf_counter()
    print(
        f"core: tie-breaks {t_tie - t_core:.2f} s + rank and assign {t_end - t_tie:.2f} s"
        f" = {t_end - t_core:.2f} s"
    )

    t0 = time.perf_counter()
    result_bytes = allocation.serialize_result(allocation_input, seed, result)
    print(f"serialize result: {time.perf_counter() - t0:.2f} s ({len(result_bytes):,} bytes)")
    placed = sum(1 for s in result.placed if s >= 0)
    print(f"placed {placed:,} of {len(result.placed):,}; seats {sum(capacities):,}")
    print(f"result sha256: {hashlib.sha256(result_bytes).hexdigest()}")


if __name__ == "__main__":
    main()
