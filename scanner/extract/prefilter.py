"""The byte-level prefilter: most files of a tree name no model, and are rejected before any parse.

One pass of a multi-literal search (Aho-Corasick, the engine ripgrep uses, through `ahocorasick_rs`)
over the lowercased bytes finds two kinds of words:

- strong words, each of which may be a reference on its own: `org/` of every known org, known API
  hosts, SDK package and import names, `ollama`, hub host names, `name:` of known Ollama names;
- weak words, which are references only next to an id-shaped token: `model`, `pretrained`,
  `tokenizer`, `checkpoint`, `repo_id`, `llm`, `download`, `serve`, ... (`self.model = ...` is not a
  reference; `model="acme/llm-7b"` is). A weak word passes the file only when an `x/y`-shaped token
  lies within a window around it.

A file passes when it has a strong word, or a weak word with an id-shaped token near it. The
prefilter may pass a file without references (the extractor then finds none), never the other way:
every reference an extractor can report contains one of these words. Manifests, lock files,
Modelfiles and .env files are always parsed (see `always_parse`).

Two kinds of match are not words:

- a match inside a blob (base64 image data in a notebook or a data: URI, an integrity hash): a
  reference is never glued to 32 base64 characters on both sides, but short words like `zai` or
  `llm` occur in any long blob;
- an `x/y` token whose first segment follows a slash (`/api/user/{id}`, `https://host/a/b`): a
  path or URL tail, never an id (`org/name` starts after a quote, a space, `=` or `:`; hub URLs
  are strong words of their own; a Hugging Face cache folder `models--org--name` is id-shaped
  wherever it is).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Protocol

from scanner.extract.base import Recognizer, lines_of_offsets
from scanner.lazyregex import lazy_compile

WEAK_WORDS = frozenset(
    {
        "model",
        "pretrained",
        "repo_id",
        "repo-id",
        "tokenizer",
        "checkpoint",
        "llm",
        "vllm serve",
        "hf download",
        "-hf",
        "hf_repo",
        "hf-repo",
        "hf_hub",
        "lmdeploy",
        "sglang",
        "pipeline",
        "lora-modules",
        "huggingface",
        "name_or_path",
    }
)
# call names too common to be worth a window check (their model argument needs a strong word anyway)
COMMON_CALLS = frozenset({"pull", "load_model"})
STRONG_WORDS = frozenset(
    {
        "ollama",
        "huggingface.co",
        "hf.co/",
        "hf://",
        "huggingface://",
        "hf-mirror",
        "modelscope",
        "ms://",
    }
)
# the top-level media types (`application/json`, `text/event-stream`, `image/png`): the most common `x/y` strings of
# code next to a model word (a client's request headers), never an id (an org of that name would be a known org's
# strong word)
MEDIA_TYPES = rb"(?:application|text|image|audio|video|multipart|font)/"
# a host name's path without its scheme: Go imports (`github.com/x/y`, `k8s.io/api`), Kubernetes labels
# (`app.kubernetes.io/name`), image registries (`quay.io/org/image`); an org has no dot, a host ends in a top-level
# domain (hosts that serve models are strong words of their own)
HOST_PATHS = rb"(?:[a-z0-9-]+\.)+(?:com|io|org|net|dev|sh|ai|cn|co|app|cloud|run|gov|edu|us|uk|de)/"
# an org/name-shaped token (or the seam of an f-string building one), not the tail of a path or URL;
# or a Hugging Face cache folder, which spells the id wherever the path puts it (models--org--name)
_ID_SHAPE = lazy_compile(
    rb"(?<![a-z0-9_.{}/$-])(?!"
    + MEDIA_TYPES
    + rb"|"
    + HOST_PATHS
    + rb")[a-z0-9{][a-z0-9_.{}-]*/[a-z0-9{]|models--[a-z0-9]"
)
# in source code (Python, JavaScript, TypeScript, notebooks) an id is a string literal, or starts one with
# an f-string or template seam: it follows a quote (`"acme/llm-7b"`, `f"{org}/llm"`, `\"acme/x\"` in a
# notebook's JSON) or a model flag of a command line in a string (`"vllm serve --model acme/llm-7b"`), never a
# bare word of a comment or an expression (`size/dimension`, `a/b`)
_QUOTED_ID_SHAPE = lazy_compile(
    rb"""(?:(?<=["'`])|(?<=-model[ =])|(?<=_path[ =])|(?<=_id[ =]))(?!"""
    + MEDIA_TYPES
    + rb"|"
    + HOST_PATHS
    + rb""")[a-z0-9{$][a-z0-9_.{}$-]*/[a-z0-9{$]"""
    rb"|models--[a-z0-9]"
)
# files whose ids are string literals (see _QUOTED_ID_SHAPE)
CODE_SUFFIXES = (".py", ".pyi", ".ipynb", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
# 32 base64 characters: a match with such a run on both sides is inside a blob
_BLOB_EDGE = lazy_compile(rb"[a-z0-9+/=]{32}")
BLOB_EDGE = 32
_BASE64 = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789+/=")
# line breaks other than \n and \r\n that str.splitlines() counts: \v, \f, \x1c-\x1e, and NEL, LINE and
# PARAGRAPH SEPARATOR in UTF-8 (a lone \r, which Python's parser counts too, is checked apart)
_ODD_LINE_BREAKS = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
# what precedes an SDK name where it is a reference: an import (Python, JavaScript, `import("x")`,
# `require("x")`) or an install (`pip install`, `npm i`, `yarn add`, `uv add`, a Dockerfile's RUN with
# continuation lines), within IMPORT_WINDOW bytes
_IMPORT_CUE = lazy_compile(rb"import|require|install|\badd\b|\bnpm\s+i\b|\bpnpm\s+i\b")
IMPORT_WINDOW = 400
# in source code, `from openai import OpenAI` imports the name that follows `from` (the import word comes after it)
_FROM_CUE = lazy_compile(rb"\bfrom\s+(?:[a-z0-9_]+\.)*\Z")
# in a Python file, an SDK is imported only by an import statement, which the extractor reads from the syntax
# tree: the name starts a module path on an `import`/`from` line, or in its parenthesised or backslash-continued
# names (`from google import (\n    genai`). "together" in a comment below `import os` imports nothing.
_PY_IMPORT_AT = lazy_compile(rb"(?:\A|\n)[ \t]*(?:import|from)[ \t][^\n(]*(?:\([^)]*|\\\n[^\n]*)?\Z")
_NAME_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_")  # the name ends there (`openai.types` starts one)
_PATH_BYTES = _NAME_BYTES | {ord(".")}  # the name starts a module path there (`.openai`, `x_openai` do not)
WINDOW_BEFORE = 400
# a web URL with a host name (what base_url_host reads; local and example hosts are told apart there)
_WEB_URL = lazy_compile(rb"(?:https?|wss?)://[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
WINDOW_AFTER = 600


class _Searcher(Protocol):
    def search(self, data: bytes) -> list[tuple[int, int, int]]: ...


class Prefilter:
    """wants(data): could this file hold a reference? Built once per process from the recognizer."""

    def __init__(self, recognizer: Recognizer) -> None:
        strong = set(STRONG_WORDS)
        strong |= {f"{org}/" for org in recognizer.known_orgs}
        strong |= set(recognizer.endpoint_hosts)
        strong |= {f"{name}:" for name in recognizer.ollama_names}
        strong |= recognizer.words  # hosted API model names, org-less hub ids
        # SDK names are references only where imported or installed (`together`, `openai` are prose too)
        imported = set(recognizer.sdk_imports)
        # a dotted import name (google.genai) is also written `from google import genai`
        imported |= {name.rsplit(".", 1)[1] for name in recognizer.sdk_imports if "." in name}
        for package in recognizer.sdk_packages:
            imported |= {package, package.replace("-", "_")}
        imported -= strong
        unworded_keys = {k for k in recognizer.model_keys if "model" not in k and len(k) > 3}
        # keys as written in camelCase too (repoId, hfRepo), which lowercase without the underscore
        weak = set(WEAK_WORDS) | unworded_keys | {k.replace("_", "") for k in unworded_keys}
        weak |= set(slot_words(recognizer))
        weak |= recognizer.weak_words  # an unknown org's id whose name reads as a model (`acme/foo-7b-instruct`)
        weak -= strong | imported
        endpoint = endpoint_words(recognizer) - strong - imported
        self.words: list[bytes] = sorted(
            {w.lower().encode() for w in strong | weak | imported | endpoint if len(w) >= 3}
        )
        self.strong = frozenset(i for i, w in enumerate(self.words) if w.decode() in strong)
        self.imported = frozenset(i for i, w in enumerate(self.words) if w.decode() in imported)
        self.endpoint = frozenset(i for i, w in enumerate(self.words) if w.decode() in endpoint)
        self._searcher = _searcher(self.words)
        self._last: tuple[bytes, bytes, list[tuple[int, int, int]]] | None = None

    def wants(self, data: bytes, code: bool = False, python: bool = False) -> bool:
        """code: the file is source code (CODE_SUFFIXES), whose ids next to a weak word are string literals;
        python: Python source, whose SDK names count only in import statements."""
        shape = _QUOTED_ID_SHAPE if code else _ID_SHAPE
        low = data.lower()
        matches = self._searcher.search(low)
        self._last = None
        # the windows of weak words, merged where they overlap (dense words: most of them), each merged stretch
        # searched once and whole: an id across the seam of two windows is in it
        lo, hi = 0, -1
        strong, imported, endpoint = self.strong, self.imported, self.endpoint
        for index, start, end in matches:
            if index in strong:
                if not _in_blob(low, start, end):
                    return self._passes(data, low, matches)
            elif index in imported:
                if _imports(low, start, end, code, python):
                    return self._passes(data, low, matches)
            elif index in endpoint and _WEB_URL.search(low, end, end + WINDOW_AFTER) and not _in_blob(low, start, end):
                return self._passes(data, low, matches)  # a base URL of any host: the extractor judges its path
            elif end + WINDOW_AFTER > hi and not _in_blob(low, start, end):
                if start - WINDOW_BEFORE > hi:  # a window apart from the stretch so far: search that first
                    if hi > lo and shape.search(low, lo, hi):
                        return self._passes(data, low, matches)
                    lo = max(0, start - WINDOW_BEFORE)
                hi = end + WINDOW_AFTER
        return hi > lo and shape.search(low, lo, hi) is not None and self._passes(data, low, matches)

    def _passes(self, data: bytes, low: bytes, matches: list[tuple[int, int, int]]) -> bool:
        """True, keeping what focus() asks next of a passing file: its lowered bytes and matches, searched once
        (until focus() or the next wants(): a file that fails keeps nothing)."""
        self._last = (data, low, matches)
        return True

    def focus(self, data: bytes) -> LineFocus | None:
        """The lines of data that hold a word (see LineFocus), or None when its line breaks are not all
        `\\n` or `\\r\\n`: counting newlines then gives other line numbers than a parser does."""
        if _odd_line_breaks(data):
            return None
        last, self._last = self._last, None
        if last is not None and last[0] is data:  # the file wants() just read: lowered and searched once
            low, matches = last[1], last[2]
        else:
            low = data.lower()
            matches = self._searcher.search(low)
        starts = (start for _index, start, end in matches if not _in_blob(low, start, end))
        return LineFocus(sorted(set(lines_of_offsets(low, starts))))

    def pattern_words(self) -> list[str]:
        """The words, for a comparable `rg -F -i -f` pattern file (benchmarks)."""
        return [w.decode() for w in self.words]


def _imports(low: bytes, start: int, end: int, code: bool, python: bool) -> bool:
    """Is the SDK name at low[start:end] imported or installed there?"""
    if _in_blob(low, start, end):
        return False
    window = max(0, start - IMPORT_WINDOW)
    if python:
        before = low[start - 1] if start else 0
        after = low[end] if end < len(low) else 0
        return (
            before not in _PATH_BYTES
            and after not in _NAME_BYTES
            and _PY_IMPORT_AT.search(low, window, start) is not None
        )
    return bool(_IMPORT_CUE.search(low, window, start) or (code and _FROM_CUE.search(low, window, start)))


class LineFocus:
    """The 1-based lines of a file that hold a word of the prefilter.

    A reference is found from what is written at it: the id with its `org/`, the host, the key or
    call name of its slot, each a word. So the line scan reads only these lines; the Python walk only
    the statements spanning one (plus every assignment, for the variables a slot names, and the
    lines of the slots that need no word: Ollama client calls, base-URL keywords); the JavaScript
    tokenizer reads a string only when a word lies in it, before it, or in what its enclosing
    brackets are read by. On a large file with a reference or two this skips most of the work;
    tests/extract/test_focus.py checks it finds exactly what reading everything finds.
    """

    __slots__ = ("lines",)

    def __init__(self, lines: list[int]) -> None:
        self.lines = lines  # ascending, distinct

    def __contains__(self, line: int) -> bool:
        i = bisect_left(self.lines, line)
        return i < len(self.lines) and self.lines[i] == line

    def with_lines(self, extra: list[int]) -> LineFocus:
        return LineFocus(sorted({*self.lines, *extra}))

    def touches(self, first: int, last: int) -> bool:
        """Does a line from first to last (inclusive) hold a word?"""
        i = bisect_left(self.lines, first)
        return i < len(self.lines) and self.lines[i] <= last

    def __repr__(self) -> str:
        return f"LineFocus({self.lines!r})"


def endpoint_words(recognizer: Recognizer) -> set[str]:
    """The keys of a model API's base URL that say so (`base_url`, `OPENAI_API_BASE`, `llmBaseUrl`; vocabulary
    kind endpoint-keys), as written in snake and camel case: a web URL after one is read whatever its host.
    Keys that say only `url` or `host` are left out: too common to be a sign."""
    keys = {key.strip("_") for key in (*recognizer.endpoint_keys, *recognizer.endpoint_key_suffixes)}
    keys = {key for key in keys if "base" in key or "api" in key}
    return keys | {key.replace("_", "") for key in keys}


def slot_words(recognizer: Recognizer) -> list[str]:
    """The call names and CLI flags of the model slots the rules name (rules/vocabulary.yaml): weak words.
    Read from the recognizer, so building the gate imports no extractor (a pre-commit run whose files name
    no model loads neither the Python, JavaScript nor shell extractor)."""
    calls = {
        name.rsplit(".", 1)[-1].lower()
        for name in (*recognizer.python_calls, *recognizer.javascript_calls, *recognizer.text_calls)
        if len(name) > 3
    }
    return sorted((calls - COMMON_CALLS) | {flag for flag in recognizer.model_flags if len(flag) > 3})


def _odd_line_breaks(data: bytes) -> bool:
    """Byte searches, not a regex: a regex without a literal start tries every position, and cost more
    than the rest of the focus."""
    if any(odd in data for odd in _ODD_LINE_BREAKS):
        return True
    return b"\r" in data and data.count(b"\r") != data.count(b"\r\n")


def _in_blob(low: bytes, start: int, end: int) -> bool:
    """Is low[start:end] glued to BLOB_EDGE base64 characters on both sides?"""
    return (
        start >= BLOB_EDGE
        and low[start - 1] in _BASE64  # one byte first: most words follow a space, a quote or punctuation
        and end < len(low)
        and low[end] in _BASE64
        and _BLOB_EDGE.fullmatch(low, start - BLOB_EDGE, start) is not None
        and _BLOB_EDGE.fullmatch(low, end, end + BLOB_EDGE) is not None
    )


def _searcher(words: list[bytes]) -> _Searcher:
    return _AhoCorasickSearcher(words)


class _AhoCorasickSearcher:
    """Leftmost-longest matches of the words, by whichever search pays for what it has searched so far.

    A pre-commit run searches a few kilobytes: importing ahocorasick_rs and building its automaton (2 ms)
    cost more than searching them in Python (see _SmallSearcher). Past PYTHON_UP_TO bytes a contiguous NFA
    (under a millisecond to build) takes over; past DFA_AFTER bytes a DFA, which searches about 3.5 times
    faster but takes 4 ms to build: a tree scan builds it once. All find the same matches.
    """

    PYTHON_UP_TO = 16 << 10
    DFA_AFTER = 1 << 20

    def __init__(self, words: list[bytes]) -> None:
        self._words = words
        self._searched = 0
        self._small: _SmallSearcher | None = None
        self._automaton: Any = None

    def _build(self, implementation: str) -> Any:
        try:
            import ahocorasick_rs
        except ImportError:  # pragma: no cover - the wheel is a dependency; keep working without it
            return _RegexSearcher(self._words)
        return ahocorasick_rs.BytesAhoCorasick(
            self._words,
            matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST,
            implementation=getattr(ahocorasick_rs.Implementation, implementation),
        )

    def search(self, data: bytes) -> list[tuple[int, int, int]]:
        if self._automaton is None:
            if self._searched + len(data) <= self.PYTHON_UP_TO:  # a file that would cross it is not searched here
                self._searched += len(data)
                if self._small is None:
                    self._small = _SmallSearcher(self._words)
                return self._small.search(data)
            self._automaton = self._build("ContiguousNFA")
        if self._searched <= self.DFA_AFTER:
            self._searched += len(data)
            if self._searched > self.DFA_AFTER:
                self._automaton = self._build("DFA")
        matches: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(data)
        return matches


class _SmallSearcher:
    """The automaton's matches (leftmost-longest, not overlapping) found in Python, for a few small files.

    The words are filed by their first HEAD bytes, longest first: at each offset, the first word of the
    offset's file that the data starts with there is the longest match starting there; the search goes on
    after it. A quarter of a millisecond to build, a tenth of a microsecond a byte to search."""

    HEAD = 3

    def __init__(self, words: list[bytes]) -> None:
        self._head = min([self.HEAD, *(len(w) for w in words if w)])
        self._by_head: dict[bytes, list[tuple[bytes, int]]] = {}
        for index in sorted(range(len(words)), key=lambda i: -len(words[i])):
            word = words[index]
            if word:  # an empty word matches nowhere in the automaton either
                self._by_head.setdefault(word[: self._head], []).append((word, index))

    def search(self, data: bytes) -> list[tuple[int, int, int]]:
        out: list[tuple[int, int, int]] = []
        filed = self._by_head.get
        head = self._head
        at, last = 0, len(data) - head
        while at <= last:
            for word, index in filed(data[at : at + head], ()):
                if data.startswith(word, at):
                    out.append((index, at, at + len(word)))
                    at += len(word)
                    break
            else:
                at += 1
        return out


class _RegexSearcher:
    """Slow but equivalent: an alternation of the words (only when ahocorasick_rs is missing)."""

    def __init__(self, words: list[bytes]) -> None:
        self._index = {w: i for i, w in enumerate(words)}
        alternation = b"|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        self._pattern = re.compile(alternation)

    def find_matches_as_indexes(self, data: bytes) -> list[tuple[int, int, int]]:
        return [(self._index[m.group(0)], m.start(), m.end()) for m in self._pattern.finditer(data)]
