"""The organisation inventory: many repositories' JSON reports folded into one (`modelorigin merge`).

`Inventory.add` takes one report (the document `scan --format json` wrote) and keeps only aggregates: per
model, the repositories and files that use it and how each repository resolved it; per check, the open and
accepted findings; per repository, its verdict and the fingerprints of its open findings (what the next
run's trend compares against); and the waivers and suppressions that accepted findings. The caller reads
one report at a time and drops it after `add`, so memory follows the size of the inventory, not the number
of reports. `Inventory.as_dict` gives the documented form (docs/inventory.schema.json): sorted, and with a
time only when asked, so the same reports give the same inventory. The Markdown and HTML renderers lay
that form out (scanner.report.inventory_view).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scanner.records import SEVERITIES, severity_rank
from scanner.report.inventory_trend import Previous, license_text, origin_text

INVENTORY_VERSION = "1.0"
Report = dict[str, Any]
Value = tuple[Any, ...]

# How scanner.evaluate.engine and scanner.evaluate.suppress word a finding's `waived_by`: the JSON report's
# only record of who accepted a finding, until when and why.
_WAIVER = re.compile(r"waiver by (?P<owner>.+?) until (?P<expires>\d{4}-\d{2}-\d{2}): (?P<reason>.*)", re.DOTALL)
_SUPPRESSION = re.compile(r"inline suppression at (?P<where>.+?:\d+): (?P<reason>.*)", re.DOTALL)
_BASELINE = re.compile(r"baseline (?P<where>.+) \(recorded (?P<recorded>[^)]*)\)", re.DOTALL)
EXPIRED_WAIVER = "expired-waiver"  # the check (by name, rules/checks.yaml) a policy's lapsed waiver becomes


def accepted_by(waived_by: str) -> dict[str, str | None]:
    """Who accepted a finding, until when and why, read from its `waived_by`: a policy waiver (owner,
    expiry, reason), an inline suppression (where, reason), a baseline (which file) or the allow list."""
    entry: dict[str, str | None] = {"kind": "other", "owner": None, "expires": None, "where": None, "reason": None}
    if match := _WAIVER.fullmatch(waived_by):
        entry.update(kind="waiver", owner=match["owner"], expires=match["expires"], reason=match["reason"])
    elif match := _SUPPRESSION.fullmatch(waived_by):
        entry.update(kind="suppression", where=match["where"], reason=match["reason"])
    elif match := _BASELINE.fullmatch(waived_by):
        entry.update(kind="baseline", where=match["where"], reason=f"recorded {match['recorded']}")
    elif waived_by == "policy allow list":
        entry.update(kind="allow-list")
    else:
        entry.update(reason=waived_by)
    return entry


def text(entry: Any, *keys: str) -> str | None:
    """entry[keys[0]][keys[1]]... when it is a string, else None: a report edited by hand may hold anything."""
    for key in keys:
        entry = entry.get(key) if isinstance(entry, dict) else None
    return entry if isinstance(entry, str) else None


class Votes:
    """The value each repository gave for one attribute of a model. The inventory shows the value most
    repositories gave (a tie: the first in sort order) and lists the others as a disagreement."""

    def __init__(self) -> None:
        self.repositories: dict[Value, set[str]] = {}

    def add(self, value: Value, repository: str) -> None:
        self.repositories.setdefault(value, set()).add(repository)

    def ranked(self) -> list[Value]:
        return sorted(self.repositories, key=lambda v: (-len(self.repositories[v]), [str(x or "") for x in v]))

    def winner(self) -> Value:
        return self.ranked()[0]


@dataclass
class _Model:
    spelling: Votes = field(default_factory=Votes)
    kind: Votes = field(default_factory=Votes)
    origin: Votes = field(default_factory=Votes)  # (lab, lab name, country)
    license: Votes = field(default_factory=Votes)  # (id, name)
    files: dict[str, set[str]] = field(default_factory=dict)  # repository -> files whose references use it
    open: Counter[str] = field(default_factory=Counter)  # severity -> open findings about it
    obligations: dict[str, set[str]] = field(default_factory=dict)  # license check -> repositories it is open in


@dataclass
class _Check:
    title: str
    category: str
    severity: str  # the highest any repository gave it (policies may override severities)
    open: int = 0
    accepted: int = 0
    repositories: set[str] = field(default_factory=set)  # where it is open
    models: set[str] = field(default_factory=set)  # model keys it is open about


@dataclass
class _Accepted:
    how: dict[str, str | None]
    checks: set[str] = field(default_factory=set)
    findings: int = 0


class Inventory:
    """The aggregates of the reports added so far."""

    def __init__(self, today: dt.date, due_within: int, previous: Previous | None = None) -> None:
        self.today, self.due_within, self.previous = today, due_within, previous
        self.repositories: dict[str, Report] = {}
        self.not_merged: list[dict[str, str]] = []
        self._models: dict[str, _Model] = {}
        self._checks: dict[str, _Check] = {}
        self._accepted: dict[tuple[str, str], _Accepted] = {}
        self._new_findings: list[Report] = []
        self._resolved: list[dict[str, str]] = []
        self._accepted_by_severity: Counter[str] = Counter()
        self._unverified: Counter[str] = Counter()  # open findings resting on unverified facts, by severity

    def refuse(self, repository: str, source: str, error: str) -> None:
        """A report that could not be read: listed, and the inventory says it is incomplete."""
        self.not_merged.append({"report": source, "repository": repository, "error": error})

    def add(self, repository: str, source: str, report: Report) -> None:
        used = {m["id"].lower(): m for m in report["models"] if not m.get("mention_only")}
        files: dict[str, set[str]] = {}
        for ref in report.get("references") or ():
            if not ref.get("mention") and ref["id"].lower() in used:
                files.setdefault(ref["id"].lower(), set()).add(ref["path"])
        for key, model in used.items():
            entry = self._models.setdefault(key, _Model())
            entry.spelling.add((model["id"],), repository)
            entry.kind.add((text(model, "kind"),), repository)
            entry.origin.add(
                (text(model, "origin", "lab"), text(model, "origin", "lab_name"), text(model, "origin", "country")),
                repository,
            )
            entry.license.add((text(model, "license", "id"), text(model, "license", "name")), repository)
            entry.files[repository] = files.get(key, set())
        fingerprints: Counter[str] = Counter()
        open_by_severity: Counter[str] = Counter()
        accepted = 0
        for finding in report["findings"]:
            if finding.get("waived_by"):
                accepted += 1
                self._accept(repository, finding, str(finding["waived_by"]))
                continue
            fingerprints[finding["fingerprint"]] += 1
            open_by_severity[finding["severity"]] += 1
            self._count_open(repository, finding, used)
        self._add_repository(repository, source, report, len(used), fingerprints, open_by_severity, accepted)
        self._compare(repository, report, fingerprints)

    def _check(self, finding: Report) -> _Check:
        check = self._checks.setdefault(
            finding["rule_id"],
            _Check(text(finding, "title") or finding["rule_id"], text(finding, "category") or "", finding["severity"]),
        )
        if severity_rank(finding["severity"]) > severity_rank(check.severity):
            check.severity = finding["severity"]
        return check

    def _count_open(self, repository: str, finding: Report, used: dict[str, Report]) -> None:
        check = self._check(finding)
        check.open += 1
        check.repositories.add(repository)
        if finding.get("verified") is False:
            self._unverified[finding["severity"]] += 1
        key = (text(finding, "model_id") or "").lower()
        if key in used:
            check.models.add(key)
            model = self._models[key]
            model.open[finding["severity"]] += 1
            if check.category == "license":
                model.obligations.setdefault(finding["rule_id"], set()).add(repository)
        if text(finding, "rule_name") == EXPIRED_WAIVER:  # a waiver that had lapsed when the repository was scanned
            how = {"kind": "expired", "owner": None, "expires": None, "where": None, "reason": text(finding, "message")}
            self._record_accepted(repository, finding, how, f"expired: {finding['fingerprint']}")

    def _accept(self, repository: str, finding: Report, waived_by: str) -> None:
        self._check(finding).accepted += 1
        self._accepted_by_severity[finding["severity"]] += 1
        self._record_accepted(repository, finding, accepted_by(waived_by), waived_by)

    def _record_accepted(self, repository: str, finding: Report, how: dict[str, str | None], key: str) -> None:
        entry = self._accepted.setdefault((repository, key), _Accepted(how))
        entry.checks.add(finding["rule_id"])
        entry.findings += 1

    def _add_repository(
        self,
        repository: str,
        source: str,
        report: Report,
        models: int,
        fingerprints: Counter[str],
        open_by_severity: Counter[str],
        accepted: int,
    ) -> None:
        summary: Report = report["summary"] if isinstance(report.get("summary"), dict) else {}
        self.repositories[repository] = {
            "name": repository,
            "report": source,
            "scanned_at": text(report, "generated_at"),
            "tool_version": text(report, "tool", "version"),
            "rules": {"version": text(report, "rules", "version"), "sha256": text(report, "rules", "sha256")},
            "policy": {
                "profile": text(report, "policy", "profile"),
                "sha256": text(report, "policy", "sha256"),
                "fail_on": text(report, "policy", "fail_on"),
            },
            "passed": summary.get("passed") is not False,
            "gating_findings": _count(summary, "gating_findings"),
            "scan_complete": summary.get("complete") is not False,
            "not_read": _count(summary, "not_read"),
            "models": models,
            "open_findings": _by_severity(open_by_severity),
            "accepted_findings": accepted,
            "fingerprints": sorted(fingerprints.elements()),
        }

    def _compare(self, repository: str, report: Report, fingerprints: Counter[str]) -> None:
        """With a previous inventory that had this repository: its new open findings and the resolved ones."""
        before = self.previous.fingerprints(repository) if self.previous else None
        if before is None:
            return
        seen: Counter[str] = Counter()
        for finding in report["findings"]:
            if finding.get("waived_by"):
                continue
            seen[finding["fingerprint"]] += 1
            if seen[finding["fingerprint"]] > before[finding["fingerprint"]]:
                self._new_findings.append(_finding_summary(repository, finding))
        for fingerprint in sorted((before - fingerprints).elements()):
            self._resolved.append({"repository": repository, "fingerprint": fingerprint})

    # --- the documented form -------------------------------------------------------------------------

    def as_dict(self, tool_version: str, generated_at: str | None = None) -> Report:
        models = [self._model_dict(key, m) for key, m in self._models.items()]
        models.sort(key=lambda m: (m["id"].lower(), m["id"]))
        accepted = self._accepted_list()
        doc: Report = {
            "modelorigin_inventory": INVENTORY_VERSION,
            "tool": {"name": "modelorigin", "version": tool_version},
        }
        if generated_at:
            doc["generated_at"] = generated_at
        findings = self._findings()
        labs, countries, licenses = _labs(models), _countries(models), self._licenses(models)
        doc.update(
            {
                "as_of": self.today.isoformat(),
                "due_within_days": self.due_within,
                "summary": {
                    "reports": len(self.repositories) + len(self.not_merged),
                    "merged": len(self.repositories),
                    "not_merged": len(self.not_merged),
                    "complete": not self.not_merged,
                    "repositories_failing": sum(1 for r in self.repositories.values() if not r["passed"]),
                    "models": len(models),
                    "labs": len(labs),
                    "countries": len(countries),
                    "licenses": len(licenses),
                    "open_findings": {f["severity"]: f["open"] for f in findings["by_severity"]},
                    "accepted_findings": sum(r["accepted_findings"] for r in self.repositories.values()),
                    "waivers_due": sum(1 for a in accepted if a["status"] == "due"),
                    "waivers_expired": sum(1 for a in accepted if a["status"] == "expired"),
                },
                "not_merged": sorted(self.not_merged, key=lambda n: (n["repository"], n["report"])),
                "repositories": [self.repositories[name] for name in sorted(self.repositories)],
                "models": models,
                "labs": labs,
                "countries": countries,
                "licenses": licenses,
                "findings": findings,
                "accepted": accepted,
                "trend": self._trend(models),
            }
        )
        return doc

    def _model_dict(self, key: str, model: _Model) -> Report:
        (spelling,), (kind,) = model.spelling.winner(), model.kind.winner()
        lab, lab_name, country = model.origin.winner()
        license_id, license_name = model.license.winner()
        worst = max(model.open, key=severity_rank, default=None)
        disagreements = [
            {
                "attribute": attribute,
                "values": [
                    {"value": describe(value), "repositories": sorted(votes.repositories[value])}
                    for value in votes.ranked()
                ],
            }
            for attribute, votes, describe in (
                ("origin", model.origin, origin_text),
                ("license", model.license, license_text),
            )
            if len(votes.repositories) > 1
        ]
        return {
            "id": spelling,
            "kind": kind,
            "origin": {"lab": lab, "lab_name": lab_name, "country": country},
            "license": {"id": license_id, "name": license_name},
            "repositories": [{"name": name, "files": sorted(model.files[name])} for name in sorted(model.files)],
            "open_findings": _by_severity(model.open),
            "worst_severity": worst,
            "obligations": [
                {"rule_id": rule_id, "repositories": sorted(model.obligations[rule_id])}
                for rule_id in sorted(model.obligations)
            ],
            "disagreements": disagreements,
        }

    def _licenses(self, models: list[Report]) -> list[Report]:
        groups: dict[tuple[str, str], list[Report]] = {}
        for model in models:
            groups.setdefault(_license_key(model), []).append(model)
        out = []
        for (license_id, name), members in sorted(
            groups.items(), key=lambda g: (not any(g[0]), (g[0][1] or g[0][0]).lower(), g[0])
        ):
            obligations: dict[str, tuple[set[str], set[str]]] = {}
            for model in members:
                for duty in model["obligations"]:
                    ids, repositories = obligations.setdefault(duty["rule_id"], (set(), set()))
                    ids.add(model["id"])
                    repositories.update(duty["repositories"])
            out.append(
                {
                    "id": license_id or None,
                    "name": name or None,
                    "models": [m["id"] for m in members],
                    "repositories": _union(members),
                    "obligations": [
                        {
                            "rule_id": rule_id,
                            "title": self._checks[rule_id].title,
                            "models": sorted(ids, key=str.lower),
                            "repositories": sorted(repositories),
                        }
                        for rule_id, (ids, repositories) in sorted(obligations.items())
                    ],
                }
            )
        return out

    def _findings(self) -> Report:
        checks = sorted(self._checks.items(), key=lambda item: (-severity_rank(item[1].severity), item[0]))
        spelled = {key: m.spelling.winner()[0] for key, m in self._models.items()}
        open_total: Counter[str] = Counter()
        for repository in self.repositories.values():
            open_total.update(repository["open_findings"])
        return {
            "by_severity": [
                {
                    "severity": severity,
                    "open": open_total[severity],
                    "unverified": self._unverified[severity],
                    "accepted": self._accepted_by_severity[severity],
                }
                for severity in reversed(SEVERITIES)
            ],
            "by_check": [
                {
                    "rule_id": rule_id,
                    "title": check.title,
                    "category": check.category,
                    "severity": check.severity,
                    "open": check.open,
                    "accepted": check.accepted,
                    "repositories": sorted(check.repositories),
                    "models": sorted((spelled[k] for k in check.models), key=str.lower),
                }
                for rule_id, check in checks
            ],
        }

    def _accepted_list(self) -> list[Report]:
        out: list[Report] = []
        for (repository, _), entry in self._accepted.items():
            status, days_left = self._status(entry.how)
            out.append(
                {
                    "repository": repository,
                    **entry.how,
                    "checks": sorted(entry.checks),
                    "findings": entry.findings,
                    "status": status,
                    "days_left": days_left,
                }
            )
        order = {"expired": 0, "due": 1, "active": 2, None: 3}
        out.sort(
            key=lambda a: (
                order[a["status"]],
                *(a[k] or "" for k in ("expires", "repository", "kind", "owner", "where", "reason")),
                a["checks"],
            )
        )
        return out

    def _status(self, how: dict[str, str | None]) -> tuple[str | None, int | None]:
        """expired, due (within due_within days of today) or active; None for what has no expiry."""
        if how["kind"] == "expired":
            return "expired", None
        if not how["expires"]:
            return None, None
        days = (dt.date.fromisoformat(how["expires"]) - self.today).days
        return ("expired" if days < 0 else "due" if days <= self.due_within else "active"), days

    def _trend(self, models: list[Report]) -> Report | None:
        if self.previous is None:
            return None
        return self.previous.trend(
            models,
            repositories=sorted(self.repositories),
            not_merged={n["repository"] for n in self.not_merged},
            new_findings=sorted(self._new_findings, key=_finding_order),
            resolved=sorted(self._resolved, key=lambda r: (r["repository"], r["fingerprint"])),
        )


def _license_key(model: Report) -> tuple[str, str]:
    return (model["license"]["id"] or "", model["license"]["name"] or "")


def _union(models: list[Report]) -> list[str]:
    return sorted({r["name"] for m in models for r in m["repositories"]})


def _labs(models: list[Report]) -> list[Report]:
    groups: dict[tuple[str, str, str], list[Report]] = {}
    for model in models:
        origin = model["origin"]
        groups.setdefault((origin["lab"] or "", origin["lab_name"] or "", origin["country"] or ""), []).append(model)
    return [
        {
            "lab": lab or None,
            "name": name or None,
            "country": country or None,
            "models": [m["id"] for m in members],
            "repositories": _union(members),
        }
        for (lab, name, country), members in sorted(groups.items(), key=lambda g: (g[0][1].lower(), g[0]))
    ]


def _countries(models: list[Report]) -> list[Report]:
    groups: dict[str, list[Report]] = {}
    for model in models:
        groups.setdefault(model["origin"]["country"] or "", []).append(model)
    return [
        {
            "country": country or None,
            "labs": sorted({m["origin"]["lab_name"] or m["origin"]["lab"] or "unknown" for m in members}),
            "models": [m["id"] for m in members],
            "repositories": _union(members),
        }
        for country, members in sorted(groups.items(), key=lambda g: (not g[0], g[0]))
    ]


def _count(summary: Report, key: str) -> int:
    value = summary.get(key)
    return value if isinstance(value, int) else 0


def _by_severity(counts: Counter[str]) -> dict[str, int]:
    return {severity: counts[severity] for severity in reversed(SEVERITIES)}


def _finding_summary(repository: str, finding: Report) -> Report:
    path, line = text(finding, "path"), finding.get("line")
    return {
        "repository": repository,
        "severity": finding["severity"],
        "rule_id": finding["rule_id"],
        "model_id": text(finding, "model_id"),
        "where": f"{path}:{line}" if path and isinstance(line, int) else path or "-",
        "message": text(finding, "message") or "",
        "verified": finding.get("verified") is not False,
        "fingerprint": finding["fingerprint"],
    }


def _finding_order(finding: Report) -> tuple[int, str, str, str, str]:
    return (
        -severity_rank(finding["severity"]),
        finding["repository"],
        finding["rule_id"],
        (finding["model_id"] or "").lower(),
        finding["where"],
    )
