"""The organisation inventory as one self-contained HTML page: inline styles, no script, and a
Content-Security-Policy that forbids loading anything, so it works offline and from an archive. Every
value is escaped; severities wear the audit report's colours."""

from __future__ import annotations

from html import escape
from typing import Any

from scanner.report.html import SEVERITY_COLORS
from scanner.report.html_assets import page_head
from scanner.report.inventory_view import Table, heading, sections

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
CSS = """
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d2630; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 2px solid #d5dbe1; padding-bottom: 4px; }
nav a { color: #1f5f99; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #d5dbe1; }
th { background: #f5f7f9; font-weight: 600; }
td { overflow-wrap: anywhere; }
.sev { display: inline-block; min-width: 64px; text-align: center; color: #fff; border-radius: 4px;
  font-size: 12px; font-weight: 700; padding: 1px 6px; text-transform: uppercase; }
"""


def render_inventory_html(doc: dict[str, Any]) -> str:
    title = escape(heading(doc))
    parts = [
        *page_head(title, CSP, CSS),
        "<body><main>",
        f"<h1>{title}</h1>",
    ]
    every = sections(doc)
    parts.append("<nav><p>" + " · ".join(f'<a href="#{s.anchor}">{escape(s.title)}</a>' for s in every) + "</p></nav>")
    for section in every:
        parts.append(f'<section id="{section.anchor}"><h2>{escape(section.title)}</h2>')
        parts += [_table(b) if isinstance(b, Table) else f"<p>{escape(b)}</p>" for b in section.blocks]
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _table(table: Table) -> str:
    if not table.rows:
        return "<p>(none)</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(_cell(cell, index == table.severity) for index, cell in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(cell: str, severity: bool) -> str:
    if severity and cell in SEVERITY_COLORS:
        return f'<td><span class="sev" style="background:{SEVERITY_COLORS[cell]}">{escape(cell)}</span></td>'
    return f"<td>{escape(cell)}</td>"
