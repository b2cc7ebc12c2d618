"""The guard rails themselves: mypy reads every module, and no module grows past 500 lines.

Both checks read the repository, not the database: they fail on a configuration or a module
that would let the linters quietly look at less than the code.
"""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "jiaoguan"
MAX_LINES = 500


def _mypy_config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as config:
        return tomllib.load(config)["tool"]["mypy"]


def _modules_under(pattern: str) -> set[Path]:
    """The Python files mypy is given for one ``files`` entry: a file, a directory or a glob."""
    found: set[Path] = set()
    for match in ROOT.glob(pattern):
        if match.is_dir():
            found.update(match.rglob("*.py"))
        elif match.suffix == ".py":
            found.add(match)
    return found


def _package_modules() -> set[Path]:
    return set(PACKAGE.rglob("*.py"))


def test_mypy_checks_every_module_of_the_package():
    config = _mypy_config()
    checked = set().union(*(_modules_under(entry) for entry in config["files"]))
    missing = sorted(str(path.relative_to(ROOT)) for path in _package_modules() - checked)
    assert not missing, f"mypy's files leave out {len(missing)} modules: {missing[:20]}"
    assert "exclude" not in config, "mypy must not exclude modules of the package"


def test_mypy_reports_the_errors_of_every_module_it_reads():
    # follow_imports = "silent" or "skip" would hide the errors of imported modules.
    config = _mypy_config()
    assert config.get("follow_imports", "normal") == "normal"
    overrides = config.get("overrides", [])
    silenced = [
        override["module"]
        for override in overrides
        if override.get("ignore_errors") or override.get("follow_imports", "normal") != "normal"
    ]
    assert not silenced, f"overrides silence errors in {silenced}"


def test_no_module_is_longer_than_500_lines():
    too_long = {}
    for path in _package_modules():
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[str(path.relative_to(ROOT))] = lines
    assert not too_long, f"split these along their seams (at most {MAX_LINES} lines): {too_long}"


# Apps with models that are not domains: the kernel's own tables and the API's idempotency keys.
NOT_DOMAINS = {"core", "gateways", "api"}


def test_every_domain_reaches_the_others_only_through_their_services_and_selectors():
    with (ROOT / "pyproject.toml").open("rb") as config:
        contracts = tomllib.load(config)["tool"]["importlinter"]["contracts"]
    domains = {
        path.parent.name if path.name == "models.py" else path.parent.parent.name
        for path in [*PACKAGE.glob("*/models.py"), *PACKAGE.glob("*/models/__init__.py")]
    } - NOT_DOMAINS
    forbidden = {
        contract["source_modules"][0].removeprefix("jiaoguan."): set(contract["forbidden_modules"])
        for contract in contracts
        if contract["type"] == "forbidden" and len(contract["source_modules"]) == 1
    }
    for domain in sorted(domains):
        expected = {f"jiaoguan.{other}.models" for other in domains - {domain}}
        assert forbidden.get(domain) == expected, (
            f"{domain} needs a forbidden contract on the other domains' models "
            f"(or belongs in NOT_DOMAINS): {sorted(expected)}"
        )
