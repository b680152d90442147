"""Jupyter notebooks (.ipynb): code cells through the Python extractor, `!` and `%%bash` lines through
the shell extractor, each reference at its line in the .ipynb file as stored.

The notebook JSON is walked by a small parser that records where each string starts in the raw text,
so a cell's source line maps back to the raw line that holds it (nbformat writes one JSON string per
source line; a minified notebook puts a whole cell on one raw line, and all its lines map there).
Outputs and markdown cells are not dependencies and are not read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from scanner.extract.base import Collector, Recognizer, scan_line_text
from scanner.extract.python import extract_python
from scanner.extract.shell import scan_shell_lines
from scanner.extract.text import line_scan
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult

_WS = lazy_compile(r"[ \t\n\r]*")
_NUMBER = lazy_compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_MAGIC = lazy_compile(r"^(\s*)(?:[A-Za-z_][\w.]*\s*=\s*)?(!!?|%(?!%))(.*)$")
SHELL_CELL_MAGICS = frozenset({"bash", "sh", "script", "system"})
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "pypy"})
MAX_DEPTH = 64


class NotebookError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Located:
    """A JSON string and the offset of its opening quote in the raw text."""

    value: str
    offset: int


def extract_notebook(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "notebook")
    try:
        doc = _located_by_search(text) or _Parser(text).document()
    except (NotebookError, RecursionError) as exc:
        offset = exc.offset if isinstance(exc, NotebookError) else 0
        collector.issue(text.count("\n", 0, offset) + 1, f"notebook is not valid JSON: {exc}", "line scan")
        line_scan(collector, recognizer, text)
        return collector.result()
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        collector.issue(1, "not a Jupyter notebook (no 'cells' list)", "line scan")
        line_scan(collector, recognizer, text)
        return collector.result()
    python = _language(doc) in ("python", "python3", "ipython", "")
    counter = _LineCounter(text)
    for cell in doc["cells"]:
        kind = _plain(cell.get("cell_type")) if isinstance(cell, dict) else None
        if kind not in ("code", "markdown"):
            continue
        lines = _cell_lines(text, cell.get("source"), counter)
        if not lines:
            continue
        if kind == "markdown":  # prose: what it names is a mention, never a dependency
            for line_text, number, column in lines:
                scan_line_text(collector, recognizer, line_text, number, column, mention=True)
        elif python:
            _python_cell(collector, recognizer, lines)
        else:
            for line_text, number, column in lines:
                line_scan_one(collector, recognizer, line_text, number, column)
    return collector.result()


def _located_by_search(text: str) -> dict[str, Any] | None:
    """The notebook parsed by the C decoder, each cell's source strings then found in the raw text after
    the cell's "source" key (cells come in document order) and checked to decode to the same string: a
    fraction of the pure-Python parser's cost on a notebook with large outputs. None when anything does
    not line up (a string written with escapes we do not rebuild, a key out of place): the exact parser
    (_Parser) reads it then, and reports where JSON that does not parse goes wrong."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        return None
    cursor = 0
    for cell in doc["cells"]:
        if not isinstance(cell, dict) or "source" not in cell:
            continue
        key = _SOURCE_KEY.search(text, cursor)
        if key is None:
            return None
        cursor = key.end()
        source = cell["source"]
        located: list[Any] = []
        for part in source if isinstance(source, list) else [source]:
            if not isinstance(part, str):
                located.append(part)
                continue
            at = _find_string(text, part, cursor)
            if at < 0:
                return None
            located.append(Located(part, at))
            cursor = at + 1
        cell["source"] = located if isinstance(source, list) else located[0]
    return doc


_SOURCE_KEY = lazy_compile(r'"source"\s*:')


def _find_string(text: str, value: str, start: int) -> int:
    """Offset of the opening quote of the JSON string that decodes to value, at or after start; -1."""
    for ascii_only in (False, True):
        quoted = json.dumps(value, ensure_ascii=ascii_only)
        at = text.find(quoted, start)
        if at >= 0 and scanstring(text, at + 1, True)[0] == value:
            return at
    return -1


def line_scan_one(collector: Collector, recognizer: Recognizer, text: str, number: int, column: int) -> None:
    from scanner.extract.text import scan_line_slots

    scan_line_text(collector, recognizer, text, number, column)
    scan_line_slots(collector, recognizer, text, number)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Located) else value


def _language(doc: dict[str, Any]) -> str:
    metadata = _plain(doc.get("metadata"))
    if not isinstance(metadata, dict):
        return ""
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        section = metadata.get(key)
        if isinstance(section, dict):
            value = _plain(section.get(field))
            if isinstance(value, str):
                return value.lower()
    return ""


