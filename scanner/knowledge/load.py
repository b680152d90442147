"""Find, read, validate and layer rules files.

The bundled rules (and policy profiles) are validated by the test suite; at run time they are read
from a compiled JSON form keyed by their SHA-256 (made on first use), so a scan neither imports
PyYAML for them nor imports jsonschema. A user rules file (--rules) is validated at run time, since
it may be wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from scanner.errors import UserError
from scanner.records import RulesInfo

SECTIONS: tuple[str, ...] = (
    "labs",
    "redistributors",
    "licenses",
    "models",
    "ollama",
    "listings",
    "endpoints",
    "hosted",
    "vocabulary",
    "sdks",
    "loaders",
    "checks",
)

# Which field identifies an entry, so a user entry replaces the bundled one with the same key.
# Sections without a key (the model catalog) are ordered lists: user entries are put first.
ENTRY_KEYS: dict[str, str | None] = {
    "labs": "id",
    "redistributors": "org",
    "licenses": "id",
    "models": None,
    "ollama": None,
    "listings": "id",
    "endpoints": "host",
    "hosted": "name",
    "vocabulary": "name",
    "sdks": "package",
    "loaders": "id",
    "checks": "id",
}


def bundled_rules_dir() -> Path:
    """rules/ shipped inside the wheel (scanner/_rules), or the source tree's rules/."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_rules"
    if installed.is_dir():
        return installed
    return here.parent / "rules"


def schema_path() -> Path:
    return bundled_rules_dir() / "schema" / "rules.schema.json"


def bundled_rule_files() -> list[Path]:
    return sorted(bundled_rules_dir().glob("*.yaml"))


