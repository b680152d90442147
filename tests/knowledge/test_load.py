"""The compiled cache: bundled YAML (rules, policy profiles) is parsed once, then read as JSON."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from scanner.knowledge import load
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
    assert json.loads(cache_file.read_text(encoding="utf-8"))["rules"]["meta"]["version"] == info.version


# --- the stat index: the files are hashed once per change, not once per run -----------------------


def _profile(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _no_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "_digest", lambda blobs: pytest.fail("the files were read and hashed"))


def test_unchanged_files_are_found_by_stat_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(load, "RACY_NS", 0)  # the files were written just now: trust the index at once
    files = [_profile(tmp_path, "a.yaml", "x: 1\n"), _profile(tmp_path, "b.yaml", "y: [2]\n")]
    first, digest = read_compiled("demo", files, lambda docs: docs)
    _no_hashing(monkeypatch)
    again, same = read_compiled("demo", files, lambda docs: pytest.fail("compiled twice"))
    assert first == again == [{"x": 1}, {"y": [2]}] and digest == same
    assert len(list((tmp_path / "cache").glob("demo.*.index"))) == 1


def test_a_changed_file_is_read_again_even_with_its_size_and_mtime_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(load, "RACY_NS", 0)
    path = _profile(tmp_path, "a.yaml", "x: 1\n")
    before = path.stat()
    first, digest = read_compiled("demo", [path], lambda docs: docs)
    time.sleep(0.05)  # past the filesystem's timestamp granularity: the change time moves
    path.write_text("x: 2\n", encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    changed, other = read_compiled("demo", [path], lambda docs: docs)
    assert first == [{"x": 1}] and changed == [{"x": 2}] and other != digest


def test_a_file_changed_as_the_index_was_written_is_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Timestamps are coarse: a file changed in the same tick as the index was written stats as it did
    then. A file changed within RACY_NS of the index is therefore read and hashed, as git does."""
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    path = _profile(tmp_path, "a.yaml", "x: 1\n")
    read_compiled("demo", [path], lambda docs: docs)
    path.write_text("x: 2\n", encoding="utf-8")
    index = next((tmp_path / "cache").glob("demo.*.index"))
    header, _, payload = index.read_bytes().partition(b"\n")
    entry = json.loads(header)
    entry["files"] = load._stats([path])  # what a change within one timestamp tick would leave
    index.write_bytes(json.dumps(entry).encode() + b"\n" + payload)
    value, _ = read_compiled("demo", [path], lambda docs: docs)
    assert value == [{"x": 2}]


