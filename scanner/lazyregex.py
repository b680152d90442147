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


class BranchEnds:
    """What every whole match (fullmatch) of one branch of a pattern starts and ends with, for refusing a
    name without compiling the pattern: lowercased literal prefixes, literal suffixes, and the prefixes of
    what follows the first `/` of an `org/name` branch (`[\\w.-]+/(?:model|repo)`); each () when unclear.
    Read as conservatively as literal_prefixes: anything unclear, or a suffix or part after the slash
    that is not ASCII, means none."""

    __slots__ = ("after_slash", "prefixes", "suffixes")

    def __init__(self, prefixes: Iterable[str], suffixes: Iterable[str], after_slash: Iterable[str]) -> None:
        self.prefixes, self.suffixes, self.after_slash = tuple(prefixes), tuple(suffixes), tuple(after_slash)

    @classmethod
    def of(cls, branch: str) -> BranchEnds:
        atoms = _atoms(branch)
        heads = [h.lower() for h in _heads(atoms)] if atoms is not None else []
        suffixes = [s.lower() for s in _tail(atoms)] if atoms is not None else []
        segment = _SEGMENT.match(branch)
        after_slash = [p.lower() for p in _branch_prefixes(branch[segment.end() :])] if segment else []
        return cls(
            heads if heads and all(h.isascii() for h in heads) else (p.lower() for p in _branch_prefixes(branch)),
            suffixes if all(s.isascii() for s in suffixes) else (),
            after_slash if all(p.isascii() for p in after_slash) else (),
        )

    def parts(self) -> list[list[str]]:
        return [list(self.prefixes), list(self.suffixes), list(self.after_slash)]

    def refuses(self, lowered: str) -> bool:
        """Can no whole match of the branch be lowered (an ASCII name, lowercased)?"""
        if self.prefixes and not lowered.startswith(self.prefixes):
            return True
        if self.suffixes and not lowered.endswith(self.suffixes):
            return True
        if self.after_slash:
            _org, slash, rest = lowered.partition("/")
            return not slash or not rest.startswith(self.after_slash)
        return False


def branch_ends(pattern: str) -> tuple[BranchEnds, ...]:
    """BranchEnds of each branch of pattern: its top-level alternatives, and the alternatives of a group that
    is a whole alternative (the rules' unions wrap each entry in one: `(?:a|b)|(?:c)`); () for a pattern
    with global inline flags (`(?x)` would change what its characters are)."""
    if _GLOBAL_FLAGS.search(pattern):
        return ()
    return tuple(BranchEnds.of(b) for b in _alternatives(pattern.removeprefix("^")))


def _alternatives(pattern: str) -> Iterator[str]:
    for branch in _top_level_branches(pattern):
        atoms = _atoms(branch)
        if atoms is not None and len(atoms) == 1 and atoms[0][0] == "group" and not atoms[0][2]:
            yield from _alternatives(atoms[0][1])
        else:
            yield branch


_GLOBAL_FLAGS = lazy_compile(r"\(\?[aiLmsux]+\)")
# a run of characters none of which is `/` (a class of word characters, digits, letters, `.`, `_`, `-`;
# a range between letters or digits never holds `/`), then the `/`
_SEGMENT = lazy_compile(r"\[(?:\\[wd]|[A-Za-z0-9](?:-[A-Za-z0-9])?|[._])*-?\][+*]\??/")
_QUANTIFIER = lazy_compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})[?+]?")
_CLASS = lazy_compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]", re.S)
_CLASS_ESCAPES = frozenset("dDwWsSbBAZ")  # escapes of two characters that match no literal text


def _atoms(branch: str) -> list[tuple[str, str, str]] | None:
    """The top-level atoms of a branch, each (kind, text, quantifier): kind `literal` (text: the character),
    `group` (text: what the group holds, for a group whose contents are matched: see _group_opener), `end`
    (a `$`), or `other` (a class, an escape class, a lookaround, `.`, ...). None when unclear."""
    atoms: list[tuple[str, str, str]] = []
    i = 0
    while i < len(branch):
        char = branch[i]
        kind, text = "other", ""
        if char == "(":
            end = _group_end(branch[i:])
            if end < 0:
                return None
            opener = _group_opener(branch[i:])
            if opener:
                kind, text = "group", branch[i + opener : i + end]
            i += end + 1
        elif char == "[":
            m = _CLASS.match(branch, i)
            if m is None:
                return None
            i = m.end()
        elif char == "\\":
            escaped = branch[i + 1 : i + 2]
            if escaped and not escaped.isalnum():
                kind, text = "literal", escaped
            elif escaped not in _CLASS_ESCAPES:  # \x41, \u0041, \N{...}, \012, \1: more than two characters
                return None
            i += 2
        elif char in "*+?{)|":  # a quantifier without an atom, or a stray bracket: unclear
            return None
        else:
            if char == "$":
                kind = "end"
            elif char not in ".^":
                kind, text = "literal", char
            i += 1
        m = _QUANTIFIER.match(branch, i)
        quantifier = m.group() if m else ""
        i = m.end() if m else i
        atoms.append((kind, text, quantifier))
    return atoms


