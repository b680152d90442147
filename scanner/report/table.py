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
    everything: bool = False,
) -> str:
    """min_severity: show only findings at or above it (the gate still counts them all); width: the
    terminal's columns (messages wrap to fit; paths and ids never wrap). Default: the terminal's width.
    color: severities and the verdict in colour (ANSI); detail: "quiet" (warnings and the verdict only),
    "normal", or "verbose" (every file not scanned, documentation included). A large result (more than
    MODEL_ROWS models or FINDING_ROWS findings) starts with the decisions, one line per check, and shows the
    worst models and findings with messages cut to MESSAGE_LINES lines; everything: every row, in full."""
    import textwrap

    from tabulate import tabulate

    paint = _paint if color else _plain
    if detail == "quiet":
        return "".join(f"{paint('warning', f'warning: {w}')}\n" for w in report.warnings) + _verdict(report, paint)
    width = width or _terminal_width()

    counts = Counter(r.id.lower() for r in report.references if not r.mention)
    out: list[str] = []
    used = [m for m in report.models if not m.mention_only]
    mentioned = len(report.models) - len(used)
    live = [f for f in report.findings if f.waived_by is None]
    waived = [f for f in report.findings if f.waived_by is not None]
    floor = severity_rank(min_severity) if min_severity else 0
    active = [f for f in live if severity_rank(f.severity) >= floor]
    capped = not everything and (len(used) > MODEL_ROWS or len(active) > FINDING_ROWS)
    if capped and active:  # a large result: the decisions first, one line per check
        out.extend(_decisions(active, report, width, paint))
        out.append("")
    if used:
        if capped:  # the models the worst findings are about first
            worst = _worst_severity(active)
            used = sorted(used, key=lambda m: (-worst.get(m.id, -1), -counts.get(m.id.lower(), 0)))
        shown_models = used[:MODEL_ROWS] if capped else used
        headers = ["model", "kind", "lab", "country", "license", "lineage", "refs"]
        rows = [_model_row(m, counts) for m in shown_models]
        table = tabulate(rows, headers=headers, tablefmt="simple")
        for column in ("lineage", "license"):  # too wide for the terminal: these are in `explain` and the JSON
            if len(table.splitlines()[0]) <= width:
                break
            index = headers.index(column)
            headers.pop(index)
            rows = [row[:index] + row[index + 1 :] for row in rows]
            table = tabulate(rows, headers=headers, tablefmt="simple")
        out.append(f"Models ({len(used)})" + (f", the {len(shown_models)} with the worst findings:" if capped else ""))
        out.append(table)
        if len(shown_models) < len(used):
            out.append(f"... and {len(used) - len(shown_models)} more model(s) ({MORE})")
    else:
        out.append("No models found.")
    if mentioned:
        out.append(
            textwrap.fill(
                f"Mentioned only: {mentioned} model(s) named in comments, docstrings, messages or records, not "
                "used (not evaluated; listed in --format json and the audit report)",
                width,
            )
        )
    if active:
        by_severity = Counter(f.severity for f in active)
        summary = ", ".join(f"{by_severity[s]} {s}" for s in reversed(SEVERITIES) if by_severity[s])
        shown_findings = active[:FINDING_ROWS] if capped else active
        out.append("")
        out.append(
            f"Findings ({len(active)}: {summary})"
            + (f", the {len(shown_findings)} most severe:" if len(shown_findings) < len(active) else "")
        )
        out.append(_findings_table(shown_findings, width, paint, MESSAGE_LINES if capped else None))
        if len(shown_findings) < len(active):
            out.append(f"... and {len(active) - len(shown_findings)} more finding(s) ({MORE})")
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

# A large result on a terminal: the decisions first, then this many rows of each table
MODEL_ROWS = 20
FINDING_ROWS = 25
DECISION_ROWS = 15
MESSAGE_LINES = 3
MORE = "--all lists every row; --format json and the audit report have them all"


def _worst_severity(findings: list[Finding]) -> dict[str, int]:
    worst: dict[str, int] = {}
    for f in findings:
        if f.model_id:
            worst[f.model_id] = max(worst.get(f.model_id, -1), severity_rank(f.severity))
    return worst


