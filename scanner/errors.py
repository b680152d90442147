"""Errors a user can cause. The CLI prints them on one line and exits 2."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class UserError(Exception):
    """Bad rules, policy, option or path: one line naming the file (and line), exit 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


def read_tool_file(path: object, what: str) -> str:
    """The UTF-8 text of one of the tool's own files (policy, pyproject, lockfile, rules): an unreadable
    file or a byte that is not UTF-8 is a UserError naming the file (and the line of the bad byte)."""
    from pathlib import Path

    file = Path(str(path))
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {what}: {exc.strerror or exc}", str(file)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserError(f"{what} is not UTF-8 (byte 0x{data[exc.start]:02x})", str(file), line) from None


def write_atomically(path: object, text: str | Iterable[str]) -> None:
    """Write text (a string, or pieces written in order) to path so that a reader sees the old file or the
    whole new one, never a mix or a stub: a temporary file in the same folder, flushed to disk, then
    renamed over the target. Raises OSError."""
    pieces = [text] if isinstance(text, str) else text
    import contextlib
    import os
    import tempfile
    from pathlib import Path

    target = Path(str(path))
    if target.exists() and not target.is_file():  # /dev/stdout, a FIFO: nothing to replace, write through
        with target.open("w", encoding="utf-8", newline="") as stream:
            stream.writelines(pieces)
        return
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(pieces)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# JSON Schema keywords whose message ("'ok' is too short") does not say the limit it broke
_LIMITS = {
    "minLength": "at least {} characters",
    "maxLength": "at most {} characters",
    "minItems": "at least {} items",
    "maxItems": "at most {} items",
}


def schema_message(error: Any) -> str:
    """A jsonschema ValidationError's message, with the limit it broke when the message leaves it out:
    "'ok' is too short (at least 10 characters)"."""
    limit = _LIMITS.get(error.validator)
    return f"{error.message} ({limit.format(error.validator_value)})" if limit else str(error.message)
