"""Vulnerable model-loading library versions, evaluated with `packaging` (PEP 440)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scanner.knowledge import Knowledge, normalize_package
from scanner.records import Reference, RefType

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet


def vulnerabilities(ref: Reference, kb: Knowledge) -> list[dict[str, Any]]:
    """Advisories whose affected range the versions a requirement allows meet.

    An exact pin (==V) is checked exactly. A range is reported when the versions it allows intersect the
    affected range (which runs up to the fixed version): at the advisory's severity when every version it
    allows is affected ("is affected by"), one level lower when only some are ("allows versions affected
    by"). Not reported: a range that cannot reach the affected versions (transformers<4.52 against
    >=4.56,<5.3); a range open upwards when a fix exists (torch>=2.0: an install takes the newest, fixed
    version); a requirement with no version at all (it says nothing about the version in use).
    """
    if ref.ref_type is not RefType.LOADER_PACKAGE or not ref.version_spec:
        return []
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # only for a pinned loader (10 ms to import)

    try:
        spec = SpecifierSet(ref.version_spec)
    except InvalidSpecifier:
        return []
    found = []
    for advisory in kb.loaders_by_package.get(normalize_package(ref.id), []):
        try:
            affected = SpecifierSet(advisory["affected"])
        except InvalidSpecifier:
            continue
        reach = _reach(spec, affected, advisory.get("fixed"))
        if reach == "all":
            found.append({**advisory, "verb": "is affected by"})
        elif reach == "some":
            severity = _one_lower(str(advisory.get("severity") or "high"))
            found.append({**advisory, "severity": severity, "verb": "allows versions affected by"})
    return found


def _one_lower(severity: str) -> str:
    from scanner.records import SEVERITIES  # info, low, medium, high, critical

    index = SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES) - 2
    return SEVERITIES[max(index - 1, 0)]


# An interval of versions: (low, low inclusive, high, high inclusive); None for an open end.
Interval = tuple[Any, bool, Any, bool]


def _reach(spec: SpecifierSet, affected: SpecifierSet, fixed: str | None) -> str | None:
    """'all' when every version spec allows is affected, 'some' when some are, None when none is."""
    from packaging.version import InvalidVersion, Version

    pins = [s.version for s in spec if s.operator in ("==", "===") and "*" not in s.version]
    try:
        if pins:
            return "all" if Version(pins[0]) in affected else None
        allowed, hit = _interval(spec), _interval(affected)
        fix = Version(str(fixed)) if fixed else None
    except InvalidVersion:
        return None
    if allowed is None or hit is None:
        return None
    if fix is not None:  # nothing was released between the last affected version and the fix
        hit = (hit[0], hit[1], fix, False)
        if allowed[2] is None:  # open upwards: what gets installed is the newest, fixed, version
            return None
    both = _intersect(allowed, hit)
    if both is None:
        return None
    return "all" if both == allowed else "some"


def _interval(specifiers: SpecifierSet) -> Interval | None:
    """The versions a specifier set allows, as one interval (!= is ignored: it removes single points)."""
    from packaging.version import Version

    interval: Interval | None = (None, True, None, True)
    for s in specifiers:
        op, text = s.operator, s.version
        if op in ("==", "===") and text.endswith(".*"):
            base = Version(text[:-2])
            parts = list(base.release)
            parts[-1] += 1
            bound: Interval = (base, True, Version(".".join(map(str, parts))), False)
        elif op in ("==", "==="):
            point = Version(text)
            bound = (point, True, point, True)
        elif op == "~=":
            base = Version(text)
            parts = list(base.release[:-1]) or [base.release[0]]
            parts[-1] += 1
            bound = (base, True, Version(".".join(map(str, parts))), False)
        elif op in (">", ">="):
            bound = (Version(text), op == ">=", None, True)
        elif op in ("<", "<="):
            bound = (None, True, Version(text), op == "<=")
        else:
            continue
        interval = _intersect(interval, bound) if interval is not None else None
    return interval


def _intersect(a: Interval, b: Interval) -> Interval | None:
    low, low_in = _tighter(a[0], a[1], b[0], b[1], lower=True)
    high, high_in = _tighter(a[2], a[3], b[2], b[3], lower=False)
    if low is not None and high is not None and (low > high or (low == high and not (low_in and high_in))):
        return None
    return (low, low_in, high, high_in)


def _tighter(x: Any, x_in: bool, y: Any, y_in: bool, *, lower: bool) -> tuple[Any, bool]:
    if x is None:
        return y, y_in
    if y is None:
        return x, x_in
    if x == y:
        return x, x_in and y_in
    return (max(x, y), x_in if x > y else y_in) if lower else (min(x, y), x_in if x < y else y_in)
