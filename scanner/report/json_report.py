"""The JSON report: the documented contract (docs/report.schema.json)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.records import Finding, Model, Reference, ScanReport

SCHEMA_VERSION = "1.0"


def report_dict(report: ScanReport, *, lazy: bool = False) -> dict[str, Any]:
    """The report as plain data. lazy: references, models and findings as generators (see stream_json)."""
    gating = {id(f) for f in report.gating_findings()}
    items: Any = (lambda made: made) if lazy else list
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "modelorigin", "version": report.tool_version},
        "generated_at": report.generated_at,
        "rules": {
            "version": report.rules.version,
            "sha256": report.rules.sha256,
            "as_of": report.rules.as_of,
            "files": list(report.rules.files),
        },
        "policy": {
            "profile": report.policy["profile"],
            "source": report.policy.get("source"),
            "sha256": report.policy.get("sha256"),
            "fail_on": report.fail_on,
            "commercial_use": report.policy["commercial_use"],
            "territories": report.policy["territories"],
            "users_in": report.policy.get("users_in", []),
            # the declared use license duties are judged by (scanner.evaluate.attachments); None: not declared
            "distribution": report.policy.get("distribution") or report.policy.get("distribution_paths") or None,
            "activities": report.policy.get("activities"),
            "trains_models": report.policy["trains_models"],
            "disabled_checks": list(report.policy.get("disabled_checks") or []),
        },
        "summary": {
            "references": len(report.references),
            "models": len(report.models),
            "findings": _count_by_severity(report.findings),
            "gating_findings": len(gating),
            "passed": report.passed(),
            "online_unreached": report.online_unreached,
            "complete": not report.coverage.not_read(),
            "not_read": len(report.coverage.not_read()),
        },
        "references": items(reference_dict(r) for r in report.references),
        "models": items(model_dict(m) for m in report.models),
        "findings": items(finding_dict(f, id(f) in gating) for f in report.findings),
        "coverage": {
            "roots": list(report.coverage.roots),
            "files_scanned": report.coverage.files_scanned,
            "files_skipped": [{"path": s.path, "reason": s.reason} for s in report.coverage.skipped],
            "parse_errors": [
                {"path": p.path, "line": p.line, "message": p.message, "fallback": p.fallback}
                for p in report.coverage.parse_errors
            ],
        },
        "warnings": list(report.warnings),
    }


def reference_dict(ref: Reference) -> dict[str, Any]:
    return {
        "id": ref.id,
        "ref_type": ref.ref_type.value,
        "path": ref.path,
        "line": ref.line,
        "column": ref.column,
        "raw": ref.raw,
        "extractor": ref.extractor,
        "mention": ref.mention,
        "context": {
            "trust_remote_code": ref.trust_remote_code,
            "revision": ref.revision,
            "revision_pinned": ref.revision_pinned,
            "version_spec": ref.version_spec,
            "in_docs": ref.in_docs,
            "used_at": ref.used_at,
        },
    }


def model_dict(model: Model) -> dict[str, Any]:
    return {
        "id": model.id,
        "kind": model.kind,
        "family": model.family,
        "uploader": model.uploader,
        "relation": model.relation,
        "origin": {
            "lab": model.origin.lab,
            "lab_name": model.origin.lab_name,
            "country": model.origin.country,
            "via": model.origin.via,
        },
        "license": {"id": model.license.id, "name": model.license.name, "via": model.license.via},
        "lineage": [a._asdict() for a in model.lineage],
        "custom_code": model.custom_code,
        "mention_only": model.mention_only,
        "evidence": [
            {
                "attribute": e.attribute,
                "value": e.value,
                "signal": e.signal,
                "detail": e.detail,
                "confidence": e.confidence,
                "verified": e.verified,
            }
            for e in model.evidence
        ],
    }


def finding_dict(finding: Finding, gating: bool) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "title": finding.title,
        "severity": finding.severity,
        "category": finding.category,
        "message": finding.message,
        "remediation": finding.remediation,
        "model_id": finding.model_id,
        "path": finding.path,
        "line": finding.line,
        "locations": [{"path": loc.path, "line": loc.line, "column": loc.column} for loc in finding.locations],
        "verified": finding.verified,
        "waived_by": finding.waived_by,
        "gating": gating,
        "fingerprint": finding.fingerprint,
    }


def _count_by_severity(findings: tuple[Finding, ...]) -> dict[str, int]:
    counts = {s: 0 for s in ("critical", "high", "medium", "low", "info")}
    for f in findings:
        counts[f.severity] += 1
    return counts


def render_json(report: ScanReport) -> str:
    return "".join(stream_json(report))


def stream_json(report: ScanReport) -> Iterator[str]:
    """The JSON report in pieces, each finding, reference and model made as it is written."""
    from scanner.report import json_chunks

    return json_chunks(report_dict(report, lazy=True))
