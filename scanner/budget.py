"""A time budget per scanned file: an input no parser limit foresaw costs that file, not the run.

Every parser has limits of its own (see docs/security.md); this is the last line: extraction of one file
that runs past FILE_SECONDS is interrupted (SIGALRM, in the main thread of the scan or of a worker
process) and reported as a file not read. Where signals are not available (Windows, a thread), the
parsers' own limits are what bounds the work. A worker process of a parallel scan also caps its heap
(RLIMIT_DATA: memory-mapped weight files do not count), so a runaway allocation is a MemoryError of one
file, not the machine's memory; the scan's own process, which extracts a share of a parallel scan too,
is capped alike for that share and given its limit back after it (a serial scan's is left as the user
runs it).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

FILE_SECONDS = 30.0
WORKER_DATA_BYTES = 2 * 1024**3  # heap a worker process may hold: past it an allocation fails (MemoryError)


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


def limit_worker_memory(limit: int = WORKER_DATA_BYTES) -> None:
    """Cap this process's heap (a worker of a parallel scan), where the platform allows it."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    except (ValueError, OSError, AttributeError):  # not permitted or not supported: the parsers' limits remain
        return


@contextmanager
def worker_memory(limit: int = WORKER_DATA_BYTES) -> Iterator[None]:
    """The body runs with this process's heap capped as a worker's is (never above a lower limit it already
    has); the limit it had is restored after."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        capped = min(c for c in (limit, soft, hard) if c != resource.RLIM_INFINITY)
        resource.setrlimit(resource.RLIMIT_DATA, (capped, hard))
    except (ImportError, ValueError, OSError, AttributeError):  # not permitted or not supported (Windows)
        yield
        return
    try:
        yield
    finally:
        with suppress(ValueError, OSError):  # back up to a soft limit it had: always permitted
            resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
