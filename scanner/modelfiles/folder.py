"""Model folders: what `config.json`, `adapter_config.json`, the model card's front matter and the
LICENSE/NOTICE texts say about the weights next to them.

A folder is a model folder when it has a transformers `config.json` (model_type or architectures), a
PEFT `adapter_config.json`, or a README whose front matter is a model card (license or base_model,
and not a Space's `sdk:`). Only then do its LICENSE files describe the weights; a project's own
LICENSE at its root does not.

Files are read only when they resolve inside the scanned tree, and each read is size-capped. Problems
(invalid JSON or YAML) are returned as issues naming the file and line; nothing is executed, and
`auto_map` (custom code) is recorded, never imported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from scanner.lazyregex import lazy_compile
from scanner.modelfiles import CARD_NAMES
from scanner.modelfiles.licensetext import MAX_TEXT, identify, load_fingerprints

MAX_CONFIG = 4 * 1024 * 1024
MAX_CARD = 512 * 1024  # only the front matter at the top is needed
LICENSE_NAME = lazy_compile(r"^(licen[cs]e|notice|copying)([-_. ][\w. -]*)?$", re.IGNORECASE)
# huggingface_hub repocard.py REGEX_YAML_BLOCK
FRONT_MATTER = lazy_compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
CARD_KEYS = ("license", "license_name", "license_link", "base_model", "base_model_relation")
MAX_BODY = 64 * 1024  # the card text searched for its title and the model it names as its source
_TITLE = lazy_compile(r"^#[ \t]+(?P<title>[^\n#]{1,200}?)[ \t#]*$", re.MULTILINE)
_HF_LINK = (
    r"(?:\[[^\]\n]{1,200}\]\((?P<u1>https?://(?:www\.)?(?:huggingface\.co|hf\.co)/[^)\s]+)\)"
    r"|(?P<u2>https?://(?:www\.)?(?:huggingface\.co|hf\.co)/[^\s)\]>]+))"
)
# The sentences model-card generators and quantizers write to name the model a card's weights come from:
# transformers' Trainer and TRL ("a fine-tuned version of [X](url)"), sentence-transformers ("finetuned
# from [X](url)"), mlx-lm ("converted to MLX format from [X](url)"), llama.cpp quantizers ("Original model:
# url"), and the same said by hand ("obtained by finetuning [X](url)", "a LoRA model of url", "[X](url) as
# the base model"). One link right after the phrase; read only when the front matter states no base_model.
_SOURCE_BEFORE = lazy_compile(
    r"(?P<phrase>original model|fine-?tuned version of|fine-?tuned from|fine-?tuning|trained from|"
    r"converted to [\w .-]{1,20} format from|quantizations? of|(?:lora|adapter)(?: model| adapter)? (?:of|for|on))"
    r"[ \t]*:?[ \t]*(?:the[ \t]+)?" + _HF_LINK,
    re.IGNORECASE,
)
_SOURCE_AFTER = lazy_compile(_HF_LINK + r"[ \t]+as[ \t]+(?:the|its|our)[ \t]+base[ \t]+model", re.IGNORECASE)


def is_model_folder(directory: Path, root: Path) -> bool:
    config = _read_json(directory / "config.json", root)[0]
    if isinstance(config, dict) and (config.get("model_type") or config.get("architectures")):
        return True
    if _inside_file(directory / "adapter_config.json", root):
        return True
    card = read_card(directory, root)[0]
    return card is not None


def read_folder(directory: Path, root: Path, rel: str) -> dict[str, Any]:
    """The folder meta: {path, config, adapter, card, license_files, files_read, issues}."""
    issues: list[dict[str, Any]] = []
    files_read: list[str] = []
    prefix = f"{rel}/" if rel not in ("", ".") else ""

    config_data, problem = _read_json(directory / "config.json", root)
    config = None
    if problem:
        issues.append({"path": prefix + "config.json", **problem})
    if isinstance(config_data, dict):
        files_read.append("config.json")
        config = _config_facts(config_data)

    adapter_data, problem = _read_json(directory / "adapter_config.json", root)
    adapter = None
    if problem:
        issues.append({"path": prefix + "adapter_config.json", **problem})
    if isinstance(adapter_data, dict):
        files_read.append("adapter_config.json")
        adapter = {
            "base_model": _str(adapter_data.get("base_model_name_or_path")),
            "peft_type": _str(adapter_data.get("peft_type")),
        }

    card, card_name, problem = read_card(directory, root)
    if problem:
        issues.append({"path": prefix + (card_name or "README.md"), **problem})
    if card is not None and card_name:
        files_read.append(card_name)

    license_files = []
    fingerprints = None
    for path in _license_files(directory, root):
        if fingerprints is None:
            fingerprints = load_fingerprints()
        try:
            with path.open("rb") as f:
                text = f.read(MAX_TEXT).decode("utf-8", errors="replace")
        except OSError:
            continue
        match = identify(text, fingerprints)
        files_read.append(path.name)
        license_files.append(
            {"file": path.name, "license": match.license_id, "matched": match.matched, "note": match.note}
        )
    return {
        "path": rel or ".",
        "config": config,
        "adapter": adapter,
        "card": card,
        "license_files": license_files,
        "files_read": files_read,
        "issues": issues,
    }


def read_card(directory: Path, root: Path) -> tuple[dict[str, Any] | None, str | None, dict[str, Any] | None]:
    """(model-card facts, file name, problem) from the README front matter; None when it is no model card."""
    for name in CARD_NAMES:
        path = directory / name
        if not _inside_file(path, root):
            continue
        try:
            with path.open("rb") as f:
                text = f.read(MAX_CARD).decode("utf-8", errors="replace")
        except OSError:
            return None, name, None
        return _card_facts(text, name)
    return None, None, None


def _card_facts(text: str, name: str) -> tuple[dict[str, Any] | None, str, dict[str, Any] | None]:
    import yaml

    from scanner.yamlutil import safe_load

    if text.startswith("\ufeff"):
        text = text[1:]
    match = FRONT_MATTER.match(text)
    if not match:
        return None, name, None
    try:
        data = safe_load(match.group(2))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the opening '---'
        return None, name, {"line": line, "message": f"model card front matter is not valid YAML: {_problem(exc)}"}
    if not isinstance(data, dict):
        return None, name, None
    if "sdk" in data or not any(k in data for k in CARD_KEYS):
        return None, name, None  # a Space's README, or front matter that says nothing about the weights
    facts = card_facts(data)
    facts.update(card_text_facts(text[match.end() : match.end() + MAX_BODY]))
    return facts, name, None


def card_text_facts(body: str) -> dict[str, Any]:
    """What the card's text says besides its front matter: its title (the first `# ` heading) and the
    models it names as its source, in the phrasing of card generators and quantizers: [(url, phrase)]."""
    title = _TITLE.search(body)
    sources: list[dict[str, Any]] = []
    for pattern in (_SOURCE_BEFORE, _SOURCE_AFTER):
        for found in pattern.finditer(body):
            url = found.group("u1") or found.group("u2")
            phrase = found.groupdict().get("phrase") or "as the base model"
            sources.append({"url": url, "phrase": " ".join(phrase.lower().split()), "at": found.start()})
            break  # the first statement of each kind; later ones quote other models (benchmarks, merges)
    sources.sort(key=lambda s: int(s["at"]))
    return {"title": title.group("title").strip() if title else None, "text_sources": sources}


def card_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The model-card fields that matter, normalised, from front matter (or the Hub's cardData)."""
    base = data.get("base_model")
    if isinstance(base, str):
        bases = [base]
    else:
        bases = [b for b in base if isinstance(b, str)] if isinstance(base, list) else []
    license_value = data.get("license")
    if isinstance(license_value, list):  # some cards list several; keep the first, note the rest
        license_value = license_value[0] if license_value else None
    tags = data.get("tags")
    return {
        "license": _str(license_value),
        "license_name": _str(data.get("license_name")),
        "license_link": _str(data.get("license_link")),
        "base_model": [b.strip() for b in bases if b.strip()],
        "base_model_relation": _str(data.get("base_model_relation")),
        "tags": [str(t) for t in tags if isinstance(t, (str, int, float))] if isinstance(tags, list) else [],
        "model_name": _str(data.get("model_name")),
        "quantized_by": _str(data.get("quantized_by")),  # quantizers' cards (bartowski, unsloth) say who
    }