def _heads(atoms: list[tuple[str, str, str]], limit: int = 256) -> list[str]:
    """Literal texts one of which every match of the atoms starts with, read through groups of literal
    alternatives (`(?:org|user)/` -> `org/`, `user/`; at most limit of them); [] when unclear."""
    heads = [""]
    for kind, inner, quantifier in atoms:
        options = [inner] if kind == "literal" else _literal_alternatives(inner) if kind == "group" else None
        if quantifier or options is None or len(heads) * len(options) > limit:
            break
        heads = [head + option for head in heads for option in options]
    return heads if all(heads) else []


def _literal_alternatives(inner: str) -> list[str] | None:
    out = []
    for alternative in _top_level_branches(inner):
        atoms = _atoms(alternative)
        if atoms is None or any(kind != "literal" or quantifier for kind, _text, quantifier in atoms):
            return None
        out.append("".join(text for _kind, text, _quantifier in atoms))
    return out


def _tail(atoms: list[tuple[str, str, str]]) -> list[str]:
    """Literal texts one of which every whole match of the atoms ends with; [] when unclear."""
    if atoms and atoms[-1] == ("end", "", ""):  # `x$` matched whole ends where x does
        atoms = atoms[:-1]
    text = ""
    for at in range(len(atoms) - 1, -1, -1):
        kind, inner, quantifier = atoms[at]
        if kind == "literal" and not quantifier:
            text = inner + text
            continue
        if text:
            return [text]
        ends = [inner] if kind == "literal" else _alternatives_tails(inner) if kind == "group" else []
        if not ends:
            return []
        if quantifier[:1] in ("", "+"):  # present at least once: the match ends with it
            return ends
        if quantifier[:1] in ("?", "*"):  # may be absent: then what precedes it ends the match
            before = _tail(atoms[:at])
            return ends + before if before else []
        return []  # {m,n}
    return [text] if text else []


def _alternatives_tails(inner: str) -> list[str]:
    out: list[str] = []
    for alternative in _top_level_branches(inner):
        atoms = _atoms(alternative)
        found = _tail(atoms) if atoms is not None else []
        if not found:
            return []
        out.extend(found)
    return out


def prefix_algorithm() -> str:
    """A fingerprint of the code that works out what a NamePattern refuses names by (and of the Python
    running it).

    What an earlier run worked out is kept with the compiled rules (see prefix_table); the cache is keyed
    by this fingerprint, so an edit of the algorithm never reads what the old one gave."""
    functions: tuple[Callable[..., Any], ...] = (literal_prefixes, _branch_prefixes, _group_opener, _plain_prefix)
    functions += (_scan_top_level, _group_end, _top_level_branches, branch_ends, _alternatives, _atoms, _tail)
    functions += (_alternatives_tails, _heads, _literal_alternatives, BranchEnds.of, BranchEnds.__init__)
    code = [f.__code__ for f in functions]
    patterns = (_FLAG_GROUP, _STRUCTURE, _GLOBAL_FLAGS, _SEGMENT, _QUANTIFIER, _CLASS)
    parts = (code, [p.pattern for p in patterns], sorted(_METACHARACTERS), sorted(_CLASS_ESCAPES))
    return f"{zlib.crc32(marshal.dumps(parts, 2)):08x}"  # version 2: no references, which vary with refcounts


def prefix_table(sources: Iterable[str]) -> dict[str, dict[str, Any]]:
    """source -> what a NamePattern of it refuses names by: `prefixes`, the lowercased literal prefixes of
    every whole match, and for a pattern without them, `ends` (the parts of its branch_ends). Kept with
    the compiled rules: working them out for the few hundred patterns of the rules costs milliseconds."""
    table: dict[str, dict[str, Any]] = {}
    for source in sources:
        prefixes = [p.lower() for p in literal_prefixes(source, anchored=True)]
        # a pattern with prefixes is refused by them (see NamePattern._ends_refuse)
        table[source] = {"prefixes": prefixes} if prefixes else {"prefixes": [], "ends": ends_parts(source)}
    return table


def remember_prefixes(table: dict[str, dict[str, Any]]) -> None:
    """Use what a prefix_table made by the same prefix_algorithm() (an earlier run's) holds."""
    _KNOWN_PREFIXES.update(table)


