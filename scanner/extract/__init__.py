"""Extraction: one module per file kind, each a pure function of (text, path, recognizer)."""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.extract.base import Recognizer
from scanner.extract.python import extract_python
from scanner.extract.requirements import extract_requirements
from scanner.extract.structured import extract_json, extract_toml, extract_yaml
from scanner.extract.text import extract_text
from scanner.records import ExtractResult, ParseIssue

Extractor = Callable[[str, str, Recognizer], ExtractResult]

DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".adoc", ".txt.md"})
_REQUIREMENTS_NAME = re.compile(r"^(requirements|constraints)[\w.-]*\.(txt|in)$|\.requirements\.txt$", re.I)


def extractor_for(name: str) -> Extractor:
    """The extractor for a file name (the base name, any case)."""
    lowered = name.lower()
    suffix = lowered[lowered.rfind(".") :] if "." in lowered else ""
    if suffix in (".py", ".pyw", ".pyi"):
        return extract_python
    if suffix in (".yaml", ".yml"):
        return extract_yaml
    if suffix in (".json", ".jsonc") and suffix != ".ipynb":
        return extract_json
    if suffix == ".toml":
        return extract_toml
    if _REQUIREMENTS_NAME.search(lowered):
        return extract_requirements
    return extract_text


def is_doc(name: str) -> bool:
    lowered = name.lower()
    return any(lowered.endswith(s) for s in DOC_SUFFIXES)


def decode(data: bytes, path: str) -> tuple[str, ParseIssue | None]:
    """Text of a file; undecodable bytes are replaced and reported, never silently dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        issue = ParseIssue(path, line, "not valid UTF-8", fallback="scanned with undecodable bytes replaced")
        return data.decode("utf-8", errors="replace"), issue


def extract_file(data: bytes, path: str, recognizer: Recognizer, *, in_docs: bool = False) -> ExtractResult:
    text, issue = decode(data, path)
    name = path.rsplit("/", 1)[-1]
    if in_docs:
        result = extract_text(text, path, recognizer, in_docs=True)
    else:
        result = extractor_for(name)(text, path, recognizer)
    if issue is not None:
        return ExtractResult(result.references, (issue, *result.issues))
    return result
