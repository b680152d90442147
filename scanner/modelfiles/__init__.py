"""Model files on disk, read by their headers only: GGUF, safetensors, pickle-based weights (plain
or zip-packed torch), the model folder around them, and the Hugging Face cache.

Each weights file becomes one Reference of kind `model_file` whose `meta` holds what its header says
(and, inside a model folder, what the folder's config, card and LICENSE say). Files of one model
folder share the folder's id (`path/to/folder/`), so the shards of one model are one model. Size does
not matter: only headers are read, and every read is bounded by the file's real size.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scanner.records import ExtractResult, ParseIssue, Reference, RefType

WEIGHT_SUFFIXES = frozenset({".gguf", ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle"})
CARD_NAMES = ("README.md", "readme.md", "Readme.md", "README.MD", "README.markdown")  # a model card's names
_LFS_HEAD = b"version https://git-lfs.github.com/spec/"


def looks_like_model_file(name: str) -> bool:
    """Cheap test on the name: worth sniffing (a weights suffix, or no suffix at all, for GGUF blobs)."""
    lowered = name.lower()
    dot = lowered.rfind(".")
    return lowered[dot:] in WEIGHT_SUFFIXES if dot > 0 else True


def sniff_format(path: Path) -> str | None:
    """gguf | safetensors | pickle | torch-zip | lfs-pointer, or None when this is no weights file."""
    from scanner.modelfiles.pickles import container_of

    lowered = path.name.lower()
    dot = lowered.rfind(".")
    suffix = lowered[dot:] if dot > 0 else ""
    if suffix and suffix not in WEIGHT_SUFFIXES:
        return None
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return None
    if head.startswith(_LFS_HEAD):
        return "lfs-pointer" if suffix else None
    if head.startswith(b"GGUF"):
        return "gguf"
    if suffix == ".gguf":
        return "gguf"  # a bad magic is reported by the reader
    if suffix == ".safetensors":
        return "safetensors"
    if suffix:
        container = container_of(head, suffix)
        return {"zip": "torch-zip", "pickle": "pickle"}.get(container or "")
    return None


def read_weights(path: Path, fmt: str) -> dict[str, Any]:
    """The meta of one weights file: {format, size, error, gguf|safetensors|pickle|lfs}."""
    from scanner.modelfiles.errors import ModelFileError

    meta: dict[str, Any] = {"format": fmt, "error": None}
    try:
        meta["size"] = path.stat().st_size
    except OSError:
        meta["size"] = None
    try:
        if fmt == "gguf":
            from scanner.modelfiles.gguf import read_gguf

            header = read_gguf(path)
            meta["gguf"] = {
                "version": header.version,
                "tensor_count": header.tensor_count,
                "kv_count": header.kv_count,
                "metadata": header.metadata,
            }
        elif fmt == "safetensors":
            from scanner.modelfiles.safetensors import read_safetensors

            meta["safetensors"] = read_safetensors(path)
        elif fmt in ("pickle", "torch-zip"):
            from scanner.modelfiles.pickles import PartialPickleError, read_pickle_file

            try:
                meta["pickle"] = read_pickle_file(path, "zip" if fmt == "torch-zip" else "pickle")
            except PartialPickleError as exc:
                meta["pickle"] = exc.meta
                raise
        elif fmt == "lfs-pointer":
            meta["lfs"] = _lfs_pointer(path)
    except ModelFileError as exc:
        meta["error"] = str(exc)
    return meta


def read_model_candidate(path: Path, rel: str) -> ExtractResult | None:
    """A project file as a model file: its reference (with meta), or None when it is not one."""
    fmt = sniff_format(path)
    if fmt is None:
        return None
    from scanner.modelfiles.folder import is_model_folder, read_folder

    root = scan_root(path, rel)
    rel_dir = rel.rsplit("/", 1)[0] if "/" in rel else ""
    meta = read_weights(path, fmt)
    meta["file"] = rel
    meta.update(cache_snapshot(path.parent))
    issues: list[ParseIssue] = []
    model_id = rel
    if is_model_folder(path.parent, root):
        folder = read_folder(path.parent, root, rel_dir)
        meta["folder"] = folder
        model_id = (rel_dir or ".") + "/"
        if _first_weights_file(path):  # folder problems once per folder, not once per shard
            issues.extend(ParseIssue(i["path"], i.get("line"), i["message"]) for i in folder["issues"])
    if meta["error"]:
        issues.append(ParseIssue(rel, None, f"{fmt} header not read: {meta['error']}", "reported as check MO603"))
    ref = Reference(
        id=model_id,
        ref_type=RefType.MODEL_FILE,
        path=rel,
        line=1,
        column=1,
        raw=path.name,
        extractor=fmt,
        meta=meta,
    )
    return ExtractResult((ref,), tuple(issues))


def cache_snapshot(folder: Path) -> dict[str, str]:
    """{repo_id, revision} when folder lies in a Hugging Face cache snapshot
    (`.../models--{org}--{name}/snapshots/{revision}/...`): the layout names the repository exactly, as
    the client wrote it. {} otherwise."""
    parts = folder.resolve().parts
    for index in range(len(parts) - 2):
        repo, snapshots = parts[index], parts[index + 1]
        if repo.startswith("models--") and snapshots == "snapshots" and "--" in repo[len("models--") :]:
            org, _, name = repo[len("models--") :].partition("--")
            if org and name:
                return {"repo_id": f"{org}/{name}", "revision": parts[index + 2]}
    return {}


def read_card_candidate(path: Path, rel: str) -> ExtractResult | None:
    """A model card on its own: a README whose front matter describes weights (license, base_model). It
    gives its folder's reference, as a weights file beside it does, so a commit that stages only the card
    (a changed license or base_model) still reaches the checks. None for any other README (most have no
    front matter: 64 bytes tell)."""
    from scanner.modelfiles.folder import read_card, read_folder

    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return None
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"---"):
        return None
    root = scan_root(path, rel)
    if read_card(path.parent, root)[0] is None:
        return None
    rel_dir = rel.rsplit("/", 1)[0] if "/" in rel else ""
    folder = read_folder(path.parent, root, rel_dir)
    issues = tuple(ParseIssue(i["path"], i.get("line"), i["message"]) for i in folder["issues"])
    meta = {"format": "model-card", "error": None, "file": rel, "folder": folder, **cache_snapshot(path.parent)}
    ref = Reference(
        id=(rel_dir or ".") + "/",
        ref_type=RefType.MODEL_FILE,
        path=rel,
        line=1,
        column=1,
        raw=path.name,
        extractor="model-card",
        meta=meta,
    )
    return ExtractResult((ref,), issues)


def scan_root(path: Path, rel: str) -> Path:
    """The folder rel is relative to (files next to a model file are read only inside it)."""
    parts = [p for p in rel.split("/") if p]
    if rel.startswith("/") or ".." in parts or len(parts) > len(path.parts) - 1:
        return path.parent
    return path.parents[len(parts) - 1] if len(parts) >= 1 else path.parent


def _first_weights_file(path: Path) -> bool:
    try:
        names = sorted(p.name for p in path.parent.iterdir() if looks_like_model_file(p.name) and "." in p.name)
    except OSError:
        return True
    return not names or names[0] == path.name


def _lfs_pointer(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            text = f.read(1024).decode("utf-8", errors="replace")
    except OSError:
        return {}
    out: dict[str, Any] = {}
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if key in ("oid", "size"):
            out[key] = value.strip()
    return out
