"""The TOML parser: the standard library's on Python 3.11+, tomli (its origin) on 3.10."""

from __future__ import annotations

import re
from types import ModuleType
from typing import cast


def tomllib() -> ModuleType:
    try:
        import tomllib as module
    except ModuleNotFoundError:  # Python 3.10
        import tomli as module  # type: ignore[no-redef,import-not-found,unused-ignore]
    return cast(ModuleType, module)


def error_line(exc: Exception) -> int | None:
    """The 1-based line a TOMLDecodeError points at: its lineno (Python 3.14+), or the message's
    `(at line N, column M)` (earlier versions and tomli)."""
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
    return int(m.group(1)) if m else None
