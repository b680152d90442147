"""The organisation inventory as Markdown: a heading per section, tables GitHub and any viewer render."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scanner.report.inventory_view import Table, heading, sections
from scanner.report.markdown import _esc as escape


def render_inventory_markdown(doc: dict[str, Any]) -> str:
    out = [f"# {escape(heading(doc))}", ""]
    for section in sections(doc):
        out += [f"## {section.title}", ""]
        for block in section.blocks:
            out += _table(block) if isinstance(block, Table) else [escape(block), ""]
    return "\n".join(out)


def _table(table: Table) -> list[str]:
    if not table.rows:
        return ["(none)", ""]
    lines = [_row(table.headers), "|" + "|".join("---" for _ in table.headers) + "|"]
    lines += [_row(row) for row in table.rows]
    return [*lines, ""]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(escape(cell) for cell in cells) + " |"