def cache_dir() -> Path:
    base = os.environ.get("MODELORIGIN_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "modelorigin"


def _digest(named_texts: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in named_texts:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def cached_json(kind: str, named_texts: list[tuple[str, bytes]], compute: Callable[[], Any]) -> tuple[Any, str]:
    """compute(), through a JSON file in the cache folder keyed by the SHA-256 of what it is made from.

    named_texts: (name, content) of every input; a change to any of them makes a new cache file. The
    cache is made on first use; a read-only home only costs the computation. Returns the value (as
    JSON gives it back: the first run sees what every later run reads) and the digest.
    """
    digest = _digest(named_texts)
    cache = cache_dir() / f"{kind}-{digest}.json"
    try:
        return json.loads(cache.read_text(encoding="utf-8")), digest
    except (OSError, ValueError):
        pass
    text = json.dumps(compute(), separators=(",", ":"), default=str)
    _write_cache(cache, text)
    return json.loads(text), digest


def _merge(documents: list[dict[str, Any]], *, overlay: bool) -> dict[str, Any]:
    """Layer documents: later ones replace earlier entries with the same key.

    Ordered sections (the model catalog, first match wins) keep file order for the bundled files;
    an overlay (user rules) puts its entries first so that they take precedence.
    """
    merged: dict[str, Any] = {section: [] for section in SECTIONS}
    meta: dict[str, Any] = {}
    for doc in documents:
        if not meta and doc.get("meta"):
            meta = dict(doc["meta"])
        for section in SECTIONS:
            entries = doc.get(section) or []
            key = ENTRY_KEYS[section]
            if key is None:
                merged[section] = list(entries) + merged[section] if overlay else merged[section] + list(entries)
                continue
            index = {str(e[key]).lower(): i for i, e in enumerate(merged[section])}
            for entry in entries:
                k = str(entry[key]).lower()
                if k in index:
                    merged[section][index[k]] = entry
                else:
                    index[k] = len(merged[section])
                    merged[section].append(entry)
    merged["meta"] = meta
    return merged


def read_compiled(kind: str, files: list[Path], compile_docs: Callable[[list[Any]], Any]) -> tuple[Any, str]:
    """compile_docs(the YAML documents of files), from a JSON cache keyed by the files' SHA-256
    (see cached_json): PyYAML is imported only the first time. Returns the value and the digest."""
    blobs = [(f.name, f.read_bytes()) for f in files]

    def compile_files() -> Any:
        from scanner.yamlutil import load_yaml

        return compile_docs(
            [load_yaml(data.decode("utf-8"), str(f)) for f, (_, data) in zip(files, blobs, strict=True)]
        )

    return cached_json(kind, blobs, compile_files)


def _read_bundled() -> tuple[dict[str, Any], str, list[str]]:
    files = bundled_rule_files()
    if not files:
        raise UserError("no bundled rules found; the installation is broken", str(bundled_rules_dir()))
    # the cache is keyed by the files and by how they are merged: a new section must not read an old cache
    layout = hashlib.sha256(repr((SECTIONS, sorted(ENTRY_KEYS.items()))).encode()).hexdigest()[:12]
    kind = f"rules-{layout}"
    merged, digest = read_compiled(kind, files, lambda docs: _merge([d or {} for d in docs], overlay=False))
    return merged, digest, [f.name for f in files]


def _write_cache(cache: Path, text: str) -> None:
    """Best effort: a read-only home must not break a scan."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass


def validate_document(doc: Any, text: str, path: str) -> None:
    """Validate one rules document against the schema; raise UserError naming file, line, YAML path."""
    import jsonschema  # only when a rules file must be validated

    from scanner.errors import schema_message
    from scanner.yamlutil import format_path, impossible_dates, line_of

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        err = min(errors, key=lambda e: len(list(e.absolute_path)) * -1)
        where = list(err.absolute_path)
        raise UserError(
            f"rules schema violation at {format_path(where)}: {schema_message(err)}", path, line_of(text, where)
        )
    for where, value in impossible_dates(doc):  # a quoted "2024-02-30" passes the schema's pattern
        raise UserError(f"impossible date {value!r} at {format_path(where)}", path, line_of(text, where))
    _check_patterns(doc, text, path)
    _check_attachments(doc, text, path)


def _check_attachments(doc: dict[str, Any], text: str, path: str) -> None:
    """A list of attachments for a list of obligations (attribution, thresholds) has one per item."""
    from scanner.yamlutil import format_path, line_of

    for i, entry in enumerate(doc.get("licenses") or []):
        for field, attached in (entry.get("attaches") or {}).items():
            items = entry.get(field)
            if isinstance(attached, list) and len(attached) != len(items or []):
                where: list[str | int] = ["licenses", i, "attaches", field]
                raise UserError(
                    f"{format_path(where)} has {len(attached)} attachment(s) for {len(items or [])} {field} "
                    "item(s): give one per item, in the same order, or one for all",
                    path,
                    line_of(text, where),
                )


def _check_patterns(doc: dict[str, Any], text: str, path: str) -> None:
    """Regular expressions in the rules must compile; say which one does not."""
    import re

    from scanner.yamlutil import format_path, line_of

    for section, field in (("models", "name"), ("ollama", "tag"), ("hosted", "pattern"), ("vocabulary", "pattern")):
        for i, entry in enumerate(doc.get(section) or []):
            if field in entry:
                try:
                    re.compile(entry[field])
                except re.error as exc:
                    where: list[str | int] = [section, i, field]
                    raise UserError(
                        f"bad regular expression at {format_path(where)}: {exc}", path, line_of(text, where)
                    ) from None
    for i, lab in enumerate(doc.get("labs") or []):
        for j, fam in enumerate(lab.get("families") or []):
            try:
                re.compile(fam["pattern"])
            except re.error as exc:
                where = ["labs", i, "families", j, "pattern"]
                raise UserError(
                    f"bad regular expression at {format_path(where)}: {exc}", path, line_of(text, where)
                ) from None


def read_user_rules(path: Path) -> tuple[dict[str, Any], bytes]:
    from scanner.dates import dates_as_text
    from scanner.yamlutil import load_yaml

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read rules file: {exc.strerror}", str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError("rules file is not UTF-8", str(path)) from None
    doc = load_yaml(text, str(path))
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise UserError("a rules file must be a mapping of sections (labs, licenses, checks, ...)", str(path), 1)
    doc = dates_as_text(doc)  # an unquoted as_of is a date, as the schema means it
    validate_document(doc, text, str(path))
    return doc, data


def load_rules(user_files: Sequence[Path]) -> tuple[dict[str, Any], RulesInfo]:
    """The merged rules (bundled, then each user file in order) and their identity."""
    merged, digest, names = _read_bundled()
    if user_files:
        docs = [merged]
        blobs: list[tuple[str, bytes]] = [("bundled", digest.encode())]
        for f in user_files:
            doc, data = read_user_rules(f)
            docs.append(doc)
            blobs.append((str(f), data))
            names.append(str(f))
        merged = _merge(docs, overlay=True)
        digest = _digest(blobs)
    meta = merged.get("meta") or {}
    info = RulesInfo(
        version=str(meta.get("version", "unknown")),
        sha256=digest,
        as_of=str(meta.get("as_of", "unknown")),
        files=tuple(names),
    )
    return merged, info