class _LineCounter:
    """Line numbers of ascending offsets, newlines counted once over the file (cells come in document
    order: counting from the start for each source line was quadratic in a notebook's size)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def line_of(self, offset: int) -> int:
        if offset < self.offset:  # not ascending after all: count again from the start
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _cell_lines(text: str, source: Any, counter: _LineCounter) -> list[tuple[str, int, int]]:
    """(cell line, raw line number, raw column of the line's first character)."""
    parts = source if isinstance(source, list) else [source]
    out: list[tuple[str, int, int]] = []
    carry = ""  # a cell line split over two JSON strings
    carry_at: tuple[int, int] | None = None
    for part in parts:
        if not isinstance(part, Located):
            continue
        raw_line = counter.line_of(part.offset)
        raw_column = part.offset - (text.rfind("\n", 0, part.offset) + 1) + 2  # after the quote
        pieces = part.value.split("\n")
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            where = carry_at or (raw_line, raw_column if index == 0 else 1)
            if last:
                if piece:
                    carry, carry_at = carry + piece, where
                continue
            out.append((carry + piece, where[0], where[1]))
            carry, carry_at = "", None
    if carry and carry_at:
        out.append((carry, carry_at[0], carry_at[1]))
    return out


def _python_cell(collector: Collector, recognizer: Recognizer, lines: list[tuple[str, int, int]]) -> None:
    """Magics out (shell lines to the shell extractor), then the cell through the Python extractor."""
    first = lines[0][0].strip()
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        body = lines[1:]
        if magic in SHELL_CELL_MAGICS:
            scan_shell_lines(collector, recognizer, body)
            return
        if magic == "writefile":
            target = first.split()[-1]
            _writefile(collector, recognizer, target, body)
            return
        if magic not in PYTHON_CELL_MAGICS:
            for line_text, number, column in body:
                line_scan_one(collector, recognizer, line_text, number, column)
            return
        lines = [("", lines[0][1], 1), *body]
    code: list[str] = []
    shell: list[tuple[str, int, int]] = []
    for line_text, number, column in lines:
        m = _MAGIC.match(line_text)
        if m:
            if m.group(2).startswith("!") or re.match(r"(pip|conda|uv)\b", m.group(3)):
                shell.append((m.group(3), number, column + m.start(3)))
            code.append(f"{m.group(1)}pass")
            continue
        code.append(line_text)
    line_map = [number for _, number, _ in lines]
    starts: dict[int, int] = {}
    for _, number, column in lines:
        starts.setdefault(number, column)
    result = extract_python("\n".join(code) + "\n", collector.path, recognizer, line_map=line_map)
    for ref in result.references:
        collector.add(
            ref.id,
            ref.ref_type,
            ref.line,
            ref.column + starts.get(ref.line, 1) - 1,
            ref.raw,
            trust_remote_code=ref.trust_remote_code,
            revision=ref.revision,
            version_spec=ref.version_spec,
        )
    collector.issues.extend(result.issues)
    scan_shell_lines(collector, recognizer, shell)


def _writefile(collector: Collector, recognizer: Recognizer, target: str, body: list[tuple[str, int, int]]) -> None:
    """%%writefile x: the cell is that file; scan it as its kind, at the notebook's lines."""
    from scanner.extract import extractor_for

    name = target.rsplit("/", 1)[-1]
    extractor = extractor_for(name)
    result = extractor("\n".join(t for t, _, _ in body) + "\n", collector.path, recognizer)
    for ref in result.references:
        if 1 <= ref.line <= len(body):
            collector.add(ref.id, ref.ref_type, body[ref.line - 1][1], ref.column, ref.raw)


class _Parser:
    """JSON with the offset of every string; objects are dicts of plain keys to values."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def document(self) -> Any:
        value = self.value(0)
        self.skip()
        if self.at != len(self.text):
            raise NotebookError("extra data after the notebook", self.at)
        return value

    def skip(self) -> None:
        m = _WS.match(self.text, self.at)
        self.at = m.end() if m else self.at

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise NotebookError("nested too deeply", self.at)
        self.skip()
        text, at = self.text, self.at
        if at >= len(text):
            raise NotebookError("unexpected end of file", at)
        c = text[at]
        if c == '"':
            try:
                value, end = scanstring(text, at + 1, True)
            except ValueError as exc:
                raise NotebookError(str(exc), at) from None
            self.at = end
            return Located(value, at)
        if c == "{":
            self.at += 1
            obj: dict[str, Any] = {}
            self.skip()
            if text.startswith("}", self.at):
                self.at += 1
                return obj
            while True:
                self.skip()
                key = self.value(depth + 1)
                if not isinstance(key, Located):
                    raise NotebookError("expected a string key", self.at)
                self.skip()
                if not text.startswith(":", self.at):
                    raise NotebookError("expected ':'", self.at)
                self.at += 1
                obj[key.value] = self.value(depth + 1)
                self.skip()
                if text.startswith(",", self.at):
                    self.at += 1
                    continue
                if text.startswith("}", self.at):
                    self.at += 1
                    return obj
                raise NotebookError("expected ',' or '}'", self.at)
        if c == "[":
            self.at += 1
            items: list[Any] = []
            self.skip()
            if text.startswith("]", self.at):
                self.at += 1
                return items
            while True:
                items.append(self.value(depth + 1))
                self.skip()
                if text.startswith(",", self.at):
                    self.at += 1
                    continue
                if text.startswith("]", self.at):
                    self.at += 1
                    return items
                raise NotebookError("expected ',' or ']'", self.at)
        for literal, result in (("true", True), ("false", False), ("null", None)):
            if text.startswith(literal, at):
                self.at += len(literal)
                return result
        m = _NUMBER.match(text, at)
        if m and m.end() > at:
            self.at = m.end()
            return json.loads(m.group(0))
        raise NotebookError(f"unexpected character {c!r}", at)