_KNOWN_PREFIXES: dict[str, dict[str, Any]] = {}


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def name_prefixes(pattern: str, *, anchored: bool) -> tuple[str, ...]:
    """The lowercased literal_prefixes of pattern, from a remembered prefix_table when it has them.
    An entry of another shape (a cache edited by hand) is worked out again."""
    if not anchored and not pattern.startswith("^"):
        return ()
    known = _KNOWN_PREFIXES.get(pattern)
    if isinstance(known, dict) and _texts(known.get("prefixes")):
        return tuple(known["prefixes"])
    return tuple(p.lower() for p in literal_prefixes(pattern, anchored=True))


def ends_parts(pattern: str) -> list[list[list[str]]]:
    return [e.parts() for e in branch_ends(pattern)]


def known_ends(pattern: str) -> tuple[BranchEnds, ...]:
    """The branch_ends of pattern, from a remembered prefix_table when it has them. An entry of another
    shape (a cache edited by hand) is worked out again."""
    known = _KNOWN_PREFIXES.get(pattern)
    ends = known.get("ends") if isinstance(known, dict) else None
    if isinstance(ends, list) and all(isinstance(e, list) and len(e) == 3 and all(map(_texts, e)) for e in ends):
        return tuple(BranchEnds(*e) for e in ends)
    return branch_ends(pattern)


def _ends_tests(ends: tuple[BranchEnds, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[BranchEnds, ...]]:
    """The branches' ends sorted for one startswith and one endswith per name: (heads, tails, others).

    heads: every prefix of every branch; a name starting with none of them is refused by every branch with
    prefixes, and is then refused when it ends with none of tails (the suffixes of the branches with suffixes
    only: the vocabulary's `\\w*_for_doc`) and every one of others (the other branches without prefixes)
    refuses it. A branch with no ends at all allows every name: the empty tail. A name starting with a head
    is judged branch by branch."""
    heads: list[str] = []
    tails: list[str] = []
    others: list[BranchEnds] = []
    for branch in ends:
        if branch.prefixes:
            heads.extend(branch.prefixes)
        elif branch.after_slash:
            others.append(branch)
        else:
            tails.extend(branch.suffixes or ("",))
    return tuple(heads), tuple(tails), tuple(others)


# how many names a NamePattern matches branch by branch before it compiles its whole union (see fullmatch)
BRANCHED_CALLS = 256


class NamePattern:
    """A rules pattern over model names (IGNORECASE), compiled only when a name could match it.

    The rules hold hundreds of name patterns and a scan looks up a few names: compiling them all cost
    more than the rest of resolution. An ASCII name that starts with none of the pattern's literal
    prefixes is refused without compiling it; so is one that, for a pattern without such prefixes (the
    vocabulary's `.*Error`, `.*\\.json`, `[\\w.-]+/(?:model|repo)`), no branch's BranchEnds allow. Any
    other name is matched by the compiled pattern.
    """

    def __init__(self, pattern: str, *, anchored: bool) -> None:
        self.regex = lazy_compile(pattern, re.IGNORECASE)
        self.prefixes = name_prefixes(pattern, anchored=anchored)
        self.source, self.anchored = pattern, anchored
        self._branches: tuple[tuple[tuple[str, ...], LazyPattern[str]], ...] | None = None
        self._ends: tuple[BranchEnds, ...] | None = None
        self._tests: tuple[tuple[str, ...], tuple[str, ...], tuple[BranchEnds, ...]] = ((), (), ())
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

    def _ends_refuse(self, name: str) -> bool:
        """A pattern without literal prefixes (`[\\w.-]+/(?:model|repo)`, `.*Error`, `.*\\.json`) may still
        refuse an ASCII name by what each of its branches starts and ends with (see BranchEnds): worked
        out on first use, a tenth of what compiling such a pattern costs."""
        if self._ends is None:
            self._ends = known_ends(self.source)
            self._tests = _ends_tests(self._ends)
        if not self._ends:
            return False
        lowered = name.lower()
        heads, tails, others = self._tests
        if lowered.startswith(heads):  # a branch's prefix: judged branch by branch
            return all(ends.refuses(lowered) for ends in self._ends)
        return not lowered.endswith(tails) and all(ends.refuses(lowered) for ends in others)

    def search(self, name: str) -> re.Match[str] | None:
        return None if self._refuses(name) else self.regex.search(name)

    def fullmatch(self, name: str) -> re.Match[str] | None:
        if self._refuses(name):
            return None
        self._asked += 1  # past a few hundred names (a large scan), one compiled union is cheaper than a loop
        branches = self.branches() if self._asked <= BRANCHED_CALLS else ()
        if not branches or not name.isascii():
            if not self.prefixes and name.isascii() and self._ends_refuse(name):
                return None
            return self.regex.fullmatch(name)
        lowered = name.lower()
        for prefixes, branch in branches:
            if lowered.startswith(prefixes):
                found = branch.fullmatch(name)
                if found is not None:
                    return found
        return None
