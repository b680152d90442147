"""The terminal report: models, findings, coverage."""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

from scanner.records import SEVERITIES, Finding, Model, ScanReport, severity_rank
from scanner.report import coverage_note


def render_table(
    report: ScanReport,
    *,
    min_severity: str | None = None,
    width: int | None = None,
    color: bool = False,
    detail: str = "normal",
) -> str:
    """min_severity: show only findings at or above it (the gate still counts them all); width: the
    terminal's columns (messages wrap to fit; paths and ids never wrap). Default: the terminal's width.
    color: severities and the verdict in colour (ANSI); detail: "quiet" (warnings and the verdict only),
    "normal", or "verbose" (every file not scanned, documentation included)."""
    from tabulate import tabulate

    paint = _paint if color else _plain
    if detail == "quiet":
        return "".join(f"{paint('warning', f'warning: {w}')}\n" for w in report.warnings) + _verdict(report, paint)
    width = width or _terminal_width()

    counts = Counter(r.id.lower() for r in report.references if not r.mention)
    out: list[str] = []
    used = [m for m in report.models if not m.mention_only]
    mentioned = len(report.models) - len(used)
    if used:
        headers = ["model", "kind", "lab", "country", "license", "lineage", "refs"]
        rows = [_model_row(m, counts) for m in used]
        table = tabulate(rows, headers=headers, tablefmt="simple")
        for column in ("lineage", "license"):  # too wide for the terminal: these are in `explain` and the JSON
            if len(table.splitlines()[0]) <= width:
                break
            index = headers.index(column)
            headers.pop(index)
            rows = [row[:index] + row[index + 1 :] for row in rows]
            table = tabulate(rows, headers=headers, tablefmt="simple")
        out.append(f"Models ({len(used)})")
        out.append(table)
    else:
        out.append("No models found.")
    if mentioned:
        out.append(
            f"Mentioned only: {mentioned} model(s) named in comments, docstrings, messages or records, not used "
            "(not evaluated; listed in --format json and the audit report)"
        )
    live = [f for f in report.findings if f.waived_by is None]
    waived = [f for f in report.findings if f.waived_by is not None]
    floor = severity_rank(min_severity) if min_severity else 0
    active = [f for f in live if severity_rank(f.severity) >= floor]
    if active:
        by_severity = Counter(f.severity for f in active)
        summary = ", ".join(f"{by_severity[s]} {s}" for s in reversed(SEVERITIES) if by_severity[s])
        out.append("")
        out.append(f"Findings ({len(active)}: {summary})")
        out.append(
            tabulate(
                [_finding_row(f, paint) for f in active],
                headers=FINDING_HEADERS,
                tablefmt="simple",
                maxcolwidths=[None, None, None, None, _message_width(active, width)],
            )
        )
    hidden = len(live) - len(active)
    if hidden:
        out.append(
            f"{hidden} finding(s) below '{min_severity}' not shown (--min-severity); they still count for the gate"
        )
    if waived:
        out.append("")
        out.append(f"Waived or suppressed: {len(waived)} finding(s) (see --format json for who waived them and why)")
    cov = report.coverage
    out.append("")
    out.append(
        f"Scanned {cov.files_scanned} file(s); skipped {len(cov.skipped)}; parse problems {len(cov.parse_errors)}. "
        f"Rules {report.rules.version} (sha256 {report.rules.sha256[:12]}), "
        f"policy profile '{report.policy['profile']}'"
        + (f" from {report.policy['source']}." if report.policy.get("source") else " (no policy file).")
    )
    for issue in cov.parse_errors:
        where = f"{issue.path}:{issue.line}" if issue.line else issue.path
        fallback = f" ({issue.fallback})" if issue.fallback else ""
        out.append(f"  parse problem: {where}: {issue.message}{fallback}")
    verbose = detail == "verbose"
    shown = [s for s in cov.skipped if verbose or s.reason != DOCS_REASON]
    limit = len(shown) if verbose else 20
    for skip in shown[:limit]:
        out.append(f"  not scanned: {skip.path}: {skip.reason}")
    if len(shown) > limit:
        out.append(f"  ... and {len(shown) - limit} more not scanned (-v lists them all; so does --format json)")
    docs = len(cov.skipped) - len(shown)
    if docs:
        out.append(f"  not scanned: {docs} documentation file(s) (scan with --include-docs)")
    for warning in report.warnings:
        out.append(paint("warning", f"warning: {warning}"))
    unverified = [f for f in active if not f.verified]
    if unverified:
        out.append(
            f"{len(unverified)} finding(s) rest on facts marked unverified and do not fail the gate on their own."
        )
    return "\n".join(out) + "\n" + _verdict(report, paint)


