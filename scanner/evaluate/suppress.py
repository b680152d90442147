"""Inline suppressions and baselines: how a reviewed finding is silenced without hiding it.

An inline suppression is a comment on the finding's line, or alone on the line above it:

    model = AutoModel.from_pretrained(MODEL, trust_remote_code=True)  # modelorigin: ignore[MO401] reviewed in SEC-12

It names one or more checks (by id or name, comma-separated) and must give a reason. A suppression
without a reason does not suppress; it becomes a finding itself (MO503). A baseline is a file of
finding fingerprints (`modelorigin baseline`); `scan --baseline FILE` silences the findings it
lists, so only new ones fail the gate. Neither can silence a policy finding (a deny, an expired
waiver): those are decisions of the organisation, not of the code under review.

A silenced finding keeps its place in the report with `waived_by` saying who silenced it and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scanner.errors import UserError
from scanner.records import Finding, Location, PlainRecord

UNSILENCEABLE_CATEGORIES = frozenset({"policy"})
BASELINE_FORMAT = 1

# A comment marker, then `modelorigin: ignore[IDS] reason`. Markers: # (Python, YAML, TOML, shell,
# Dockerfile, requirements), // and /* (JS, JSONC), -- (SQL, Lua), ; (INI), <!-- (HTML, XML).
# Compiled on first use: most scans (and every clean pre-commit run) never need them.
_SUPPRESSION = r"(?P<marker>#|//|/\*|--|;|<!--)\s*modelorigin\s*:\s*ignore\s*\[(?P<ids>[^\]\n]*)\]?(?P<reason>[^\n]*)"
_COMMENT_ONLY = r"^\s*(#|//|/\*|--|;|<!--)"
_CLOSERS = r"\s*(\*/|-->)\s*$"

# The finding a suppression without a reason becomes. Kept with the same fields as a check in the
# rules, so every formatter describes it like any other check.
MISSING_REASON = "MO503"  # rules/checks.yaml: a suppression without a reason is itself a finding


class Suppression(PlainRecord):
    """One suppression comment."""

    __slots__ = ("checks", "line", "path", "reason", "standalone", "text")
    FIELDS = ("path", "line", "checks", "reason", "text", "standalone")

    def __init__(self, path: str, line: int, checks: tuple[str, ...], reason: str, text: str, standalone: bool) -> None:
        self.path = path
        self.line = line  # where the comment is
        self.checks = checks  # ids or names as written, upper-cased ids / lower-cased names
        self.reason = reason
        self.text = text  # the comment as written
        self.standalone = standalone  # the comment is alone on its line (so it also covers the next line)


def parse_suppressions(text: str, path: str) -> list[Suppression]:
    """Every suppression comment in a file's text."""
    out: list[Suppression] = []
    if "modelorigin" not in text.lower():
        return out
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.search(_SUPPRESSION, line, re.IGNORECASE)
        if match is None:
            continue
        ids = tuple(i.strip() for i in match["ids"].split(",") if i.strip())
        reason = re.sub(_CLOSERS, "", match["reason"]).strip()
        if not re.search(r"\w", reason):  # "-", ":" or nothing at all is no reason
            reason = ""
        out.append(
            Suppression(
                path=path,
                line=number,
                checks=ids,
                reason=reason,
                text=re.sub(_CLOSERS, "", line[match.start() :]).strip(),
                standalone=bool(re.match(_COMMENT_ONLY, line)),
            )
        )
    return out


def _covers(suppression: Suppression, line: int) -> bool:
    return suppression.line == line or (suppression.standalone and suppression.line == line - 1)


def _names(suppression: Suppression, finding: Finding) -> bool:
    wanted = {c.lower() for c in suppression.checks}
    return finding.rule_id.lower() in wanted or finding.rule_name.lower() in wanted


