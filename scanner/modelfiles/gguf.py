"""GGUF: the metadata key/value section, read without touching tensors.

Layout (ggml docs/gguf.md): magic b"GGUF", uint32 version, then tensor count and key/value count
(uint64 from version 2, uint32 in version 1), then key/value pairs: a string key, a uint32 value type,
the value. Strings are a length (uint64; uint32 in version 1) and UTF-8 bytes; arrays are a uint32
element type, a count and the elements (arrays may nest).

Every length and count is checked against the bytes that are really left in the file before it is
used, so a hostile header (huge counts, a string longer than the file) is a `ModelFileError`, never
a huge allocation or a crash. Only the `general.*` keys are kept; everything else (tokenizer
vocabularies of 150k strings) is walked past without being decoded.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.modelfiles.errors import ModelFileError

MAGIC = b"GGUF"
MAX_KEY_LENGTH = 65_535  # the spec caps keys at 2^16 - 1 bytes
MAX_NESTING = 4
MAX_KEPT_STRING = 64 * 1024  # longer kept values are cut (descriptions); they are still walked exactly
MAX_KEPT_ITEMS = 1024  # items kept of a general.* array (tags, languages)
# Work per file, whatever the header declares: a real header (a 260k-token vocabulary and its merges) walks
# under a million entries and ends within tens of megabytes; a sparse file that declares a hundred million
# key/values or strings would keep the parser busy for minutes.
MAX_WORK = 4_000_000  # key/value pairs and array elements walked
MAX_KV = 65_536  # key/value pairs (real headers have tens)
MAX_HEADER_BYTES = 256 * 1024 * 1024  # where the metadata section must have ended

# value type -> (struct code, size); 8 = string, 9 = array
_SCALARS: dict[int, tuple[str, int]] = {
    0: ("B", 1),
    1: ("b", 1),
    2: ("H", 2),
    3: ("h", 2),
    4: ("I", 4),
    5: ("i", 4),
    6: ("f", 4),
    7: ("?", 1),
    10: ("Q", 8),
    11: ("q", 8),
    12: ("d", 8),
}
STRING, ARRAY = 8, 9
_MIN_TENSOR_INFO = 8 + 1 + 4 + 8 + 4 + 8  # name length + 1 byte, n_dims, one dim, type, offset
_MIN_KV = 8 + 4 + 1  # key length (empty key), value type, a one-byte value


@dataclass(frozen=True, slots=True)
class GGUFHeader:
    version: int
    tensor_count: int
    kv_count: int
    metadata: dict[str, Any]  # the general.* keys, decoded
    big_endian: bool = False


def read_gguf(path: Path) -> GGUFHeader:
    """The header of a GGUF file. Raises ModelFileError for anything malformed or hostile."""
    try:
        with path.open("rb") as f:
            size = path.stat().st_size
            if size < 24:
                raise ModelFileError(f"GGUF header truncated: the file has {size} bytes, a header needs 24")
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as view:
                return parse_gguf(view)
    except OSError as exc:
        raise ModelFileError(f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # mmap of an empty or special file
        raise ModelFileError(f"cannot map the file: {exc}") from None


def parse_gguf(data: bytes | mmap.mmap) -> GGUFHeader:
    return _Parser(data).header()


class _Parser:
    def __init__(self, data: bytes | mmap.mmap) -> None:
        self.data = data
        self.size = len(data)
        self.pos = 0
        self.order = "<"
        self.wide = True  # 64-bit lengths and counts (version >= 2)
        self.work = 0  # entries walked so far (see MAX_WORK)

    def _spend(self, n: int, what: str) -> None:
        """Count n more entries walked; past the budget, or past MAX_HEADER_BYTES, the header is refused."""
        self.work += n
        if self.work > MAX_WORK:
            raise ModelFileError(f"GGUF header walks more than {MAX_WORK:,} entries ({what}): not read further")
        if self.pos > MAX_HEADER_BYTES:
            raise ModelFileError(f"GGUF metadata runs past {MAX_HEADER_BYTES:,} bytes ({what}): not read further")

    # --- primitives ---------------------------------------------------------------------------
    def _need(self, n: int, what: str) -> None:
        if n < 0 or self.pos + n > self.size:
            raise ModelFileError(
                f"GGUF {what} at offset {self.pos} needs {n:,} bytes but only {self.size - self.pos:,} remain"
            )

    def _unpack(self, code: str, n: int, what: str) -> Any:
        self._need(n, what)
        (value,) = struct.unpack_from(self.order + code, self.data, self.pos)
        self.pos += n
        return value

    def _length(self, what: str) -> int:
        return int(self._unpack("Q", 8, what) if self.wide else self._unpack("I", 4, what))

    def _string(self, what: str, keep: bool, limit: int | None = None) -> str | None:
        length = self._length(f"{what} length")
        if limit is not None and length > limit:
            raise ModelFileError(f"GGUF {what} at offset {self.pos} is {length:,} bytes long (limit {limit:,})")
        self._need(length, what)
        start = self.pos
        self.pos += length
        if not keep:
            return None
        raw = bytes(self.data[start : start + min(length, MAX_KEPT_STRING)])
        return raw.decode("utf-8", errors="replace")

    # --- structure ----------------------------------------------------------------------------
    def header(self) -> GGUFHeader:
        self._need(8, "header")
        if bytes(self.data[0:4]) != MAGIC:
            raise ModelFileError(f"not a GGUF file (magic {bytes(self.data[0:4])!r}, expected b'GGUF')")
        version = struct.unpack_from("<I", self.data, 4)[0]
        big_endian = False
        if version > 0xFFFF and struct.unpack_from(">I", self.data, 4)[0] in (1, 2, 3):
            self.order, big_endian = ">", True
            version = struct.unpack_from(">I", self.data, 4)[0]
        if version not in (1, 2, 3):
            raise ModelFileError(f"unsupported GGUF version {version}")
        self.wide = version >= 2
        self.pos = 8
        tensor_count = self._length("tensor count")
        kv_count = self._length("metadata key/value count")
        room = self.size - self.pos
        if kv_count * _MIN_KV > room:
            raise ModelFileError(
                f"GGUF header claims {kv_count:,} metadata entries, which cannot fit in the {room:,} bytes left"
            )
        if tensor_count * _MIN_TENSOR_INFO > room:
            raise ModelFileError(
                f"GGUF header claims {tensor_count:,} tensors, which cannot fit in the {room:,} bytes left"
            )
        if kv_count > MAX_KV:
            raise ModelFileError(
                f"GGUF header claims {kv_count:,} metadata entries (limit {MAX_KV:,}): not read further"
            )
        metadata: dict[str, Any] = {}
        for _ in range(kv_count):
            self._spend(1, "metadata key/values")
            key = self._string("metadata key", keep=True, limit=MAX_KEY_LENGTH) or ""
            value_type = int(self._unpack("I", 4, f"value type of '{key}'"))
            keep = key.startswith("general.")
            value = self._value(value_type, key, keep, depth=0)
            if keep:
                metadata[key] = value
        return GGUFHeader(version, tensor_count, kv_count, metadata, big_endian)

    def _value(self, value_type: int, key: str, keep: bool, depth: int) -> Any:
        if value_type in _SCALARS:
            code, n = _SCALARS[value_type]
            return self._unpack(code, n, f"value of '{key}'")
        if value_type == STRING:
            return self._string(f"value of '{key}'", keep)
        if value_type == ARRAY:
            return self._array(key, keep, depth)
        raise ModelFileError(f"GGUF key '{key}' at offset {self.pos - 4} has unknown value type {value_type}")

    def _array(self, key: str, keep: bool, depth: int) -> list[Any] | None:
        if depth >= MAX_NESTING:
            raise ModelFileError(f"GGUF array '{key}' is nested more than {MAX_NESTING} levels deep")
        element_type = int(self._unpack("I", 4, f"array type of '{key}'"))
        count = self._length(f"array length of '{key}'")
        room = self.size - self.pos
        if element_type in _SCALARS:
            code, n = _SCALARS[element_type]
            if count * n > room:
                raise ModelFileError(
                    f"GGUF array '{key}' claims {count:,} elements of {n} bytes, more than the {room:,} bytes left"
                )
            items: list[Any] | None = None
            if keep:
                shown = min(count, MAX_KEPT_ITEMS)
                items = list(struct.unpack_from(f"{self.order}{shown}{code}", self.data, self.pos))
            self.pos += count * n
            return items
        minimum = 8 if (element_type == STRING and self.wide) else 4 if element_type == STRING else 12
        if element_type not in (STRING, ARRAY):
            raise ModelFileError(f"GGUF array '{key}' has unknown element type {element_type}")
        if count * minimum > room:
            raise ModelFileError(
                f"GGUF array '{key}' claims {count:,} elements, which cannot fit in the {room:,} bytes left"
            )
        self._spend(count, f"array '{key}'")
        if element_type == STRING and not keep:
            self._skip_strings(key, count)
            return None
        kept: list[Any] = []
        for i in range(count):
            value = self._value(element_type, key, keep and i < MAX_KEPT_ITEMS, depth + 1)
            if keep and i < MAX_KEPT_ITEMS:
                kept.append(value)
        return kept if keep else None

    def _skip_strings(self, key: str, count: int) -> None:
        """Walk past count strings (a 150k-token vocabulary) with every length checked, decoding none."""
        width = 8 if self.wide else 4
        unpack = struct.Struct(self.order + ("Q" if self.wide else "I")).unpack_from
        data, size, pos = self.data, self.size, self.pos
        for i in range(count):
            if pos + width > size:
                self.pos = pos
                self._need(width, f"length of string {i} of '{key}'")
            pos += width + unpack(data, pos)[0]
            if pos > size:
                raise ModelFileError(f"GGUF string {i} of array '{key}' runs past the end of the file")
        self.pos = pos
