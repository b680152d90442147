"""A time budget per scanned file: an input no parser limit foresaw costs that file, not the run.

Every parser has limits of its own (see docs/security.md); this is the last line: extraction of one file
that runs past FILE_SECONDS is interrupted (SIGALRM, in the main thread of the scan or of a worker
process) and reported as a file not read. Where signals are not available (Windows, a thread), the
parsers' own limits are what bounds the work.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

FILE_SECONDS = 30.0


class Overrun(Exception):
    """Raised inside the work that exceeded its budget."""


def _interrupt(signum: int, frame: object) -> None:
    raise Overrun()


@contextmanager
def time_budget(seconds: float | None = None) -> Iterator[None]:
    """Raise Overrun in the body when it runs past seconds (default FILE_SECONDS; a no-op where SIGALRM
    cannot be used)."""
    seconds = FILE_SECONDS if seconds is None else seconds
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
