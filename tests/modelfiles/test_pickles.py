"""Pickle-based weights: globals listed with pickletools only. The malicious fixtures carry a canary
(a file that unpickling them would create); every test that reads one asserts the canary is absent."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from scanner.modelfiles import read_weights, sniff_format
from scanner.modelfiles.pickles import PartialPickleError, container_of, read_pickle_file
from tests.modelfiles.builders import benign_torch_pickle, evil_pickle, legacy_torch, torch_zip


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    path = tmp_path / "CANARY-unpickled"
    yield path
    assert not path.exists(), "a pickle was executed"


@pytest.mark.parametrize("protocol", [0, 1, 2, 3, 4, 5])
def test_os_system_in_any_protocol_is_dangerous(tmp_path: Path, canary: Path, protocol: int) -> None:
    path = tmp_path / "model.pkl"
    path.write_bytes(evil_pickle(canary, protocol))
    meta = read_pickle_file(path, container_of(path.read_bytes()[:8], ".pkl") or "pickle")
    assert meta is not None
    assert any(g in ("posix.system", "nt.system") for g in meta["dangerous"]), meta
    assert meta["dangerous"] == [g for g in meta["globals"] if g.endswith(".system")]


@pytest.mark.parametrize("protocol", [2, 4])
def test_builtins_exec_is_dangerous(tmp_path: Path, canary: Path, protocol: int) -> None:
    path = tmp_path / "model.pt"
    path.write_bytes(evil_pickle(canary, protocol, how="exec"))
    meta = read_pickle_file(path, "pickle")
    assert meta is not None
    assert meta["dangerous"] == ["__builtin__.exec" if protocol < 3 else "builtins.exec"]  # py2 name below 3


def test_zip_packed_torch_is_read_member_by_member_without_extracting(tmp_path: Path, canary: Path) -> None:
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(
        torch_zip(
            {
                "archive/data.pkl": evil_pickle(canary, 2),
                "archive/version": b"3\n",
                "archive/data/0": b"\0" * 64,
                "archive/.data/serialization_id": b"1234",
            }
        )
    )
    before = set(tmp_path.iterdir())
    assert sniff_format(path) == "torch-zip"
    meta = read_weights(path, "torch-zip")
    assert set(tmp_path.iterdir()) == before  # nothing extracted
    assert meta["pickle"]["members"] == ["archive/data.pkl"]
    assert meta["pickle"]["container"] == "zip"
    assert "posix.system" in meta["pickle"]["dangerous"] or "nt.system" in meta["pickle"]["dangerous"]


def test_benign_torch_state_dict_lists_torch_globals_only(tmp_path: Path) -> None:
    path = tmp_path / "model.pt"
    path.write_bytes(torch_zip({"model/data.pkl": benign_torch_pickle(), "model/version": b"3\n"}))
    meta = read_weights(path, "torch-zip")
    assert meta["error"] is None
    assert meta["pickle"]["globals"] == [
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch.FloatStorage",
    ]
    assert meta["pickle"]["dangerous"] == []


def test_legacy_torch_file_walks_every_leading_pickle(tmp_path: Path, canary: Path) -> None:
    path = tmp_path / "old.pth"
    path.write_bytes(legacy_torch(evil_pickle(canary, 2)))
    meta = read_weights(path, "pickle")
    assert meta["error"] is None
    assert meta["pickle"]["pickles"] == 5
    assert meta["pickle"]["dangerous"]


def test_stack_global_with_computed_operands_is_flagged(tmp_path: Path) -> None:
    # PROTO 4, 'os' 'sys' + concatenation is impossible in pickle, but operands can come from a
    # REDUCE result: push str.join applied to pieces, then STACK_GLOBAL on it.
    data = (
        b"\x80\x04"
        b"\x8c\x08builtins\x8c\x03str\x93"  # builtins.str (resolvable)
        b"\x8c\x02os\x85R"  # str(('os',)) -> a computed string
        b"\x8c\x06system"
        b"\x93"  # STACK_GLOBAL(<computed>, 'system')
        b"."
    )
    path = tmp_path / "x.pkl"
    path.write_bytes(data)
    meta = read_pickle_file(path, "pickle")
    assert meta is not None
    assert "<STACK_GLOBAL with computed operands>" in meta["dangerous"]


def test_memoized_operands_are_resolved(tmp_path: Path) -> None:
    # protocol 4 memoizes strings and refers back to them with BINGET
    data = pickle.dumps([pickle.PickleBuffer, pickle.PickleBuffer, OrderedLike], protocol=4)
    path = tmp_path / "m.pkl"
    path.write_bytes(data)
    meta = read_pickle_file(path, "pickle")
    assert meta is not None
    assert "pickle.PickleBuffer" in meta["globals"]
    assert any(g.endswith("OrderedLike") for g in meta["globals"])


class OrderedLike:
    pass


def test_malformed_pickle_keeps_what_was_read(tmp_path: Path, canary: Path) -> None:
    good = evil_pickle(canary, 2)
    path = tmp_path / "broken.pkl"
    path.write_bytes(good[: good.index(b"system") + 8] + b"\xff\xfe")  # cut after the global, then junk
    with pytest.raises(PartialPickleError) as info:
        read_pickle_file(path, "pickle")
    assert info.value.meta["dangerous"]
    meta = read_weights(path, "pickle")
    assert meta["error"] and "malformed pickle" in meta["error"]
    assert meta["pickle"]["dangerous"]


def test_a_zip_without_pickles_is_not_torch_weights(tmp_path: Path) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes(torch_zip({"readme.txt": b"hello"}))
    assert read_pickle_file(path, "zip") is None


def test_zip_bomb_member_is_refused(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02" + b"N" * 50_000_000 + b".")
    path = tmp_path / "bomb.pt"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 200_000
    with pytest.raises(PartialPickleError, match="zip bomb"):
        read_pickle_file(path, "zip")


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("pytorch_model.bin", b"\x80\x02\x8a\x0al\xfc\x9cF\xf9", "pickle"),
        ("pytorch_model.bin", b"PK\x03\x04\x00\x00", "torch-zip"),
        ("tokenizer.bin", b"\x0a\x0b\x0c random bytes", None),  # a .bin that is not a pickle
        ("model.pkl", b"(dp0\nS'a'\n", "pickle"),  # protocol 0
        ("model.ckpt", b"(dp0\n", None),  # protocol 0 is not what torch writes
        ("model.safetensors", b"\x10\x00\x00\x00\x00\x00\x00\x00{", "safetensors"),
        ("blob", b"GGUF\x03\x00\x00\x00", "gguf"),  # an Ollama blob: no suffix, GGUF magic
        ("README", b"# hello", None),
        ("model.safetensors", b"version https://git-lfs.github.com/spec/v1\noid sha256:ab", "lfs-pointer"),
    ],
)
def test_sniffing(tmp_path: Path, name: str, head: bytes, expected: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(head + b"\0" * 8)
    assert sniff_format(path) == expected
