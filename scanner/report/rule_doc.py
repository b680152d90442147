"""`modelorigin rules show ID`: a check documented the way ruff documents its rules."""

from __future__ import annotations

import json
from typing import Any


def render_rule_doc(check: dict[str, Any]) -> str:
    lines = [
        f"{check['id']} {check['name']}: {check['title']}",
        "",
        f"Category: {check['category']}    Default severity: {check['severity']}    Evaluated per: {check['subject']}",
    ]
    for profile, severity in (check.get("severity_by_profile") or {}).items():
        lines.append(f"Severity under the {profile} profile: {severity}")
    lines += ["", "## What it checks", "", _condition_text(check["when"], check.get("for_each"))]
    if check.get("why"):
        lines += ["", "## Why it matters", "", check["why"].strip()]
    if check.get("example"):
        lines += ["", "## Example", "", f"    {check['example']}"]
    lines += ["", "## How to fix it", "", check["remediation"].strip()]
    if check.get("references"):
        lines += ["", "## References", ""] + [f"- {r}" for r in check["references"]]
    lines += [
        "",
        "Suppress one occurrence with a trailing comment:",
        f"    # modelorigin: ignore[{check['id']}] <reason>",
        "or waive it in .modelorigin.yaml with an owner, a reason and an expiry date.",
    ]
    return "\n".join(lines) + "\n"


def _condition_text(cond: dict[str, Any], for_each: str | None) -> str:
    text = _describe(cond)
    return f"For each item of `{for_each}`: {text}" if for_each else text


def _describe(cond: dict[str, Any]) -> str:
    if "all" in cond:
        return " and ".join(f"({_describe(c)})" for c in cond["all"])
    if "any" in cond:
        return " or ".join(f"({_describe(c)})" for c in cond["any"])
    if "not" in cond:
        return f"not ({_describe(cond['not'])})"
    op, value = next((k, v) for k, v in cond.items() if k != "fact")
    words = {
        "equals": "is",
        "in": "is one of",
        "contains": "contains",
        "intersects": "shares an item with",
        "exists": "is present" if value else "is absent",
        "gte": "is at least",
    }
    if op == "exists":
        return f"`{cond['fact']}` {words['exists']}"
    return f"`{cond['fact']}` {words[op]} {json.dumps(value)}"
