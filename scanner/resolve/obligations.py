"""License obligations along a lineage: which licenses a model carries, which a lab superseded by
relicensing its own derivative, which a derivative launders, and each license as a checklist.

A model is bound by its own license and by the licenses of its ancestors (a fine-tune of a Llama
model carries the Llama terms; a distill may carry its teacher's output terms). One exception: a lab
may relicense its own derivative (DeepSeek-R1, MIT, built on DeepSeek-V3-Base under the DeepSeek
License), so an ancestor whose child comes from the same lab under another known license is
`superseded`, shown but not carried. A distillation teacher is never superseded: its terms reach the
student through the outputs it was trained on (DeepSeek-R1's MIT terms in DeepSeek-R1-Distill-Llama-8B,
next to Meta's Llama 3.1 license).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.knowledge import Knowledge
from scanner.records import Model, PlainRecord

# How restrictive a license class is; a declaration below its base's rank is laundering.
CLASS_RANK = {
    "permissive": 0,
    "copyleft": 1,
    "open-rail": 2,
    "restricted-commercial": 3,
    "non-commercial": 4,
    "research-only": 4,
    "proprietary": 5,
}
UNRANKED = 99
SAME_WEIGHTS = frozenset({"quantized", "reupload"})


def rank(entry: dict[str, Any] | None) -> int:
    if not entry:
        return UNRANKED
    return CLASS_RANK.get(str(entry.get("class")), UNRANKED)


class Holder(PlainRecord):
    """A model or ancestor bound by a license."""

    __slots__ = ("id", "lab", "relation", "superseded_by")
    FIELDS = ("id", "lab", "relation", "superseded_by")

    def __init__(self, id: str, lab: str | None, relation: str | None, superseded_by: str | None) -> None:
        self.id = id  # the model (or ancestor) bound by the license
        self.lab = lab
        self.relation = relation  # how it relates to its child; None for the model itself
        self.superseded_by = superseded_by  # the same lab's derivative that relicensed it


class Carried(PlainRecord):
    """A license in a model's chain, with who holds it."""

    __slots__ = ("holders", "license")
    FIELDS = ("license", "holders")

    def __init__(self, license: str, holders: tuple[Holder, ...]) -> None:
        self.license = license
        self.holders = holders

    @property
    def superseded(self) -> bool:
        return all(h.superseded_by for h in self.holders)

    def live(self) -> tuple[Holder, ...]:
        return tuple(h for h in self.holders if not h.superseded_by)


def carried(model: Model) -> list[Carried]:
    """Every license in the chain with who holds it, the model's own first."""
    by_id = {a.id.lower(): a for a in model.lineage}
    groups: dict[str, list[Holder]] = {}
    if model.license.id:
        groups.setdefault(model.license.id, []).append(Holder(model.id, model.origin.lab, None, None))
    for a in model.lineage:
        if not a.license:
            continue
        parent = (a.parent or model.id).lower()
        if parent == model.id.lower():
            child_lab, child_license = model.origin.lab, model.license.id
        else:
            child = by_id.get(parent)
            child_lab, child_license = (child.lab, child.license) if child else (None, None)
        relicensed = a.lab and child_lab == a.lab and child_license and child_license != a.license
        # a teacher's terms reach its students through their outputs: a distill never supersedes them
        superseded = a.parent if relicensed and a.relation != "distill" else None
        if superseded is not None and parent == model.id.lower():
            superseded = model.id
        groups.setdefault(a.license, []).append(Holder(a.id, a.lab, a.relation, superseded))
    return [Carried(lic, tuple(holders)) for lic, holders in groups.items()]


def laundering(model: Model, kb: Knowledge) -> list[dict[str, Any]]:
    """Licenses in the chain more restrictive than the one the model's files declare.

    Compared: the weights' own license from the rules (catalog or LICENSE text), the licenses of the
    same weights upstream (quantized, re-uploaded), and those of ancestors from other labs. An
    ancestor of the declaring lab itself is not compared: a lab may relicense its own work.
    """
    declared = (model.meta or {}).get("declared_license")
    if not declared or not declared.get("id"):
        return []
    declared_rank = rank(kb.licenses.get(declared["id"]))
    if declared_rank == UNRANKED:
        return []
    out = []
    for item in carried(model):
        if item.license == declared["id"]:
            continue
        entry = kb.licenses.get(item.license)
        if rank(entry) == UNRANKED or rank(entry) <= declared_rank:
            continue
        binding = [
            h
            for h in item.live()
            if (h.relation is None and model.license.via == "catalog")
            or h.relation in SAME_WEIGHTS
            or (h.relation is not None and (model.origin.lab is None or h.lab != model.origin.lab))
        ]
        if not binding:
            continue
        out.append(
            {
                "id": item.license,
                "license": item.license,
                "license_name": (entry or {}).get("name", item.license),
                "class": (entry or {}).get("class"),
                "declared": declared["id"],
                "declared_name": declared.get("name") or declared["id"],
                "declared_where": declared.get("where"),
                "holders": ", ".join(
                    _holder_text(h, kb) if h.relation is not None else "the rules' license for these very weights"
                    for h in sorted(binding, key=lambda h: h.relation is not None)
                ),
            }
        )
    return out


