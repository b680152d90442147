"""The facts a check's condition can test, for one model (and, for per-occurrence checks, one reference).

Facts are plain nested dicts addressed by dotted names (`license.commercial_use`). Each fact knows
whether it rests on something marked `verified: false`, so a finding can say so and never fail the
gate on an unverified fact alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scanner.evaluate.attachments import applicable, territory_conflict, use_for
from scanner.knowledge import Knowledge
from scanner.records import Model, Reference

PRC = frozenset({"CN"})
_MISSING = object()


class Facts:
    """What a check's condition reads. A plain class, not a dataclass: making a dataclass costs half a
    millisecond of every run that imports it (a pre-commit run)."""

    __slots__ = ("data", "unverified")

    def __init__(self, data: dict[str, Any], unverified: set[str] | None = None) -> None:
        self.data = data
        self.unverified: set[str] = (
            set() if unverified is None else unverified
        )  # dotted prefixes resting on unverified facts

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Facts):
            return NotImplemented
        return (self.data, self.unverified) == (other.data, other.unverified)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass is

    def __repr__(self) -> str:
        return f"Facts(data={self.data!r}, unverified={self.unverified!r})"

    def get(self, path: str, touched: set[str] | None = None) -> Any:
        if touched is not None:
            touched.add(path)
        node: Any = self.data
        for part in path.split("."):
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return node

    def is_verified(self, paths: set[str]) -> bool:
        return not any(p == u or p.startswith(u + ".") for p in paths for u in self.unverified)

    def bind(self, name: str, value: Any, verified: bool) -> Facts:
        data = dict(self.data)
        data[name] = value
        unverified = set(self.unverified)
        unverified.discard(name)
        if not verified:
            unverified.add(name)
        return Facts(data, unverified)


def model_facts(model: Model, references: list[Reference], kb: Knowledge, policy: dict[str, Any]) -> Facts:
    unverified: set[str] = set()
    lab = kb.labs.get(model.origin.lab or "")
    if lab is not None and not lab.get("verified", True):
        unverified.add("origin")
    for ev in model.evidence:
        if not ev.verified:
            unverified.add(
                "origin" if ev.attribute == "origin" else "license" if ev.attribute == "license" else "lineage"
            )
    license_entry = kb.licenses.get(model.license.id or "")
    use = use_for(policy, (r.path for r in references))
    terms = applicable(license_entry, use) if license_entry is not None else None  # the duties of this use
    license_facts: dict[str, Any] = {
        "id": model.license.id,
        "name": model.license.name,
        "known": model.license.id is not None,
        "via": model.license.via,
        # a family pattern gives the lab, never a license: a version nobody catalogued stays unknown
        "family_note": (
            f" (family {model.family} is known; this version is not catalogued)"
            if model.license.id is None and model.family
            else ""
        ),
    }
    if license_entry is not None and terms is not None:
        license_facts.update({k: v for k, v in terms.items() if k not in ("id", "name", "attaches")})
        license_facts["thresholds"] = {t["metric"]: t for t in terms.get("thresholds") or []}
        license_facts["duties"] = _duties(terms)
        if not license_entry.get("verified", True):
            unverified.add("license")
        for name in license_entry.get("unverified_fields") or []:
            unverified.add(f"license.{name}")
    lineage_labs = [a.lab for a in model.lineage if a.lab]
    lineage_countries = sorted(
        {a.country for a in model.lineage if a.country} | ({model.origin.country} if model.origin.country else set())
    )
    all_labs = list(dict.fromkeys(([model.origin.lab] if model.origin.lab else []) + lineage_labs))
    listings = [_listing(item) for item in kb.listings_by_lab.get(model.origin.lab or "", [])]
    lineage_listings = [_listing(item) for lab_id in all_labs for item in kb.listings_by_lab.get(lab_id, [])]
    bans = [item for item in listings if item["list"] == "government-ban" and item["active"]]
    if bans and not any(item.get("verified", True) for item in bans):
        unverified.add("government_bans")
    endpoint = kb.endpoint(model.id) if model.kind == "api_endpoint" else None
    stale = stale_facts(
        kb,
        [
            ("labs", lab),
            ("licenses", license_entry),
            *(("listings", item) for item in kb.listings_by_lab.get(model.origin.lab or "", [])),
            ("endpoints", endpoint),
        ],
    )
    pending = [item for item in listings if item.get("status") == "pending"]
    if pending and not any(item.get("verified", True) for item in pending):
        unverified.add("pending")
    prc_labs = [lab_id for lab_id in all_labs if (kb.labs.get(lab_id) or {}).get("country") in PRC]
    license_facts["territory_conflict"] = territory_conflict(terms, use) if terms is not None else []
    license_facts["thresholds_crossed"] = [
        f"{t['metric']} >= {t['value']:,}: {t['effect']}"
        for t in (terms or {}).get("thresholds") or []
        if (policy["scale"].get(t["metric"]) or 0) >= t["value"]
    ]
    license_facts["thresholds_text"] = [
        f"{t['metric']} >= {t['value']:,}: {t['effect']}" for t in (terms or {}).get("thresholds") or []
    ]
    data: dict[str, Any] = {
        "model": {
            **model.identity(),
            "uploader_is_redistributor": bool(model.uploader and kb.redistributor(model.uploader)),
        },
        "origin": {
            "lab": model.origin.lab,
            "lab_name": model.origin.lab_name,
            "country": model.origin.country,
            "via": model.origin.via,
            "known": model.origin.lab is not None,
            "parent": (lab or {}).get("parent"),
        },
        "lineage": {
            "labs": all_labs,
            "countries": lineage_countries,
            "prc_labs": prc_labs,
            "prc": bool(prc_labs) or model.origin.country in PRC,
            "ids": [a.id for a in model.lineage],
            "licenses": [a.license for a in model.lineage if a.license],
            "licenses_note": _lineage_licenses_note(model),
        },
        "license": license_facts,
        "listings": listings,
        "government_bans": {
            "count": len(bans),
            "summary": "; ".join(f"{b.get('jurisdiction') or '?'} ({b['date']})" for b in bans),
        },
        "stale": {  # facts this model rests on, read longer ago than their section's shelf life
            "count": len(stale),
            "summary": "; ".join(stale),
        },
        "pending": {  # actions approved, drafted, introduced or requested, none in force: one line each
            "count": len(pending),
            "summary": "; ".join(_pending_line(item) for item in pending),
        },
        "lineage_listings": lineage_listings,
        "endpoint": _endpoint_facts(endpoint, kb) if endpoint else None,
        "policy": policy,
        "deny": {"hits": _selector_hits(policy["deny"], model, all_labs, lineage_countries)},
        "allow": {"hits": _selector_hits(policy["allow"], model, all_labs, lineage_countries)},
        "references": {
            "count": len(references),
            "trust_remote_code": any(r.trust_remote_code for r in references),
            "unpinned": any(
                r.ref_type.value in ("hub_model", "modelscope_model") and not r.revision_pinned for r in references
            ),
        },
    }
    _add_model_file_facts(data, model, references, kb)
    _add_hub_facts(data, model, kb)
    return Facts(data, unverified)


def _add_hub_facts(data: dict[str, Any], model: Model, kb: Knowledge) -> None:
    """What the Hub or the lockfile said (scanner.online), and who re-published the weights."""
    meta = model.meta or {}
    data["hub"] = meta.get("hub") or {"status": "not-asked"}
    data["lock"] = {"drift": list(meta.get("lock_drift") or [])}
    uploader = model.uploader or ""
    data["model"]["uploader_is_lab"] = bool(uploader and kb.lab_for_org(uploader))
    data["model"]["unvetted_reupload"] = bool(
        uploader
        and model.relation in ("reupload", "quantized")
        and not data["model"]["uploader_is_redistributor"]
        and not data["model"]["uploader_is_lab"]
        and model.kind in ("hub_model", "modelscope_model")
    )


def _add_model_file_facts(data: dict[str, Any], model: Model, references: list[Reference], kb: Knowledge) -> None:
    """Facts from the model's own files and its lineage's licenses (see scanner.modelfiles, scanner.resolve)."""
    from scanner.resolve.obligations import inherited, laundering

    meta = model.meta or {}
    files = [r.meta for r in references if r.meta]
    formats = list(dict.fromkeys(str(m.get("format")) for m in files if m.get("format")))
    pickle_globals = list(dict.fromkeys(g for m in files for g in (m.get("pickle") or {}).get("globals") or []))
    dangerous = list(dict.fromkeys(g for m in files for g in (m.get("pickle") or {}).get("dangerous") or []))
    data["model"].update(
        {
            "local": model.kind == "model_file",
            "format": formats[0] if formats else None,
            "formats": formats,
            "pickle_globals": pickle_globals,
            "dangerous_globals": dangerous,
            "imitates": list(meta.get("imitates") or []),
            "auto_map": list(meta.get("auto_map") or []),
            "architectures": list(meta.get("architectures") or []),
        }
    )
    declared = meta.get("declared_license") or {}
    data["license"].update(
        {
            "declared": declared.get("id"),
            "declared_name": declared.get("name"),
            "declared_where": declared.get("where"),
            "declarations": list(meta.get("declarations") or []),
            "conflicts": list(meta.get("license_conflicts") or []),
            "laundering": laundering(model, kb),
        }
    )
    data["lineage"]["inherited"] = inherited(model, kb)


def reference_facts(base: Facts, ref: Reference, kb: Knowledge) -> Facts:
    from scanner.evaluate.loaders import vulnerabilities

    data = dict(base.data)
    data["reference"] = {
        "id": ref.id,
        "ref_type": ref.ref_type.value,
        "path": ref.path,
        "line": ref.line,
        "trust_remote_code": ref.trust_remote_code,
        "revision": ref.revision,
        "revision_pinned": ref.revision_pinned,
        "in_docs": ref.in_docs,
        "version_spec": ref.version_spec,
        "vulnerabilities": vulnerabilities(ref, kb),
    }
    meta = ref.meta or {}
    pickled = meta.get("pickle") or {}
    data["reference"].update(
        {
            "format": meta.get("format"),
            "header_error": meta.get("error"),
            "pickle_globals": list(pickled.get("globals") or []),
            "pickle_dangerous": list(pickled.get("dangerous") or []),
            "torchscript_code": list(pickled.get("code_members") or []),
        }
    )
    return Facts(data, set(base.unverified))


def _selector_hits(selector: dict[str, list[str]], model: Model, labs: list[str], countries: list[str]) -> list[str]:
    """What of a deny/allow selector this model (or its lineage) matches, described for a message."""
    from fnmatch import fnmatch

    hits = [f"lab {lab}" for lab in labs if lab in selector["labs"]]
    hits += [f"country {c}" for c in countries if c.upper() in {x.upper() for x in selector["countries"]}]
    licenses = [model.license.id] + [a.license for a in model.lineage]
    hits += [f"license {lic}" for lic in dict.fromkeys(licenses) if lic and lic in selector["licenses"]]
    if model.family:
        hits += [
            f"family {model.family}" for pat in selector["families"] if fnmatch(model.family.lower(), pat.lower())
        ][:1]
    hits += [f"model {model.id}" for pat in selector["models"] if fnmatch(model.id.lower(), pat.lower())][:1]
    return hits


def _duties(license_entry: dict[str, Any]) -> str:
    """Attribution and naming duties as one sentence for a message."""
    parts = []
    if license_entry.get("attribution"):
        parts.append("show " + "; ".join(f'"{a}"' for a in license_entry["attribution"]))
    if license_entry.get("naming"):
        parts.append(f"naming of derived models: {license_entry['naming']}")
    return ". ".join(parts)


def _lineage_licenses_note(model: Model) -> str:
    carried = [f"{a.id} ({a.license})" for a in model.lineage if a.license]
    return f"; its lineage is licensed: {', '.join(carried)}" if carried else ""


LIST_NAMES = {
    "bis-entity-list": "US Entity List (BIS)",
    "dod-1260h": "DoD Section 1260H list of Chinese military companies",
    "ofac-ns-cmic": "OFAC NS-CMIC list",
    "government-ban": "government-use restriction",
    "other": "other government action",
}


def stale_facts(
    kb: Knowledge, facts: list[tuple[str, dict[str, Any] | None]], today: dt.date | None = None
) -> list[str]:
    """'listings dod-1260h-x: checked 2026-01-05, 336 days ago (shelf life 90)' for each fact read longer
    ago than its section's shelf life (rules meta shelf_life_days)."""
    from scanner.dates import today as judged_today

    today = today or judged_today()
    out = []
    for section, entry in facts:
        days = kb.shelf_life(section)
        if entry is None or days is None:
            continue
        try:
            checked = dt.date.fromisoformat(str(entry.get("checked") or entry.get("as_of")))
        except ValueError:
            continue
        age = (today - checked).days
        if age > days:
            name = entry.get("id") or entry.get("host") or entry.get("name")
            out.append(f"{section} {name}: checked {checked.isoformat()}, {age} days ago (shelf life {days})")
    return out


def _endpoint_facts(endpoint: dict[str, Any], kb: Knowledge) -> dict[str, Any]:
    """The endpoint's entry, with its three places kept apart: the operator (and its country), where
    requests are processed (hosted_in), and the group's country (its lab's)."""
    group = (kb.labs.get(endpoint.get("lab") or "") or {}).get("country")
    operator = endpoint.get("operator")
    return {
        **endpoint,
        "group_country": group,
        "operator_name": f"{operator} ({endpoint['country']})" if operator else "an operator the sources do not name",
    }


def _pending_line(item: dict[str, Any]) -> str:
    """'US Entity List (BIS), pending since 2026-06-17 (source: https://...)': the status and where it is said."""
    source = str(item.get("source") or "").split(" ; ")[0].split(" (")[0]
    return f"{_listing(item)['list_name']}, {item['status']} since {item['date']} (source: {source})"


def _listing(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "active": item.get("status", "listed") == "listed",
        "list_name": LIST_NAMES.get(item["list"], item["list"]),
    }
