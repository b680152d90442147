"""safetensors: the JSON header and its `__metadata__`, never the tensors.

Layout (huggingface/safetensors README): 8 bytes N (uint64, little-endian), N bytes of UTF-8 JSON
starting with '{' (may be padded with spaces), then the tensor data. Every tensor entry has dtype,
shape and data_offsets [begin, end) relative to the data section; `__metadata__` is a string to string
map. N is checked against the file's real size and a cap before anything is read; duplicate keys and
offsets outside the data section are errors (parsers that disagree on them have been exploited).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scanner.modelfiles.errors import ModelFileError

MAX_HEADER = 100 * 1024 * 1024  # the format's own limit


def read_safetensors(path: Path) -> dict[str, Any]:
    """{"metadata": {...}, "tensors": n, "parameters": n, "dtypes": {dtype: n}}; ModelFileError when bad."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
            if len(head) < 8:
                raise ModelFileError(f"safetensors header truncated: the file has {size} bytes, the length needs 8")
            length = int.from_bytes(head, "little")
            if length > size - 8:
                raise ModelFileError(
                    f"safetensors header length {length:,} is larger than the {size - 8:,} bytes after it"
                )
            if length > MAX_HEADER:
                raise ModelFileError(f"safetensors header length {length:,} exceeds the format's limit {MAX_HEADER:,}")
            if length < 2:
                raise ModelFileError(f"safetensors header length {length} is too small for a JSON object")
            raw = f.read(length)
    except OSError as exc:
        raise ModelFileError(f"cannot read: {exc.strerror or exc}") from None
    return parse_header(raw, data_size=size - 8 - length)


def parse_header(raw: bytes, data_size: int) -> dict[str, Any]:
    if not raw.lstrip(b" ").startswith(b"{"):
        raise ModelFileError("safetensors header does not start with '{'")
    try:
        header = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except UnicodeDecodeError:
        raise ModelFileError("safetensors header is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ModelFileError(f"safetensors header is not valid JSON: {exc.msg} at byte {exc.pos + 8}") from None
    except RecursionError:
        raise ModelFileError("safetensors header is nested too deeply") from None
    if not isinstance(header, dict):
        raise ModelFileError("safetensors header is not a JSON object")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
    ):
        raise ModelFileError("safetensors __metadata__ must map strings to strings")
    parameters = 0
    dtypes: dict[str, int] = {}
    for name, info in header.items():
        if not isinstance(info, dict) or not {"dtype", "shape", "data_offsets"} <= set(info):
            raise ModelFileError(f"safetensors tensor '{name}' lacks dtype, shape or data_offsets")
        shape, offsets = info["shape"], info["data_offsets"]
        if not (isinstance(shape, list) and all(isinstance(d, int) and d >= 0 for d in shape)):
            raise ModelFileError(f"safetensors tensor '{name}' has an invalid shape {shape!r}")
        if not (
            isinstance(offsets, list)
            and len(offsets) == 2
            and all(isinstance(o, int) for o in offsets)
            and 0 <= offsets[0] <= offsets[1] <= data_size
        ):
            raise ModelFileError(
                f"safetensors tensor '{name}' has data_offsets {offsets!r} outside the {data_size:,}-byte data section"
            )
        count = 1
        for d in shape:
            count *= d
        parameters += count
        dtypes[str(info["dtype"])] = dtypes.get(str(info["dtype"]), 0) + 1
    return {"metadata": dict(metadata), "tensors": len(header), "parameters": parameters, "dtypes": dtypes}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ModelFileError(f"safetensors header has the key '{key}' twice")
        out[key] = value
    return out
