"""`modelorigin diff OLD.json NEW.json`: what a change did to the project's models, for review.

Compares two JSON reports (`scan --format json`): models added and removed, license and origin
changes of the models in both, findings that are new and findings that went away. Exits 1 when
something got worse: a new open finding at or above the threshold (default: the new report's).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from scanner.commands import EXIT_FINDINGS, EXIT_OK, CliError
from scanner.records import SEVERITIES, severity_rank

Report = dict[str, Any]


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    help="Lowest severity of a new finding that counts as worse (default: the new report's threshold).",
)
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the diff to FILE.")
def command(old: Path, new: Path, fail_on: str | None, fmt: str, output: Path | None) -> None:
    """Compare two JSON reports (OLD before a change, NEW after it); exit 1 if it made things worse."""
    before, after = load_report(old), load_report(new)
    threshold = fail_on or str((after.get("policy") or {}).get("fail_on") or "high")
    changes = compare(before, after, threshold)
    text = (
        json.dumps(changes, indent=2, ensure_ascii=False) + "\n"
        if fmt == "json"
        else render(changes, markdown=fmt == "markdown", old=str(old), new=str(new))
    )
    if output is None:
        click.echo(text, nl=False)
    else:
        from scanner.errors import write_atomically

        try:
            write_atomically(output, text)
        except OSError as exc:
            raise CliError(f"{output}: cannot write: {exc.strerror}") from None
    sys.exit(EXIT_FINDINGS if changes["worse"] else EXIT_OK)


def load_report(path: Path) -> Report:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CliError(f"{path}: not a UTF-8 JSON report") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise CliError(f"{path}: not valid JSON: nested too deeply") from None
    if not isinstance(doc, dict) or "schema_version" not in doc:
        raise CliError(f"{path}: not a modelorigin JSON report (write one with `modelorigin scan --format json`)")
    if not str(doc["schema_version"]).startswith("1."):
        raise CliError(f"{path}: report schema version {doc['schema_version']} is not supported (expected 1.x)")
    for key in ("models", "findings"):
        if not isinstance(doc.get(key), list):
            raise CliError(f"{path}: the report has no '{key}' list")
    _check_entries(path, doc)
    return doc


# what diff reads of each entry: a report edited by hand or cut short is refused with where it breaks
_NEEDED = {"models": {"id": str}, "findings": {"fingerprint": str, "rule_id": str, "severity": str}}


def _check_entries(path: Path, doc: Report) -> None:
    from scanner.records import SEVERITIES

    for key, fields in _NEEDED.items():
        for index, entry in enumerate(doc[key]):
            bad = not isinstance(entry, dict) or any(not isinstance(entry.get(f), t) for f, t in fields.items())
            if not bad and key == "findings" and entry["severity"] not in SEVERITIES:
                bad = True
            if bad:
                needs = ", ".join(f"'{f}'" for f in fields)
                raise CliError(f"{path}: {key}[{index}] is not a {key[:-1]} entry of a report (it needs {needs})")


def compare(before: Report, after: Report, threshold: str) -> dict[str, Any]:
    old_models = {str(m["id"]).lower(): m for m in before["models"]}
    new_models = {str(m["id"]).lower(): m for m in after["models"]}
    added = [_model_summary(new_models[k]) for k in new_models if k not in old_models]
    removed = [_model_summary(old_models[k]) for k in old_models if k not in new_models]
    changed = []
    for key in new_models.keys() & old_models.keys():
        was, now = old_models[key], new_models[key]
        for attribute, describe in (("license", _license), ("origin", _origin)):
            a, b = describe(was), describe(now)
            if a != b:
                changed.append({"model": now["id"], "attribute": attribute, "before": a, "after": b})
    changed.sort(key=lambda c: (c["model"].lower(), c["attribute"]))

    old_open = Counter(f["fingerprint"] for f in before["findings"] if not f.get("waived_by"))
    new_open = Counter(f["fingerprint"] for f in after["findings"] if not f.get("waived_by"))
    appeared, resolved = [], []
    seen: Counter[str] = Counter()
    for f in after["findings"]:
        if f.get("waived_by"):
            continue
        seen[f["fingerprint"]] += 1
        if seen[f["fingerprint"]] > old_open.get(f["fingerprint"], 0):
            appeared.append(_finding_summary(f))
    seen = Counter()
    for f in before["findings"]:
        if f.get("waived_by"):
            continue
        seen[f["fingerprint"]] += 1
        if seen[f["fingerprint"]] > new_open.get(f["fingerprint"], 0):
            resolved.append(_finding_summary(f))
    rank = severity_rank(threshold)
    worse = [f for f in appeared if f["verified"] and severity_rank(f["severity"]) >= rank]
    return {
        "threshold": threshold,
        "worse": bool(worse),
        "worse_because": [f"{f['severity']} {f['rule_id']} {f['model_id'] or ''} {f['where']}".strip() for f in worse],
        "models_added": sorted(added, key=lambda m: m["id"].lower()),
        "models_removed": sorted(removed, key=lambda m: m["id"].lower()),
        "models_changed": changed,
        "findings_new": sorted(appeared, key=_finding_order),
        "findings_resolved": sorted(resolved, key=_finding_order),
    }


def _license(model: Report) -> str:
    lic = model.get("license") or {}
    return str(lic.get("id") or lic.get("name") or "unknown")


def _origin(model: Report) -> str:
    origin = model.get("origin") or {}
    return f"{origin.get('lab_name') or origin.get('lab') or 'unknown'} ({origin.get('country') or '?'})"


def _model_summary(model: Report) -> dict[str, Any]:
    return {
        "id": model["id"],
        "kind": model.get("kind"),
        "origin": _origin(model),
        "license": _license(model),
    }


def _finding_summary(f: Report) -> dict[str, Any]:
    where = f"{f['path']}:{f['line']}" if f.get("path") and f.get("line") else f.get("path") or "-"
    return {
        "severity": f["severity"],
        "rule_id": f["rule_id"],
        "model_id": f.get("model_id"),
        "where": where,
        "message": f.get("message", ""),
        "verified": bool(f.get("verified", True)),
        "fingerprint": f["fingerprint"],
    }


def _finding_order(f: dict[str, Any]) -> tuple[int, str, str, str]:
    return (-severity_rank(f["severity"]), f["rule_id"], (f["model_id"] or "").lower(), f["where"])


def render(changes: dict[str, Any], *, markdown: bool, old: str, new: str) -> str:
    bullet = "- " if markdown else "  "
    out = [f"## modelorigin diff: {old} → {new}" if markdown else f"modelorigin diff: {old} -> {new}", ""]

    def block(title: str, lines: list[str]) -> None:
        if lines:
            out.append(f"**{title}**" if markdown else title)
            if markdown:
                out.append("")
            out.extend(bullet + line for line in lines)
            out.append("")

    block(
        f"New models ({len(changes['models_added'])})",
        [f"+ {m['id']} ({m['kind']}): {m['origin']}, license {m['license']}" for m in changes["models_added"]],
    )
    block(
        f"Removed models ({len(changes['models_removed'])})",
        [f"- {m['id']} ({m['kind']}): {m['origin']}, license {m['license']}" for m in changes["models_removed"]],
    )
    block(
        f"Changed ({len(changes['models_changed'])})",
        [f"~ {c['model']}: {c['attribute']} {c['before']} -> {c['after']}" for c in changes["models_changed"]],
    )
    block(f"New findings ({len(changes['findings_new'])})", [_finding_line(f) for f in changes["findings_new"]])
    block(
        f"Resolved findings ({len(changes['findings_resolved'])})",
        [_finding_line(f) for f in changes["findings_resolved"]],
    )
    if len(out) == 2:
        out += ["No change in models or findings.", ""]
    threshold = changes["threshold"]
    count = len(changes["worse_because"])
    out.append(
        f"WORSE: {count} new finding(s) at or above '{threshold}'."
        if changes["worse"]
        else f"NOT WORSE: no new finding at or above '{threshold}'."
    )
    return "\n".join(out) + "\n"


def _finding_line(f: dict[str, Any]) -> str:
    unverified = "" if f["verified"] else " (unverified)"
    return f"{f['severity'].upper()}{unverified} {f['rule_id']} {f['model_id'] or '-'} at {f['where']}: {f['message']}"
