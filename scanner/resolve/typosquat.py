"""Typosquats: an org one or two edits away from a known lab or redistributor org.

`deepseek-al` (for deepseek-ai), `Qwen-` (Qwen), `meta-IIama` (meta-llama) are the shapes seen in the
wild: a swapped, dropped, added or look-alike character. Comparison is case-insensitive, with
look-alike characters folded (I/l/1, O/0, rn/m), by optimal-string-alignment distance (adjacent swaps
count once). Short orgs allow fewer edits, so that unrelated short names are not flagged: 1 edit for
orgs of up to 5 characters, 2 beyond; orgs under 4 characters are never compared, and a known name
with two or more letters added at one end (QwenLM, TheBlokeAI) is another name, not a misspelling.
"""

from __future__ import annotations

from scanner.records import PlainRecord

MIN_LENGTH = 4

_FOLD = str.maketrans({"1": "l", "i": "l", "|": "l", "0": "o", "_": "-", ".": "-"})


class Imitation(PlainRecord):
    """An org that imitates a known one, and how closely."""

    __slots__ = ("distance", "imitates", "lookalike", "org")
    FIELDS = ("org", "imitates", "distance", "lookalike")

    def __init__(self, org: str, imitates: str, distance: int, lookalike: bool) -> None:
        self.org = org  # as written
        self.imitates = imitates  # the known org, as the rules spell it
        self.distance = distance
        self.lookalike = lookalike  # identical once look-alike characters are folded


def fold(org: str) -> str:
    return org.lower().translate(_FOLD).replace("rn", "m").replace("vv", "w")


def allowed_edits(known: str) -> int:
    return 1 if len(known) <= 5 else 2


def imitated_org(org: str, known_orgs: dict[str, str]) -> Imitation | None:
    """The known org this unknown org imitates, or None.

    known_orgs: lowercased org -> org as the rules spell it (Knowledge.canonical_orgs).
    """
    lowered = org.lower()
    if lowered in known_orgs or len(lowered) < MIN_LENGTH:
        return None
    folded = fold(org)
    best: Imitation | None = None
    for key, spelled in known_orgs.items():
        if len(key) < MIN_LENGTH or abs(len(key) - len(lowered)) > 2:
            continue
        limit = allowed_edits(key)
        lookalike = fold(key) == folded
        if not lookalike and _extends(lowered, key):
            continue  # QwenLM, TheBlokeAI: another name built on a known one, not a misspelling of it
        distance = osa_distance(lowered, key, limit)
        if distance > limit and not lookalike:
            continue
        candidate = Imitation(org, spelled, distance, lookalike)
        if best is None or (candidate.lookalike, -candidate.distance) > (best.lookalike, -best.distance):
            best = candidate
    return best


def _extends(org: str, known: str) -> bool:
    """org is known plus two or more letters or digits at one end."""
    extra = org[len(known) :] if org.startswith(known) else org[: -len(known)] if org.endswith(known) else None
    return extra is not None and len(extra) >= 2 and extra.isalnum()


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or limit + 1 as soon as it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]
