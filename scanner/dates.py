"""Dates as the rules and policy schemas mean them: text, YYYY-MM-DD (no YAML import: the policy path
of every scan uses this)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def dates_as_text(value: Any) -> Any:
    """YAML reads an unquoted `as_of: 2026-12-01` or `expires: 2027-03-31` as a date; the schemas and
    everything after them take the text. A copy with every date as YYYY-MM-DD."""
    if isinstance(value, dict):
        return {k: dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dates_as_text(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


def today() -> dt.date:
    """The date the scan judges by: waiver expiry, shelf lives, the bundle's age. MODELORIGIN_TODAY
    (YYYY-MM-DD) sets it, to reproduce an audit as of a date, and so that tests do not change verdict
    with the calendar."""
    import os

    fixed = os.environ.get("MODELORIGIN_TODAY")
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        from scanner.errors import UserError

        raise UserError(f"MODELORIGIN_TODAY must be a date YYYY-MM-DD, not {fixed!r}") from None
