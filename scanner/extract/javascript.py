"""JavaScript and TypeScript: string literals in model slots, SDK imports, known ids and hosts in strings.

Slots: object keys and variables that name a model (`model:`, `modelId:`, `const EMBEDDING_MODEL =`),
and the model argument of well-known calls (transformers.js `pipeline(task, 'Xenova/...')`,
`AutoModel.from_pretrained('...')`, `ollama.pull('...')`). A slot inside an Ollama call
(`ollama.chat({ model: 'qwen2.5:7b' })`, `new ChatOllama({ model })`) takes an Ollama tag.
Comments are not read: a commented-out model is not a dependency. Nothing is executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.extract.base import Collector, Recognizer, is_dataset_key, is_model_key, scan_line_text, slot_model_id
from scanner.records import ExtractResult, RefType

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)
    |(?P<ident>[A-Za-z_$][\w$]*)
    |(?P<punct>[(){}\[\],:=;.?])
    """,
    re.S | re.X,
)
# call name -> index of the argument that names a model
CALL_SLOTS: dict[str, int] = {
    "pipeline": 1,
    "from_pretrained": 0,
    "pull": 0,
    "snapshotDownload": 0,
    "downloadFile": 0,
    "listFiles": 0,
    "modelInfo": 0,
}
IMPORT_CALLS = frozenset({"require", "import"})
MAX_STRING = 2000


@dataclass
class _Frame:
    opener: str
    callee: str  # dotted callee of a call frame ("" for other brackets)
    index: int = 0  # argument index in a call
    key: str | None = None  # the key whose value this object/array is


def extract_javascript(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "javascript")
    stack: list[_Frame] = []
    prev: list[tuple[str, str]] = []  # the last significant tokens: (kind, text)
    line_starts = _line_starts(text)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or ""
        if kind == "comment":
            continue
        value = m.group(kind)
        if kind == "punct":
            if value in "({[":
                callee = _callee(prev) if value == "(" else ""
                key = prev[-2][1] if value in "{[" and len(prev) >= 2 and prev[-1][1] == ":" else None
                if key is None and value in "{[" and stack:
                    key = stack[-1].key if value == "[" else None
                stack.append(_Frame(value, callee, key=key))
            elif value in ")}]" and stack:
                stack.pop()
            elif value == "," and stack and stack[-1].opener == "(":
                stack[-1].index += 1
        elif kind == "string":
            _string(collector, recognizer, text, m.start(), value, prev, stack, line_starts)
        prev.append((kind, value))
        if len(prev) > 8:
            del prev[:4]
    return collector.result()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    import bisect

    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


def _callee(prev: list[tuple[str, str]]) -> str:
    parts: list[str] = []
    k = len(prev) - 1
    while k >= 0 and prev[k][0] == "ident":
        parts.append(prev[k][1])
        if k >= 1 and prev[k - 1][1] == ".":
            k -= 2
            if k >= 0 and prev[k][1] == "?":  # a?.b
                k -= 1
            continue
        break
    return ".".join(reversed(parts))


def _string(
    collector: Collector,
    recognizer: Recognizer,
    text: str,
    offset: int,
    literal: str,
    prev: list[tuple[str, str]],
    stack: list[_Frame],
    starts: list[int],
) -> None:
    value = literal[1:-1]
    if len(value) > MAX_STRING or not value:
        return
    line, column = _position(starts, offset)
    template = literal[0] == "`"
    frame = stack[-1] if stack else None
    ollama = any("ollama" in f.callee.lower() for f in stack)

    # import x from 'pkg' / require('pkg') / import('pkg')
    if (prev and prev[-1] == ("ident", "from")) or (
        frame is not None and frame.opener == "(" and frame.callee in IMPORT_CALLS and frame.index == 0
    ):
        _import(collector, recognizer, value, line, column + 1)
        return
    if prev and prev[-1] == ("ident", "import"):  # import 'pkg' (side effect)
        _import(collector, recognizer, value, line, column + 1)
        return

    slot = False
    key = None
    if len(prev) >= 2 and prev[-1][1] == ":" and prev[-2][0] in ("ident", "string"):
        key = prev[-2][1].strip("'\"`")
    elif len(prev) >= 2 and prev[-1][1] == "=" and prev[-2][0] == "ident":
        key = prev[-2][1]
    elif frame is not None and frame.opener == "[" and frame.key:
        key = frame.key  # models: ['Qwen/...', ...]
    if key is not None:
        if is_dataset_key(key):
            return
        slot = is_model_key(key) or key.lower() in ("models", "model_ids", "modelids")
    if frame is not None and frame.opener == "(" and key is None:
        name = frame.callee.rsplit(".", 1)[-1]
        position = CALL_SLOTS.get(name)
        if position is not None and frame.index == position:
            slot = name != "pull" or ollama

    if slot and not (template and "${" in value):
        mid = slot_model_id(recognizer, value, ollama=ollama or "ollama" in (key or "").lower())
        if mid is not None:
            collector.add_model(mid, line, column + 1, value)
            return
    for number, part in enumerate(value.split("\n")):
        scan_line_text(collector, recognizer, part, line + number, column + 1 if number == 0 else 1)


def _import(collector: Collector, recognizer: Recognizer, module: str, line: int, column: int) -> None:
    if module.startswith((".", "/")):
        return
    parts = module.split("/")
    package = "/".join(parts[:2]) if module.startswith("@") else parts[0]
    package = package.lower()
    if package in recognizer.sdk_packages:
        collector.add(package, RefType.SDK_PACKAGE, line, column, module)
        return
    imported = recognizer.sdk_imports.get(package) or recognizer.sdk_imports.get(module)
    if imported:
        collector.add(imported, RefType.SDK_PACKAGE, line, column, module)