def test_a_corrupt_compiled_file_or_index_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(cache))
    monkeypatch.setattr(load, "RACY_NS", 0)
    path = _profile(tmp_path, "a.yaml", "model: acme/x\n")
    first, digest = read_compiled("demo", [path], lambda docs: docs)
    index = next(cache.glob("demo.*.index"))
    compiled = cache / f"demo-{digest}.json"
    # the index's own copy changed behind its CRC-32: the JSON file serves, the index is made again
    index.write_bytes(index.read_bytes().replace(b"acme/x", b"evil/x"))
    assert read_compiled("demo", [path], lambda docs: pytest.fail("compiled again")) == (first, digest)
    assert b"acme/x" in index.read_bytes()
    # both changed (valid JSON, but not the file the index vouches for): compiled again from the files
    compiled.write_text(compiled.read_text(encoding="utf-8").replace("acme/x", "evil/x"), encoding="utf-8")
    index.write_bytes(index.read_bytes().replace(b"acme/x", b"evil/x"))
    assert read_compiled("demo", [path], lambda docs: docs) == (first, digest) == ([{"model": "acme/x"}], digest)
    assert "acme/x" in compiled.read_text(encoding="utf-8")
    for garbage in (b"{not json", b'{"format": 2, "files": 3}\n', b"[]\n", b"", b"\n\n"):
        index.write_bytes(garbage)
        assert read_compiled("demo", [path], lambda docs: docs) == (first, digest)
    header, _, payload = index.read_bytes().partition(b"\n")
    index.write_bytes(header + b"\n" + payload[: len(payload) // 2])  # a truncated index
    assert read_compiled("demo", [path], lambda docs: docs) == (first, digest)


def test_a_file_added_to_the_set_is_a_new_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(load, "RACY_NS", 0)
    a = _profile(tmp_path, "a.yaml", "x: 1\n")
    _one, digest = read_compiled("demo", [a], lambda docs: docs)
    both, other = read_compiled("demo", [a, _profile(tmp_path, "b.yaml", "y: 2\n")], lambda docs: docs)
    assert both == [{"x": 1}, {"y": 2}] and other != digest


def test_the_small_sha256_is_hashlibs(tmp_path: Path) -> None:
    for data in (b"", b"MO101\0qwen/qwen2.5-7b\0app.py\0", bytes(range(256)) * 9):
        assert load.sha256_hex(data) == hashlib.sha256(data).hexdigest()


# --- the name patterns' literal prefixes, kept with the compiled rules -------------------------------


@pytest.fixture
def fresh_prefixes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and no prefixes remembered by this process."""
    from scanner import lazyregex

    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(load, "RACY_NS", 0)
    monkeypatch.setattr(lazyregex, "_KNOWN_PREFIXES", {})
    return tmp_path / "cache"


def test_the_rules_cache_carries_every_name_patterns_prefixes(fresh_prefixes: Path, monkeypatch) -> None:
    from scanner import lazyregex
    from scanner.knowledge import Knowledge
    from scanner.lazyregex import NamePattern, literal_prefixes

    rules, _ = load_rules([])
    sources = Knowledge(rules).name_pattern_sources()
    assert len(sources) > 300
    expected = {s: tuple(p.lower() for p in literal_prefixes(s, anchored=True)) for s in sources}
    ends = {s: lazyregex.ends_parts(s) for s, prefixes in expected.items() if not prefixes}
    assert len(ends) >= 5  # the vocabulary's patterns without literal prefixes
    monkeypatch.setattr(lazyregex, "_KNOWN_PREFIXES", {})
    load_rules([])  # a later run: from the index, the prefixes with the rules
    monkeypatch.setattr(lazyregex, "literal_prefixes", lambda *a, **k: pytest.fail("worked out again"))
    monkeypatch.setattr(lazyregex, "branch_ends", lambda *a, **k: pytest.fail("worked out again"))
    for source, prefixes in expected.items():
        assert NamePattern(source, anchored=True).prefixes == prefixes
        assert NamePattern(source, anchored=False).prefixes == (prefixes if source.startswith("^") else ())
    for source, parts in ends.items():
        assert [e.parts() for e in lazyregex.known_ends(source)] == parts


def test_another_prefix_algorithm_reads_none_of_the_old_ones_prefixes(fresh_prefixes: Path, monkeypatch) -> None:
    from scanner import lazyregex

    load_rules([])
    before = set(fresh_prefixes.glob("rules-*"))
    current = lazyregex.prefix_algorithm()
    with monkeypatch.context() as edit:  # an edit of the algorithm changes its fingerprint
        edit.setattr(lazyregex, "_plain_prefix", lambda pattern: pattern[:1])
        edited = lazyregex.prefix_algorithm()
    assert edited != current == lazyregex.prefix_algorithm()
    monkeypatch.setattr(load, "prefix_algorithm", lambda: edited)
    compiled: list[int] = []
    real = load._compile_bundled
    monkeypatch.setattr(load, "_compile_bundled", lambda docs: compiled.append(1) or real(docs))
    load_rules([])
    assert compiled == [1]  # compiled again, into files of their own
    after = set(fresh_prefixes.glob("rules-*"))
    assert before < after and all(edited in p.name for p in after - before)


def test_a_corrupt_prefix_table_is_not_trusted(fresh_prefixes: Path, monkeypatch) -> None:
    from scanner import lazyregex
    from scanner.knowledge import Knowledge
    from scanner.lazyregex import NamePattern, literal_prefixes

    rules, _ = load_rules([])
    source = rules["models"][0]["name"]
    right = tuple(p.lower() for p in literal_prefixes(source, anchored=True))
    (prefix,) = right
    index = next(fresh_prefixes.glob("rules-*.index"))
    # the index's payload changed behind its CRC-32: the rules and prefixes come from the JSON file instead
    raw = index.read_bytes()
    assert prefix.encode() in raw
    index.write_bytes(raw.replace(prefix.encode(), b"x" * len(prefix)))
    monkeypatch.setattr(lazyregex, "_KNOWN_PREFIXES", {})
    assert load_rules([])[0] == rules
    assert NamePattern(source, anchored=True).prefixes == right
    # entries that are not lists of text (a cache edited by hand) are worked out again, not used
    for garbage in (prefix, [1, 2], None, {prefix: 1}, {"prefixes": [1]}, {"prefixes": prefix}):
        monkeypatch.setitem(lazyregex._KNOWN_PREFIXES, source, garbage)
        assert NamePattern(source, anchored=True).prefixes == right
    placeholders = Knowledge(rules).vocabulary_pattern("placeholders")
    right_ends = lazyregex.ends_parts(placeholders)
    for garbage in ({"prefixes": [], "ends": [[["a"], ["b"]]]}, {"prefixes": [], "ends": [[["a"], [1], []]]}, {}):
        monkeypatch.setitem(lazyregex._KNOWN_PREFIXES, placeholders, garbage)
        assert [e.parts() for e in lazyregex.known_ends(placeholders)] == right_ends
