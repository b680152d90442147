"""JavaScript and TypeScript: string literals in model slots, SDK imports, known ids and hosts in strings.

Slots: object keys and variables that name a model (`model:`, `modelId:`, `const EMBEDDING_MODEL =`),
and the model argument of well-known calls (transformers.js `pipeline(task, 'Xenova/...')`,
`AutoModel.from_pretrained('...')`, `ollama.pull('...')`). A slot inside an Ollama call
(`ollama.chat({ model: 'qwen2.5:7b' })`, `new ChatOllama({ model })`) takes an Ollama tag.
Comments are not read: a commented-out model is not a dependency. Nothing is executed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scanner.extract.base import (
    Collector,
    Recognizer,
    add_base_url,
    file_hints,
    is_dataset_key,
    scan_line_text,
    scan_value,
    slot_model_id,
)
from scanner.extract.text import read_lists_and_maps
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, RefType

if TYPE_CHECKING:
    from scanner.extract.prefilter import LineFocus

# The lookahead names every token's first character: the regex engine then skips other text by a
# character-set test instead of trying each alternative at each position (40% of the tokenizer's time).
# strings as unrolled loops ("[^"\\]*(?:\\.[^"\\]*)*"): the same strings as (?:[^"\\]|\\.)*, without a
# backtracking entry per character (that form held 120 MB for one 1 MB template literal of a bundle)
_TOKEN = lazy_compile(
    r"""
    (?=[/"'`(){}\[\],])
    (?:(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'|`[^`\\]*(?:\\.[^`\\]*)*`)
    |(?P<punct>[(){}\[\],]))
    """,
    re.S | re.X,
)
# what comes right before a string or a bracket: `key:`, `name =`, `from`, `import`, `callee(`
_KEYWORD_END = lazy_compile(r"(?<![\w$])(from|import)\Z")
LOOKBEHIND = 160

# call name -> index of the argument that names a model
IMPORT_CALLS = frozenset({"require", "import"})
MAX_STRING = 2000


@dataclass
class _Frame:
    opener: str
    at: int  # offset of the bracket
    text: str
    index: int = 0  # argument index in a call
    key: str | None = None  # the key whose value this object/array is
    worded: bool = True  # with a focus: a prefilter word lies in what the frame is read by (callee, key)
    outer_ollama: bool = False  # an enclosing call is an Ollama call (set when pushed, in files that name ollama)
    _callee: str | None = None
    _ollama: bool | None = None

    @property
    def callee(self) -> str:
        """Dotted callee of a call frame ("" for other brackets); read from the text when first needed."""
        if self._callee is None:
            self._callee = _callee(self.text, self.at) if self.opener == "(" else ""
        return self._callee

    @property
    def in_ollama(self) -> bool:
        """This frame is, or is inside, a call whose callee names ollama (once per frame, not per string:
        a string 1,500 brackets deep must not walk the stack)."""
        if self._ollama is None:
            self._ollama = self.outer_ollama or "ollama" in self.callee.lower()
        return self._ollama


def extract_javascript(
    text: str, path: str, recognizer: Recognizer, *, focus: LineFocus | None = None
) -> ExtractResult:
    """Strings, brackets and commas are tokens; what precedes a string or bracket is read when needed.

    focus: the lines that hold a prefilter word (see LineFocus). A string is then read only when a
    word lies in it, in what precedes it (`key:`, `name =`), or in what one of its enclosing
    brackets is read by (a callee, an array's key): nothing else can make it a reference.
    """
    collector = Collector(path, "javascript")
    has_ollama, collector.api_hint = file_hints(recognizer, text)
    collector.ollama_hint = has_ollama
    stack: list[_Frame] = []
    worded = 0  # frames on the stack that are worded
    line_starts = _line_starts(text)
    words = _WordSpans(focus, line_starts, len(text)) if focus is not None else None
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or ""
        if kind == "comment":
            continue
        value = m.group(kind)
        if kind == "punct":
            if value in "({[":
                key = None
                context = max(0, m.start() - LOOKBEHIND)  # what _callee reads
                if value in "{[":
                    before, start = _before(text, m.start())
                    key = before[-2][1] if len(before) == 2 and before[-1][1] == ":" else None
                    if key is None and value == "[" and stack:
                        key = stack[-1].key
                    context = min(context, start)
                frame = _Frame(value, m.start(), text, key=key)
                if has_ollama and stack:
                    frame.outer_ollama = stack[-1].in_ollama
                if words is not None:
                    frame.worded = words.meet(context, m.start())
                worded += frame.worded
                stack.append(frame)
            elif value in ")}]" and stack:
                worded -= stack.pop().worded
            elif value == "," and stack and stack[-1].opener == "(":
                stack[-1].index += 1
        else:
            before, start = _before(text, m.start())
            if words is not None and not worded and not words.meet(start, m.end()):
                continue
            _string(collector, recognizer, text, m.start(), value, before, stack, line_starts, has_ollama)
    if collector.references:  # a file naming models may list more of them (`const MODELS = ["gpt-4o", ...]`)
        read_lists_and_maps(collector, recognizer, text)
    return collector.result()


class _WordSpans:
    """The character spans of the lines that hold a prefilter word, ascending and disjoint."""

    def __init__(self, focus: LineFocus, line_starts: list[int], length: int) -> None:
        lines = [n for n in focus.lines if n <= len(line_starts)]
        self.starts = [line_starts[n - 1] for n in lines]
        self.ends = [line_starts[n] if n < len(line_starts) else length for n in lines]

    def meet(self, first: int, last: int) -> bool:
        """Does the text from offset first to offset last touch a word line?"""
        i = bisect_right(self.starts, last) - 1
        return i >= 0 and self.ends[i] > first


def _before(text: str, offset: int) -> tuple[list[tuple[str, str]], int]:
    """The tokens right before offset that give a string its meaning, as (kind, text), and the offset
    where they start (offset itself when there are none)."""
    end = offset
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    if end == 0:
        return [], offset
    op = text[end - 1]
    if op not in ":=":
        m = _KEYWORD_END.search(text, max(0, end - 7), end)
        return ([("ident", m.group(1))], m.start(1)) if m else ([], offset)
    if op == "=" and end >= 2 and text[end - 2] in "=!<>+-*/":
        return [], offset
    end -= 1
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    if end == 0:
        return [], offset
    if text[end - 1] in "\"'":
        quote = text[end - 1]
        start = text.rfind(quote, max(0, end - LOOKBEHIND), end - 1)
        return ([("string", text[start:end]), ("punct", op)], start) if start >= 0 else ([], offset)
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$"):
        start -= 1
    if start == end:
        return [], offset
    return [("ident", text[start:end]), ("punct", op)], start


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    index = bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


_NAME_CHARS_REVERSED = lazy_compile(r"[\w$.?\s]*")


def _callee(text: str, offset: int) -> str:
    """The dotted name called at offset (the position of its opening parenthesis): `await pipeline(` ->
    `pipeline`, `client\n  ?.chat\n  .create(` -> `client.chat.create`."""
    tail = text[max(0, offset - LOOKBEHIND) : offset][::-1]
    m = _NAME_CHARS_REVERSED.match(tail)
    name = _SPACE_AROUND_DOT.sub(".", (m.group(0)[::-1] if m else "").replace("?", ""))
    words = name.split()  # `await`, `new`, `return` before the name are not part of it
    return words[-1].strip(".") if words else ""


_SPACE_AROUND_DOT = lazy_compile(r"\s*\.\s*")


def _string(
    collector: Collector,
    recognizer: Recognizer,
    text: str,
    offset: int,
    literal: str,
    prev: list[tuple[str, str]],
    stack: list[_Frame],
    starts: list[int],
    has_ollama: bool = True,
) -> None:
    """The references a string literal makes; mentions when it is itself an argument of a message or an
    assertion (`expect(name).toBe("gpt-4o")`), not the value of a key (`toEqual({ model: "gpt-4o" })`: a
    configuration the test builds and checks)."""
    found = len(collector.references)
    _string_references(collector, recognizer, text, offset, literal, prev, stack, starts, has_ollama)
    keyed = len(prev) >= 2 and prev[-1][1] in (":", "=")
    if len(collector.references) > found and not keyed and _in_name_test_call(recognizer, stack):
        del collector.references[found:]  # `model.startsWith("gpt-4")`: a pattern of names, not a reference
    elif len(collector.references) > found and not keyed and _in_prose_call(recognizer, stack):
        collector.references[found:] = [r._replace(mention=True) for r in collector.references[found:]]


# how many enclosing brackets are read for a message or assertion call: `expect(x).toHaveBeenCalledWith({
# model: "..." })` is two deep; a bound keeps a string 1,500 brackets deep from walking them all
PROSE_CALL_DEPTH = 4


def _in_name_test_call(recognizer: Recognizer, stack: list[_Frame]) -> bool:
    """Is a string an argument of a call that tests a name's prefix or part (`name.startsWith("gpt-4")`)?"""
    frame = stack[-1] if stack else None
    if frame is None or frame.opener != "(":
        return False
    receiver, _, name = frame.callee.rpartition(".")
    return recognizer.is_name_test_call(name, receiver)


def _in_prose_call(recognizer: Recognizer, stack: list[_Frame]) -> bool:
    """Is a string an argument of a call whose arguments are prose or expectations (`console.log(...)`,
    `expect(...)`, `.toBe(...)`)? What it names is written to be shown or compared, not loaded."""
    for frame in stack[-PROSE_CALL_DEPTH:]:
        if frame.opener == "(":
            name = frame.callee.rsplit(".", 1)[-1]
            if name and (recognizer.is_prose_call(name) or recognizer.is_assertion_call(name)):
                return True
    return False


def _string_references(
    collector: Collector,
    recognizer: Recognizer,
    text: str,
    offset: int,
    literal: str,
    prev: list[tuple[str, str]],
    stack: list[_Frame],
    starts: list[int],
    has_ollama: bool,
) -> None:
    value = literal[1:-1]
    if len(value) > MAX_STRING or not value:
        return
    line, column = _position(starts, offset)
    template = literal[0] == "`"
    frame = stack[-1] if stack else None
    ollama = has_ollama and frame is not None and frame.in_ollama

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
        slot = recognizer.is_model_key(key) or key.lower() in ("models", "model_ids", "modelids")
    if frame is not None and frame.opener == "(" and key is None:
        name = frame.callee.rsplit(".", 1)[-1]
        position = recognizer.javascript_calls.get(name, (None, ()))[0]
        if position is not None and frame.index == position:
            slot = name != "pull" or ollama

    if key is not None and recognizer.is_endpoint_key(key):  # baseURL: "https://api.x.ai/v1"
        add_base_url(collector, recognizer, key, value, line, column + 1)
    if slot and not (template and "${" in value):
        mid = slot_model_id(
            recognizer,
            value,
            ollama=ollama or "ollama" in (key or "").lower(),
            ollama_hint=has_ollama,
            api_hint=collector.api_hint,
        )
        if mid is not None:
            collector.add_model(mid, line, column + 1, value)
            return
    if "\n" not in value:
        scan_value(collector, recognizer, value, line, column + 1)
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
