"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers).

What GitHub code scanning needs beyond the OASIS schema: every rule with id, short and full
description and help text; `security-severity` on the rules; artifact URIs relative to the
repository root; and `partialFingerprints.primaryLocationLineHash`, which we emit ourselves from the
finding's stable fingerprint so that findings without a line (a model file, a policy waiver) are
tracked across runs too. Waived and suppressed findings are kept, with SARIF `suppressions`, so
code scanning shows them as closed rather than forgetting them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scanner.records import Finding, ScanReport
from scanner.report import scan_root

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
MAX_LOCATIONS = 10  # GitHub shows only the first and accepts at most 10

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.5"}
PROBLEM_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "recommendation"}


def render_sarif(report: ScanReport) -> str:
    from scanner.report import json_text

    return json_text(sarif_log(report), expand=5)  # runs[0].results[i], runs[0].tool.driver.rules[i]: a line each


def sarif_log(report: ScanReport) -> dict[str, Any]:
    prefix = repository_prefix(report)
    ids = sorted(set(report.checks) | {f.rule_id for f in report.findings})
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    severities = {f.rule_id: f.severity for f in report.findings}  # policy overrides apply per check
    occurrences: dict[str, int] = {}
    gating = {id(f) for f in report.gating_findings()}
    results = [_result(f, index[f.rule_id], prefix, occurrences, report, id(f) in gating) for f in report.findings]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modelorigin",
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "rules": [_rule(r, report, severities.get(r)) for r in ids],
                    }
                },
                "invocations": [_invocation(report, prefix)],
                "results": results,
                "properties": {
                    "rules": {
                        "version": report.rules.version,
                        "sha256": report.rules.sha256,
                        "as_of": report.rules.as_of,
                    },
                    "policy": {
                        "profile": report.policy.get("profile"),
                        "sha256": report.policy.get("sha256"),
                        "fail_on": report.fail_on,
                    },
                    "passed": not report.gating_findings(),
                },
            }
        ],
    }


def repository_prefix(report: ScanReport) -> str:
    """What to put before a scan-relative path to make it relative to the repository root.

    Findings carry paths relative to the scan root (the one directory scanned, else the working
    directory). Code scanning resolves URIs against the repository root, so a scan of
    `examples/demo-chatbot` must report `examples/demo-chatbot/app/chat.py`.
    """
    root = scan_root(report)
    for candidate in (root, *root.parents):
        if (candidate / ".git").exists():
            rel = root.relative_to(candidate).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def _rule(rule_id: str, report: ScanReport, severity: str | None) -> dict[str, Any]:
    check = report.checks.get(rule_id) or {}
    finding = next((f for f in report.findings if f.rule_id == rule_id), None)
    title = check.get("title") or (finding.title if finding else rule_id)
    severity = severity or check.get("severity") or "medium"
    why = " ".join(str(check.get("why") or "").split())
    remediation = " ".join(str(check.get("remediation") or (finding.remediation if finding else "")).split())
    help_text = f"{title}. {why} How to fix it: {remediation}".strip()
    help_markdown = [f"**{title}**", ""]
    if why:
        help_markdown += [why, ""]
    help_markdown += ["**How to fix it:** " + remediation, ""]
    if check.get("example"):
        help_markdown += ["Example:", "", "```", str(check["example"]), "```", ""]
    if check.get("references"):
        help_markdown += ["References:", ""] + [f"- {r}" for r in check["references"]] + [""]
    help_markdown.append(
        f"Suppress one occurrence with a trailing comment `# modelorigin: ignore[{rule_id}] <reason>`, or waive it "
        "in `.modelorigin.yaml` with an owner, a reason and an expiry date."
    )
    category = check.get("category") or (finding.category if finding else "hygiene")
    rule: dict[str, Any] = {
        "id": rule_id,
        "name": _pascal(check.get("name") or (finding.rule_name if finding else rule_id)),
        "shortDescription": {"text": _clip(title)},
        "fullDescription": {"text": _clip(why or title)},
        "help": {"text": _clip(help_text, 4000), "markdown": "\n".join(help_markdown)},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "tags": list(dict.fromkeys(["security", "ai-models", category])),
            "precision": "high",
            "security-severity": SECURITY_SEVERITY[severity],
            "problem.severity": PROBLEM_SEVERITY.get(severity, "recommendation"),
        },
    }
    references = check.get("references") or []
    if references and str(references[0]).startswith("https://"):
        rule["helpUri"] = str(references[0])
    return rule


def _result(
    finding: Finding, rule_index: int, prefix: str, occurrences: dict[str, int], report: ScanReport, gating: bool
) -> dict[str, Any]:
    text = finding.message
    if finding.remediation:
        text += f" Fix: {finding.remediation}"
    if not finding.verified:
        text += " (Rests on a fact marked unverified: reported, but it does not fail the gate on its own.)"
    locations = [_location(prefix + loc.path, loc.line, loc.column) for loc in finding.locations[:MAX_LOCATIONS]]
    if not locations:
        place = finding.path or report.policy.get("source")
        if place:
            locations = [_location(prefix + _scan_relative(str(place), report), finding.line, None)]
    occurrences[finding.fingerprint] = occurrences.get(finding.fingerprint, 0) + 1
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": locations,
        "partialFingerprints": {
            "primaryLocationLineHash": f"{finding.fingerprint[:16]}:{occurrences[finding.fingerprint]}",
            "modelorigin/v1": finding.fingerprint,
        },
        "properties": {
            "severity": finding.severity,
            "category": finding.category,
            "model": finding.model_id,
            "verified": finding.verified,
            "gating": gating,
        },
    }
    if len(finding.locations) > MAX_LOCATIONS:
        result["properties"]["more_locations"] = len(finding.locations) - MAX_LOCATIONS
    if finding.waived_by is not None:
        kind = "inSource" if finding.waived_by.startswith("inline suppression") else "external"
        result["suppressions"] = [{"kind": kind, "status": "accepted", "justification": finding.waived_by}]
    return result


def _location(uri: str, line: int | None, column: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if line:
        physical["region"] = {"startLine": line, **({"startColumn": column} if column else {})}
    return {"physicalLocation": physical}


def _scan_relative(path: str, report: ScanReport) -> str:
    """A path as given on the command line (the policy file) made relative to the scan root."""
    try:
        return Path(path).resolve().relative_to(scan_root(report)).as_posix()
    except ValueError:
        return Path(path).name


def _invocation(report: ScanReport, prefix: str) -> dict[str, Any]:
    """Parse problems and warnings as notifications: a file that could not be read is not clean."""
    notes: list[dict[str, Any]] = []
    for issue in report.coverage.parse_errors:
        message = issue.message + (f" ({issue.fallback})" if issue.fallback else "")
        notes.append(
            {
                "level": "warning",
                "message": {"text": f"{issue.path}: {message}"},
                "locations": [_location(prefix + issue.path, issue.line, None)],
            }
        )
    for skip in report.coverage.skipped:
        notes.append({"level": "note", "message": {"text": f"not scanned: {skip.path}: {skip.reason}"}})
    for warning in report.warnings:
        notes.append({"level": "warning", "message": {"text": warning}})
    return {"executionSuccessful": True, "toolExecutionNotifications": notes}


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("_", "-").split("-") if part)


def _clip(text: str, limit: int = 1024) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
