"""Pickle-based weights (.bin, .pt, .pth, .ckpt, .pkl and zip-packed torch files): list the globals
the pickle would import, with `pickletools.genops` only. Nothing is ever unpickled.

Loading a pickle calls whatever callables it names (`posix.system`, `builtins.exec`, ...), so the
globals are the attack surface. Three containers are understood:
  - a zip archive (torch.save since 1.6, TorchScript): every `*.pkl` member (`archive/data.pkl`,
    `constants.pkl`) is streamed from the zip, never extracted to disk;
  - the legacy torch format: several pickles one after another (magic number, protocol, system
    info, the model, storage keys), then raw tensor bytes;
  - a plain pickle (protocols 0 to 5).
Reads are bounded: a pickle argument cannot make the reader allocate more than the bytes that are
really in the file, and at most MAX_PICKLE_BYTES are analysed per pickle.
"""

from __future__ import annotations

import pickletools
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from scanner.modelfiles.errors import ModelFileError

MAX_PICKLE_BYTES = 256 * 1024 * 1024
MAX_PICKLES = 8  # legacy torch files hold 5; more means this is not a torch file
MAX_ZIP_RATIO = 200  # a member that inflates more than this is treated as a zip bomb

PICKLE_SUFFIXES = frozenset({".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle"})

# Globals that run code, reach the OS or network, or load further code. module -> names ("*": all).
# After picklescan's and modelscan's lists.
DANGEROUS: dict[str, frozenset[str]] = {
    "builtins": frozenset(
        {
            "eval",
            "exec",
            "execfile",
            "compile",
            "open",
            "__import__",
            "getattr",
            "setattr",
            "delattr",
            "apply",
            "breakpoint",
            "input",
            "globals",
            "locals",
            "vars",
            "memoryview",
        }
    ),
    "__builtin__": frozenset(
        {
            "eval",
            "exec",
            "execfile",
            "compile",
            "open",
            "file",
            "__import__",
            "getattr",
            "setattr",
            "apply",
            "breakpoint",
            "input",
            "globals",
            "locals",
        }
    ),
    "os": frozenset({"*"}),
    "posix": frozenset({"*"}),
    "nt": frozenset({"*"}),
    "subprocess": frozenset({"*"}),
    "sys": frozenset({"*"}),
    "socket": frozenset({"*"}),
    "shutil": frozenset({"*"}),
    "runpy": frozenset({"*"}),
    "pty": frozenset({"*"}),
    "commands": frozenset({"*"}),
    "webbrowser": frozenset({"*"}),
    "importlib": frozenset({"*"}),
    "ctypes": frozenset({"*"}),
    "code": frozenset({"*"}),
    "codeop": frozenset({"*"}),
    "marshal": frozenset({"*"}),
    "types": frozenset({"CodeType", "FunctionType", "LambdaType", "MethodType"}),
    "pickle": frozenset({"*"}),
    "_pickle": frozenset({"*"}),
    "dill": frozenset({"*"}),
    "cloudpickle": frozenset({"*"}),
    "joblib": frozenset({"load"}),
    "bdb": frozenset({"*"}),
    "pdb": frozenset({"*"}),
    "asyncio": frozenset({"*"}),
    "multiprocessing": frozenset({"*"}),
    "threading": frozenset({"*"}),
    "signal": frozenset({"*"}),
    "pydoc": frozenset({"pipepager", "tempfilepager", "pager"}),
    "venv": frozenset({"*"}),
    "ensurepip": frozenset({"*"}),
    "pip": frozenset({"*"}),
    "httplib": frozenset({"*"}),
    "http": frozenset({"*"}),
    "urllib": frozenset({"*"}),
    "urllib2": frozenset({"*"}),
    "requests": frozenset({"*"}),
    "aiohttp": frozenset({"*"}),
    "ftplib": frozenset({"*"}),
    "smtplib": frozenset({"*"}),
    "telnetlib": frozenset({"*"}),
    "operator": frozenset({"attrgetter", "methodcaller"}),
    "functools": frozenset({"partial", "reduce"}),
    "numpy.testing._private.utils": frozenset({"runstring"}),
    "torch.serialization": frozenset({"load"}),
    "torch._inductor.codecache": frozenset({"compile_file"}),
    "torch.hub": frozenset({"*"}),
    "torch.jit": frozenset({"load"}),
}
# Module prefixes whose every submodule is dangerous too (subprocess.x, importlib.util, urllib.request ...)
_DANGEROUS_PACKAGES = (
    "subprocess",
    "importlib",
    "ctypes",
    "multiprocessing",
    "asyncio",
    "http",
    "urllib",
    "requests",
    "aiohttp",
    "pip",
    "dill",
    "cloudpickle",
    "torch.hub",
)