def config_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The config.json fields that matter: model_type, architectures, auto_map (custom code), quantization."""
    return _config_facts(data)


def _config_facts(data: dict[str, Any]) -> dict[str, Any]:
    architectures = data.get("architectures")
    auto_map = data.get("auto_map")
    custom: list[str] = []
    if isinstance(auto_map, dict):
        for value in auto_map.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    custom.append(item)
    quant = data.get("quantization_config")
    quantization = (_str(quant.get("quant_method")) or "yes") if isinstance(quant, dict) else None
    name_or_path = _str(data.get("_name_or_path"))
    return {
        "model_type": _str(data.get("model_type")),
        "architectures": [a for a in architectures if isinstance(a, str)] if isinstance(architectures, list) else [],
        "auto_map": custom,
        "name_or_path": name_or_path,
        "quantization": quantization,
    }


def _read_json(path: Path, root: Path) -> tuple[Any, dict[str, Any] | None]:
    if not _inside_file(path, root):
        return None, None
    try:
        if path.stat().st_size > MAX_CONFIG:
            return None, {"line": None, "message": f"larger than {MAX_CONFIG:,} bytes; not read"}
        raw = path.read_bytes()
    except OSError as exc:
        return None, {"line": None, "message": f"unreadable: {exc.strerror or exc}"}
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return json.loads(raw.decode("utf-8")), None
    except UnicodeDecodeError:
        return None, {"line": None, "message": "not valid UTF-8"}
    except json.JSONDecodeError as exc:
        return None, {"line": exc.lineno, "message": f"invalid JSON: {exc.msg}"}
    except RecursionError:
        return None, {"line": None, "message": "invalid JSON: nested too deeply"}


def _license_files(directory: Path, root: Path) -> list[Path]:
    try:
        names = sorted(p.name for p in directory.iterdir())
    except OSError:
        return []
    return [
        directory / n
        for n in names
        if LICENSE_NAME.match(n) and not n.lower().endswith((".py", ".json")) and _inside_file(directory / n, root)
    ]


def _inside_file(path: Path, root: Path) -> bool:
    """path is a regular file (after symlinks) inside root."""
    try:
        if not path.is_file():
            return False
        target = path.resolve(strict=True)
        target.relative_to(root.resolve())
        return True
    except (OSError, ValueError, RuntimeError):
        return False


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _problem(exc: Exception) -> str:
    return str(getattr(exc, "problem", None) or exc).splitlines()[0]
