"""The compiled cache: bundled YAML (rules, policy profiles) is parsed once, then read as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.knowledge.load import cached_json, load_rules, read_compiled


def test_cached_json_computes_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []

    def compute() -> dict[str, object]:
        calls.append(1)
        return {"words": ["b", "a"], "n": len(calls)}

    first, digest = cached_json("demo", [("a.yaml", b"x: 1\n")], compute)
    again, same = cached_json("demo", [("a.yaml", b"x: 1\n")], compute)
    assert first == again == {"words": ["b", "a"], "n": 1} and digest == same and len(calls) == 1
    changed, other = cached_json("demo", [("a.yaml", b"x: 2\n")], compute)  # an edit makes a new entry
    assert changed["n"] == 2 and other != digest
    assert len(list((tmp_path / "cache").glob("demo-*.json"))) == 2


def test_a_corrupt_or_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(cache))
    _value, digest = cached_json("demo", [("a", b"1")], lambda: [1, 2])
    (cache / f"demo-{digest}.json").write_text("{not json", encoding="utf-8")
    assert cached_json("demo", [("a", b"1")], lambda: [1, 2]) == ([1, 2], digest)
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(blocker / "cache"))  # a folder under a file: cannot exist
    assert cached_json("demo", [("a", b"1")], lambda: [3]) == ([3], digest)


def test_first_run_and_cached_runs_see_the_same_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """YAML reads `expires: 2027-03-31` as a date; JSON keeps text. Both runs must see the text."""
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    doc = tmp_path / "p.yaml"
    doc.write_text("# a profile\r\nwaivers:\r\n  - model: acme/x\r\n    expires: 2027-03-31\r\n", encoding="utf-8")
    first, _ = read_compiled("profiles-test", [doc], lambda docs: docs[0])
    cached, _ = read_compiled("profiles-test", [doc], lambda docs: pytest.fail("compiled twice"))
    assert first == cached == {"waivers": [{"model": "acme/x", "expires": "2027-03-31"}]}


def test_bundled_rules_come_from_the_cache_with_the_same_identity(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    rules, info = load_rules([])
    cached_rules, cached_info = load_rules([])
    assert rules == cached_rules and info == cached_info
    (cache_file,) = (tmp_path / "cache").glob("rules-*.json")
    assert cache_file.name.endswith(f"-{info.sha256}.json")
    assert json.loads(cache_file.read_text(encoding="utf-8"))["meta"]["version"] == info.version