_STRING_OPS = frozenset(
    {"STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8"}
)
_PUT_OPS = frozenset({"PUT", "BINPUT", "LONG_BINPUT"})
_GET_OPS = frozenset({"GET", "BINGET", "LONG_BINGET"})


def is_dangerous(module: str, name: str) -> bool:
    names = DANGEROUS.get(module)
    if names is not None and ("*" in names or name in names):
        return True
    return any(module.startswith(p + ".") for p in _DANGEROUS_PACKAGES)


@dataclass
class PickleScan:
    globals: list[str] = field(default_factory=list)  # module.name, in order of first use
    dangerous: list[str] = field(default_factory=list)
    pickles: int = 0
    members: list[str] = field(default_factory=list)  # zip members analysed
    code_members: list[str] = field(default_factory=list)  # TorchScript code/ files in a zip
    error: str | None = None

    def add(self, module: str, name: str) -> None:
        qualified = f"{module}.{name}" if module else name
        if qualified not in self.globals:
            self.globals.append(qualified)
        if (not module or is_dangerous(module, name)) and qualified not in self.dangerous:
            self.dangerous.append(qualified)

    def as_meta(self, container: str) -> dict[str, Any]:
        return {
            "container": container,
            "globals": list(self.globals),
            "dangerous": list(self.dangerous),
            "pickles": self.pickles,
            "members": list(self.members),
            "code_members": list(self.code_members),
        }


class _Bounded:
    """A read-only view of a stream that refuses to read past a byte budget."""

    def __init__(self, stream: IO[bytes], budget: int) -> None:
        self.stream = stream
        self.budget = budget
        self.used = 0

    def _take(self, n: int) -> int:
        if n < 0 or n > self.budget - self.used:
            n = self.budget - self.used
        return n

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(self._take(n))
        self.used += len(data)
        return data

    def readline(self, limit: int = -1) -> bytes:
        data = self.stream.readline(self._take(limit if limit >= 0 else self.budget))
        self.used += len(data)
        return data

    def tell(self) -> int:
        return self.used

    def peek1(self) -> bytes:
        if self.used >= self.budget:
            return b""
        pos = self.stream.tell()
        data = self.stream.read(1)
        self.stream.seek(pos)
        return data


def scan_stream(stream: _Bounded, result: PickleScan, *, several: bool) -> None:
    """Walk one pickle (or, with several, consecutive pickles) and record its globals."""
    while True:
        _scan_one(stream, result)
        result.pickles += 1
        if not several or result.pickles >= MAX_PICKLES or stream.peek1() != b"\x80":
            return


