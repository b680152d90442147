"""The engine: evaluate every check (data in the rules) over every resolved subject, then apply
the policy's severity overrides, allow list and waivers.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from scanner.evaluate.conditions import matches, render
from scanner.evaluate.facts import Facts, model_facts, reference_facts
from scanner.knowledge import Knowledge
from scanner.knowledge.load import sha256_hex
from scanner.records import SEVERITIES, Finding, Location, Model, PlainRecord, Reference

UNWAIVABLE_CATEGORIES = frozenset({"policy"})
ALLOW_KEEPS_CATEGORIES = frozenset({"policy", "security"})  # an allowed model still gets these


class Subject(PlainRecord):
    """A resolved model (None: not resolved) and the references that use it."""

    __slots__ = ("model", "references")
    FIELDS = ("model", "references")

    def __init__(self, model: Model | None, references: tuple[Reference, ...]) -> None:
        self.model = model
        self.references = references


def evaluate(subjects: list[Subject], kb: Knowledge, policy: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    model_subjects = []
    for subject in subjects:
        facts = (
            model_facts(subject.model, list(subject.references), kb, policy)
            if subject.model
            else Facts({"policy": policy})
        )
        model_subjects.append((subject, facts))
    policy_facts = Facts({"policy": policy})
    disabled = set(policy.get("disabled_checks") or ())
    checks = [
        (check, _severity(check, policy))
        for check in kb.checks
        # switched off by the policy or --ignore/--select: listed, not run; suppressions are made by
        # scanner.evaluate.suppress over comments, not facts
        if check["id"] not in disabled and check["subject"] != "suppression"
    ]
    by_reference = _reference_findings(
        [
            (i, check, severity)
            for i, (check, severity) in enumerate(checks)
            if check["subject"] not in ("policy", "model")
        ],
        model_subjects,
        kb,
    )
    for index, (check, severity) in enumerate(checks):
        if check["subject"] == "policy":
            findings.extend(_run(check, severity, policy_facts, None, ()))
            continue
        for position, (subject, facts) in enumerate(model_subjects):
            if check["subject"] == "model":
                if subject.model is None:
                    continue
                findings.extend(_run(check, severity, facts, subject.model, subject.references))
            else:
                found = by_reference[index][position]
                findings.extend(_grouped(found) if check.get("group") == "model" else found)
    models = {s.model.id: s.model for s in reversed(subjects) if s.model}  # the first subject of an id wins
    return [_apply_policy(f, policy, models) for f in findings]


def _reference_findings(
    checks: list[tuple[int, dict[str, Any], str]], model_subjects: list[tuple[Subject, Facts]], kb: Knowledge
) -> dict[int, list[list[Finding]]]:
    """check index -> subject position -> the findings of that reference check over that subject's references,
    in their order. The facts of a reference are gathered once for all the reference checks, not once for each."""
    found: dict[int, list[list[Finding]]] = {index: [[] for _ in model_subjects] for index, _, _ in checks}
    if not checks:
        return found
    for position, (subject, facts) in enumerate(model_subjects):
        for ref in subject.references:
            bound = reference_facts(facts, ref, kb)
            for index, check, severity in checks:
                found[index][position].extend(_run(check, severity, bound, subject.model, (ref,)))
    return found


def _grouped(findings: list[Finding]) -> list[Finding]:
    """One finding per (model, message, severity) with every occurrence as a location: a model loaded forty
    times without a pinned revision is one decision. Its fingerprint leaves the path out, as a model
    check's does, so moving a use between files keeps it."""
    merged: dict[tuple[Any, ...], Finding] = {}
    for f in findings:
        key = (f.model_id, f.message, f.severity, f.verified)
        kept = merged.get(key)
        if kept is None:
            merged[key] = f._replace(fingerprint=fingerprint(f.rule_id, f.model_id, None, f.message))
        else:
            merged[key] = kept._replace(locations=kept.locations + f.locations)
    return list(merged.values())


