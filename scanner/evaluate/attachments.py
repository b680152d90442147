"""Which license duties attach to the use the policy declares: distribution modes, activities, and where
the users are.

Each obligation of a license entry states what it attaches to (`attaches` in rules/licenses.yaml; see
docs/rules.md): the distribution modes (`internal`, `saas`, `on-prem`, `on-device`, `weights`, or `any`),
optionally the activities (`fine-tuning`, `training`), and for a territory exclusion the places it is judged
by (`users`: the policy's users_in; `deployment`: its territories). A duty is set aside only when the policy
declares a use it does not attach to: what the policy leaves undeclared never sets a duty aside. Commercial
use, acceptable use and governing law bind every use and state no attachment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from scanner.evaluate.policy import with_eu
from scanner.records import PlainRecord

MODES = ("internal", "saas", "on-prem", "on-device", "weights")
# the sets of modes the rules use most, named in the reasons a duty is set aside
GROUPS = {
    frozenset({"on-prem", "on-device", "weights"}): "redistributing the weights",
    frozenset({"saas", "on-prem", "on-device"}): "products and services",
    frozenset({"saas", "on-prem", "on-device", "weights"}): "what is offered outside the organisation",
}
PLACES = {"users": "where the users are", "deployment": "where it is deployed"}
# a term's companion fields, dropped with it when it is set aside
COMPANIONS = {
    "naming": (),
    "output_restrictions": ("restricts_training_other_models",),
    "distillation_is_derivative": (),
    "registration": ("registration_required",),
    "territory_excluded": ("territory_note",),
}


class Use(PlainRecord):
    """What the policy declares about the use of one model; None where it declares nothing."""

    __slots__ = ("activities", "deployment", "modes", "users")
    FIELDS = ("modes", "activities", "users", "deployment")

    def __init__(
        self,
        modes: frozenset[str] | None,
        activities: frozenset[str] | None,
        users: frozenset[str] | None,
        deployment: frozenset[str] | None,
    ) -> None:
        self.modes = modes
        self.activities = activities
        self.users = users  # region codes as declared (users_in; else the territories)
        self.deployment = deployment  # region codes as declared (territories)


def use_for(policy: dict[str, Any], paths: Iterable[str]) -> Use:
    """The declared use of a model used at paths (relative to the scanned root), from a normalized policy."""
    activities = policy.get("activities")
    deployment = frozenset(policy["territories"]) if policy.get("territories_declared") else None
    users = frozenset(policy["users_in"]) if policy.get("users_in_declared") else deployment
    return Use(
        _modes(policy, list(paths)),
        frozenset(activities) if activities is not None else None,
        users,
        deployment,
    )


def _modes(policy: dict[str, Any], paths: list[str]) -> frozenset[str] | None:
    if policy.get("distribution") is not None:
        return frozenset(policy["distribution"])
    by_path: dict[str, list[str]] = policy.get("distribution_paths") or {}
    if not by_path or not paths:
        return None
    from scanner.discover.globs import compile_globs

    globs = compile_globs(list(by_path))
    found: set[str] = set()
    for path in paths:
        hits = [pattern for pattern, match in globs if match(path)]
        if not hits:  # a use no glob covers: the model's distribution is not declared
            return None
        found.update(mode for pattern in hits for mode in by_path[pattern])
    return frozenset(found)


def set_aside(entry: dict[str, Any], field: str, index: int | None, use: Use) -> str | None:
    """Why a license's term (field, and item for a list) does not attach to the declared use; None when it
    applies, or states no attachment."""
    attached = _attachment(entry, field, index)
    if attached is None:
        return None
    reason = _unused(attached, use)
    if reason is None and field == "territory_excluded":
        reason = _territory_aside(entry, use)
    return f"{reason} ({attached['note']})" if reason and attached.get("note") else reason


def _unused(attached: dict[str, Any], use: Use) -> str | None:
    """Why a term's modes or activities are not among those declared; None when they are, or nothing is."""
    modes = attached["modes"]
    if use.modes is not None and modes != "any" and not use.modes & set(modes):
        return f"applies to {_modes_text(modes)}; the declared distribution is {', '.join(sorted(use.modes))}"
    activities = attached.get("activities")
    if activities and use.activities is not None and not use.activities & set(activities):
        declared = ", ".join(sorted(use.activities)) or "none"
        return f"applies to {' or '.join(activities)}; the declared activities are {declared}"
    return None


def applicable(entry: dict[str, Any], use: Use) -> dict[str, Any]:
    """The license entry with the terms that do not attach to the declared use taken out (for the checks)."""
    out = dict(entry)
    for field in ("attribution", "thresholds"):
        if field in entry:
            out[field] = [x for i, x in enumerate(entry[field] or []) if set_aside(entry, field, i, use) is None]
    for field, companions in COMPANIONS.items():
        if field in entry and set_aside(entry, field, None, use) is not None:
            for name in (field, *companions):
                out.pop(name, None)
    return out


def sort_terms(
    entry: dict[str, Any], use: Use, place: Callable[[str], str] = str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A license's checklist split in two: the duties that apply ({duty, text, verified}) and those set aside
    (the same, with `reason`)."""
    from scanner.resolve.obligations import terms

    applies: list[dict[str, Any]] = []
    aside: list[dict[str, Any]] = []
    for term in terms(entry, place):
        item = {"duty": term.duty, "text": term.text, "verified": term.verified}
        reason = set_aside(entry, term.field, term.item, use)
        if reason is None:
            applies.append(item)
        else:
            aside.append({**item, "reason": reason})
    return applies, aside


def territory_conflict(entry: dict[str, Any], use: Use) -> list[str]:
    """The excluded territories the declared places (where the exclusion is judged) reach."""
    attached = _attachment(entry, "territory_excluded", None)
    if attached is not None and _unused(attached, use) is not None:
        return []
    declared: set[str] = set()
    for region in _places(entry, use).values():
        declared |= with_eu(sorted(region or ()))
    return sorted(set(entry.get("territory_excluded") or []) & declared)


def _attachment(entry: dict[str, Any], field: str, index: int | None) -> dict[str, Any] | None:
    attached = (entry.get("attaches") or {}).get(field)
    if isinstance(attached, list):  # one per item of a list field
        return attached[index] if index is not None and index < len(attached) else None
    return attached if isinstance(attached, dict) else None


def _places(entry: dict[str, Any], use: Use) -> dict[str, frozenset[str] | None]:
    attached = _attachment(entry, "territory_excluded", None) or {}
    return {p: use.users if p == "users" else use.deployment for p in attached.get("where") or PLACES}


def _territory_aside(entry: dict[str, Any], use: Use) -> str | None:
    places = _places(entry, use)
    if any(region is None for region in places.values()) or territory_conflict(entry, use):
        return None
    judged = " and ".join(f"{PLACES[p]} ({', '.join(sorted(region or ()))})" for p, region in places.items())
    return f"judged by {judged}, none of them excluded"


def _modes_text(modes: list[str]) -> str:
    group = GROUPS.get(frozenset(modes))
    listed = ", ".join(modes)
    return f"{group} ({listed})" if group else listed
