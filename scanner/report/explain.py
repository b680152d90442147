"""Formatters for `explain`: a terminal layout (lineage tree, license terms and duties) and JSON.

A license's terms are of two sorts. What it states (commercial use allowed, which law governs, where it
does not apply, that distilled models count as derivatives) is a fact, printed under the source it was read
from; what it asks of the user (thresholds, attribution, naming, registration, use restrictions) is a
duty, printed as a box to tick. Each piece of evidence is printed once.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from scanner.report import LICENSE_FACTS as FACTS

WIDTH = 100
HUB_KINDS = frozenset({"hub_model"})  # what --online can look up (the Hugging Face Hub)


def render_explain_json(explanation: dict[str, Any]) -> str:
    return json.dumps(explanation, indent=2, ensure_ascii=False) + "\n"


def render_explain_table(explanation: dict[str, Any], *, online: bool = False) -> str:
    """The terminal layout; `online` says whether the Hub was asked (else an unresolved hub model gets a hint)."""
    out: list[str] = []
    model, origin, lic = explanation["model"], explanation["origin"], explanation["license"]
    out.append(f"{model['id']}  ({model['kind'].replace('_', ' ')})")
    who = f"{origin['lab_name']} ({origin['country'] or '?'})" if origin["lab"] else "unknown"
    line = f"  origin:   {who}, via {origin['via']}"
    if model["uploader"]:
        line += f"; published by {model['uploader']}" + (f" ({model['relation']})" if model["relation"] else "")
    elif model["relation"]:
        line += f"; {model['relation']}"
    out.append(line)
    if origin.get("parent"):
        out.append(f"            parent: {origin['parent']}")
    if lic["id"]:
        license_text = f"{lic['name']} [{lic['id']}], via {lic['via']}"
    else:
        license_text = f"{lic['name']} ({lic['via']})" if lic["name"] else "unknown"
    out.append(f"  license:  {license_text}")
    if not online and model["kind"] in HUB_KINDS and not (origin["lab"] and lic["id"]):
        out.append("  hint:     not resolved offline; --online asks the Hugging Face Hub for its card")
    declared = lic.get("declared")
    if declared and declared.get("id") != lic["id"]:
        out.append(f"  declared: {declared.get('name') or declared.get('raw')} ({declared.get('where')})")
    if model["custom_code"]:
        out.append("  custom code: yes (loading needs trust_remote_code=True)")

    out.append("")
    out.append("Lineage")
    out.extend(_tree(explanation["lineage"], model, lic["name"]))
    labs = explanation["labs"]
    if labs:
        out.append("")
        out.append("Labs: " + "; ".join(f"{lab['name']} ({lab['country'] or '?'})" for lab in labs))

    out.append("")
    out.append("License obligations (accumulated along the lineage)")
    if not explanation["licenses"]:
        out.append("  none known: no license could be determined for this model or its ancestors")
    for item in explanation["licenses"]:
        out.extend(_license(item))

    out.append("")
    flags = explanation["flags"]
    out.append(f"Flags ({len(flags)})" if flags else "Flags: none")
    for f in flags:
        mark = "" if f["verified"] else " (unverified)"
        out.extend(_wrap(f"{f['severity']:<8} {f['rule_id']} {f['message']}{mark}", "  ", "                 "))

    out.append("")
    out.append("Evidence")
    for text in _evidence(explanation):
        out.extend(_wrap(text, "  ", "      "))
    rules = explanation["rules"]
    out.append("")
    out.append(f"Rules {rules['version']} as of {rules['as_of']} (sha256 {rules['sha256'][:12]}).")
    return "\n".join(out) + "\n"


def _evidence(explanation: dict[str, Any]) -> list[str]:
    """Each signal once: an exact repeat is dropped; so is the line naming the model itself as its own source
    (the Hub record it was read from) when another line of that signal says where it was read; and a parse
    problem that only repeats a file's unread header."""
    model_id = explanation["model"]["id"].lower()
    items = [(attribute, e) for attribute, entries in explanation["evidence"].items() for e in entries]
    signals = [e["signal"] for attribute, e in items if str(e["value"]).lower() != model_id]
    lines: list[str] = []
    for attribute, e in items:
        if attribute == "lineage" and str(e["value"]).lower() == model_id and e["signal"] in signals:
            continue
        mark = "" if e["verified"] else ", unverified"
        lines.append(f"{attribute} = {e['value']}  [{e['signal']}, {e['confidence']}{mark}] {e['detail']}")
    unread = {(f["path"], str(f["error"])) for f in explanation["files"] if f["error"]}
    for f in explanation["files"]:
        desc = f"{f['path']}: {f['format']}"
        if f["error"]:
            desc += f", header not read: {f['error']}"
        if f["pickle_globals"]:
            desc += f", pickle imports {', '.join(f['pickle_globals'])}"
        lines.append(f"file {desc}")
    for p in explanation["parse_problems"]:
        if any(path == p["path"] and p["message"].endswith(error) for path, error in unread):
            continue
        where = f"{p['path']}:{p['line']}" if p["line"] else p["path"]
        lines.append(f"parse problem: {where}: {p['message']}")
    return list(dict.fromkeys(lines))