def apply_suppressions(
    findings: list[Finding], sources: Mapping[str, Path], checks: Mapping[str, Mapping[str, Any]]
) -> tuple[list[Finding], list[str]]:
    """Findings with inline suppressions applied, and notes for the report's warnings.

    sources: scanned path (as reported) -> file to read. checks: the rules' checks by id, so that a
    suppression naming no known check is reported rather than silently doing nothing.
    """
    located = {loc.path for f in findings for loc in f.locations}
    by_path: dict[str, list[Suppression]] = {}
    for rel in sorted(located):
        source = sources.get(rel)
        if source is None:
            continue
        text = _comment_text(source)
        if text is None:
            continue
        found = parse_suppressions(text, rel)
        if found:
            by_path[rel] = found
    if not by_path:
        return findings, []

    notes: list[str] = []
    invalid: dict[tuple[str, int], Suppression] = {}
    out: list[Finding] = []
    for finding in findings:
        if finding.waived_by is not None or not finding.locations:
            out.append(finding)
            continue
        kept: list[Location] = []
        silenced_by: list[Suppression] = []
        for loc in finding.locations:
            match = next(
                (s for s in by_path.get(loc.path, []) if _covers(s, loc.line) and _names(s, finding)),
                None,
            )
            if match is None:
                kept.append(loc)
            elif not match.reason:
                invalid[(match.path, match.line)] = match
                kept.append(loc)
            elif finding.category in UNSILENCEABLE_CATEGORIES:
                notes.append(
                    f"{match.path}:{match.line}: a suppression cannot silence {finding.rule_id} "
                    f"({finding.category}: {finding.title}); change the policy instead"
                )
                kept.append(loc)
            else:
                silenced_by.append(match)
        if not silenced_by:
            out.append(finding)
        elif kept:  # other occurrences still carry the finding
            out.append(finding._replace(locations=tuple(kept), path=kept[0].path, line=kept[0].line))
        else:
            first = silenced_by[0]
            out.append(finding._replace(waived_by=f"inline suppression at {first.path}:{first.line}: {first.reason}"))
    for suppressions in by_path.values():
        for s in suppressions:
            if not s.checks:
                invalid.setdefault((s.path, s.line), s)
            names = {str(c["name"]) for c in checks.values()}
            unknown = [c for c in s.checks if c.upper() not in checks and c.lower() not in names]
            if unknown:
                notes.append(f"{s.path}:{s.line}: suppression names unknown check(s) {', '.join(unknown)}")
    out.extend(
        _missing_reason(s, checks[MISSING_REASON]) for s in sorted(invalid.values(), key=lambda s: (s.path, s.line))
    )
    return out, sorted(set(notes))


# Suppression comments live in text files, which the scanner reads up to this size (DEFAULT_MAX_FILE_SIZE);
# a weight file (safetensors, GGUF, a pickle) is never read whole to look for one.
MAX_COMMENT_FILE = 4 * 1024 * 1024
SNIFF = 8192


def _comment_text(source: Path) -> str | None:
    """The text of a file that can hold suppression comments; None for a binary or oversized file."""
    from scanner.modelfiles import WEIGHT_SUFFIXES

    if source.suffix.lower() in WEIGHT_SUFFIXES:
        return None
    try:
        with source.open("rb") as handle:
            head = handle.read(SNIFF)
            if b"\0" in head:
                return None
            rest = handle.read(MAX_COMMENT_FILE + 1 - len(head))
    except OSError:
        return None
    data = head + rest
    if len(data) > MAX_COMMENT_FILE:
        return None
    return data.decode("utf-8", errors="replace")


def _missing_reason(s: Suppression, check: Mapping[str, Any]) -> Finding:
    from scanner.evaluate.engine import fingerprint

    return Finding(
        rule_id=check["id"],
        rule_name=check["name"],
        title=check["title"],
        severity=check["severity"],
        category=check["category"],
        message=check["message"].replace("{suppression.text}", f"`{s.text}`"),
        remediation=check["remediation"],
        model_id=None,
        path=s.path,
        line=s.line,
        locations=(Location(s.path, s.line),),
        fingerprint=fingerprint(check["id"], None, s.path, ",".join(s.checks)),
    )


