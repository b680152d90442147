"""The audit report as Markdown: for a pull request, a wiki or a compliance file."""

from __future__ import annotations

from scanner.records import ScanReport
from scanner.report.audit import SEVERITY_MEANING, Audit, ModelSection, Verdict, build_audit

MAX_PATHS = 25


def render_markdown(report: ScanReport) -> str:
    audit = build_audit(report)
    out: list[str] = []
    out += _header(audit)
    out += _origins(audit)
    out += _findings(audit)
    out += ["## Models", ""]
    out.append(
        "Each model, API and SDK the project uses: where it comes from and how we know, what its license "
        "(and the licenses of the models it was built from) asks of you, and every verdict with its evidence."
    )
    out.append("")
    for section in audit.models:
        out += _model(section)
    out += _mentioned(audit)
    if audit.other:
        out += ["## Other findings", "", "Findings about libraries, the policy or the code rather than one model.", ""]
        for verdict in audit.other:
            out += _verdict(verdict)
        out.append("")
    out += _accepted(audit)
    out += _coverage(audit)
    out += _identity(audit)
    return "\n".join(out).rstrip() + "\n"


def _mentioned(audit: Audit) -> list[str]:
    if not audit.mentioned:
        return []
    out = [
        "## Models only mentioned",
        "",
        "Named in comments, docstrings, help texts, messages or data records, and nowhere used: listed for the "
        "inventory, not evaluated, and never a reason for the verdict.",
        "",
        "| model | kind | origin | named at |",
        "|---|---|---|---|",
    ]
    for model_id, kind, origin, where in audit.mentioned:
        shown = ", ".join(where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
        out.append(f"| {_esc(model_id)} | {kind} | {_esc(origin)} | {_esc(shown)} |")
    out.append("")
    return out


def _header(audit: Audit) -> list[str]:
    out = [
        f"# AI model audit: {_esc(audit.project)}",
        "",
        f"Generated {audit.generated_at} by modelorigin. This report lists every AI model that the project "
        "depends on (loaded in code, named in configuration, called as a hosted API or pulled in as a provider "
        "SDK), the lab that trained each model and that lab's country (following fine-tunes, quantizations and "
        "re-uploads back to the original), what each license requires, and the export-control, data-residency "
        "and security flags that apply under the organisation's policy.",
        "",
        f"**{'✅' if audit.passed else '❌'} {audit.verdict}**",
        "",
    ]
    if audit.unverified:
        out += [
            f"{audit.unverified} finding(s) rest on facts the rules mark as unverified; they are shown but never "
            "fail the gate on their own.",
            "",
        ]
    out += ["## What was scanned", "", "| | |", "|---|---|"]
    out += [f"| {k} | {_esc(v)} |" for k, v in audit.scope]
    out += ["", "Policy applied:", "", "| | |", "|---|---|"]
    out += [f"| {k} | {_esc(v)} |" for k, v in audit.policy]
    out.append("")
    return out


def _origins(audit: Audit) -> list[str]:
    out = ["## Where the models come from", ""]
    for title, rows, unit in (
        ("By country of the developing lab", audit.by_country, "models and APIs"),
        ("By lab", audit.by_lab, "models and APIs"),
        ("By license class", audit.by_license_class, "models"),
    ):
        out += [f"**{title}**", "", f"| | {unit} |", "|---|---:|"]
        out += [f"| {_esc(label)} | {count} |" for label, count in rows] or ["| (none) | 0 |"]
        out.append("")
    return out


def _findings(audit: Audit) -> list[str]:
    out = ["## Findings by severity", ""]
    out += ["| severity | open | accepted | meaning |", "|---|---:|---:|---|"]
    out += [f"| {s} | {live} | {accepted} | {SEVERITY_MEANING[s]} |" for s, live, accepted in audit.by_severity]
    out.append("")
    if not audit.summary_rows:
        return [*out, "No open findings.", ""]
    out += ["Open findings, one row per check and model (details under each model):", ""]
    out += ["| severity | check | model | what | where |", "|---|---|---|---|---|"]
    for finding, count in audit.summary_rows:
        where = f"{finding.path}:{finding.line}" if finding.path else "-"
        times = f" (×{count})" if count > 1 else ""
        severity = finding.severity + ("" if finding.verified else " (unverified)")
        out.append(
            f"| {severity} | {finding.rule_id} | {_esc(finding.model_id or '-')} | {_esc(finding.title)}{times} "
            f"| {_esc(where)} |"
        )
    out.append("")
    return out


def _model(section: ModelSection) -> list[str]:
    m = section.model
    out = [f"### {_esc(m.id)}", ""]
    out += [
        f"- **What**: {section.kind}" + (f", family {_esc(m.family)}" if m.family else ""),
        f"- **Origin**: {_esc(section.origin)}",
        f"- **License**: {_esc(section.license)} — {section.license_class}",
    ]
    if m.uploader:
        out.append(
            f"- **Published by**: {_esc(m.uploader)}" + (f" ({m.relation} of the original)" if m.relation else "")
        )
    if section.used_at:
        shown = ", ".join(f"`{p}`" for p in section.used_at[:MAX_PATHS])
        more = f" and {len(section.used_at) - MAX_PATHS} more" if len(section.used_at) > MAX_PATHS else ""
        out.append(f"- **Used at**: {shown}{more}")
    for how in section.origin_how:
        out.append(f"- **How we know**: {_esc(how)}")
    out.append("")
    if len(section.lineage) > 1:
        out += ["**Lineage** (each entry is a base of the one above it):", ""]
        for node in section.lineage:
            indent = "  " * node.depth
            relation = f" — {node.relation} base" if node.relation else ""
            out.append(f"{indent}- `{_esc(node.id)}`{relation}: {_esc(node.label)}")
        out.append("")
    if section.obligations:
        out += ["**Obligations checklist**", ""]
        for group in section.obligations:
            out.append(f"_{_esc(group.heading)}_")
            out.append("")
            out += [f"- [ ] **{duty.kind}**: {_esc(duty.text)}" for duty in group.duties]
            if group.duties:
                out.append("")
            if group.set_aside:
                out += ["Not attached to the use the policy declares:", ""]
                out += [f"- **{d.kind}**: {_esc(d.text)} — {_esc(d.reason)}" for d in group.set_aside]
                out.append("")
    if section.verdicts:
        out += ["**Verdicts**", ""]
        for verdict in section.verdicts:
            out += _verdict(verdict)
        out.append("")
    else:
        out += ["**Verdicts**: no finding.", ""]
    return out


def _verdict(verdict: Verdict) -> list[str]:
    f = verdict.finding
    messages = list(dict.fromkeys(item.message for item in verdict.findings))
    count = f" ({len(verdict.findings)})" if len(verdict.findings) > 1 else ""
    out = [f"- **{f.severity.upper()} {f.rule_id}** {_esc(f.title)}{count}"]
    if len(messages) == 1:
        out[0] += f": {_esc(messages[0])}"
    else:
        out += [f"  - {_esc(message)}" for message in messages]
    out.append(f"  - _Status_: {_esc(verdict.status)}")
    out += [f"  - _Evidence_: {_esc(e)}" for e in verdict.evidence]
    if verdict.remediation and f.waived_by is None:
        similar = " (likewise for each item)" if len({i.remediation for i in verdict.findings}) > 1 else ""
        out.append(f"  - _What to do_: {_esc(verdict.remediation)}{similar}")
    return out


def _accepted(audit: Audit) -> list[str]:
    out = ["## Waivers and suppressions in effect", ""]
    if audit.waivers:
        out += ["Waivers declared in the policy:", ""]
        out += ["| check | model | path | owner | reason | expires |", "|---|---|---|---|---|---|"]
        for w in audit.waivers:
            out.append(
                f"| {w.get('check')} | {_esc(str(w.get('model') or 'any'))} | {_esc(str(w.get('path') or 'any'))} "
                f"| {_esc(str(w.get('owner')))} | {_esc(str(w.get('reason')))} | {w.get('expires') or 'never'} |"
            )
        out.append("")
    if audit.expired_waivers:
        out += ["Expired waivers (their findings are live again):", ""]
        out += [
            f"- {w.get('check')} for {_esc(str(w.get('model') or 'any model'))}, owner {_esc(str(w.get('owner')))}, "
            f"expired {w.get('expires')}: {_esc(str(w.get('reason')))}"
            for w in audit.expired_waivers
        ]
        out.append("")
    if audit.accepted:
        out += ["Findings accepted by a waiver, an inline suppression, the allow list or a baseline:", ""]
        out += ["| severity | check | model | where | accepted by |", "|---|---|---|---|---|"]
        for f in audit.accepted:
            where = f"{f.path}:{f.line}" if f.path else "-"
            out.append(
                f"| {f.severity} | {f.rule_id} | {_esc(f.model_id or '-')} | {_esc(where)} "
                f"| {_esc(f.waived_by or '')} |"
            )
        out.append("")
    if not (audit.waivers or audit.expired_waivers or audit.accepted):
        out += ["None: every finding above is open.", ""]
    return out


def _coverage(audit: Audit) -> list[str]:
    out = ["## What was not scanned", ""]
    if not audit.not_scanned and not audit.parse_problems:
        return [*out, "Every file found was read.", ""]
    out.append("Files listed here were not looked at (or only partly): the report says nothing about them.")
    out.append("")
    for reason, paths in audit.not_scanned:
        shown = ", ".join(f"`{_esc(p)}`" for p in paths[:MAX_PATHS])
        more = f" and {len(paths) - MAX_PATHS} more" if len(paths) > MAX_PATHS else ""
        out.append(f"- **{_esc(reason)}** ({len(paths)}): {shown}{more}")
    for problem in audit.parse_problems:
        out.append(f"- **read with a problem**: {_esc(problem)}")
    out.append("")
    if audit.warnings:
        out += ["Warnings:", ""] + [f"- {_esc(w)}" for w in audit.warnings] + [""]
    return out


def _identity(audit: Audit) -> list[str]:
    out = ["## How to reproduce this report", ""]
    out += ["| | |", "|---|---|"]
    out += [f"| {k} | `{_esc(v)}` |" for k, v in audit.identity]
    out += [
        "",
        "The same tool version, rules (by SHA-256) and policy (by SHA-256) on the same files give the same "
        "findings. Severities: " + "; ".join(f"**{s}** {meaning}" for s, meaning in SEVERITY_MEANING.items()) + ".",
        "",
    ]
    return out


def _esc(text: str) -> str:
    """Keep table cells and emphasis intact: escape the characters Markdown would act on."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\n", " ")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("<", "&lt;")
    )