def _scan_one(stream: _Bounded, result: PickleScan) -> None:
    memo: dict[int, Any] = {}
    pushed: list[Any] = []  # what the last opcodes pushed: strings as str, anything else as None
    start = stream.tell()
    try:
        for opcode, arg, _pos in pickletools.genops(stream):  # type: ignore[arg-type]
            name = opcode.name
            if name in _STRING_OPS:
                value = arg.decode("latin-1") if isinstance(arg, bytes) else arg
                pushed.append(value)
            elif name == "MEMOIZE":
                memo[len(memo)] = pushed[-1] if pushed else None
            elif name in _PUT_OPS:
                memo[int(arg or 0)] = pushed[-1] if pushed else None
            elif name in _GET_OPS:
                pushed.append(memo.get(int(arg or 0)))
            elif name in ("GLOBAL", "INST"):
                module, _, attr = str(arg).partition(" ")
                result.add(module, attr)
                pushed.append(None)
            elif name == "STACK_GLOBAL":
                top2 = pushed[-2] if len(pushed) >= 2 else None
                top1 = pushed[-1] if pushed else None
                if isinstance(top2, str) and isinstance(top1, str):
                    result.add(top2, top1)
                else:  # operands built at load time: nothing legitimate does this
                    result.add("", "<STACK_GLOBAL with computed operands>")
                pushed.append(None)
            elif name in ("EXT1", "EXT2", "EXT4"):
                result.add("", f"<copyreg extension {arg}>")
                pushed.append(None)
            elif name == "STOP":
                break
            else:
                pushed.append(None)
            if len(pushed) > 64:
                del pushed[:32]
    except ValueError as exc:
        raise ModelFileError(f"malformed pickle (starting at byte {start}): {exc}") from None
    if stream.used >= stream.budget and stream.budget >= MAX_PICKLE_BYTES:
        raise ModelFileError(f"pickle larger than {MAX_PICKLE_BYTES:,} bytes; analysed only its start")


def container_of(head: bytes, suffix: str) -> str | None:
    """'zip', 'pickle' or None (not pickle-based weights), from the first bytes and the file suffix.

    torch.save writes a zip (since 1.6) or a protocol-2 pickle; `.pkl` files may use any protocol, and
    protocol 0/1 pickles of a dict, list, tuple or global start with one of a few opcodes.
    """
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5:
        return "pickle"
    if suffix in (".pkl", ".pickle") and head[:1] in (b"(", b"}", b"]", b"c", b")"):
        return "pickle"
    return None


def read_pickle_file(path: Path, container: str) -> dict[str, Any] | None:
    """The pickle meta of a weights file (see PickleScan.as_meta), or None for a zip without pickles.

    Raises PartialPickleError (with the globals read so far) when a pickle is malformed or too large.
    """
    result = PickleScan()
    try:
        if container == "zip":
            if not _read_zip(path, result):
                return None
        else:
            with path.open("rb") as f:
                scan_stream(_Bounded(f, min(path.stat().st_size, MAX_PICKLE_BYTES)), result, several=True)
    except ModelFileError as exc:
        raise PartialPickleError(str(exc), result.as_meta(container)) from None
    except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as exc:
        # ValueError: a member name flagged UTF-8 that is not (UnicodeDecodeError), a corrupt header field
        raise PartialPickleError(f"cannot read: {exc}", result.as_meta(container)) from None
    return result.as_meta(container)


def _read_zip(path: Path, result: PickleScan) -> bool:
    """Walk every pickle member; False when the archive holds none (not torch weights)."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        pickles = [i for i in infos if i.filename.endswith(".pkl") and not i.is_dir()]
        result.code_members = [i.filename for i in infos if i.filename.endswith(".py") and "/code/" in f"/{i.filename}"]
        if not pickles:
            return False
        for info in pickles:
            if info.compress_size and info.file_size > MAX_ZIP_RATIO * info.compress_size + 1024 * 1024:
                raise ModelFileError(
                    f"zip member '{info.filename}' inflates {info.compress_size:,} bytes to {info.file_size:,}"
                    " (zip bomb?)"
                )
            result.members.append(info.filename)
            with archive.open(info) as member:
                scan_stream(_Bounded(member, min(info.file_size, MAX_PICKLE_BYTES)), result, several=False)
    return True


class PartialPickleError(ModelFileError):
    """A malformed pickle, with what was read before the problem (globals may already be dangerous)."""

    def __init__(self, message: str, meta: dict[str, Any]) -> None:
        super().__init__(message)
        self.meta = meta
