"""Regular expressions compiled on first use.

CPython compiles a pattern in pure Python (a third of a millisecond for a typical one here), and the
package holds dozens at module level. A pre-commit run over files that name no model uses almost
none of them: compiling them all at import cost more than the scan. A module therefore writes

    HOST = lazy_compile(r"...", re.I)

and uses HOST.search(...) as it would a compiled pattern. The first call compiles it and binds the
compiled pattern's own methods onto the object, so later calls (the hot loops) cost what a compiled
pattern's do.
"""

from __future__ import annotations

import marshal
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from typing import Any, AnyStr, Generic

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern(Generic[AnyStr]):
    """re.compile(pattern, flags), compiled on first use (see the module docstring)."""

    def __init__(self, pattern: AnyStr, flags: int = 0) -> None:
        self.pattern: AnyStr = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[AnyStr]:
        compiled = re.compile(self.pattern, self.flags)
        for name in _METHODS:  # later calls go straight to the compiled pattern
            setattr(self, name, getattr(compiled, name))
        self.compiled = lambda: compiled  # type: ignore[method-assign]
        return compiled

    def search(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().search(string, pos, endpos)

    def match(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[AnyStr]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)

    def sub(self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr, count: int = 0) -> AnyStr:
        return self.compiled().sub(repl, string, count)

    def subn(
        self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr, count: int = 0
    ) -> tuple[AnyStr, int]:
        return self.compiled().subn(repl, string, count)

    def split(self, string: AnyStr, maxsplit: int = 0) -> list[AnyStr | Any]:
        return self.compiled().split(string, maxsplit)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags})"


def lazy_compile(pattern: AnyStr, flags: int = 0) -> LazyPattern[AnyStr]:
    """A pattern compiled on its first use; use it as a compiled pattern."""
    return LazyPattern(pattern, flags)


def literal_prefixes(pattern: str, *, anchored: bool) -> tuple[str, ...]:
    """Literal texts one of which every match of pattern starts with; () when unclear.

    anchored: matches begin where the string does (fullmatch); a pattern starting with `^` is anchored
    anyway. Alternatives at the top level and a leading group give one prefix per branch:
    `qwen2\\.5-3b(-instruct)?` -> (`qwen2.5-3b`,); `(meta-)?llama-3` -> (`meta-`, `llama-3`);
    `(qwen|qwq)-7b|yi-6b` -> (`qwen`, `qwq`, `yi-6b`). Conservative: an escape other than escaped
    punctuation, or any other metacharacter, ends a prefix; a character a quantifier makes optional
    is dropped; a branch without a literal start (`\\d+`, a lookahead, a flag) means no prefixes.
    """
    if pattern.startswith("^"):
        pattern, anchored = pattern[1:], True
    if not anchored:
        return ()
    out: list[str] = []
    for branch in _top_level_branches(pattern):
        found = _branch_prefixes(branch)
        if not found:
            return ()
        out.extend(found)
    return tuple(out)


def _branch_prefixes(branch: str) -> list[str]:
    opener = _group_opener(branch)
    if not opener:
        plain = "" if branch.startswith("(") else _plain_prefix(branch)
        return [plain] if plain else []
    end = _group_end(branch)
    if end < 0:
        return []
    inner = branch[opener:end]
    starts: list[str] = []
    for alternative in _top_level_branches(inner):  # groups nest: `(?:(?-i:gpt-4|o1)|claude-)`
        found = _branch_prefixes(alternative)
        if not found:
            return []
        starts.extend(found)
    rest = branch[end + 1 :]
    if rest[:1] in ("?", "*"):  # the group may be absent: what follows it starts the match then
        after = _branch_prefixes(rest[1:].removeprefix("?"))
        return starts + after if after else []
    return [] if rest[:1] == "{" else starts


def _group_opener(branch: str) -> int:
    """Length of the opening of a group whose contents start the match: `(`, `(?:`, or a group with
    inline flags such as `(?-i:` (a case-sensitive part of a case-insensitive pattern: its prefixes are
    compared case-folded, which refuses less, never more); 0 for anything else (a lookaround, a named
    group, no group)."""
    if not branch.startswith("("):
        return 0
    if not branch.startswith("(?"):
        return 1
    m = _FLAG_GROUP.match(branch)
    return m.end() if m else 0


# `(?:` and inline-flag groups `(?i:`, `(?-i:`, `(?s-i:`
_FLAG_GROUP = re.compile(r"\(\?[aiLmsux]*(?:-[imsx]+)?:")


def _plain_prefix(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 < len(pattern) and not pattern[i + 1].isalnum():
                out.append(pattern[i + 1])
                i += 2
                continue
            break
        if char in _METACHARACTERS:
            break
        out.append(char)
        i += 1
    if i < len(pattern) and pattern[i] in "*?{" and out:
        out.pop()  # `ab?`: the b is optional
    return "".join(out)


_METACHARACTERS = frozenset(".^$*+?{}[]()|\\")


def _scan_top_level(pattern: str) -> list[int]:
    """Offsets of what lies outside every group and class: each `|` there, and each `)` that closes a
    group at the top level (reported as -1 - offset)."""
    marks: list[int] = []
    depth = 0
    for m in _STRUCTURE.finditer(pattern):  # escapes and classes are matched whole, and skipped
        char = m.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                marks.append(-1 - m.start())
        elif char == "|" and depth == 0:
            marks.append(m.start())
    return marks


# an escape, a character class (`[]a]` and `[^]a]` hold a ]), or a character that gives structure
_STRUCTURE = lazy_compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.S)


