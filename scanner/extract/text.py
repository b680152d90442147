"""Line scan of any text file: known-org ids, hub URLs, known API hosts, and `key = "value"` slots.

This is also the fallback for files whose parser failed, so nothing in them is silently dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from scanner.extract.base import (
    Collector,
    Recognizer,
    model_keys,
    named_value,
    read_group,
    registry_name,
    scan_line_text,
    slot_model_id,
    talks_to_ollama,
)
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult

if TYPE_CHECKING:
    from scanner.extract.prefilter import LineFocus

# key = "value" / key: value / --key value / KEY=value, where key names a model; only a flag takes its value
# after a space: `LLM tool/function calling` is prose (the key starts where a word starts: tried from inside a
# long word, it is quadratic in the word)
_SLOT = lazy_compile(
    r"""(?<![\w-])(?P<key>-{1,2}[A-Za-z_][\w-]*(?:\s*=\s*|\s+)|[A-Za-z_][\w-]*["']?\s*[=:]\s*)"""
    r"""(?P<q>["']?)(?P<value>[^\s"',;)}\]]+)(?P=q)"""
)


@lru_cache(maxsize=4)
def _call_slot(calls: tuple[str, ...]) -> re.Pattern[str]:
    """The first literal argument of a loader call the rules name for line scans (`from_pretrained("org/name")`)."""
    names = "|".join(re.escape(name) for name in calls) or "(?!)"
    return re.compile(rf"""(?:{names})\(\s*["'](?P<value>[^"']+)["']""")


def extract_text(
    text: str, path: str, recognizer: Recognizer, *, in_docs: bool = False, focus: LineFocus | None = None
) -> ExtractResult:
    """focus: the lines that hold a prefilter word; no other line can hold a reference (see LineFocus)."""
    collector = Collector(path, "text", in_docs=in_docs)
    collector.ollama_hint = not in_docs and talks_to_ollama(recognizer, text)
    line_scan(collector, recognizer, text, focus)
    if collector.references and not in_docs:  # a file naming models may list more of them
        read_lists_and_maps(collector, recognizer, text)
    return collector.result()


def read_lists_and_maps(collector: Collector, recognizer: Recognizer, text: str) -> None:
    """The quoted lists of a file no parser reads (`quoted_lists`) as groups, and its mappings keyed by
    quoted names (a Go `map[string]int{"gpt-4": 8192, ...}`, a JavaScript object of context windows) by
    their keys: in a mapping keyed mostly by model names, the other names with a digit are models too."""
    for members in quoted_lists(text):
        read_group(collector, recognizer, members)
    for keys in quoted_keys(text):
        roles = model_keys(recognizer, [key for key, _, _ in keys])
        for key, line, column in keys:
            mid = registry_name(recognizer, key) if roles.get(key) else None
            if mid is not None:
                collector.add_model(mid, line, column, key)


# `"claude-2.1": 200000,` / `'gpt-4': {`: a line that opens with a quoted key of a mapping
_KEY_LINE = lazy_compile(r"""^\s*(["'])([^"'\\\s]{1,200})\1\s*:(?!:)""")


def quoted_keys(text: str) -> list[list[tuple[str, int, int]]]:
    """The keys of the mappings written one entry a line in a file no parser read: each run of lines that
    open with a quoted key is one mapping (a nested mapping's lines end the run). (key, line, column) each."""
    groups: list[list[tuple[str, int, int]]] = []
    block: list[tuple[str, int, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = _KEY_LINE.match(line) if len(line) <= LINE_PIECE else None
        if m is not None:
            block.append((m.group(2), number, m.start(2) + 1))
            continue
        if len(block) >= 2:
            groups.append(block)
        block = []
    if len(block) >= 2:
        groups.append(block)
    return groups


# a quoted string of one token (up to 200 characters), and a line that holds only such strings separated by
# commas (a list written one or several items a line, its comment after it)
_LIST_ITEM = lazy_compile(r"""(["'])([^"'\\\s]{1,200})\1""")
_LIST_RUN = lazy_compile(r"""(["'])[^"'\\\s]{1,200}\1(?:\s*,\s*(["'])[^"'\\\s]{1,200}\2)+""")
_LIST_LINE = lazy_compile(r"""^\s*(?:(["'])[^"'\\\s]{1,200}\1\s*,\s*)*(["'])[^"'\\\s]{1,200}\2\s*,?\s*(?://.*|#.*)?$""")


_COMMENT_STARTS = ("//", "#", "/*", "*", "<!--", "--", ";")
# a comment after code: `//` or ` #` outside a URL (`https://`) and before any quote that follows it
_TRAILING_COMMENT = lazy_compile(r"""(?<![:"'\w])//|\s#\s""")


def quoted_lists(text: str) -> list[list[tuple[str, int, int, bool]]]:
    """The lists of quoted strings of a file no parser read (a Go `[]string{...}`, a Java `List.of(...)`, a
    Rust `vec![...]`), as groups for `read_group`: a run of lines holding only quoted items, or two or more
    items separated by commas within one line. (value, line, column, free) each."""
    groups: list[list[tuple[str, int, int, bool]]] = []
    block: list[tuple[str, int, int, bool]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if ('"' not in line and "'" not in line) or len(line) > LINE_PIECE:
            if len(block) >= 2:
                groups.append(block)
            block = []
            continue
        comment = _TRAILING_COMMENT.search(line)  # `f(); // "a", "b"`: what follows is a comment
        end = comment.start() if comment else len(line)
        if _LIST_LINE.match(line):
            block.extend((m.group(2), number, m.start(2) + 1, True) for m in _LIST_ITEM.finditer(line, 0, end))
            continue
        if len(block) >= 2:
            groups.append(block)
        block = []
        if line.lstrip().startswith(_COMMENT_STARTS):
            continue
        for run in _LIST_RUN.finditer(line, 0, end):  # `var Models = []string{"a", "b"}` on one line
            groups.append(
                [(m.group(2), number, run.start() + m.start(2) + 1, True) for m in _LIST_ITEM.finditer(run.group(0))]
            )
    if len(block) >= 2:
        groups.append(block)
    return groups


def line_scan(collector: Collector, recognizer: Recognizer, text: str, focus: LineFocus | None = None) -> None:
    lines = text.splitlines()
    numbers = range(1, len(lines) + 1) if focus is None else [n for n in focus.lines if n <= len(lines)]
    for number in numbers:
        line = lines[number - 1]
        for start in range(0, max(len(line), 1), LINE_PIECE):  # a minified line is read piece by piece
            piece = line[start : start + LINE_PIECE + PIECE_OVERLAP]
            before = len(collector.references)
            scan_line_text(collector, recognizer, piece, number, start + 1, quoted=True)
            scan_quoted_names(collector, recognizer, piece, number, start)
            scan_line_slots(collector, recognizer, piece, number, start)
            if len(collector.references) > before:
                _mark_prose_values(collector, recognizer, line, before)
                _drop_alias_keys(collector, line, before)
                _drop_name_tests(collector, recognizer, line, before)


# long lines (minified bundles, one-line JSON) are read in pieces that overlap by more than any reference is long
LINE_PIECE = 4000
PIECE_OVERLAP = 400


# `KEY = "` or `KEY: "` right before a value (a Rust attribute's example = "...", a Go struct tag)
_KEY_BEFORE = lazy_compile(r"""(?<!\w)([A-Za-z_][\w-]*)["']?\s*[:=]\s*(?:json\s*!\s*\(\s*\[\s*)?["'`]?$""")


def _mark_prose_values(collector: Collector, recognizer: Recognizer, line: str, start: int) -> None:
    """References of this line (from collector.references[start:]) written as the value of a prose key
    (`#[schema(example = "org/name")]`) are mentions."""
    for i in range(start, len(collector.references)):
        ref = collector.references[i]
        m = _KEY_BEFORE.search(line, 0, max(ref.column - 1, 0))
        if m and recognizer.is_prose_key(m.group(1)):
            collector.references[i] = ref._replace(mention=True)


# a call's first or second argument right before a quoted value: `strings.HasPrefix(name, "` / `.startsWith("`
# (receiver, call, first argument): `name.startsWith("` / `strings.HasPrefix(name, "` / `slices.Contains(models, "`
_CALL_ARGUMENT_BEFORE = lazy_compile(r"""(?:(\w+)(?:\(\))?\.)?([A-Za-z_]\w*)\s*\(\s*(?:([\w.\[\]()]+)\s*,\s*)?["'`]$""")


def _drop_name_tests(collector: Collector, recognizer: Recognizer, line: str, start: int) -> None:
    """References of this line (collector.references[start:]) that are an argument of a call testing a name's
    prefix or part (`strings.HasPrefix(name, "gpt-4")`) are patterns of names, not references: dropped."""
    kept = []
    for ref in collector.references[start:]:
        m = _CALL_ARGUMENT_BEFORE.search(line, 0, max(ref.column - 1, 0))
        if m is None or not recognizer.is_name_test_call(m.group(2), m.group(3) or m.group(1) or ""):
            kept.append(ref)
    if len(kept) < len(collector.references) - start:
        collector.references[start:] = kept


# `"short-name" = "hf://org/name"`: a key naming the model its value is (an alias table, a shortnames file)
_ALIAS_LINE = lazy_compile(
    r"""^\s*["']?[\w.:/-]+["']?\s*=\s*["']?(?:hf|huggingface|ollama|ms|modelscope|oci|https?)://"""
)


def _drop_alias_keys(collector: Collector, line: str, start: int) -> None:
    """On a line that names a model by a URL after `=`, what the key before it names is that model's alias,
    not a second reference: the references of collector.references[start:] left of the `=` are dropped."""
    if "=" not in line or _ALIAS_LINE.match(line) is None:
        return
    key_end = line.index("=") + 1
    kept = [r for r in collector.references[start:] if r.column > key_end]
    if len(kept) < len(collector.references) - start:
        collector.references[start:] = kept


# a quoted string of one word: `"qwen-max"`, `'gpt-4o-mini'`
_QUOTED_WORD = lazy_compile(r"""(["'`])([A-Za-z0-9@][\w.:/-]{1,99})\1""")


def scan_quoted_names(collector: Collector, recognizer: Recognizer, line: str, number: int, offset: int = 0) -> None:
    """Catalogued hosted names and org-less ids written as a whole quoted string on a line of code no parser
    read (Go, Rust, Java, a page): `"qwen-max"` is a value there, as it is in a parsed file."""
    if '"' not in line and "'" not in line and "`" not in line:
        return
    for m in _QUOTED_WORD.finditer(line):
        value = m.group(2)
        mid = named_value(collector, recognizer, value)
        if mid is not None:
            collector.add_model(mid, number, offset + m.start(2) + 1, value)


def scan_line_slots(collector: Collector, recognizer: Recognizer, line: str, number: int, offset: int = 0) -> None:
    """Values of model-named keys and flags, and literal arguments of well-known loader calls."""
    for m in _call_slot(recognizer.text_calls).finditer(line):
        mid = recognizer.model_id(m.group("value"), in_slot=True)
        if mid is not None:
            collector.add_model(mid, number, offset + m.start("value") + 1, m.group("value"))
    for m in _SLOT.finditer(line):
        key = m.group("key").lstrip("-").rstrip("=: \t\"'")
        if not recognizer.is_model_key(key):
            continue
        value = m.group("value")
        # `model=gpt-4o` (a properties file), `model: llama3.2` where the file talks to Ollama: what a slot takes
        mid = slot_model_id(recognizer, value, ollama_hint=collector.ollama_hint, api_hint=collector.api_hint)
        if mid is not None:
            collector.add_model(mid, number, offset + m.start("value") + 1, value)