def _decisions(findings: list[Finding], report: ScanReport, width: int, paint: Callable[[str, str], str]) -> list[str]:
    """One line per check: its worst severity, how many models and places, its title and the first
    models: what the team has to decide, most severe first."""
    import textwrap

    from tabulate import tabulate

    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        by_check.setdefault(f.rule_id, []).append(f)

    def order(item: tuple[str, list[Finding]]) -> tuple[int, bool, int, str]:
        """Most severe first; at one severity, what can fail the gate (verified) before what cannot."""
        check, group = item
        unverified = not any(f.verified for f in group)
        return (-max(severity_rank(f.severity) for f in group), unverified, -len({f.model_id for f in group}), check)

    groups = sorted(by_check.items(), key=order)[:DECISION_ROWS]
    headers = ["severity", "check", "models", "places", "what", "e.g."]
    rows: list[list[str]] = []
    models_of: list[list[str]] = []
    for check, group in groups:
        severity = max((f.severity for f in group), key=severity_rank)
        models = list(dict.fromkeys(f.model_id for f in group if f.model_id))
        places = sum(max(1, len(f.locations)) for f in group)
        title = str((report.checks.get(check) or {}).get("title", ""))
        unverified = "" if any(f.verified for f in group) else " (unverified)"  # none can fail the gate
        rows.append([severity.upper(), check, str(len(models)), str(places), title, unverified])
        models_of.append(models)
    if width - _fixed_width([[row[0] + row[5], *row[1:]] for row in rows], headers) < 24:  # narrow: titles wrap
        for row in rows:
            row[4] = "\n".join(textwrap.wrap(row[4], 30))
    widest = [[row[0] + row[5], *row[1:4], max(row[4].splitlines() or [""], key=len), ""] for row in rows]
    room = max(16, width - _fixed_width(widest, headers))  # the examples take what the terminal has left
    for row, models in zip(rows, models_of, strict=True):
        row[0] = paint(row[0].lower(), row[0]) + row[5]
        row[5] = _examples(models, room)
    lines = [
        textwrap.fill(
            f"Decisions ({len(findings)} finding(s) from {len(by_check)} check(s); most severe first, "
            "`modelorigin rules show ID` explains a check)",
            width,
        ),
        tabulate(rows, headers=headers, tablefmt="simple"),
    ]
    if len(by_check) > DECISION_ROWS:
        lines.append(f"... and {len(by_check) - DECISION_ROWS} more check(s)")
    return lines


def _examples(models: list[str], room: int) -> str:
    """'a, b, +5': as many model ids as fit in room characters, and how many more; a first id too long
    for the room is cut short with '…' (the tables below and the JSON report have it whole)."""
    shown: list[str] = []
    for index, model in enumerate(models):
        rest = len(models) - index - 1
        more = f", +{rest}" if rest else ""
        if len(", ".join([*shown, model]) + more) > room:
            if not shown:
                shown.append(model[: max(8, room - len(more) - 1)] + "…")
            break
        shown.append(model)
    rest = len(models) - len(shown)
    return (", ".join(shown) + (f", +{rest}" if rest else "")) or "-"


def _findings_table(
    findings: list[Finding], width: int, paint: Callable[[str, str], str], message_lines: int | None
) -> str:
    """The findings table. Severity, check, model and location never wrap (an id or a path cut in two
    cannot be copied); the message wraps to what they leave, at least 30 characters. When that would not
    fit the terminal, the model column goes (the message names the model). message_lines: cut each
    message to that many lines (the rest is in the JSON report and `explain`)."""
    import textwrap

    from tabulate import tabulate

    headers = list(FINDING_HEADERS)
    rows = [_finding_row(f, paint) for f in findings]
    plain = [_finding_row(f) for f in findings]
    if width - _fixed_width(plain, headers) < 30:
        index = headers.index("model")
        headers.pop(index)
        rows = [row[:index] + row[index + 1 :] for row in rows]
        plain = [row[:index] + row[index + 1 :] for row in plain]
    room = max(30, width - _fixed_width(plain, headers))
    for row in rows:
        lines = textwrap.wrap(row[-1], room) or [""]
        if message_lines is not None and len(lines) > message_lines:
            last = lines[message_lines - 1]
            if len(last) > room - 4:
                last = last[: room - 4].rsplit(" ", 1)[0]
            lines = [*lines[: message_lines - 1], last + " ..."]
        row[-1] = "\n".join(lines)
    return tabulate(rows, headers=headers, tablefmt="simple")


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


def _fixed_width(rows: list[list[str]], headers: list[str]) -> int:
    """The width of every column but the last (the message), with tabulate's two-space gaps."""
    return sum(max(len(headers[i]) + 2, *(len(str(row[i])) for row in rows)) + 2 for i in range(len(headers) - 1))


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
