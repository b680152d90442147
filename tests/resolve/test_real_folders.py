"""`explain FOLDER` on real model folders: metadata copied from public model cards (tests/data/real-folders,
see its MANIFEST.yaml for the sources and the labels), checked for the parent, the origin and the binding
licenses the manifest expects.

One test per folder and aspect, so a folder that still misses one aspect keeps the others checked. A miss
that is understood is marked `xfail(strict=True)` below with its reason: when a change fixes it, the test
XPASSes, fails, and the mark must go.

The measuring functions are shared with benchmarks/explain_accuracy.py, which prints the same comparison
as percentages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "real-folders"
MANIFEST = DATA / "MANIFEST.yaml"
ASPECTS = ("parents", "origin", "licenses")

# (fixture id, aspect) -> why it is still missed. Keep each reason about the general gap, not the fixture.
ORIGIN_UNCAT = "the parent is not catalogued, and the base it was made from is named only in prose"
DATED_UNDECLARED = (
    "the base's license changed over time (Yi: Apache-2.0 from 2024-05-30) and nothing in the folder dates the "
    "derivative or declares the earlier license, so the current one is shown"
)
NO_LINK = "the source model is named in prose without a repository id or link"
REL_PATH = (
    "base_model is a relative local path shaped like org/name (models/Qwen2_5-1_5b-Instruct), indistinguishable "
    "from a hub id, and its folder name is not the hub name"
)

KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("magicoder-s-ds-gguf-thebloke", "origin"): ORIGIN_UNCAT,
    ("smaug-72b", "origin"): ORIGIN_UNCAT,
    ("nous-hermes-2-yi-34b", "licenses"): DATED_UNDECLARED,
    ("lyrachatglm", "parents"): NO_LINK,
    ("lyrachatglm", "origin"): NO_LINK,
    ("llamafactory-lora-relative-path", "parents"): REL_PATH,
    ("llamafactory-lora-relative-path", "licenses"): REL_PATH,
}


class Measured(NamedTuple):
    parents: frozenset[str]  # lower-cased hub ids
    labs: frozenset[str]
    countries: frozenset[str]
    licenses: frozenset[str]


@cache
def load_manifest() -> tuple[dict[str, Any], ...]:
    from scanner.yamlutil import safe_load

    data = safe_load(MANIFEST.read_text(encoding="utf-8"))
    return tuple(data["fixtures"])


@cache
def explained(fixture_id: str) -> dict[str, Any]:
    """What `modelorigin explain --format json FOLDER` says about one fixture (the function the command calls)."""
    from scanner.commands.explain import explain

    fixture = next(f for f in load_manifest() if f["id"] == fixture_id)
    return explain(str(DATA / fixture["path"]), [], None, None)


def measure(explanation: dict[str, Any]) -> Measured:
    """The parents, origin and binding licenses an explanation states.

    Parents: the repository the folder is (a Hugging Face cache snapshot is its repository), else the bases
    one step up in the lineage tree. Origin: the model's own lab, else, on each branch up from it, the first
    ancestor with a known lab. Licenses: every license in the lineage that is not superseded.
    """
    same = [e["value"] for e in explanation["evidence"].get("lineage", []) if e["signal"] in ("hf-cache", "hub-api")]
    tree = explanation["lineage"]
    parents = same or [base["id"] for base in tree["bases"]]
    origin = explanation["origin"]
    if origin.get("lab"):
        nodes = [{"lab": origin["lab"], "country": origin.get("country")}]
    else:
        nodes = [n for base in tree["bases"] for n in _first_labs(base)]
    return Measured(
        parents=frozenset(p.lower() for p in parents),
        labs=frozenset(n["lab"] for n in nodes),
        countries=frozenset(n["country"] for n in nodes if n.get("country")),
        licenses=frozenset(item["id"] for item in explanation["licenses"] if not item["superseded"]),
    )


def _first_labs(node: dict[str, Any]) -> list[dict[str, Any]]:
    if node.get("lab"):
        return [node]
    return [n for base in node.get("bases") or [] for n in _first_labs(base)]


def expected(fixture: dict[str, Any]) -> Measured:
    want = fixture["expected"]
    return Measured(
        parents=frozenset(p.lower() for p in want["parents"]),
        labs=frozenset(want["origin"]["labs"]),
        countries=frozenset(want["origin"]["countries"]),
        licenses=frozenset(want["licenses"]),
    )


def right(aspect: str, got: Measured, want: Measured) -> bool:
    if aspect == "parents":
        return got.parents == want.parents
    if aspect == "origin":
        return got.labs == want.labs and got.countries == want.countries
    return got.licenses == want.licenses


def show(aspect: str, value: Measured) -> str:
    if aspect == "parents":
        return ", ".join(sorted(value.parents)) or "-"
    if aspect == "origin":
        return f"{', '.join(sorted(value.labs)) or '-'} ({', '.join(sorted(value.countries)) or '-'})"
    return ", ".join(sorted(value.licenses)) or "-"


def _cases() -> list[Any]:
    cases = []
    for fixture in load_manifest():
        for aspect in ASPECTS:
            reason = KNOWN_MISSES.get((fixture["id"], aspect))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(fixture["id"], aspect, marks=marks, id=f"{fixture['id']}-{aspect}"))
    return cases


@pytest.mark.parametrize(("fixture_id", "aspect"), _cases())
def test_real_folder(fixture_id: str, aspect: str) -> None:
    fixture = next(f for f in load_manifest() if f["id"] == fixture_id)
    got, want = measure(explained(fixture_id)), expected(fixture)
    assert right(aspect, got, want), f"{aspect}: got {show(aspect, got)}, expected {show(aspect, want)}"


def test_manifest_names_existing_folders_and_known_ids() -> None:
    """Every fixture's folder exists, and every expected lab and license is one the bundled rules know, so a
    typo in a label cannot pass as a miss of the tool."""
    from scanner.knowledge import Knowledge, load_rules

    kb = Knowledge(load_rules([])[0])
    fixtures = load_manifest()
    assert len(fixtures) >= 24
    assert len({f["id"] for f in fixtures}) == len(fixtures)
    for fixture in fixtures:
        assert (DATA / fixture["path"]).is_dir(), fixture["path"]
        want = fixture["expected"]
        assert want["parents"], fixture["id"]
        assert set(want["origin"]["labs"]) <= set(kb.labs), fixture["id"]
        assert set(want["licenses"]) <= set(kb.licenses), fixture["id"]
        assert all(f["source"] for f in fixture["files"]), fixture["id"]


def test_known_misses_name_real_cases() -> None:
    ids = {f["id"] for f in load_manifest()}
    assert all(fid in ids and aspect in ASPECTS for fid, aspect in KNOWN_MISSES)