def _tree(root: dict[str, Any], model: dict[str, Any], license_name: str | None) -> list[str]:
    head = f"  {root['id']}  {_who(root, fallback=license_name)}"
    if model["uploader"] and model["relation"] in ("quantized", "reupload"):
        head += f"  ({model['relation']} by {model['uploader']})"
    elif model["uploader"]:
        head += f"  (by {model['uploader']})"
    lines = [head]

    def walk(node: dict[str, Any], prefix: str) -> None:
        bases = node["bases"]
        for i, child in enumerate(bases):
            last = i == len(bases) - 1
            branch = "└─ " if last else "├─ "
            lines.append(f"{prefix}{branch}{child['relation']:<9} {child['id']}  {_who(child)}  [{child['via']}]")
            walk(child, prefix + ("   " if last else "│  "))

    walk(root, "  ")
    return lines


def _who(node: dict[str, Any], fallback: str | None = None) -> str:
    lab = node.get("lab_name") or node["lab"] or "lab unknown"
    country = f" ({node['country']})" if node["country"] else ""
    lic = node["license"] or fallback or "license unknown"
    return f"{lab}{country} · {lic}"


def _license(item: dict[str, Any]) -> list[str]:
    title = f"  {item['name']} [{item['id']}]"
    if item.get("class"):
        title += f" ({item['class']})"
    if not item["verified"]:
        title += " (unverified)"
    lines = [title]
    for h in item["holders"]:
        who = f"{h['id']}" + (f" ({h['lab_name']})" if h["lab_name"] else "")
        role = "this model" if h["relation"] is None else f"{h['relation']}: {h['relation_text']}"
        text = f"binds {who}, {role}"
        if h["superseded_by"]:
            text += f"; superseded: its own lab relicensed {h['superseded_by']}"
        lines.extend(_wrap(text, "    ", "      "))
    if item["superseded"]:
        lines.append("    (superseded everywhere in this lineage: shown, not carried)")
        return lines
    if not item["known"]:
        lines.append("    terms not in the rules: read the license text")
    facts = [o for o in item["obligations"] if o["duty"] in FACTS]
    if facts and item.get("source"):
        lines.extend(_wrap(f"source: {item['source']}", "    ", "        "))
    for o in facts:
        lines.extend(_wrap(f"{o['duty']}: {o['text']}{_unverified(o)}", "    ", "      "))
    for o in item["obligations"]:
        if o["duty"] not in FACTS:
            lines.extend(_wrap(f"[ ] {o['duty']}: {o['text']}{_unverified(o)}", "    ", "        "))
    return lines


def _unverified(term: dict[str, Any]) -> str:
    return "" if term["verified"] else " (unverified)"


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False) or [first]
