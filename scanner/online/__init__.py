"""Online enrichment from the Hugging Face Hub (only with --online) and the model lockfile."""

from __future__ import annotations

from pathlib import Path

LOCK_NAME = "modelorigin.lock"


def wants_hub_metadata(online: bool, check_lock: bool, lockfile: Path | None, root: Path) -> bool:
    """Whether a scan needs Hub metadata at all: asked online, or a lockfile to read.

    Cheap on purpose (no client, no YAML): most scans, and every pre-commit run without a lockfile,
    stop here."""
    return online or check_lock or lockfile is not None or (root / LOCK_NAME).is_file()
