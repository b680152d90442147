"""Hostile and broken inputs (issue #12): a weight file's header costs bounded work, whatever it declares."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

from scanner.modelfiles.errors import ModelFileError
from scanner.modelfiles.gguf import read_gguf


def _gguf(path: Path, body: bytes, size: int, *, tensors: int = 0, kvs: int) -> None:
    with path.open("wb") as handle:
        handle.write(b"GGUF" + struct.pack("<IQQ", 3, tensors, kvs) + body)
        handle.truncate(size)  # sparse: the declared counts fit in the bytes that are (nominally) there


def _string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def test_a_plausible_key_value_count_in_a_large_sparse_file_is_refused_quickly(tmp_path) -> None:
    path = tmp_path / "big.gguf"
    _gguf(path, b"", 2 * 1024**3, kvs=150_000_000)  # zero bytes parse as empty keys with uint8 values
    started = time.monotonic()
    with pytest.raises(ModelFileError, match="not read further"):
        read_gguf(path)
    assert time.monotonic() - started < 5


def test_a_string_array_of_hundreds_of_millions_of_entries_is_refused_at_once(tmp_path) -> None:
    path = tmp_path / "vocab.gguf"
    body = _string("tokenizer.ggml.tokens") + struct.pack("<I", 9) + struct.pack("<IQ", 8, 268_000_000)
    _gguf(path, body, 3 * 1024**3, kvs=1)
    started = time.monotonic()
    with pytest.raises(ModelFileError, match="not read further"):
        read_gguf(path)
    assert time.monotonic() - started < 1


def test_a_real_sized_vocabulary_is_still_read(tmp_path) -> None:
    tokens = b"".join(_string(f"t{i}") for i in range(200_000))
    body = (
        _string("general.architecture") + struct.pack("<I", 8) + _string("qwen2")
        + _string("tokenizer.ggml.tokens") + struct.pack("<I", 9) + struct.pack("<IQ", 8, 200_000) + tokens
    )  # fmt: skip
    path = tmp_path / "ok.gguf"
    _gguf(path, body, len(body) + 24, kvs=2)
    assert read_gguf(path).metadata["general.architecture"] == "qwen2"


def test_a_torch_zip_with_a_member_name_that_is_not_utf8_is_a_parse_problem(run, tmp_path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
        archive.writestr("archive/version", b"3\n")
    data = bytearray(buffer.getvalue().replace(b"archive/version", b"archive/versi\xff\xfe"))
    for signature, flags_at in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):  # claim the names are UTF-8
        at = data.find(signature)
        while at >= 0:
            struct.pack_into("<H", data, at + flags_at, struct.unpack_from("<H", data, at + flags_at)[0] | 0x800)
            at = data.find(signature, at + 4)
    (tmp_path / "model.pt").write_bytes(bytes(data))
    for args in (["scan", str(tmp_path)], ["explain", str(tmp_path / "model.pt")]):
        result = run(*args)
        assert "internal error" not in result.output.lower() and "header not read" in result.output, result.output