def inherited(model: Model, kb: Knowledge) -> list[dict[str, Any]]:
    """Licenses an ancestor from another lab passes down, other than the model's own: their terms."""
    out = []
    for item in carried(model):
        if item.license == model.license.id:
            continue
        holders = [
            h for h in item.live() if h.relation is not None and (model.origin.lab is None or h.lab != model.origin.lab)
        ]
        entry = kb.licenses.get(item.license)
        if not holders or entry is None:
            continue
        out.append(
            {
                **{k: v for k, v in entry.items() if k not in ("declared_as", "source", "as_of", "note", "attaches")},
                "holders": ", ".join(_holder_text(h, kb) for h in holders),
                "verified": bool(entry.get("verified", True)),
            }
        )
    return out


class Term(PlainRecord):
    """One obligation of a license: the entry's field (and item, for a list) that states it, as a checklist line."""

    __slots__ = ("duty", "field", "item", "text", "verified")
    FIELDS = ("field", "item", "duty", "text", "verified")

    def __init__(self, field: str, item: int | None, duty: str, text: str, verified: bool) -> None:
        self.field = field
        self.item = item  # the item of a list field (attribution, thresholds)
        self.duty = duty
        self.text = text
        self.verified = verified


def checklist(entry: dict[str, Any], place: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """A license's terms as obligations to tick off: {duty, text, verified}.

    place renders a country code (a report may write 'European Union' for EU)."""
    return [{"duty": t.duty, "text": t.text, "verified": t.verified} for t in terms(entry, place)]


def terms(entry: dict[str, Any], place: Callable[[str], str] = str) -> list[Term]:
    """A license's obligations, each with the field that states it (see scanner.evaluate.attachments for
    which of them attach to a declared use)."""
    unverified = set(entry.get("unverified_fields") or [])
    whole_entry_unverified = entry.get("verified") is False
    out: list[Term] = []

    def add(duty: str, text: str, field: str, index: int | None = None) -> None:
        verified = field not in unverified and not whole_entry_unverified
        out.append(Term(field, index, duty, text, verified))

    commercial = entry.get("commercial_use")
    if commercial:
        words = {"yes": "allowed", "no": "NOT allowed", "conditional": "allowed on conditions"}
        text = words.get(commercial, commercial)
        detail = entry.get("commercial_conditions")
        add("commercial use", f"{text}" + (f": {detail}" if detail else ""), "commercial_use")
    for i, t in enumerate(entry.get("thresholds") or []):
        add("threshold", f"{t['metric']} ≥ {t['value']:,}: {t['effect']}", "thresholds", i)
    for i, a in enumerate(entry.get("attribution") or []):
        add("attribution", a, "attribution", i)
    if entry.get("naming"):
        add("naming", entry["naming"], "naming")
    if entry.get("output_restrictions"):
        add("outputs", entry["output_restrictions"], "output_restrictions")
    if entry.get("distillation_is_derivative"):
        add(
            "derivatives",
            "models distilled from it count as derivatives and carry its terms",
            "distillation_is_derivative",
        )
    if entry.get("registration_required"):
        add("registration", entry.get("registration") or "registration or approval required", "registration")
    if entry.get("territory_excluded"):
        note = entry.get("territory_note")
        add(
            "territory",
            f"not licensed in {', '.join(place(c) for c in entry['territory_excluded'])}"
            + (f" ({note})" if note else ""),
            "territory_excluded",
        )
    if entry.get("acceptable_use_policy"):
        add("acceptable use", entry["acceptable_use_policy"], "acceptable_use_policy")
    if entry.get("governing_law"):
        forum = entry.get("forum")
        add(
            "governing law",
            place(str(entry["governing_law"])) + (f"; forum: {forum}" if forum else ""),
            "governing_law",
        )
    return out


def _holder_text(holder: Holder, kb: Knowledge) -> str:
    lab = kb.labs.get(holder.lab or "")
    return f"{holder.id} ({lab['name']})" if lab else holder.id