def _top_level_branches(pattern: str) -> list[str]:
    bars = [m for m in _scan_top_level(pattern) if m >= 0]
    edges = [-1, *bars, len(pattern)]
    return [pattern[a + 1 : b] for a, b in pairwise(edges)]


def _group_end(pattern: str) -> int:
    """Offset of the `)` closing the group that opens pattern, or -1."""
    closes = [-1 - m for m in _scan_top_level(pattern) if m < 0]
    return closes[0] if closes else -1


def prefix_algorithm() -> str:
    """A fingerprint of the code that works out literal prefixes (and of the Python running it).

    Prefixes worked out by an earlier run are kept with the compiled rules (see prefix_table); the
    cache is keyed by this fingerprint, so an edit of the algorithm never reads what the old one gave."""
    functions = (literal_prefixes, _branch_prefixes, _group_opener, _plain_prefix, _scan_top_level, _group_end)
    code = tuple(f.__code__ for f in (*functions, _top_level_branches))
    parts = (code, _FLAG_GROUP.pattern, _STRUCTURE.pattern, sorted(_METACHARACTERS))
    return f"{zlib.crc32(marshal.dumps(parts, 2)):08x}"  # version 2: no references, which vary with refcounts


def prefix_table(sources: Iterable[str]) -> dict[str, list[str]]:
    """source -> the lowercased literal prefixes of every whole match (what a NamePattern refuses by), for
    a cache of them: working them out for the few hundred patterns of the rules costs milliseconds."""
    return {source: [p.lower() for p in literal_prefixes(source, anchored=True)] for source in sources}


def remember_prefixes(table: dict[str, list[str]]) -> None:
    """Use the prefixes of a prefix_table made by the same prefix_algorithm() (an earlier run's)."""
    _KNOWN_PREFIXES.update(table)


_KNOWN_PREFIXES: dict[str, list[str]] = {}


def name_prefixes(pattern: str, *, anchored: bool) -> tuple[str, ...]:
    """The lowercased literal_prefixes of pattern, from a remembered prefix_table when it has them.
    An entry that is not a list of strings (a cache edited by hand) is worked out again."""
    if not anchored and not pattern.startswith("^"):
        return ()
    known = _KNOWN_PREFIXES.get(pattern)
    if isinstance(known, list) and all(isinstance(p, str) for p in known):
        return tuple(known)
    return tuple(p.lower() for p in literal_prefixes(pattern, anchored=True))


# how many names a NamePattern matches branch by branch before it compiles its whole union (see fullmatch)
BRANCHED_CALLS = 256


class NamePattern:
    """A rules pattern over model names (IGNORECASE), compiled only when a name could match it.

    The rules hold hundreds of name patterns and a scan looks up a few names: compiling them all cost
    more than the rest of resolution. An ASCII name that starts with none of the pattern's literal
    prefixes is refused without compiling it; any other name is matched by the compiled pattern.
    """

    def __init__(self, pattern: str, *, anchored: bool) -> None:
        self.regex = lazy_compile(pattern, re.IGNORECASE)
        self.prefixes = name_prefixes(pattern, anchored=anchored)
        self.source, self.anchored = pattern, anchored
        self._branches: tuple[tuple[tuple[str, ...], LazyPattern[str]], ...] | None = None
        self._asked = 0

    def branches(self) -> tuple[tuple[tuple[str, ...], LazyPattern[str]], ...]:
        """A union of many patterns (every hosted API's names: 4 ms to compile whole) is matched by the
        branches whose prefixes a name starts with, each compiled on its own when first needed; () for a
        pattern of one branch or without prefixes. Worked out on first use: a scan builds hundreds of
        NamePatterns and matches few of them."""
        if self._branches is None:
            self._branches = ()
            if self.prefixes and self.anchored:
                pattern = self.source[1:] if self.source.startswith("^") else self.source
                branches = _top_level_branches(pattern)
                if len(branches) > 1:
                    self._branches = tuple(
                        (tuple(p.lower() for p in _branch_prefixes(b)), lazy_compile(b, re.IGNORECASE))
                        for b in branches
                    )
        return self._branches

    def _refuses(self, name: str) -> bool:
        return bool(self.prefixes) and name.isascii() and not name.lower().startswith(self.prefixes)

    def search(self, name: str) -> re.Match[str] | None:
        return None if self._refuses(name) else self.regex.search(name)

    def fullmatch(self, name: str) -> re.Match[str] | None:
        if self._refuses(name):
            return None
        self._asked += 1  # past a few hundred names (a large scan), one compiled union is cheaper than a loop
        branches = self.branches() if self._asked <= BRANCHED_CALLS else ()
        if not branches or not name.isascii():
            return self.regex.fullmatch(name)
        lowered = name.lower()
        for prefixes, branch in branches:
            if lowered.startswith(prefixes):
                found = branch.fullmatch(name)
                if found is not None:
                    return found
        return None
