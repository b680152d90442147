"""Errors a user can cause. The CLI prints them on one line and exits 2."""

from __future__ import annotations


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
