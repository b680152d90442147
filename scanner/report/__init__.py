"""Formatters: each turns a ScanReport into text. No resolution or policy logic lives here."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from scanner.records import ScanReport

Formatter = Callable[[ScanReport], str]

# --format name -> (module, function); a formatter's module is imported only when it is chosen,
# so a default scan never pays for cyclonedx or the HTML renderer.
_FORMATTERS: dict[str, tuple[str, str]] = {
    "table": ("scanner.report.table", "render_table"),
    "json": ("scanner.report.json_report", "render_json"),
    "sarif": ("scanner.report.sarif", "render_sarif"),
    "cyclonedx": ("scanner.report.cyclonedx", "render_cyclonedx"),
}

FORMATS: tuple[str, ...] = tuple(_FORMATTERS)


def formatter(name: str) -> Formatter:
    """The formatter for a --format name (imported only when chosen)."""
    module, function = _FORMATTERS[name]
    render: Formatter = getattr(import_module(module), function)
    return render
