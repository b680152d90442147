"""The TOML parser: the standard library's on Python 3.11+, tomli (its origin) on 3.10."""

from __future__ import annotations

from types import ModuleType
from typing import cast


def tomllib() -> ModuleType:
    try:
        import tomllib as module
    except ModuleNotFoundError:  # Python 3.10
        import tomli as module  # type: ignore[no-redef,import-not-found,unused-ignore]
    return cast(ModuleType, module)
