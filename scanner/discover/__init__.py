"""Discovery: which files to read. Every file not read is recorded with its reason.

A directory inside a git work tree is listed through git (tracked plus untracked-not-ignored);
otherwise it is walked with default excludes. Files named explicitly are taken as given.
Symlinks are never followed out of the scanned tree.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from scanner.errors import UserError
from scanner.records import SkippedFile

EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".venv",
        "venv",
        ".eggs",
        "site-packages",
        ".ipynb_checkpoints",
        ".cache",
        ".idea",
        ".vscode",
        ".gradle",
        "bower_components",
    }
)
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024  # text files; model files are read by their headers only
SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path  # absolute
    rel: str  # relative to the scan root, '/'-separated


@dataclass(frozen=True, slots=True)
class Discovery:
    root: Path
    candidates: tuple[Candidate, ...]
    skipped: tuple[SkippedFile, ...]


def discover(paths: list[Path], *, root: Path | None = None) -> Discovery:
    """Candidate files under paths. root: what reported paths are relative to."""
    if not paths:
        paths = [Path.cwd()]
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise UserError("no such file or directory", str(p))
    if root is None:
        root = paths[0] if len(paths) == 1 and paths[0].is_dir() else Path.cwd()
    root = root.resolve()
    candidates: list[Candidate] = []
    skipped: list[SkippedFile] = []
    seen: set[Path] = set()
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            files = _git_files(p)
            listed = files if files is not None else _walk(p, skipped, root)
        else:
            listed = [p]
        for f in listed:
            _consider(f, root, candidates, skipped, seen, explicit=not p.is_dir())
    return Discovery(root, tuple(candidates), tuple(skipped))


def _consider(
    f: Path, root: Path, out: list[Candidate], skipped: list[SkippedFile], seen: set[Path], *, explicit: bool
) -> None:
    rel = relative(f, root)
    if f.is_symlink():
        try:
            target = f.resolve(strict=True)
        except (OSError, RuntimeError):
            skipped.append(SkippedFile(rel, "broken symlink"))
            return
        if not explicit and not _inside(target, root):
            skipped.append(SkippedFile(rel, "symlink to outside the scanned tree"))
            return
        if target.is_dir():
            return
    if not f.is_file():
        return
    absolute = f.resolve()
    if absolute in seen:
        return
    seen.add(absolute)
    if not explicit and any(part in EXCLUDED_DIRS for part in Path(rel).parts[:-1]):
        return
    out.append(Candidate(absolute, rel))


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def relative(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _git_files(directory: Path) -> list[Path] | None:
    """Tracked plus untracked-not-ignored files, or None when directory is not in a work tree."""
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    names = [n for n in result.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
    return [directory / n for n in dict.fromkeys(names)]


def _walk(directory: Path, skipped: list[SkippedFile], root: Path) -> list[Path]:
    files: list[Path] = []
    for current, dirnames, filenames in os.walk(directory, followlinks=False):
        here = Path(current)
        keep = []
        for d in sorted(dirnames):
            if d in EXCLUDED_DIRS or (here / d / "pyvenv.cfg").exists():
                continue
            if (here / d).is_symlink():
                files.append(here / d)  # _consider decides: inside the tree it is listed elsewhere
                continue
            keep.append(d)
        dirnames[:] = keep
        files.extend(here / name for name in sorted(filenames))
    return files


def sniff_binary(head: bytes) -> bool:
    return b"\0" in head[:SNIFF_BYTES]
