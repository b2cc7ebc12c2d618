"""The national day's figures from locust's CSV files: per operation and phase the requests
served per second, p50 and p99 and the errors, the mix's throughput as a share of the bare
endpoint's in the same run, and the issue's aims checked (p99 <= 150 ms for every operation
at the average rate, no errors at the peak).

    python3 bench/national-day/report.py [--strict] OUT_DIR bare average peak

``--strict`` (the small mode): any error fails the run, since there it means a broken path.
"""

import csv
import sys
from pathlib import Path

P99_AIM_MS = 150


def rows(out: Path, phase: str) -> list[dict]:
    with open(out / f"{phase}_stats.csv", newline="") as stats:
        return list(csv.DictReader(stats))


def failures(out: Path, phase: str) -> list[dict]:
    path = out / f"{phase}_failures.csv"
    if not path.exists():
        return []
    with open(path, newline="") as listed:
        return list(csv.DictReader(listed))


def line(name: str, row: dict) -> str:
    return (
        f"  {name:<34} {float(row['Requests/s']):8.1f}/s  p50 {row['50%']:>6} ms"
        f"  p99 {row['99%']:>6} ms  errors {row['Failure Count']:>5} of {row['Request Count']}"
    )


def main(out: Path, bare_phase: str, *mix_phases: str) -> int:
    bare = next(r for r in rows(out, bare_phase) if r["Name"] == "Aggregated")
    bare_rate = float(bare["Requests/s"])
    print(f"{bare_phase}: /api/v1/health")
    print(line("bare /api/v1/health", bare))
    missed = []
    for phase in mix_phases:
        stats = rows(out, phase)
        total = next(r for r in stats if r["Name"] == "Aggregated")
        rate = float(total["Requests/s"])
        print(f"\n{phase}: the mix, {rate:.1f} requests/s = {100 * rate / bare_rate:.0f}% of bare")
        for row in sorted(stats, key=lambda r: r["Name"]):
            if row["Name"] == "Aggregated":
                continue
            print(line(row["Name"], row))
            if (
                phase == "average"
                and row["99%"] not in ("N/A", "")
                and (float(row["99%"]) > P99_AIM_MS)
            ):
                missed.append(f"{phase}: {row['Name']} p99 {row['99%']} ms > {P99_AIM_MS} ms")
        print(line("all operations", total))
        for failure in failures(out, phase):
            print(f"    ! {failure['Name']}: {failure['Error'][:110]} x{failure['Occurrences']}")
            if phase == "peak":
                missed.append(f"{phase}: {failure['Name']} failed x{failure['Occurrences']}")
    print("\naims:", "all met" if not missed else "")
    for miss in missed:
        print("  not met:", miss)
    errors = sum(
        int(r["Failure Count"])
        for p in mix_phases
        for r in rows(out, p)
        if r["Name"] == "Aggregated"
    )
    return errors


if __name__ == "__main__":
    strict = sys.argv[1] == "--strict"
    arguments = sys.argv[2:] if strict else sys.argv[1:]
    errors = main(Path(arguments[0]), arguments[1], *arguments[2:])
    sys.exit(1 if strict and errors else 0)
