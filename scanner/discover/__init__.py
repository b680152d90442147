"""Discovery: which files to read. Every file not read is recorded with its reason.

A directory inside a git work tree is listed through git (tracked plus untracked-not-ignored);
other directories, and one git lists nothing in (a folder it ignores, named on purpose), are walked
with default excludes. Files named explicitly are taken as given.
Symlinks are never followed out of the scanned tree.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

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


class Candidate(NamedTuple):
    path: str  # absolute (a string: no Path object per file of a large tree)
    rel: str  # relative to the scan root, '/'-separated


class Discovery(NamedTuple):
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
    seen: set[str] = set()
    excluded: dict[str, int] = {}  # excluded folder (relative) -> files in it that git lists
    prefix = str(root).rstrip("/") + "/"
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            directory = p.resolve()
            files = _git_files(directory) or None  # git lists nothing in a folder it ignores: named, it is walked
            regular, others = (
                _split_regular(files) if files is not None else _walk_fast(directory, skipped, excluded, prefix)
            )
            for name in regular:  # plain files: no symlink to follow, no resolve per file
                rel = name[len(prefix) :] if name.startswith(prefix) else name
                if name in seen:
                    continue
                if files is not None:  # git lists what a walk prunes
                    folders = rel.split("/")[:-1]
                    if not EXCLUDED_DIRS.isdisjoint(folders):
                        _count_excluded(excluded, folders)
                        continue
                seen.add(name)
                candidates.append(Candidate(name, display_path(rel)))
            listed: list[Path] = [Path(o) for o in others]
        else:
            listed = [p]
        for f in listed:
            _consider(f, root, candidates, skipped, seen, explicit=not p.is_dir())
    skipped.extend(
        SkippedFile(f"{folder}/", f"excluded folder ({_files(count)}default exclude: dependencies or virtualenv)")
        for folder, count in sorted(excluded.items())
    )
    return Discovery(root, tuple(candidates), tuple(skipped))


# Excluded folders that are listed as not scanned: vendored code and environments can load models.
# VCS folders and tool caches are excluded without a word: they hold no project code.
LISTED_EXCLUDES = frozenset(
    {
        "node_modules",
        "bower_components",
        ".venv",
        "venv",
        "site-packages",
        ".tox",
        ".nox",
        ".eggs",
        ".ipynb_checkpoints",
    }
)


def _count_excluded(excluded: dict[str, int], folders: list[str]) -> None:
    for depth, name in enumerate(folders):
        if name in EXCLUDED_DIRS:
            if name in LISTED_EXCLUDES:
                key = "/".join(folders[: depth + 1])
                excluded[key] = excluded.get(key, 0) + 1
            return


def _files(count: int) -> str:
    return f"{count} file(s); " if count else ""


def _consider(
    f: Path, root: Path, out: list[Candidate], skipped: list[SkippedFile], seen: set[str], *, explicit: bool
) -> None:
    rel = display_path(relative(f, root))
    if f.is_symlink():
        try:
            target = f.resolve(strict=True)
        except RuntimeError:  # a loop (a -> b -> a)
            skipped.append(SkippedFile(rel, "symlink loop"))
            return
        except OSError as exc:
            reason = "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
            skipped.append(SkippedFile(rel, reason))
            return
        if not explicit and not _inside(target, root):
            skipped.append(SkippedFile(rel, "symlink to outside the scanned tree"))
            return
        if target.is_dir():
            return
    if not f.is_file():
        return
    absolute = f.resolve()
    if str(absolute) in seen:
        return
    seen.add(str(absolute))
    if not explicit and any(part in EXCLUDED_DIRS for part in Path(rel).parts[:-1]):
        return
    out.append(Candidate(str(absolute), rel))


def display_path(rel: str) -> str:
    """A path as reports can carry it: bytes of a file name that are not UTF-8 (kept by the OS as surrogates)
    shown as \\xNN escapes, so every report format can be written (the file is still read by its real name)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


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


def _split_regular(names: list[str]) -> tuple[list[str], list[str]]:
    """(regular files, everything else: symlinks, folders, vanished files) by one lstat each."""
    regular: list[str] = []
    others: list[str] = []
    for name in names:
        try:
            mode = os.lstat(name).st_mode
        except OSError:
            others.append(name)
            continue
        (regular if stat.S_ISREG(mode) else others).append(name)
    return regular, others


def _walk_fast(
    directory: Path, skipped: list[SkippedFile], excluded: dict[str, int], prefix: str
) -> tuple[list[str], list[str]]:
    """(regular files, symlinks) under directory, default excludes and virtualenvs pruned, sorted."""
    regular: list[str] = []
    others: list[str] = []
    top = str(directory)
    stack = [top]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            folder = display_path(current.removeprefix(prefix) or ".")
            skipped.append(SkippedFile(f"{folder}/", f"unreadable folder: {exc.strerror or exc}"))
            continue
        if current != top and any(entry.name == "pyvenv.cfg" for entry in entries):
            excluded.setdefault(current.removeprefix(prefix), 0)  # a virtualenv below the scanned folder
            continue
        for entry in entries:  # the types come with the listing: no stat per entry
            try:
                if entry.is_file(follow_symlinks=False):
                    regular.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    if entry.name not in EXCLUDED_DIRS:
                        stack.append(entry.path)
                    elif entry.name in LISTED_EXCLUDES:
                        excluded.setdefault(entry.path.removeprefix(prefix), 0)
                elif entry.is_symlink():
                    others.append(entry.path)  # _consider decides: inside the tree it is listed elsewhere
                else:  # a FIFO, socket or device: never opened (a FIFO would block the scan), but listed
                    rel = entry.path.removeprefix(prefix)
                    skipped.append(SkippedFile(display_path(rel), "not a regular file (FIFO, socket or device)"))
            except OSError:
                others.append(entry.path)
    regular.sort()
    others.sort()
    return regular, others


def _git_files(directory: Path) -> list[str] | None:
    """Tracked plus untracked-not-ignored files, or None when directory is not in a work tree."""
    if not _may_be_in_work_tree(directory):  # no git process for a folder that no repository holds
        return None
    import subprocess  # only for folders: a pre-commit run names its files

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
    base = str(directory)
    return [os.path.join(base, n) for n in dict.fromkeys(names)]


def _may_be_in_work_tree(directory: Path) -> bool:
    """A `.git` (a folder, or a file in worktrees and submodules) here or above, or git told where by
    the environment: only then can git list the folder."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    return any(os.path.lexists(os.path.join(folder, ".git")) for folder in (directory, *directory.parents))


def sniff_binary(head: bytes) -> bool:
    return head.find(b"\0", 0, SNIFF_BYTES) >= 0
