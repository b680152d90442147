"""Find, read, validate and layer rules files.

The bundled rules (and policy profiles) are validated by the test suite; at run time they are read
from a compiled JSON form keyed by their SHA-256 (made on first use), so a scan neither imports
PyYAML for them nor imports jsonschema. A user rules file (--rules) is validated at run time, since
it may be wrong.

Finding that compiled form by hashing half a megabyte of YAML, and loading OpenSSL to do it, was a
tenth of a pre-commit run. A run therefore first looks the files up by what `stat` says of them (see
read_compiled): the SHA-256 is computed once per change of the files, not once per run.
"""

from __future__ import annotations

import json
import marshal
import os
import time
import zlib
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from scanner.errors import UserError
from scanner.lazyregex import prefix_algorithm, prefix_table, remember_prefixes
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
    import hashlib  # OpenSSL's, fast on the megabytes of a changed rules set; only when they changed

    h = hashlib.sha256()
    for name, data in named_texts:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of a small input (a finding's fingerprint, the policy in force), in hex.

    By CPython's own implementation where it has one (_sha2 since 3.12, _sha256 before): hashlib's
    would load OpenSSL, a few milliseconds of a pre-commit run, to hash a few hundred bytes. The same
    digest either way."""
    return _small_sha256()(data).hexdigest()  # type: ignore[no-any-return]


def _small_sha256() -> Any:
    global _SHA256
    if _SHA256 is None:
        for module in ("_sha2", "_sha256"):
            try:
                _SHA256 = import_module(module).sha256
                break
            except (ImportError, AttributeError):
                continue
        else:  # a Python built without its own hashes
            import hashlib

            _SHA256 = hashlib.sha256
    return _SHA256


_SHA256: Any = None  # the constructor _small_sha256 found (a function, set once)


def cached_json(kind: str, named_texts: list[tuple[str, bytes]], compute: Callable[[], Any]) -> tuple[Any, str]:
    """compute(), through a JSON file in the cache folder keyed by the SHA-256 of what it is made from.

    named_texts: (name, content) of every input; a change to any of them makes a new cache file. The
    cache is made on first use; a read-only home only costs the computation. Returns the value (as
    JSON gives it back: the first run sees what every later run reads) and the digest.
    """
    value, digest, _raw = _cached_json(kind, _digest(named_texts), compute, None)
    return value, digest


def _cached_json(kind: str, digest: str, compute: Callable[[], Any], crc: int | None) -> tuple[Any, str, bytes]:
    """(value, digest, the cache file's bytes). crc: the CRC-32 the cache file must have, when known
    (a file that does not match it is made again)."""
    cache = cache_dir() / f"{kind}-{digest}.json"
    try:
        raw = cache.read_bytes()
        if crc is None or zlib.crc32(raw) == crc:
            return json.loads(raw), digest, raw
    except (OSError, ValueError):
        pass
    text = json.dumps(compute(), separators=(",", ":"), default=str)
    _write_cache(cache, text)
    return json.loads(text), digest, text.encode("utf-8")


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
    (see cached_json): PyYAML is imported only the first time. Returns the value and the digest.

    The digest is looked up first in an index of what `stat` said of the files when it was computed
    (see _known): while no file has changed, a run reads neither the files nor hashes them, and takes
    the value from the index itself, in marshal form (half the time of JSON; what the JSON file gives
    back, as CPython's own bytecode cache is trusted by the size and time of its source). An index
    that does not parse, or whose payload does not have the CRC-32 it records, is not trusted; nor is a
    compiled JSON file whose CRC-32 differs from the one the index records: both are made again.
    """
    stats = _stats(files)  # before reading: a file changed while being read no longer matches them
    index = _index_path(kind, files)
    known = _known(index, stats) if stats is not None else None
    if known is not None and known[2] is not None:
        return known[2], known[0]
    blobs = [(f.name, f.read_bytes()) for f in files]

    def compile_files() -> Any:
        from scanner.yamlutil import load_yaml

        return compile_docs(
            [load_yaml(data.decode("utf-8"), str(f)) for f, (_, data) in zip(files, blobs, strict=True)]
        )

    digest = _digest(blobs)
    vouched = known[1] if known is not None and known[0] == digest else None
    value, digest, raw = _cached_json(kind, digest, compile_files, vouched)
    if stats is not None:
        _write_index(index, stats, digest, zlib.crc32(raw), value)
    return value, digest


# A file changed within this long of the index being written may still show the size and times the
# index recorded (a filesystem's timestamps are coarse; FAT's are 2 s): its index entry is not trusted,
# and the files are hashed, as git does for a "racily clean" file.
RACY_NS = 3_000_000_000
INDEX_FORMAT = 2


def _stats(files: list[Path]) -> list[list[Any]] | None:
    """What stat says of each file: name, size, modification and change times, inode. A change of
    the content changes the change time (which no user call can set back); None when a file cannot
    be stat'ed (reading it then says why)."""
    try:
        return [[f.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino] for f in files for st in (os.stat(f),)]
    except OSError:
        return None


def _index_path(kind: str, files: list[Path]) -> Path:
    """One index per kind and folder of files (two installations sharing a cache folder keep theirs);
    not named like a compiled file ({kind}-{digest}.json)."""
    folder = os.path.abspath(files[0].parent) if files else ""
    return cache_dir() / f"{kind}.{zlib.crc32(folder.encode('utf-8')):08x}.index"


def _known(index: Path, stats: list[list[Any]]) -> tuple[str, int, Any] | None:
    """(digest, CRC-32 of the compiled JSON file, value or None) the index records for files that stat
    as they did then; the value is None when the index's payload is corrupt. None when there is no
    index, it does not parse, it is of another file set, a file changed since, or changed too close to
    when the index was written to tell (RACY_NS).

    An index is one line of JSON (what stat said, the digest, the CRC-32s), then the value in marshal
    form."""
    try:
        raw = index.read_bytes()
        end = raw.index(b"\n")
        entry = json.loads(raw[:end])
        if entry["format"] != INDEX_FORMAT or entry["files"] != stats:
            return None
        newest = max((max(s[2], s[3]) for s in stats), default=0)
        if newest >= int(entry["written_ns"]) - RACY_NS:
            return None
        digest, json_crc, crc = entry["digest"], entry["json_crc32"], entry["crc32"]
        if not (isinstance(digest, str) and len(digest) == 64 and isinstance(json_crc, int)):
            return None
        payload = memoryview(raw)[end + 1 :]
        value = marshal.loads(payload) if zlib.crc32(payload) == crc else None
        return digest, json_crc, value
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def _write_index(index: Path, stats: list[list[Any]], digest: str, json_crc: int, value: Any) -> None:
    try:
        payload = marshal.dumps(value)
    except ValueError:  # not marshallable: no index, the JSON file serves
        return
    entry = {
        "format": INDEX_FORMAT,
        "files": stats,
        "digest": digest,
        "json_crc32": json_crc,
        "crc32": zlib.crc32(payload),
        "written_ns": time.time_ns(),
    }
    header = json.dumps(entry, separators=(",", ":")).encode("utf-8")
    _write_cache_bytes(index, header + b"\n" + payload)


def _read_bundled() -> tuple[dict[str, Any], str, list[str]]:
    files = bundled_rule_files()
    if not files:
        raise UserError("no bundled rules found; the installation is broken", str(bundled_rules_dir()))
    # the cache is keyed by the files, by how they are merged (a new section must not read an old cache)
    # and by the code that works out the name patterns' prefixes kept with them (see _compile_bundled)
    layout = sha256_hex(repr((SECTIONS, sorted(ENTRY_KEYS.items()), "name_prefixes")).encode())[:12]
    kind = f"rules-{layout}-{prefix_algorithm()}"
    compiled, digest = read_compiled(kind, files, _compile_bundled)
    if isinstance(compiled.get("name_prefixes"), dict):
        remember_prefixes(compiled["name_prefixes"])
    return compiled["rules"], digest, [f.name for f in files]


def _compile_bundled(docs: list[Any]) -> dict[str, Any]:
    """The merged rules, and the literal prefixes of their name patterns: working those out (see
    scanner.lazyregex.NamePattern) costs a pre-commit run milliseconds, so it is done once per rules."""
    from scanner.knowledge.index import Knowledge

    merged = _merge([d or {} for d in docs], overlay=False)
    return {"rules": merged, "name_prefixes": prefix_table(Knowledge(merged).name_pattern_sources())}


def _write_cache(cache: Path, text: str) -> None:
    """Best effort: a read-only home must not break a scan."""
    _write_cache_bytes(cache, text.encode("utf-8"))


def _write_cache_bytes(cache: Path, data: bytes) -> None:
    """Best effort, and whole: written to a temporary file, then renamed over the cache file."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
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
