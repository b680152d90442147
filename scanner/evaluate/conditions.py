"""The condition language of checks: a small matcher over facts.

{fact: license.commercial_use, equals: "no"}
{fact: lineage.countries, contains: CN}
{fact: origin.lab, in: [zhipu, baai]}
{fact: lineage.labs, intersects: policy.deny.labs}
{fact: license.thresholds, exists: true}
{fact: policy.scale.mau, gte: 100000000}      # a number, or the dotted name of another fact
{all: [...]}, {any: [...]}, {not: {...}}
"""

from __future__ import annotations

import re
from typing import Any

from scanner.evaluate.facts import Facts
from scanner.lazyregex import lazy_compile

Condition = dict[str, Any]


def matches(cond: Condition, facts: Facts, touched: set[str]) -> bool:
    if "all" in cond:
        return all(matches(c, facts, touched) for c in cond["all"])
    if "any" in cond:
        return any(matches(c, facts, touched) for c in cond["any"])
    if "not" in cond:
        return not matches(cond["not"], facts, touched)
    value = facts.get(cond["fact"], touched)
    if "equals" in cond:
        return bool(value == cond["equals"])
    if "in" in cond:
        if isinstance(value, list):
            return any(v in cond["in"] for v in value)
        return value in cond["in"]
    if "contains" in cond:
        return isinstance(value, (list, str, dict)) and cond["contains"] in value
    if "intersects" in cond:
        other = facts.get(cond["intersects"], touched)
        return bool(_as_set(value) & _as_set(other))
    if "exists" in cond:
        present = value not in (None, "", [], {}, False)
        return present is bool(cond["exists"])
    if "gte" in cond:
        bound = cond["gte"]
        if isinstance(bound, str):
            bound = facts.get(bound, touched)
        return isinstance(value, (int, float)) and isinstance(bound, (int, float)) and value >= bound
    raise ValueError(f"condition has no operator: {cond}")


def _as_set(value: Any) -> set[Any]:
    if value is None:
        return set()
    if isinstance(value, (list, tuple, set, frozenset)):
        return {v.lower() if isinstance(v, str) else v for v in value}
    return {value.lower() if isinstance(value, str) else value}


_PLACEHOLDER = lazy_compile(r"\{([a-zA-Z_][\w.]*)\}")


def render(template: str, facts: Facts) -> str:
    """Fill {dotted.fact} placeholders; lists are joined, missing facts read 'unknown'."""

    def fill(m: re.Match[str]) -> str:
        value = facts.get(m.group(1))
        if value is None:
            return "unknown"
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value) or "none"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    return _PLACEHOLDER.sub(fill, template)