def silence(
    findings: list[Finding], sources: Mapping[str, Path], checks: Mapping[str, Mapping[str, Any]], baseline: Path | None
) -> tuple[list[Finding], list[str]]:
    """The pipeline's hook: inline suppressions, then the baseline (when given)."""
    findings, notes = apply_suppressions(findings, sources, checks)
    if baseline is not None:
        findings = apply_baseline(findings, load_baseline(baseline))
    return findings, notes


# --- baselines ----------------------------------------------------------------------------------


class Baseline(PlainRecord):
    """A baseline file: the fingerprints of the findings it accepts."""

    __slots__ = ("fingerprints", "generated_at", "path")
    FIELDS = ("path", "generated_at", "fingerprints")

    def __init__(self, path: str, generated_at: str, fingerprints: frozenset[str]) -> None:
        self.path = path
        self.generated_at = generated_at
        self.fingerprints = fingerprints


def baseline_document(
    findings: list[Finding] | tuple[Finding, ...], *, tool_version: str, generated_at: str, rules_sha256: str
) -> dict[str, Any]:
    """What `modelorigin baseline` writes: the fingerprints of today's live findings, with enough
    context (check, model, place, message) for a reviewer to read the file."""
    recorded = [f for f in findings if f.waived_by is None and f.category not in UNSILENCEABLE_CATEGORIES]
    return {
        "modelorigin_baseline": BASELINE_FORMAT,
        "generated_at": generated_at,
        "tool_version": tool_version,
        "rules_sha256": rules_sha256,
        "findings": [
            {
                "fingerprint": f.fingerprint,
                "rule_id": f.rule_id,
                "severity": f.severity,
                "model_id": f.model_id,
                "path": f.path,
                "line": f.line,
                "message": f.message,
            }
            for f in sorted(recorded, key=lambda f: (f.rule_id, f.model_id or "", f.path or "", f.line or 0))
        ],
    }


def load_baseline(path: Path) -> Baseline:
    """A baseline file, or a JSON report used as one (its findings' fingerprints)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read baseline: {exc.strerror or exc}", str(path)) from None
    except UnicodeDecodeError:
        raise UserError("baseline is not UTF-8 JSON", str(path)) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"baseline is not valid JSON: {exc.msg} (column {exc.colno})", str(path), exc.lineno) from None
    except RecursionError:
        raise UserError("baseline is not valid JSON: nested too deeply", str(path)) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise UserError(
            "not a baseline: expected an object with a 'findings' list (write one with `modelorigin baseline`)",
            str(path),
        )
    if "modelorigin_baseline" not in doc and "schema_version" not in doc:
        raise UserError("not a modelorigin baseline or JSON report", str(path))
    prints: set[str] = set()
    for i, item in enumerate(doc["findings"]):
        value = item.get("fingerprint") if isinstance(item, dict) else None
        if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{32}", value):
            raise UserError(f"findings[{i}] has no valid fingerprint (32 hex digits)", str(path))
        if isinstance(item, dict) and item.get("waived_by"):
            continue  # a JSON report's waived findings were not accepted by anyone as a baseline
        prints.add(value)
    return Baseline(str(path), str(doc.get("generated_at") or "unknown date"), frozenset(prints))


def apply_baseline(findings: list[Finding], baseline: Baseline) -> list[Finding]:
    out = []
    for f in findings:
        accepted = f.fingerprint in baseline.fingerprints
        if accepted and f.waived_by is None and f.category not in UNSILENCEABLE_CATEGORIES:
            f = f._replace(waived_by=f"baseline {baseline.path} (recorded {baseline.generated_at})")
        out.append(f)
    return out