def _severity(check: dict[str, Any], policy: dict[str, Any]) -> str:
    override = policy["severity"].get(check["id"])
    if override:
        return str(override)
    by_profile = check.get("severity_by_profile") or {}
    if policy.get("federal_contractor") and "us-federal-contractor" in by_profile:
        return str(by_profile["us-federal-contractor"])
    return str(by_profile.get(policy["profile"], check["severity"]))


def _item_severity(check: dict[str, Any], facts: Facts, default: str) -> str:
    """A check may take its severity from the matched item (an advisory's own rating); policy overrides win."""
    if not check.get("severity_from") or (facts.get("policy.severity") or {}).get(check["id"]):
        return default
    value = facts.get(check["severity_from"])
    return str(value) if value in SEVERITIES else default


def _run(
    check: dict[str, Any], severity: str, facts: Facts, model: Model | None, refs: tuple[Reference, ...]
) -> list[Finding]:
    out = []
    items: list[Any] = [None]
    if check.get("for_each"):
        value = facts.get(check["for_each"])
        items = list(value) if isinstance(value, list) else []
    for item in items:
        bound = facts
        if item is not None:
            verified = bool(item.get("verified", True)) if isinstance(item, dict) else True
            bound = facts.bind("item", item, verified)
        touched: set[str] = set()
        if not matches(check["when"], bound, touched):
            continue
        if item is not None:
            touched.add("item")
        locations = tuple(Location(r.path, r.line, r.column) for r in refs)
        first = locations[0] if locations else None
        item_key = (
            (item.get("id") or item.get("check") or str(sorted(item.items())))
            if isinstance(item, dict)
            else str(item or "")
        )
        out.append(
            Finding(
                rule_id=check["id"],
                rule_name=check["name"],
                title=check["title"],
                severity=_item_severity(check, bound, severity),
                category=check["category"],
                message=render(check["message"], bound),
                remediation=render(check["remediation"], bound),
                model_id=model.id if model else None,
                path=first.path if first else None,
                line=first.line if first else None,
                locations=locations,
                verified=bound.is_verified(touched),
                fingerprint=fingerprint(
                    check["id"],
                    model.id if model else None,
                    first.path if (first and check["subject"] == "reference") else None,
                    item_key,
                ),
            )
        )
    return out


def fingerprint(rule_id: str, model_id: str | None, path: str | None, item: str) -> str:
    """Stable across line moves and re-runs: rule, model (case-folded), path for per-occurrence findings."""
    key = "\0".join([rule_id, (model_id or "").lower(), path or "", item])
    return sha256_hex(key.encode())[:32]


def _apply_policy(finding: Finding, policy: dict[str, Any], models: dict[str, Model]) -> Finding:
    if finding.category in UNWAIVABLE_CATEGORIES:
        return finding
    for waiver in policy["waivers"]:
        if waiver["check"] not in ("*", finding.rule_id):
            continue
        if waiver.get("model") and not (
            finding.model_id and fnmatch(finding.model_id.lower(), waiver["model"].lower())
        ):
            continue
        if waiver.get("path") and not (finding.path and fnmatch(finding.path, waiver["path"])):
            continue
        return finding._replace(waived_by=f"waiver by {waiver['owner']} until {waiver['expires']}: {waiver['reason']}")
    if finding.category not in ALLOW_KEEPS_CATEGORIES and finding.model_id:
        model = models.get(finding.model_id)
        if model is not None and _allowed(model, policy):
            return finding._replace(waived_by="policy allow list")
    return finding


def _allowed(model: Model, policy: dict[str, Any]) -> bool:
    allow = policy["allow"]
    if any(fnmatch(model.id.lower(), p.lower()) for p in allow["models"]):
        return True
    if model.origin.lab and model.origin.lab in allow["labs"]:
        return True
    return bool(model.license.id and model.license.id in allow["licenses"])
