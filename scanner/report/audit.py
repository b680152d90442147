"""What the audit report says, shared by the Markdown and HTML renderers (which only lay it out).

Written for a reader who never saw the tool: every section is a plain statement (what was scanned,
where the models come from, what each license asks of you, what is flagged and on what evidence,
what was accepted and by whom, what was not looked at), with the identifiers an auditor needs to
reproduce it (tool version, rules version and SHA-256, policy SHA-256).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scanner.records import SEVERITIES, Ancestor, Finding, Model, ScanReport, severity_rank
from scanner.report import coverage_note, project_name

if TYPE_CHECKING:
    from scanner.evaluate.attachments import Use

COUNTRIES = {
    "AE": "United Arab Emirates",
    "CA": "Canada",
    "CH": "Switzerland",
    "CN": "China",
    "DE": "Germany",
    "EU": "European Union",
    "FR": "France",
    "GB": "United Kingdom",
    "HK": "Hong Kong",
    "IL": "Israel",
    "IN": "India",
    "JP": "Japan",
    "KR": "South Korea",
    "SG": "Singapore",
    "TW": "Taiwan",
    "US": "United States",
}
KINDS = {
    "hub_model": "Hugging Face model",
    "modelscope_model": "ModelScope model",
    "ollama_model": "Ollama model",
    "model_file": "model file",
    "api_endpoint": "hosted model API",
    "hosted_model": "hosted API model",
    "sdk_package": "model provider SDK",
    "loader_package": "model-loading library",
}
LICENSE_CLASSES = {
    "permissive": "permissive (Apache, MIT, ...)",
    "copyleft": "copyleft",
    "open-rail": "open RAIL (use restrictions)",
    "restricted-commercial": "commercial use with conditions",
    "non-commercial": "non-commercial only",
    "research-only": "research only",
    "proprietary": "proprietary",
}
SEVERITY_MEANING = {
    "critical": "forbidden by your policy; must be removed",
    "high": "likely legal, export-control or security exposure; fails the gate by default",
    "medium": "needs a review or a decision",
    "low": "an obligation or hygiene point to record",
    "info": "for the inventory",
}
SIGNALS = {
    "catalog": "the bundled model catalog",
    "org": "the publishing organisation on the hub",
    "family-pattern": "the model's family name",
    "name": "the model's name",
    "endpoint": "the API host name",
    "sdk": "the SDK package",
    "model-card": "the model card",
    "gguf": "the GGUF file header",
    "config": "config.json",
    "hub-api": "the Hugging Face Hub API",
    "ollama-library": "the Ollama library",
}


@dataclass(frozen=True)
class Duty:
    kind: str  # commercial use, attribution, threshold, ...
    text: str
    reason: str = ""  # a duty set aside: why it does not attach to the declared use


@dataclass(frozen=True)
class Obligations:
    """One license the model carries (its own, or an ancestor's) and what it asks of the user."""

    license: str  # name
    holder: str  # the model (or ancestor) under that license
    relation: str | None  # the holder's relation to its child; None for the model itself
    superseded_by: str | None  # the same lab relicensed a derivative: shown, not carried
    duties: tuple[Duty, ...]  # those that apply to the use the policy declares
    set_aside: tuple[Duty, ...] = ()  # those that do not, each with its reason

    @property
    def heading(self) -> str:
        if self.relation is None:
            return f"{self.license}: this model's license"
        if self.superseded_by:
            return (
                f"{self.license} of {self.holder}: not carried, because its lab released "
                f"{self.superseded_by} under another license"
            )
        return f"{self.license}: carried from {self.holder} ({self.relation} base)"


@dataclass(frozen=True)
class Verdict:
    """One check's verdict on one model: its findings (one per listing, occurrence, ...) share a status."""

    findings: tuple[Finding, ...]
    status: str  # "fails the gate" | "reported ..." | "accepted: ..."
    evidence: tuple[str, ...]  # where it was found and the signals it rests on, in words
    remediation: str  # what to do (the first item's, when items differ only in their subject)

    @property
    def finding(self) -> Finding:
        return self.findings[0]


@dataclass(frozen=True)
class Node:
    id: str
    label: str  # lab (country) · license
    relation: str | None  # how its child derives from it; None for the model itself
    parent: str | None  # id of its child in the graph (the model it is a base of)
    depth: int
    country: str | None


@dataclass(frozen=True)
class ModelSection:
    model: Model
    kind: str
    origin: str
    origin_how: tuple[str, ...]
    license: str
    license_class: str
    used_at: tuple[str, ...]
    lineage: tuple[Node, ...]  # the model itself first
    obligations: tuple[Obligations, ...]
    verdicts: tuple[Verdict, ...]
    worst: str | None  # highest live severity


@dataclass(frozen=True)
class Audit:
    project: str
    generated_at: str
    passed: bool
    verdict: str
    gating: int
    scope: tuple[tuple[str, str], ...]
    policy: tuple[tuple[str, str], ...]
    identity: tuple[tuple[str, str], ...]
    by_country: tuple[tuple[str, int], ...]
    by_lab: tuple[tuple[str, int], ...]
    by_license_class: tuple[tuple[str, int], ...]
    by_severity: tuple[tuple[str, int, int], ...]  # severity, live, accepted
    summary_rows: tuple[tuple[Finding, int], ...]  # live findings grouped by (check, model), with count
    models: tuple[ModelSection, ...]
    other: tuple[Verdict, ...]  # findings not tied to a model (loaders, policy, suppressions)
    accepted: tuple[Finding, ...]
    waivers: tuple[dict[str, Any], ...]
    expired_waivers: tuple[dict[str, Any], ...]
    not_scanned: tuple[tuple[str, tuple[str, ...]], ...]  # reason, paths
    parse_problems: tuple[str, ...]
    warnings: tuple[str, ...]
    unverified: int = 0
    # models only mentioned (comments, docstrings, messages, records): id, kind, origin, where named
    mentioned: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()


def country_name(code: str | None) -> str:
    if not code:
        return "unknown"
    name = COUNTRIES.get(code.upper())
    return f"{name} ({code})" if name else code


def build_audit(report: ScanReport) -> Audit:
    gating = report.gating_findings()
    gating_ids = {id(f) for f in gating}
    live = [f for f in report.findings if f.waived_by is None]
    used = [m for m in report.models if not m.mention_only]
    sections = tuple(
        sorted(
            (_section(m, report, gating_ids) for m in used),
            key=lambda s: (-(severity_rank(s.worst) if s.worst else -1), s.model.id.lower()),
        )
    )
    model_ids = {m.id for m in report.models}
    other = _verdicts([f for f in report.findings if f.model_id not in model_ids], None, gating_ids)
    cov = report.coverage
    not_scanned: dict[str, list[str]] = {}
    for skip in cov.skipped:
        not_scanned.setdefault(skip.reason, []).append(skip.path)
    threshold = report.fail_on
    verdict = (
        f"FAILED: {len(gating)} finding(s) at or above '{threshold}' need action before this project passes."
        if gating
        else f"{'PASSED' if report.passed() else 'FAILED'}: no finding at or above '{threshold}'."
    )
    note = coverage_note(report)
    verdict += f" Note: {note}." if note else ""
    policy = report.policy
    return Audit(
        project=project_name(report),
        generated_at=report.generated_at,
        passed=report.passed(),
        verdict=verdict,
        gating=len(gating),
        scope=(
            ("Scanned", ", ".join(cov.roots)),
            ("Files read", str(cov.files_scanned)),
            ("Files not read", f"{len(cov.skipped)} (listed under 'What was not scanned')"),
            ("Files read with problems", str(len(cov.parse_errors))),
            ("Model references found", str(len(report.references))),
            ("Distinct models, APIs and SDKs", str(len(used))),
            ("Models only mentioned (comments, docs, messages)", str(len(report.models) - len(used))),
        ),
        policy=(
            ("Profile", str(policy.get("profile"))),
            ("Policy file", str(policy.get("source") or "none (bundled profile only)")),
            ("Commercial use", "yes" if policy.get("commercial_use") else "no"),
            ("Deployed in", ", ".join(policy.get("territories") or []) or "not declared"),
            ("Users in", ", ".join(policy.get("users_in") or []) or "not declared (taken as where it is deployed)"),
            ("Distribution", distribution_text(policy)),
            ("Activities", activities_text(policy)),
            ("Trains models on outputs", "yes" if policy.get("trains_models") else "no"),
            ("Fails at", f"{threshold} and above"),
            ("Checks switched off", ", ".join(policy.get("disabled_checks") or []) or "none"),
        ),
        identity=(
            ("Generated", report.generated_at),
            ("Tool", f"modelorigin {report.tool_version}"),
            ("Rules", f"version {report.rules.version}, facts as of {report.rules.as_of}"),
            ("Rules SHA-256", report.rules.sha256),
            ("Rules files", ", ".join(report.rules.files)),
            ("Policy SHA-256", str(policy.get("sha256"))),
        ),
        by_country=_count(
            country_name(m.origin.country) for m in used if m.kind not in ("sdk_package", "loader_package")
        ),
        by_lab=_count(
            m.origin.lab_name or m.origin.lab or "unknown"
            for m in used
            if m.kind not in ("sdk_package", "loader_package")
        ),
        by_license_class=_count(
            _license_class(m, report) for m in used if m.kind not in ("api_endpoint", "sdk_package")
        ),
        by_severity=tuple(
            (
                s,
                sum(1 for f in live if f.severity == s),
                sum(1 for f in report.findings if f.severity == s) - sum(1 for f in live if f.severity == s),
            )
            for s in reversed(SEVERITIES)
        ),
        summary_rows=_grouped(live),
        models=sections,
        other=other,
        accepted=tuple(f for f in report.findings if f.waived_by is not None),
        waivers=tuple(policy.get("waivers") or []),
        expired_waivers=tuple(policy.get("expired_waivers") or []),
        not_scanned=tuple((reason, tuple(paths)) for reason, paths in sorted(not_scanned.items())),
        parse_problems=tuple(
            f"{p.path}{':' + str(p.line) if p.line else ''}: {p.message}" + (f" ({p.fallback})" if p.fallback else "")
            for p in cov.parse_errors
        ),
        warnings=report.warnings,
        unverified=sum(1 for f in live if not f.verified),
        mentioned=tuple(_mentioned(m, report) for m in report.models if m.mention_only),
    )


def _mentioned(model: Model, report: ScanReport) -> tuple[str, str, str, tuple[str, ...]]:
    key = model.id.lower()
    where = tuple(dict.fromkeys(f"{r.path}:{r.line}" for r in report.references if r.id.lower() == key))
    origin = model.origin.lab_name or model.origin.lab or "unknown lab"
    return model.id, KINDS.get(model.kind, model.kind), f"{origin}, {country_name(model.origin.country)}", where


def _section(model: Model, report: ScanReport, gating_ids: set[int]) -> ModelSection:
    findings = [f for f in report.findings if f.model_id == model.id]
    verdicts = _verdicts(findings, model, gating_ids)
    live = [f for f in findings if f.waived_by is None]
    key = model.id.lower()
    used = tuple(dict.fromkeys(f"{r.path}:{r.line}" for r in report.references if r.id.lower() == key))
    origin = model.origin.lab_name or model.origin.lab or "unknown lab"
    return ModelSection(
        model=model,
        kind=KINDS.get(model.kind, model.kind),
        origin=f"{origin}, {country_name(model.origin.country)}",
        origin_how=tuple(_evidence_text(model, "origin")) + tuple(_evidence_text(model, "lineage")),
        license=_license_text(model),
        license_class=_license_class(model, report),
        used_at=used,
        lineage=tuple(lineage_nodes(model)),
        obligations=tuple(_obligations(model, report)),
        verdicts=verdicts,
        worst=max((f.severity for f in live), key=severity_rank, default=None),
    )


def lineage_nodes(model: Model) -> list[Node]:
    """The model and its ancestors as a tree: each ancestor hangs under the model it is a base of."""
    ids = {model.id.lower(): model.id}
    for a in model.lineage:
        ids.setdefault(a.id.lower(), a.id)
    nodes = [
        Node(
            model.id,
            _node_label(model.origin.lab_name or model.origin.lab, model.origin.country, model.license.id),
            None,
            None,
            0,
            model.origin.country,
        )
    ]
    depth = {model.id.lower(): 0}
    for a in model.lineage:
        parent = ids.get(str(_parent(a) or model.id).lower(), model.id)
        d = depth.get(parent.lower(), 0) + 1
        depth.setdefault(a.id.lower(), d)
        nodes.append(Node(a.id, _node_label(a.lab, a.country, a.license), a.relation, parent, d, a.country))
    return nodes


def _parent(ancestor: Ancestor) -> str | None:
    # Ancestor.parent (the model this is a base of) where the resolver records it; else the model.
    value = getattr(ancestor, "parent", None)
    return str(value) if value else None


def _node_label(lab: str | None, country: str | None, license_id: str | None) -> str:
    return f"{lab or 'unknown lab'} ({country or '?'}) · {license_id or 'license unknown'}"


def _verdicts(findings: list[Finding], model: Model | None, gating_ids: set[int]) -> tuple[Verdict, ...]:
    groups: dict[tuple[str, str | None, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule_id, f.model_id, _status(f, gating_ids)), []).append(f)
    out = []
    for (_, _, status), items in groups.items():
        places = list(dict.fromkeys(f"{loc.path}:{loc.line}" for f in items for loc in f.locations))
        evidence: list[str] = []
        if places:
            more = f" and {len(places) - 5} more" if len(places) > 5 else ""
            evidence.append(f"found at {', '.join(places[:5])}{more}")
        wanted = {"license": "license", "origin": "origin", "export-control": "origin", "data-residency": "origin"}
        if model is not None and items[0].category in wanted:
            evidence += _evidence_text(model, wanted[items[0].category], short=True)
        out.append(Verdict(tuple(items), status, tuple(evidence), items[0].remediation))
    return tuple(out)


def _status(finding: Finding, gating_ids: set[int]) -> str:
    if finding.waived_by is not None:
        return f"accepted: {finding.waived_by}"
    if id(finding) in gating_ids:
        return "fails the gate"
    if not finding.verified:
        return "reported; rests on a fact marked unverified, so it cannot fail the gate on its own"
    return "reported (below the failure threshold)"


def _evidence_text(model: Model, attribute: str, *, short: bool = False) -> list[str]:
    out = []
    for ev in model.evidence:
        if ev.attribute != attribute:
            continue
        signal = SIGNALS.get(ev.signal, ev.signal)
        sure = "" if ev.verified else "; marked unverified in the rules"
        detail = "" if short else f": {ev.detail}"
        out.append(f"{ev.attribute} '{ev.value}' from {signal}{detail} (confidence {ev.confidence}{sure})")
    return out


def _license_text(model: Model) -> str:
    if model.license.id is None and model.license.name:
        return f"{model.license.name} (not a model license)"
    if model.license.id is None:
        return "unknown: no license could be determined offline"
    name = model.license.name or model.license.id
    return f"{name} ({model.license.id})" if name != model.license.id else name


def _license_class(model: Model, report: ScanReport) -> str:
    terms = report.licenses.get(model.license.id or "")
    if model.kind in ("api_endpoint", "sdk_package"):
        return "not applicable"
    if terms is None:
        return "unknown" if model.license.id is None else "not classified"
    return LICENSE_CLASSES.get(str(terms.get("class")), str(terms.get("class")))


def _obligations(model: Model, report: ScanReport) -> list[Obligations]:
    """The model's own license and each license its lineage carries, as duties to tick off, those that do
    not attach to the use the policy declares set aside (see scanner.resolve.obligations for which licenses
    a lab's relicensing supersedes, scanner.evaluate.attachments for what a duty attaches to)."""
    from scanner.evaluate.attachments import use_for
    from scanner.resolve.obligations import carried

    key = model.id.lower()
    use = use_for(report.policy, (r.path for r in report.references if r.id.lower() == key and not r.mention))
    out: list[Obligations] = []
    for group in carried(model):
        terms = report.licenses.get(group.license)
        if terms is None:
            continue
        holder = (group.live() or group.holders)[0]
        superseded_by = group.holders[0].superseded_by if group.superseded else None
        applies, aside = ((), ()) if superseded_by else duties(terms, use)
        out.append(
            Obligations(
                str(terms.get("name") or group.license), holder.id, holder.relation, superseded_by, applies, aside
            )
        )
    return out


def duties(terms: dict[str, Any], use: Use) -> tuple[tuple[Duty, ...], tuple[Duty, ...]]:
    """A license's terms as obligations (commercial use, thresholds, attribution, naming, territory, ...):
    those that apply to the declared use, and those set aside with their reason."""
    from scanner.evaluate.attachments import sort_terms

    applies, aside = sort_terms(terms, use, place=country_name)
    return (
        tuple(_duty(item) for item in applies),
        tuple(_duty(item, f"set aside: {item['reason']}") for item in aside),
    )


def _duty(item: dict[str, Any], reason: str = "") -> Duty:
    return Duty(item["duty"].capitalize(), item["text"] + ("" if item["verified"] else " (unverified)"), reason)


def distribution_text(policy: dict[str, Any]) -> str:
    """The policy's distribution modes in words: one list, or one per path glob."""
    if policy.get("distribution") is not None:
        return ", ".join(policy["distribution"])
    by_path = policy.get("distribution_paths") or {}
    if by_path:
        return "; ".join(f"{glob}: {', '.join(modes)}" for glob, modes in by_path.items())
    return "not declared (every duty applies)"


def activities_text(policy: dict[str, Any]) -> str:
    if policy.get("activities") is None:
        return "not declared (every duty applies)"
    return ", ".join(policy["activities"]) or "none (no fine-tuning, no training)"


def _grouped(findings: list[Finding]) -> tuple[tuple[Finding, int], ...]:
    groups: dict[tuple[str, str | None, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule_id, f.model_id, f.severity), []).append(f)
    rows = [(items[0], len(items)) for items in groups.values()]
    rows.sort(key=lambda r: (-severity_rank(r[0].severity), r[0].rule_id, (r[0].model_id or "").lower()))
    return tuple(rows)


def _count(labels: Any) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(Counter(labels).items(), key=lambda kv: (-kv[1], kv[0])))
