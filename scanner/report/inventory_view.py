"""What the inventory says to a reader, shared by its Markdown and HTML renderers (which only lay it out).

Built from the JSON inventory (scanner.report.inventory), so the three formats cannot disagree: a list of
sections, each a title and blocks, a block being a paragraph or a table of plain-text cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from scanner.report.audit import COUNTRIES, KINDS
from scanner.report.inventory_trend import license_text

Inventory = dict[str, Any]


class Table(NamedTuple):
    headers: tuple[str, ...]
    rows: Sequence[Sequence[str]]
    severity: int | None = None  # the column of severity names, if any (the HTML renderer colours it)


Block = str | Table


class Section(NamedTuple):
    anchor: str
    title: str
    blocks: list[Block]


def heading(doc: Inventory) -> str:
    return f"AI model inventory: {count(doc['summary']['merged'], 'repository', 'repositories')}"


def sections(doc: Inventory) -> list[Section]:
    out = [
        _overview(doc),
        _not_merged(doc),
        _repositories(doc),
        _models(doc),
        _usage(doc),
        _origins(doc),
        _licenses(doc),
        _findings(doc),
        _accepted(doc),
        _trend(doc),
    ]
    return [s for s in out if s is not None]


def count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _overview(doc: Inventory) -> Section:
    s = doc["summary"]
    open_findings = ", ".join(f"{n} {severity}" for severity, n in s["open_findings"].items() if n) or "none"
    blocks: list[Block] = [
        f"Written by modelorigin merge from {count(s['reports'], 'JSON report')}, one per repository.",
        f"{count(s['models'], 'model')} from {count(s['labs'], 'lab')} in "
        f"{count(s['countries'], 'country', 'countries')} under {count(s['licenses'], 'license')}, used by "
        f"{count(s['merged'], 'repository', 'repositories')}. "
        f"Open findings: {open_findings}; {s['accepted_findings']} accepted (waived, suppressed, baselined or "
        f"allowed). Repositories failing their gate: {s['repositories_failing']}.",
        (
            f"Coverage incomplete: {count(s['not_merged'], 'report')} of {s['reports']} could not be merged (see "
            "Not merged); the models and findings of those repositories are missing here."
            if s["not_merged"]
            else f"Coverage: every report merged ({s['reports']})."
        ),
        f"Waivers judged as of {doc['as_of']}: {s['waivers_due']} expire within {doc['due_within_days']} days, "
        f"{s['waivers_expired']} expired."
        + (f" Made {doc['generated_at']} by modelorigin {doc['tool']['version']}." if doc.get("generated_at") else ""),
    ]
    return Section("overview", "Overview", blocks)


def _not_merged(doc: Inventory) -> Section | None:
    if not doc["not_merged"]:
        return None
    rows = [(n["report"], n["repository"], n["error"]) for n in doc["not_merged"]]
    return Section("not-merged", "Not merged", [Table(("report", "repository", "why"), rows)])


def _repositories(doc: Inventory) -> Section:
    rows = []
    for r in doc["repositories"]:
        gate = "passed" if r["passed"] else f"FAILED ({r['gating_findings']})"
        scan = "complete" if r["scan_complete"] else f"incomplete: {count(r['not_read'], 'file')} not read"
        rules = r["rules"]["version"] or "?"
        counts = [str(n) for n in (r["models"], *r["open_findings"].values(), r["accepted_findings"])]
        rows.append((r["name"], *counts, gate, scan, rules))
    headers = ("repository", "models", *doc["summary"]["open_findings"], "accepted", "gate", "scan", "rules")
    return Section("repositories", "Repositories", [Table(headers, rows)])


def _models(doc: Inventory) -> Section:
    rows = [
        (
            m["id"],
            KINDS.get(m["kind"], m["kind"] or "?"),
            m["origin"]["lab_name"] or m["origin"]["lab"] or "unknown",
            m["origin"]["country"] or "?",
            _license(m["license"]),
            str(len(m["repositories"])),
            str(sum(m["open_findings"].values())),
            m["worst_severity"] or "",
        )
        for m in doc["models"]
    ]
    headers = ("model", "kind", "lab", "country", "license", "repositories", "open findings", "worst")
    blocks: list[Block] = [Table(headers, rows, severity=7)]
    for m in doc["models"]:
        for d in m["disagreements"]:
            said = "; ".join(f"{v['value']} in {', '.join(v['repositories'])}" for v in d["values"])
            blocks.append(f"{m['id']}: the repositories disagree on its {d['attribute']}: {said}.")
    return Section("models", "Models", blocks)


def _usage(doc: Inventory) -> Section:
    rows = [(m["id"], r["name"], ", ".join(r["files"])) for m in doc["models"] for r in m["repositories"]]
    return Section("usage", "Where each model is used", [Table(("model", "repository", "files"), rows)])


def _origins(doc: Inventory) -> Section:
    countries = [
        (_country(c["country"]), ", ".join(c["labs"]), str(len(c["models"])), str(len(c["repositories"])))
        for c in doc["countries"]
    ]
    labs = [
        (l["name"] or l["lab"] or "unknown", _country(l["country"]), str(len(l["models"])), str(len(l["repositories"])))
        for l in doc["labs"]  # noqa: E741
    ]
    return Section(
        "origins",
        "Labs and countries",
        [
            Table(("country", "labs", "models", "repositories"), countries),
            Table(("lab", "country", "models", "repositories"), labs),
        ],
    )


def _licenses(doc: Inventory) -> Section:
    rows = []
    for lic in doc["licenses"]:
        duties = "; ".join(
            f"{o['rule_id']} {o['title']} ({count(len(o['models']), 'model')}, "
            f"{count(len(o['repositories']), 'repository', 'repositories')})"
            for o in lic["obligations"]
        )
        rows.append((_license(lic), str(len(lic["models"])), str(len(lic["repositories"])), duties or "-"))
    return Section(
        "licenses",
        "Licenses and open obligations",
        [
            "Obligations are the open license findings about the models under each license (accepted ones left out).",
            Table(("license", "models", "repositories", "open obligations"), rows),
        ],
    )


def _findings(doc: Inventory) -> Section:
    f = doc["findings"]
    severities = [(s["severity"], str(s["open"]), str(s["unverified"]), str(s["accepted"])) for s in f["by_severity"]]
    checks = [
        (
            c["severity"],
            c["rule_id"],
            c["title"],
            str(c["open"]),
            str(c["accepted"]),
            str(len(c["repositories"])),
            str(len(c["models"])),
        )
        for c in f["by_check"]
    ]
    return Section(
        "findings",
        "Findings",
        [
            Table(("severity", "open", "of them unverified", "accepted"), severities, severity=0),
            Table(("severity", "check", "title", "open", "accepted", "repositories", "models"), checks, severity=0),
        ],
    )


def _accepted(doc: Inventory) -> Section:
    entries = doc["accepted"]
    if not entries:
        return Section("accepted", "Waivers and suppressions", ["No finding was waived, suppressed or baselined."])
    urgent = [a for a in entries if a["status"] in ("due", "expired")]
    rest = [a for a in entries if a["status"] not in ("due", "expired")]
    blocks: list[Block] = []
    if urgent:
        blocks.append(f"Expired, or expiring within {doc['due_within_days']} days of {doc['as_of']}:")
        blocks.append(
            Table(
                ("status", "expires", "days left", "owner", "repository", "checks", "findings", "reason"),
                [
                    (
                        a["status"],
                        a["expires"] or "-",
                        "-" if a["days_left"] is None else str(a["days_left"]),
                        a["owner"] or "-",
                        a["repository"],
                        ", ".join(a["checks"]),
                        str(a["findings"]),
                        a["reason"] or "-",
                    )
                    for a in urgent
                ],
            )
        )
    else:
        blocks.append(f"No waiver expires within {doc['due_within_days']} days of {doc['as_of']}.")
    if rest:
        blocks.append("The other waivers, inline suppressions, baselines and allow-list entries:")
        blocks.append(
            Table(
                ("kind", "repository", "owner", "expires", "where", "checks", "findings", "reason"),
                [
                    (
                        a["kind"],
                        a["repository"],
                        a["owner"] or "-",
                        a["expires"] or "-",
                        a["where"] or "-",
                        ", ".join(a["checks"]),
                        str(a["findings"]),
                        a["reason"] or "-",
                    )
                    for a in rest
                ],
            )
        )
    return Section("accepted", "Waivers and suppressions", blocks)


def _trend(doc: Inventory) -> Section | None:
    t = doc["trend"]
    if t is None:
        return None
    since = f"{t['previous']}" + (f" (as of {t['previous_as_of']})" if t["previous_as_of"] else "")
    blocks: list[Block] = [f"Compared with {since}."]
    rows: list[tuple[str, ...]]
    for key, label in (("repositories_added", "New repositories"), ("repositories_removed", "Repositories gone")):
        if t[key]:
            blocks.append(f"{label}: {', '.join(t[key])}.")
    model_headers = ("model", "kind", "origin", "license", "repositories")
    for key, label in (
        ("models_added", "New models"),
        ("models_removed", "Models no longer used"),
        ("models_not_confirmed", "Not confirmed (last seen in a repository whose report was not merged this time)"),
    ):
        if t[key]:
            rows = [
                (
                    m["id"],
                    KINDS.get(m["kind"], m["kind"] or "?"),
                    m["origin"],
                    m["license"],
                    ", ".join(m["repositories"]),
                )
                for m in t[key]
            ]
            blocks += [f"{label} ({len(rows)}):", Table(model_headers, rows)]
    if t["models_changed"]:
        rows = [(c["model"], c["attribute"], c["before"], c["after"]) for c in t["models_changed"]]
        blocks += [
            f"Changed license or origin ({len(rows)}):",
            Table(("model", "attribute", "before", "after"), rows),
        ]
    if t["findings_new"]:
        rows = [
            (f["severity"], f["repository"], f["rule_id"], f["model_id"] or "-", f["where"], _message(f))
            for f in t["findings_new"]
        ]
        blocks += [
            f"New open findings ({len(rows)}):",
            Table(("severity", "repository", "check", "model", "where", "message"), rows, severity=0),
        ]
    if t["findings_resolved"]:
        resolved: dict[str, int] = {}
        for r in t["findings_resolved"]:
            resolved[r["repository"]] = resolved.get(r["repository"], 0) + 1
        blocks.append(
            "Findings no longer open: " + ", ".join(f"{n} in {repository}" for repository, n in resolved.items()) + "."
        )
    if len(blocks) == 1:
        blocks.append("No change in repositories, models or open findings.")
    return Section("trend", "Since the previous inventory", blocks)


def _message(finding: dict[str, Any]) -> str:
    return str(finding["message"]) + ("" if finding["verified"] else " (unverified: does not fail a gate)")


def _country(code: str | None) -> str:
    return f"{COUNTRIES.get(code, code)} ({code})" if code else "unknown"


def _license(lic: dict[str, Any]) -> str:
    if lic["id"] and lic["name"]:
        return f"{lic['name']} [{lic['id']}]"

    return license_text((lic["id"], lic["name"]))
