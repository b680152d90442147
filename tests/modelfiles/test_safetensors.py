"""The safetensors header reader: real files from the safetensors writer, and headers that lie."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.modelfiles.errors import ModelFileError
from scanner.modelfiles.safetensors import read_safetensors
from tests.modelfiles.builders import raw_safetensors, write_safetensors


def test_metadata_tensors_and_parameters(tmp_path: Path) -> None:
    path = write_safetensors(tmp_path / "model.safetensors", {"format": "pt", "license": "apache-2.0"})
    header = read_safetensors(path)
    assert header["metadata"] == {"format": "pt", "license": "apache-2.0"}
    assert header["tensors"] == 2
    assert header["parameters"] == 3 * 4 + 2
    assert header["dtypes"] == {"F16": 1, "F32": 1}


def test_agrees_with_huggingface_hub_parser(tmp_path: Path) -> None:
    from huggingface_hub import parse_local_safetensors_file_metadata

    path = write_safetensors(tmp_path / "model.safetensors", {"format": "pt", "modelspec.license": "mit"})
    theirs = parse_local_safetensors_file_metadata(path)
    ours = read_safetensors(path)
    assert ours["metadata"] == theirs.metadata
    assert ours["tensors"] == len(theirs.tensors)
    assert ours["parameters"] == sum(theirs.parameter_count.values())


def test_header_padded_with_spaces_is_fine(tmp_path: Path) -> None:
    header = json.dumps({"__metadata__": {"format": "pt"}, "w": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}})
    path = tmp_path / "padded.safetensors"
    path.write_bytes(raw_safetensors((header + "    ").encode(), b"\0" * 4))
    assert read_safetensors(path)["metadata"] == {"format": "pt"}


TENSOR = {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (raw_safetensors(b"{}", length=2**63), "larger than"),
        (raw_safetensors(b"{}", length=1), "too small"),
        (b"\x05\x00\x00", "truncated"),
        (raw_safetensors(b"[1, 2, 3]"), "does not start with"),
        (raw_safetensors(b"{not json}"), "not valid JSON"),
        (raw_safetensors(b'{"a": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}, "a": {}}', b"\0\0"), "twice"),
        (raw_safetensors(json.dumps({"w": {**TENSOR, "data_offsets": [0, 2**40]}}).encode(), b"\0" * 4), "outside"),
        (raw_safetensors(json.dumps({"w": {**TENSOR, "data_offsets": [4, 0]}}).encode(), b"\0" * 4), "outside"),
        (raw_safetensors(json.dumps({"w": {**TENSOR, "shape": [-1]}}).encode(), b"\0" * 4), "invalid shape"),
        (raw_safetensors(json.dumps({"w": {"dtype": "F16"}}).encode()), "lacks"),
        (raw_safetensors(json.dumps({"__metadata__": {"n": 1}}).encode()), "strings to strings"),
        (raw_safetensors(b'{"__metadata__": {"x": "\xff\xfe"}}'), "not UTF-8"),
    ],
    ids=[
        "length-2^63",
        "length-1",
        "short",
        "array",
        "garbage",
        "duplicate-key",
        "offset-past-end",
        "offsets-reversed",
        "negative-shape",
        "missing-fields",
        "metadata-not-strings",
        "not-utf8",
    ],
)
def test_bad_headers_are_errors(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "bad.safetensors"
    path.write_bytes(data)
    with pytest.raises(ModelFileError, match=words):
        read_safetensors(path)
