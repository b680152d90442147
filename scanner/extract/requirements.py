"""Requirement lines (requirements*.txt, *.in, constraints): model SDKs and model-loading libraries."""

from __future__ import annotations

from scanner.extract.base import Collector, Recognizer
from scanner.knowledge.index import normalize_package
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, RefType

# PEP 508 name, optional extras, then the version part up to a marker or comment
_REQUIREMENT = lazy_compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<spec>(?:[<>=!~]=?|===)\s*[^;#\s][^;#]*)?"
)


def extract_requirements(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "requirements")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split(" #", 1)[0].strip()
        if not stripped or stripped.startswith(("#", "-", "--")) or "://" in stripped.split("@")[0]:
            continue
        add_requirement(collector, recognizer, stripped, number, column=line.find(stripped) + 1)
    return collector.result()


def add_requirement(collector: Collector, recognizer: Recognizer, requirement: str, line: int, column: int = 1) -> None:
    """Record a requirement naming a known SDK or a model-loading library."""
    m = _REQUIREMENT.match(requirement)
    if not m:
        return
    name = normalize_package(m.group("name"))
    spec = (m.group("spec") or "").strip().replace(" ", "") or None
    if name in recognizer.sdk_packages:
        collector.add(name, RefType.SDK_PACKAGE, line, column, requirement.strip(), version_spec=spec)
    if name in recognizer.loader_packages:
        collector.add(name, RefType.LOADER_PACKAGE, line, column, requirement.strip(), version_spec=spec)
