"""Fixture builders for model files: GGUF through the real `gguf` writer (and gguf-py's own metadata
heuristics, as llama.cpp's convert script uses them), hand-made hostile headers, crafted pickles and
zip-packed torch archives. Nothing here is ever loaded."""

from __future__ import annotations

import io
import pickle
import struct
import zipfile
from pathlib import Path
from typing import Any

# --- GGUF -------------------------------------------------------------------------------------------


def write_gguf(
    path: Path,
    *,
    arch: str = "llama",
    strings: dict[str, str] | None = None,
    ints: dict[str, int] | None = None,
    arrays: dict[str, list[Any]] | None = None,
    tokens: int = 2000,
    big_endian: bool = False,
    tensor: bool = True,
) -> Path:
    import gguf
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    endian = gguf.GGUFEndian.BIG if big_endian else gguf.GGUFEndian.LITTLE
    writer = gguf.GGUFWriter(str(path), arch=arch, endianess=endian)
    for key, value in (strings or {}).items():
        writer.add_string(key, value)
    for key, number in (ints or {}).items():
        writer.add_uint32(key, number)
    for key, items in (arrays or {}).items():
        writer.add_array(key, items)
    if tokens:  # a vocabulary to walk past, as in every real model file
        writer.add_array("tokenizer.ggml.tokens", [f"tok{i}\u2581é" for i in range(tokens)])
        writer.add_array("tokenizer.ggml.scores", [float(i) for i in range(tokens)])
    if tensor:
        writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def convert_like_llama_cpp(
    path: Path, model_dir: Path, card: str, config: dict[str, Any], params: int, **extra: str
) -> Path:
    """A GGUF whose general.* keys come from gguf-py's Metadata.load over a model folder (card + config),
    exactly what convert_hf_to_gguf.py writes; extra sets further keys (quantized_by, ...)."""
    import json

    import gguf
    import numpy as np

    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "README.md").write_text(card, encoding="utf-8")
    (model_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    metadata = gguf.Metadata.load(None, model_dir, None, params)
    for key, value in extra.items():
        setattr(metadata, key, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(path), arch="llama")
    metadata.set_gguf_meta_model(writer)
    writer.add_array("tokenizer.ggml.tokens", [f"t{i}" for i in range(500)])
    writer.add_tensor("output.weight", np.zeros((2, 2), dtype=np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def gguf_string(text: str | bytes, length: int | None = None) -> bytes:
    data = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(data) if length is None else length) + data


def hostile_gguf(kind: str) -> bytes:
    """Hand-made headers that lie about their sizes."""
    head = b"GGUF" + struct.pack("<I", 3)
    if kind == "kv-count":  # 2^60 metadata entries in a 40-byte file
        return head + struct.pack("<QQ", 0, 2**60) + b"\0" * 16
    if kind == "tensor-count":
        return head + struct.pack("<QQ", 2**40, 0) + b"\0" * 16
    if kind == "string-length":  # general.name claims 2^62 bytes
        return (
            head
            + struct.pack("<QQ", 0, 1)
            + gguf_string("general.name")
            + struct.pack("<I", 8)
            + gguf_string(b"x" * 10, 2**62)
        )
    if kind == "key-length":
        return head + struct.pack("<QQ", 0, 1) + struct.pack("<Q", 2**33) + b"general"
    if kind == "array-count":  # tokens: 2^50 strings
        return (
            head
            + struct.pack("<QQ", 0, 1)
            + gguf_string("tokenizer.ggml.tokens")
            + struct.pack("<IIQ", 9, 8, 2**50)
            + gguf_string("a")
        )
    if kind == "scalar-array-count":
        return head + struct.pack("<QQ", 0, 1) + gguf_string("general.tags") + struct.pack("<IIQ", 9, 4, 2**61)
    if kind == "nested":  # arrays nested 64 deep
        body = struct.pack("<QQ", 0, 1) + gguf_string("general.deep")
        body += struct.pack("<I", 9) + struct.pack("<IQ", 9, 1) * 64 + struct.pack("<IQ", 0, 0)
        return head + body
    if kind == "value-type":
        return head + struct.pack("<QQ", 0, 1) + gguf_string("general.name") + struct.pack("<I", 77) + b"\0" * 8
    if kind == "magic":
        return b"GGUX" + struct.pack("<IQQ", 3, 0, 0)
    if kind == "version":
        return b"GGUF" + struct.pack("<IQQ", 99, 0, 0)
    if kind == "truncated":
        return b"GGUF\x03\x00"
    raise ValueError(kind)


# --- safetensors ------------------------------------------------------------------------------------


def write_safetensors(path: Path, metadata: dict[str, str] | None = None) -> Path:
    import numpy as np
    from safetensors.numpy import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(
        {"model.embed.weight": np.zeros((3, 4), dtype=np.float16), "lm_head.weight": np.ones((2,), dtype=np.float32)},
        str(path),
        metadata=metadata,
    )
    return path


def raw_safetensors(header: bytes, data: bytes = b"", length: int | None = None) -> bytes:
    return struct.pack("<Q", len(header) if length is None else length) + header + data


# --- pickles ----------------------------------------------------------------------------------------


class Canary:
    """Unpickling this would create the canary file through posix.system (os.system)."""

    def __init__(self, canary: Path) -> None:
        self.canary = canary

    def __reduce__(self) -> tuple[Any, ...]:
        import os

        return (os.system, (f"touch {self.canary}",))


class ExecCanary:
    """Unpickling this would create the canary file through builtins.exec."""

    def __init__(self, canary: Path) -> None:
        self.canary = canary

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (f"open({str(self.canary)!r}, 'w').write('ran')",))


def evil_pickle(canary: Path, protocol: int, how: str = "system") -> bytes:
    payload = Canary(canary) if how == "system" else ExecCanary(canary)
    return pickle.dumps({"state_dict": {"w": [1.0, 2.0]}, "extra": payload}, protocol=protocol)


def benign_torch_pickle() -> bytes:
    """What torch.save writes for a state dict, without torch: OrderedDict of tensors rebuilt by
    torch._utils._rebuild_tensor_v2 from persistent storage ids. Stand-in modules named like torch's
    exist only while pickling, so the GLOBAL opcodes carry the real names."""
    import collections
    import sys
    import types

    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")

    class FloatStorage:
        pass

    def _rebuild_tensor_v2(*args: Any) -> None:
        return None

    FloatStorage.__module__, FloatStorage.__qualname__ = "torch", "FloatStorage"
    _rebuild_tensor_v2.__module__, _rebuild_tensor_v2.__qualname__ = "torch._utils", "_rebuild_tensor_v2"
    torch.FloatStorage = FloatStorage  # type: ignore[attr-defined]
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2  # type: ignore[attr-defined]

    class Tensor:
        def __init__(self, key: str) -> None:
            self.key = key

        def __reduce__(self) -> tuple[Any, ...]:
            return (_rebuild_tensor_v2, (("storage", FloatStorage, self.key, "cpu", 4), 0, (4,), (1,), False))

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj: Any) -> Any:
            if isinstance(obj, tuple) and obj and obj[0] == "storage":
                return obj
            return None

    saved = {name: sys.modules.get(name) for name in ("torch", "torch._utils")}
    sys.modules["torch"], sys.modules["torch._utils"] = torch, utils
    try:
        buffer = io.BytesIO()
        state = collections.OrderedDict([("layer.weight", Tensor("0")), ("layer.bias", Tensor("1"))])
        Pickler(buffer, protocol=2).dump(state)
        return buffer.getvalue()
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def torch_zip(members: dict[str, bytes]) -> bytes:
    """A zip laid out like torch.save (>= 1.6): archive/data.pkl, archive/version, archive/data/0 ..."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def legacy_torch(model_pickle: bytes) -> bytes:
    """The pre-1.6 torch.save layout: magic number, protocol, sys info, the model, storage keys, raw data."""
    magic = pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2)
    version = pickle.dumps(1001, protocol=2)
    sys_info = pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2)
    keys = pickle.dumps(["0"], protocol=2)
    return magic + version + sys_info + model_pickle + keys + b"\x00\x01\x02\x03" * 16
