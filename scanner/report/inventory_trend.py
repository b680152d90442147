"""What changed since the previous inventory (`modelorigin merge --previous inventory.json`).

Models are matched by id (case-insensitive, as hub ids are), findings by their stable fingerprint within
each repository (a finding is new when a repository has more open findings with its fingerprint than
last time). A repository whose report could not be merged this time proves nothing: the models only it
used last time are listed as not confirmed rather than removed, and its findings are neither new nor
resolved. A repository new to the inventory brings its models (added) but no "new findings": its
findings are all in the inventory, and the trend would otherwise drown in them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

Report = dict[str, Any]
Value = tuple[Any, ...]


def origin_text(value: Value) -> str:
    """(lab, lab name, country) as one comparable string: "DeepSeek (CN)"."""
    lab, lab_name, country = value
    return f"{lab_name or lab or 'unknown'} ({country or '?'})"


def license_text(value: Value) -> str:
    """(license id, license name): the id, else the name, else unknown."""
    license_id, name = value
    return str(license_id or name or "unknown")


def _origin(model: Report) -> str:
    origin = model["origin"]
    return origin_text((origin["lab"], origin["lab_name"], origin["country"]))


def _license(model: Report) -> str:
    return license_text((model["license"]["id"], model["license"]["name"]))


def _summary(model: Report) -> Report:
    return {
        "id": model["id"],
        "kind": model["kind"],
        "origin": _origin(model),
        "license": _license(model),
        "repositories": [r["name"] for r in model["repositories"]],
    }


class Previous:
    """The previous inventory (a JSON inventory this command wrote), indexed for comparison."""

    def __init__(self, doc: Report, source: str) -> None:
        self.source = source
        self.as_of: str | None = doc.get("as_of")
        self.models = {m["id"].lower(): m for m in doc["models"]}
        self.repositories = {r["name"]: Counter(r["fingerprints"]) for r in doc["repositories"]}

    def fingerprints(self, repository: str) -> Counter[str] | None:
        """The open findings a repository had last time (by fingerprint); None when it was not there."""
        return self.repositories.get(repository)

    def trend(
        self,
        models: list[Report],
        *,
        repositories: list[str],
        not_merged: set[str],
        new_findings: list[Report],
        resolved: list[dict[str, str]],
    ) -> Report:
        now = {m["id"].lower(): m for m in models}
        removed: list[Report] = []
        not_confirmed: list[Report] = []
        for key, model in self.models.items():
            if key not in now:
                seen_in = {r["name"] for r in model["repositories"]}
                (not_confirmed if seen_in & not_merged else removed).append(_summary(model))
        changed = [
            {"model": now[key]["id"], "attribute": attribute, "before": describe(was), "after": describe(now[key])}
            for key, was in sorted(self.models.items())
            if key in now
            for attribute, describe in (("origin", _origin), ("license", _license))
            if describe(was) != describe(now[key])
        ]
        return {
            "previous": self.source,
            "previous_as_of": self.as_of,
            "repositories_added": sorted(set(repositories) - set(self.repositories)),
            "repositories_removed": sorted(set(self.repositories) - set(repositories) - not_merged),
            "models_added": [_summary(m) for key, m in now.items() if key not in self.models],
            "models_removed": sorted(removed, key=lambda m: m["id"].lower()),
            "models_not_confirmed": sorted(not_confirmed, key=lambda m: m["id"].lower()),
            "models_changed": changed,
            "findings_new": new_findings,
            "findings_resolved": resolved,
        }
