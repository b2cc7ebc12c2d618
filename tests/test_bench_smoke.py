"""Benchmarks cannot rot (issue 21): every bench/<name>/run.sh declares a small mode, and
.ci/bench-smoke (run by .ci/run) runs it; a new benchmark without one is refused."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / ".ci" / "bench-smoke"
MARKER = "# bench-small-mode: BENCH_SMALL=1"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _tree(tmp_path: Path) -> Path:
    """A copy of .ci/bench-smoke and every bench/*/run.sh: what its --check reads."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(SMOKE, tmp_path / ".ci" / "bench-smoke")
    for script in ROOT.glob("bench/*/run.sh"):
        target = tmp_path / script.relative_to(ROOT)
        target.parent.mkdir(parents=True)
        shutil.copy(script, target)
    return tmp_path


def _check(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(tree / ".ci" / "bench-smoke"), "--check"],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_every_benchmark_declares_and_documents_its_small_mode():
    scripts = sorted(ROOT.glob("bench/*/run.sh"))
    assert scripts
    for script in scripts:
        assert MARKER in script.read_text(), f"{script} declares no small mode"
        readme = script.parent / "README.md"
        assert "BENCH_SMALL=1" in readme.read_text(), f"{readme} does not document it"
    assert "bash .ci/bench-smoke" in (ROOT / ".ci" / "run").read_text()


def test_the_smoke_script_accepts_the_benchmarks_as_they_are(tmp_path):
    result = _check(_tree(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_new_benchmark_without_a_small_mode_is_refused(tmp_path):
    tree = _tree(tmp_path)
    (tree / "bench" / "fresh").mkdir()
    (tree / "bench" / "fresh" / "run.sh").write_text("#!/usr/bin/env bash\necho full only\n")
    result = _check(tree)
    assert result.returncode != 0
    assert "bench/fresh/run.sh declares no small mode" in result.stderr


def test_a_new_benchmark_the_smoke_script_does_not_run_is_refused(tmp_path):
    tree = _tree(tmp_path)
    (tree / "bench" / "fresh").mkdir()
    (tree / "bench" / "fresh" / "run.sh").write_text(f"#!/usr/bin/env bash\n{MARKER}\n")
    result = _check(tree)
    assert result.returncode != 0
    assert "bench/fresh/run.sh is not run by .ci/bench-smoke" in result.stderr
