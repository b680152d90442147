"""The GGUF header reader: real files from the gguf writer, hostile headers, random corruption."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest

from scanner.modelfiles.errors import ModelFileError
from scanner.modelfiles.gguf import parse_gguf, read_gguf
from tests.modelfiles.builders import hostile_gguf, write_gguf

GENERAL = {
    "general.name": "Qwen2.5 7B Instruct — 中文",
    "general.license": "apache-2.0",
    "general.license.link": "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE",
    "general.organization": "Qwen",
    "general.finetune": "Instruct",
    "general.quantized_by": "bartowski",
    "general.base_model.0.name": "Qwen2.5 7B",
    "general.base_model.0.organization": "Qwen",
    "general.base_model.0.repo_url": "https://huggingface.co/Qwen/Qwen2.5-7B",
}


def test_reads_general_keys_and_walks_past_the_vocabulary(tmp_path: Path) -> None:
    path = write_gguf(
        tmp_path / "m.gguf",
        strings=GENERAL,
        ints={"general.base_model.count": 1},
        arrays={"general.tags": ["text-generation", "chat"]},
        tokens=20000,
    )
    header = read_gguf(path)
    assert header.version == 3
    assert header.tensor_count == 1
    for key, value in GENERAL.items():
        assert header.metadata[key] == value
    assert header.metadata["general.base_model.count"] == 1
    assert header.metadata["general.tags"] == ["text-generation", "chat"]
    assert header.metadata["general.architecture"] == "llama"
    assert not any(k.startswith("tokenizer.") for k in header.metadata)  # walked, not kept


def test_agrees_with_the_gguf_package_reader(tmp_path: Path) -> None:
    import gguf

    path = write_gguf(tmp_path / "m.gguf", strings=GENERAL, ints={"general.base_model.count": 1})
    reader = gguf.GGUFReader(str(path))
    theirs = {k: f.contents() for k, f in reader.fields.items() if k.startswith("general.")}
    assert read_gguf(path).metadata == theirs
    assert read_gguf(path).kv_count == len(reader.fields) - 3  # the reader adds GGUF.version/tensor/kv counts


def test_big_endian_files_are_read(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "be.gguf", strings={"general.name": "big"}, big_endian=True, tensor=False)
    header = read_gguf(path)
    assert header.big_endian
    assert header.metadata["general.name"] == "big"


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("kv-count", "metadata entries"),
        ("tensor-count", "tensors"),
        ("string-length", "bytes"),
        ("key-length", "limit"),
        ("array-count", "cannot fit"),
        ("scalar-array-count", "more than"),
        ("nested", "nested"),
        ("value-type", "unknown value type"),
        ("magic", "not a GGUF file"),
        ("version", "unsupported GGUF version 99"),
        ("truncated", "truncated"),
    ],
)
def test_hostile_headers_are_errors_without_big_allocations(tmp_path: Path, kind: str, words: str) -> None:
    path = tmp_path / f"{kind}.gguf"
    path.write_bytes(hostile_gguf(kind))
    tracemalloc.start()
    try:
        with pytest.raises(ModelFileError, match=words):
            read_gguf(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"{kind}: peak allocation {peak:,} bytes"


def test_random_corruption_only_ever_raises_model_file_error(tmp_path: Path) -> None:
    good = write_gguf(tmp_path / "m.gguf", strings=GENERAL, tokens=50).read_bytes()
    rng = random.Random(5)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(400):
        data = bytearray(good[: rng.randrange(8, len(good))] if rng.random() < 0.3 else good)
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(8, min(len(data), 400))
            data[at] = rng.randrange(256)
        try:
            parse_gguf(bytes(data))
            outcomes["ok"] += 1
        except ModelFileError:
            outcomes["error"] += 1
    assert outcomes["error"] > 0 and outcomes["ok"] > 0


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.gguf"
    empty.write_bytes(b"")
    with pytest.raises(ModelFileError, match="truncated"):
        read_gguf(empty)
    with pytest.raises(ModelFileError, match="cannot read"):
        read_gguf(tmp_path / "missing.gguf")