DOCS_REASON = "documentation (scan with --include-docs)"


def _verdict(report: ScanReport, paint: Callable[[str, str], str]) -> str:
    """The last line: FAILED with the count at or above the threshold, or PASSED; and whether coverage was
    incomplete."""
    gating = report.gating_findings()
    note = coverage_note(report)
    if gating:
        head = paint("failed", "FAILED") + f": {len(gating)} finding(s) at or above '{report.fail_on}'"
    else:
        word = "PASSED" if report.passed() else "FAILED"
        head = paint(word.lower(), word) + f": nothing at or above '{report.fail_on}'"
    return head + (f"; {note}." if note else ".") + "\n"


# ANSI styles by what is painted: severities (the table's first column), the verdict, warnings
STYLES: dict[str, dict[str, Any]] = {
    "critical": {"fg": "magenta", "bold": True},
    "high": {"fg": "red", "bold": True},
    "medium": {"fg": "yellow"},
    "low": {"fg": "cyan"},
    "info": {"dim": True},
    "failed": {"fg": "red", "bold": True},
    "passed": {"fg": "green", "bold": True},
    "warning": {"fg": "yellow"},
}


def _paint(kind: str, text: str) -> str:
    import click

    return click.style(text, **STYLES[kind])


def _plain(kind: str, text: str) -> str:
    return text


def _terminal_width() -> int:
    """The terminal's columns (COLUMNS first); a report written to a file or a pipe keeps a wide layout."""
    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return shutil.get_terminal_size((120, 24)).columns
    return 160


FINDING_HEADERS = ["severity", "check", "model", "location", "message"]


def _message_width(findings: list[Finding], width: int) -> int:
    """What is left of the terminal for the message column once severity, check, model and location
    (never wrapped: an id or a path cut in two cannot be copied) have their widths; at least 30."""
    rows = [_finding_row(f) for f in findings]
    fixed = sum(max(len(FINDING_HEADERS[i]) + 2, *(len(str(row[i])) for row in rows)) for i in range(4)) + 2 * 4
    return max(30, width - fixed)


def _model_row(model: Model, counts: Counter[str]) -> list[str]:
    return [
        model.id,
        model.kind.replace("_", " "),
        _short_lab(model.origin.lab_name or model.origin.lab),
        model.origin.country or "?",
        model.license.id or model.license.name or "unknown",
        _lineage(model),
        str(counts.get(model.id.lower(), 0)),
    ]


def _short_lab(name: str | None) -> str:
    """'Alibaba Cloud (Qwen / Tongyi Qianwen)' -> 'Alibaba Cloud'; the JSON report has the full name."""
    return (name or "unknown").split(" (")[0]


def _lineage(model: Model) -> str:
    """The other labs the weights come from, each once: 'alibaba-qwen (CN), meta (US)'."""
    others = dict.fromkeys(
        f"{a.lab} ({a.country or '?'})" for a in model.lineage if a.lab and a.lab != model.origin.lab
    )
    return ", ".join(others) or "-"


def _finding_row(finding: Finding, paint: Callable[[str, str], str] = _plain) -> list[str]:
    location = f"{finding.path}:{finding.line}" if finding.path else "-"
    if len(finding.locations) > 1:
        location += f" (+{len(finding.locations) - 1})"
    severity = paint(finding.severity, finding.severity.upper()) + ("" if finding.verified else " (unverified)")
    return [severity, finding.rule_id, finding.model_id or "-", location, finding.message]
