"""The Hugging Face cache: every cached model repo and revision, each snapshot read as a model folder.

The inventory comes from `huggingface_hub.scan_cache_dir` (imported only for `scan --hf-cache`), so
the layout is read exactly as the client writes it: `models--{org}--{name}/{blobs,refs,snapshots}`,
snapshot files being symlinks into the repo's blobs (or the cache-wide Xet blob store). Dataset and
Space repos, and entries the client reports as corrupted, are listed as not scanned.

Each revision becomes one model, `org/name@<commit[:12]>`, pinned to its commit; each weights file of
the snapshot is one reference to it (so a pickle's finding names its file), or the snapshot folder
itself when it holds no weights.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.errors import UserError
from scanner.records import ParseIssue, Reference, RefType, SkippedFile


@dataclass
class CacheScan:
    references: list[Reference] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    scanned: int = 0  # files read


def default_cache_dir() -> Path:
    """Where huggingface_hub caches models, from the environment as it is now (the client reads it at import)."""
    env = os.environ
    for key in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if env.get(key):
            return Path(env[key]).expanduser()
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "hub"
    xdg = env.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "huggingface" / "hub"


def scan_cache(cache_dir: Path | None) -> CacheScan:
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    directory = cache_dir if cache_dir is not None else default_cache_dir()
    try:
        info = scan_cache_dir(directory)
    except CacheNotFound:
        raise UserError(
            "no Hugging Face cache there (set --hf-cache DIR, HF_HUB_CACHE or HF_HOME)", str(directory)
        ) from None
    except ValueError as exc:
        raise UserError(f"not a Hugging Face cache: {exc}", str(directory)) from None
    except OSError as exc:
        raise UserError(f"cannot read the Hugging Face cache: {exc.strerror or exc}", str(directory)) from None
    root = directory.resolve()
    out = CacheScan()
    for warning in info.warnings:
        out.skipped.append(SkippedFile(_label(directory, root, _warning_path(warning, root)), f"corrupted: {warning}"))
    for repo in sorted(info.repos, key=lambda r: (r.repo_type, r.repo_id.lower())):
        if repo.repo_type != "model":
            out.skipped.append(
                SkippedFile(_label(directory, root, repo.repo_path), f"{repo.repo_type} repo, not a model")
            )
            continue
        for revision in sorted(repo.revisions, key=lambda r: r.commit_hash):
            _read_revision(repo.repo_id, revision, directory, root, out)
    return out


def _read_revision(repo_id: str, revision: Any, directory: Path, root: Path, out: CacheScan) -> None:
    from scanner.modelfiles import read_weights, sniff_format
    from scanner.modelfiles.folder import read_folder

    commit: str = revision.commit_hash
    snapshot = Path(revision.snapshot_path)
    rel_snapshot = _label(directory, root, snapshot)
    folder = read_folder(snapshot, root, rel_snapshot)
    out.issues.extend(ParseIssue(i["path"], i.get("line"), i["message"]) for i in folder["issues"])
    out.scanned += len(folder["files_read"])
    model_id = f"{repo_id}@{commit[:12]}"
    common = {"folder": folder, "repo_id": repo_id, "revision": commit, "refs": sorted(revision.refs)}
    added = False
    for cached in sorted(revision.files, key=lambda f: f.file_name):
        path = Path(cached.file_path)
        fmt = sniff_format(path)
        if fmt is None:
            continue
        rel = _label(directory, root, path)
        meta = {**read_weights(path, fmt), "file": rel, **common}
        if meta["error"]:
            out.issues.append(ParseIssue(rel, None, f"{fmt} header not read: {meta['error']}", "reported as MO603"))
        out.scanned += 1
        out.references.append(_reference(model_id, rel, path.name, fmt, commit, meta))
        added = True
    if not added:
        meta = {"format": "folder", "error": None, "file": rel_snapshot, **common}
        out.references.append(_reference(model_id, rel_snapshot, repo_id, "hf-cache", commit, meta))


def _reference(model_id: str, path: str, raw: str, extractor: str, commit: str, meta: dict[str, Any]) -> Reference:
    return Reference(
        id=model_id,
        ref_type=RefType.MODEL_FILE,
        path=path,
        line=1,
        column=1,
        raw=raw,
        extractor=extractor,
        revision=commit,
        meta=meta,
    )


def _label(directory: Path, root: Path, path: Path) -> str:
    """A cache path as reported: under the cache directory as the user named it."""
    try:
        rel = Path(os.path.abspath(path)).relative_to(root)
    except ValueError:
        return path.as_posix()
    return (directory / rel).as_posix()


def _warning_path(warning: Exception, root: Path) -> Path:
    text = str(warning)
    for token in text.replace("(", " ").replace(")", " ").split():
        if token.startswith(str(root)):
            return Path(token.rstrip(".,:"))
    return root
