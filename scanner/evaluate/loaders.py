"""Vulnerable model-loading library versions, evaluated with `packaging` (PEP 440)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scanner.knowledge import Knowledge, normalize_package
from scanner.records import Reference, RefType

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet


def vulnerabilities(ref: Reference, kb: Knowledge) -> list[dict[str, Any]]:
    """Advisories whose affected range certainly contains what the reference pins.

    An exact pin (==V) is checked directly. A range is reported only when every version it admits
    below the advisory's fix is affected, i.e. its upper bound is at or below the fixed version.
    An unconstrained requirement says nothing about the version in use and is not reported.
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
        if _certainly_affected(spec, affected, advisory.get("fixed")):
            found.append(advisory)
    return found


def _certainly_affected(spec: SpecifierSet, affected: SpecifierSet, fixed: str | None) -> bool:
    from packaging.version import InvalidVersion, Version

    pins = [s.version for s in spec if s.operator in ("==", "===") and "*" not in s.version]
    if pins:
        try:
            return Version(pins[0]) in affected
        except InvalidVersion:
            return False
    uppers = [s for s in spec if s.operator in ("<", "<=")]
    lowers = [s for s in spec if s.operator in (">", ">=", "~=")]
    if not uppers or fixed is None:
        return False
    try:
        fixed_version = Version(fixed)
        upper_ok = all(
            Version(u.version) <= fixed_version if u.operator == "<" else Version(u.version) < fixed_version
            for u in uppers
        )
        lower_ok = all(Version(low.version) in affected for low in lowers)
    except InvalidVersion:
        return False
    return upper_ok and lower_ok
