"""The one place that reads the process environment.

Every setting that differs between machines comes from here, so a deployment is
described completely by its environment variables (see docs/operations.md); the embedded
default adds the secrets it generates for itself on first start (``generated``).
"""

import os
import secrets
from pathlib import Path
from typing import overload

BASE_DIR = Path(__file__).resolve().parent.parent.parent


# A string default means a string comes back: settings such as SECRET_KEY are then typed str.
@overload
def text(name: str, default: str) -> str: ...
@overload
def text(name: str, default: None = None) -> str | None: ...
def text(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def required(name: str) -> str:
    value = text(name)
    if value is None:
        raise RuntimeError(f"The environment variable {name} must be set in production.")
    return value


def flag(name: str, default: bool) -> bool:
    value = text(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def number(name: str, default: int) -> int:
    value = text(name)
    return int(value) if value is not None else default


def items(name: str, default: str) -> list[str]:
    return [part.strip() for part in (text(name) or default).split(",") if part.strip()]


def generated(name: str, directory: Path) -> str:
    """A secret made for this installation on first use and kept in ``directory/name``
    (readable by its owner only): the embedded default's keys, never committed, the same for
    every process of the installation. The first writer wins a race (a hard link cannot
    replace an existing file); the others read what it wrote."""
    path = directory / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = directory / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
    draft.write_text(secrets.token_urlsafe(48) + "\n")
    draft.chmod(0o600)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text().strip()
