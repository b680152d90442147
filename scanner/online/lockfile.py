"""modelorigin.lock: what the Hub said about each model, so CI resolves offline and reproducibly.

YAML, sorted, one entry per hub model, diff-friendly:

    version: 1
    models:
      acme/qwen-support-ft:
        revision: 3f2a...           # the commit the metadata was read at
        resolved_at: 2026-11-30T10:00:00Z
        license: {declared: other, license_name: qwen-research, license_link: null, id: qwen-research-2024}
        base_models: [{relation: finetune, id: Qwen/Qwen2.5-3B-Instruct}]
        formats: [safetensors]
        gated: null
        hub: {...}                  # the full Hub record the rest was derived from

Drift between the lock and the Hub (a revision that moved, a license or base model that changed)
is reported by `scan --check-lock`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.errors import UserError, read_tool_file, write_atomically
from scanner.online.hub import HubRecord

LOCK_VERSION = 1

PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")


def file_formats(files: tuple[str, ...]) -> list[str]:
    """Weight formats present in a repo's file list."""
    formats = set()
    for name in files:
        lowered = name.lower()
        if lowered.endswith(".safetensors"):
            formats.add("safetensors")
        elif lowered.endswith(".gguf"):
            formats.add("gguf")
        elif lowered.endswith(PICKLE_SUFFIXES) and not lowered.endswith("training_args.bin"):
            formats.add("pickle")
        elif lowered.endswith(".onnx"):
            formats.add("onnx")
    return sorted(formats)


@dataclass(frozen=True, slots=True)
class Drift:
    model_id: str
    field: str  # revision | license | base_models | gated
    locked: str
    current: str


def entry(record: HubRecord, license_id: str | None, lineage: list[str]) -> dict[str, Any]:
    return {
        "lineage": lineage,
        "revision": record.sha,
        "resolved_at": record.fetched_at,
        "license": {
            "declared": record.license,
            "license_name": record.license_name,
            "license_link": record.license_link,
            "id": license_id,
        },
        "base_models": [{"relation": rel, "id": base} for rel, base in record.base_models],
        "formats": file_formats(record.files),
        "gated": record.gated,
        "hub": record.to_json(),
    }


def write_lock(path: Path, entries: dict[str, dict[str, Any]]) -> None:
    import yaml

    document = {"version": LOCK_VERSION, "models": {k: entries[k] for k in sorted(entries, key=str.lower)}}
    text = (
        "# modelorigin.lock: Hub metadata of every model this project uses, read by `modelorigin lock`.\n"
        "# Commit it: scans read it offline; `modelorigin scan --check-lock` reports upstream drift.\n"
    ) + yaml.safe_dump(document, sort_keys=True, allow_unicode=True, width=100)
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise UserError(f"cannot write lockfile: {exc.strerror}", str(path)) from None


def read_lock(path: Path) -> dict[str, HubRecord]:
    """Locked Hub records by lowercased model id."""
    from scanner.yamlutil import load_yaml

    text = read_tool_file(path, "lockfile")
    data = load_yaml(text, str(path)) or {}
    if not isinstance(data, dict) or data.get("version") != LOCK_VERSION or not isinstance(data.get("models"), dict):
        raise UserError(f"not a version {LOCK_VERSION} modelorigin lockfile", str(path), 1)
    records: dict[str, HubRecord] = {}
    for model_id, item in data["models"].items():
        try:
            records[str(model_id).lower()] = HubRecord.from_json(item["hub"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            from scanner.yamlutil import line_of

            raise UserError(
                f"lock entry '{model_id}' is malformed ({exc})", str(path), line_of(text, ["models", str(model_id)])
            ) from None
    return records


def compare(model_id: str, locked: HubRecord, current: HubRecord) -> list[Drift]:
    """What changed upstream since the lock was written."""
    drifts = []
    if locked.sha != current.sha:
        drifts.append(Drift(model_id, "revision", str(locked.sha), str(current.sha)))
    declared_then = (locked.license, locked.license_name, locked.license_link)
    declared_now = (current.license, current.license_name, current.license_link)
    if declared_then != declared_now:
        drifts.append(Drift(model_id, "license", _fmt(declared_then), _fmt(declared_now)))
    if sorted(b[1].lower() for b in locked.base_models) != sorted(b[1].lower() for b in current.base_models):
        drifts.append(Drift(model_id, "base_models", _bases(locked), _bases(current)))
    if locked.gated != current.gated:
        drifts.append(Drift(model_id, "gated", str(locked.gated), str(current.gated)))
    return drifts


def _fmt(declared: tuple[str | None, ...]) -> str:
    return " / ".join(v for v in declared if v) or "none"


def _bases(record: HubRecord) -> str:
    return ", ".join(f"{rel}:{base}" for rel, base in record.base_models) or "none"
