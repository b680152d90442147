"""One line per finding, like a compiler: for pre-commit hooks and CI logs (no table library)."""

from __future__ import annotations

from scanner.records import ScanReport, severity_rank
from scanner.report import coverage_note


def render_concise(report: ScanReport) -> str:
    """Open findings at or above the threshold as `path:line:col: SEVERITY ID message`, then a summary."""
    threshold = severity_rank(report.fail_on)
    live = [f for f in report.findings if f.waived_by is None]
    shown = [f for f in live if severity_rank(f.severity) >= threshold]
    lines = []
    for f in shown:
        loc = f.locations[0] if f.locations else None
        where = f"{loc.path}:{loc.line}:{loc.column}" if loc else (f.path or "-")
        unverified = " (unverified: does not fail the gate)" if not f.verified else ""
        lines.append(f"{where}: {f.severity.upper()} {f.rule_id} {f.message}{unverified}")
    cov = report.coverage
    for issue in cov.parse_errors:
        lines.append(f"{issue.path}:{issue.line or 0}: not fully read: {issue.message}")
    gating = report.gating_findings()
    below = len(live) - len(shown)
    tail = f"; {below} below it (modelorigin scan for the full report)" if below else ""
    accepted = len(report.findings) - len(live)
    tail += f"; {accepted} accepted" if accepted else ""
    skipped = f", {len(cov.skipped)} not read" if cov.skipped else ""
    verdict = "PASSED" if report.passed() else "FAILED"
    note = coverage_note(report)
    tail += f"; {note}" if note else ""
    lines.append(
        f"modelorigin: {verdict}: {len(gating)} finding(s) at or above '{report.fail_on}'{tail} "
        f"[{sum(not m.mention_only for m in report.models)} model(s) in {cov.files_scanned} file(s){skipped}]"
    )
    for warning in report.warnings:
        lines.append(f"modelorigin: warning: {warning}")
    return "\n".join(lines) + "\n"
