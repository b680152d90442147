"""Formatters: each turns a ScanReport into text. No resolution or policy logic lives here."""

from __future__ import annotations

from collections.abc import Callable

from scanner.records import ScanReport

Formatter = Callable[[ScanReport], str]


def formatter(name: str) -> Formatter:
    """The formatter for a --format name (imported only when chosen)."""
    if name == "json":
        from scanner.report.json_report import render_json

        return render_json
    if name == "table":
        from scanner.report.table import render_table

        return render_table
    raise KeyError(name)


FORMATS: tuple[str, ...] = ("table", "json")
