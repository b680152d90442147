"""Hostile and broken inputs (issue #12): a large weight file with a finding is never read whole."""

from __future__ import annotations

import json
import struct
import tracemalloc
from pathlib import Path

from scanner.pipeline import ScanOptions, scan


def _sparse_safetensors(path: Path, size: int) -> None:
    header = json.dumps({"__metadata__": {"format": "pt"}, "w": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}})
    with path.open("wb") as handle:
        handle.write(struct.pack("<Q", len(header)) + header.encode() + b"\0\0")
        handle.truncate(size)  # sparse: no disk, but a reader that reads it whole pays for every byte


def test_a_300_mb_weight_file_with_findings_is_not_read_for_suppressions(tmp_path) -> None:
    _sparse_safetensors(tmp_path / "model.safetensors", 300 * 1024 * 1024)
    tracemalloc.start()
    try:
        report = scan(ScanOptions(paths=[tmp_path], progress=False, jobs=1))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.findings  # the file has findings: suppression handling ran over it
    assert peak < 50 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"


def test_suppression_comments_are_read_from_text_files_only(tmp_path) -> None:
    from scanner.evaluate.suppress import MAX_COMMENT_FILE, _comment_text

    text = tmp_path / "app.py"
    text.write_text("m = 1  # modelorigin: ignore[MO401] reviewed\n", encoding="utf-8")
    assert _comment_text(text) is not None
    binary = tmp_path / "weights.dat"
    binary.write_bytes(b"# modelorigin: ignore[MO401] x\n\0\0\0")
    assert _comment_text(binary) is None
    huge = tmp_path / "big.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_COMMENT_FILE + 10)
    assert _comment_text(huge) is None


def test_a_megabyte_string_literal_costs_the_tokenizer_no_memory_per_character() -> None:
    """A bundle's 1 MB template literal held 120 MB in the regex engine's backtracking stack
    ((?:[^`\\]|\\.)* pushes an entry per character); the unrolled form holds none."""
    import tracemalloc

    from scanner.extract import extract_file
    from scanner.knowledge.index import Knowledge
    from scanner.knowledge.load import load_rules
    from scanner.pipeline import build_recognizer

    recognizer = build_recognizer(Knowledge(load_rules([])[0]))
    body = "x" * 500_000 + "\\`" + "y" * 500_000
    text = f'const t = `{body}`;\nconst m = {{ model: "Qwen/Qwen3-8B" }};\n'
    tracemalloc.start()
    try:
        result = extract_file(text.encode(), "bundle.js", recognizer)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.id for r in result.references] == ["Qwen/Qwen3-8B"]
    assert peak < 30_000_000, peak
