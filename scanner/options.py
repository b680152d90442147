"""What a scan is asked to do: the options every layer reads (discovery, the online source, the pipeline),
in a module below all of them, so that none imports the pipeline for its type."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from scanner.discover import DEFAULT_MAX_FILE_SIZE


class ScanOptions(NamedTuple):
    paths: list[Path]
    rules_files: tuple[Path, ...] = ()
    policy_file: Path | None = None
    profile: str | None = None
    fail_on: str | None = None
    fail_on_skipped: bool = False  # incomplete coverage fails the gate (scan --fail-on-skipped)
    exclude: tuple[str, ...] = ()  # gitignore-style globs of paths not scanned (scan --exclude), beside the policy's
    select: tuple[str, ...] = ()  # run only these checks (scan --select); empty: all
    ignore: tuple[str, ...] = ()  # do not run these checks (scan --ignore)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    include_docs: bool = False
    baseline: Path | None = None  # findings listed there are marked as accepted (scan --baseline)
    hf_cache: Path | None = None  # also read this Hugging Face cache (scan --hf-cache [DIR])
    jobs: int | None = None  # worker processes for extraction; None: all cores on large trees
    progress: bool | None = None  # progress on stderr; None: only on a terminal and not in CI
    online: bool = False  # ask the Hub about models the rules do not settle (scan --online)
    check_lock: bool = False  # ask the Hub about every locked model and report drift (scan --check-lock)
    lockfile: Path | None = None  # default: modelorigin.lock at the scanned root, when present
