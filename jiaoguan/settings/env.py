"""The one place that reads the process environment.

Every setting that differs between machines comes from here, so a deployment is
described completely by its environment variables (see docs/operations.md).
"""

import os
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
