"""The explanation of one resolved model, as plain data for `explain` (table and JSON).

Everything here is gathered from the resolved Model, its references and the engine's findings; the
formatters in scanner/report/explain.py only lay it out.
"""

from __future__ import annotations

from typing import Any

from scanner import __version__
from scanner.knowledge import Knowledge
from scanner.records import Finding, Model, ParseIssue, Reference, RulesInfo, severity_rank
from scanner.resolve.lineage import tree
from scanner.resolve.obligations import carried, checklist

SCHEMA = "modelorigin-explain/1"
_RELATION_TEXT = {
    "finetune": "trained further from it",
    "adapter": "an adapter on it",
    "quantized": "a quantization of it",
    "merge": "merged from it",
    "distill": "trained on its outputs",
    "reupload": "a copy of it",
}


def build_explanation(
    query: str,
    model: Model,
    references: list[Reference],
    findings: list[Finding],
    issues: list[ParseIssue],
    kb: Knowledge,
    rules: RulesInfo,
    policy: dict[str, Any],
) -> dict[str, Any]:
    meta = model.meta or {}
    lab = kb.labs.get(model.origin.lab or "")
    return {
        "schema": SCHEMA,
        "tool": {"name": "modelorigin", "version": __version__},
        "rules": {"version": rules.version, "sha256": rules.sha256, "as_of": rules.as_of},
        "policy": {"profile": policy.get("profile"), "commercial_use": policy.get("commercial_use")},
        "query": query,
        "model": model.identity(),
        "origin": {
            "lab": model.origin.lab,
            "lab_name": model.origin.lab_name,
            "country": model.origin.country,
            "via": model.origin.via,
            "parent": (lab or {}).get("parent"),
        },
        "license": {
            "id": model.license.id,
            "name": model.license.name,
            "via": model.license.via,
            "declared": meta.get("declared_license"),
        },
        "lineage": _named(tree(model), kb),
        "labs": _labs(model, kb),
        "licenses": _licenses(model, kb),
        "flags": [_finding(f) for f in sorted(findings, key=lambda f: (-severity_rank(f.severity), f.rule_id))],
        "evidence": _evidence(model),
        "files": [_file(r) for r in references if r.meta],
        "parse_problems": [{"path": i.path, "line": i.line, "message": i.message} for i in issues],
    }


def _named(node: dict[str, Any], kb: Knowledge) -> dict[str, Any]:
    lab = kb.labs.get(node.get("lab") or "")
    return {**node, "lab_name": lab["name"] if lab else None, "bases": [_named(b, kb) for b in node["bases"]]}


def _labs(model: Model, kb: Knowledge) -> list[dict[str, Any]]:
    """Every lab in the chain once, with what it did: origin, or the ancestors it trained."""
    order: dict[str, dict[str, Any]] = {}

    def add(lab_id: str | None, role: str) -> None:
        if not lab_id:
            return
        lab = kb.labs.get(lab_id) or {}
        item = order.setdefault(
            lab_id,
            {"lab": lab_id, "name": lab.get("name", lab_id), "country": lab.get("country"), "roles": []},
        )
        if role not in item["roles"]:
            item["roles"].append(role)

    add(model.origin.lab, "origin of these weights")
    for a in model.lineage:
        add(a.lab, f"{a.relation}: {a.id}")
    return list(order.values())


def _licenses(model: Model, kb: Knowledge) -> list[dict[str, Any]]:
    out = []
    for item in carried(model):
        entry = kb.licenses.get(item.license) or {}
        holders = []
        for h in item.holders:
            lab = kb.labs.get(h.lab or "")
            holders.append(
                {
                    "id": h.id,
                    "lab": h.lab,
                    "lab_name": lab["name"] if lab else None,
                    "relation": h.relation,
                    "relation_text": _RELATION_TEXT.get(h.relation or "", "this model") if h.relation else "this model",
                    "superseded_by": h.superseded_by,
                }
            )
        out.append(
            {
                "id": item.license,
                "name": entry.get("name", item.license),
                "class": entry.get("class"),
                "licensor": entry.get("licensor"),
                "known": bool(entry),
                "verified": bool(entry.get("verified", True)),
                "source": entry.get("source"),
                "superseded": item.superseded,
                "holders": holders,
                "obligations": checklist(entry) if entry else [],
            }
        )
    return out


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "rule_name": f.rule_name,
        "severity": f.severity,
        "category": f.category,
        "title": f.title,
        "message": f.message,
        "remediation": f.remediation,
        "path": f.path,
        "verified": f.verified,
        "waived_by": f.waived_by,
    }


def _evidence(model: Model) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for e in model.evidence:
        out.setdefault(e.attribute, []).append(
            {
                "value": e.value,
                "signal": e.signal,
                "detail": e.detail,
                "confidence": e.confidence,
                "verified": e.verified,
            }
        )
    return out


def _file(ref: Reference) -> dict[str, Any]:
    meta = ref.meta or {}
    pickled = meta.get("pickle") or {}
    header = (meta.get("gguf") or {}).get("metadata") or (meta.get("safetensors") or {}).get("metadata") or {}
    return {
        "path": ref.path,
        "format": meta.get("format"),
        "size": meta.get("size"),
        "error": meta.get("error"),
        "header": {k: v for k, v in header.items() if not isinstance(v, list) or len(v) <= 16},
        "pickle_globals": list(pickled.get("globals") or []),
        "pickle_dangerous": list(pickled.get("dangerous") or []),
        "folder_files": list((meta.get("folder") or {}).get("files_read") or []),
        "revision": ref.revision,
    }
