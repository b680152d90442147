"""Speed work on the gate and the name patterns (#14) must answer exactly as before: the shortcuts are checked
against the slow rule they stand for."""

from __future__ import annotations

import base64
import random

from scanner.extract.prefilter import Prefilter
from scanner.lazyregex import BranchEnds, NamePattern, branch_ends


def _branch_by_branch(pattern: str, name: str) -> bool:
    """What _ends_refuse stands for: every branch refuses the lowered name."""
    ends = branch_ends(pattern)
    return bool(ends) and all(e.refuses(name.lower()) for e in ends)


def test_ends_refuse_sorted_by_heads_and_tails_answers_as_every_branch() -> None:
    # branches of every shape: prefix and suffix (a literal), suffix only, after a slash, prefix only, none
    patterns = [
        r"help|desc|notes?|\w*_for_doc|\w*_archive_map",
        r"[\w.-]+/(?:model|repo)|.*\.json|.*Error",
        r"\w*_for_doc|abc\w*|[\w.-]+/x\w*",
        r"\w*_for_doc|\d+",  # a branch with no ends allows every name
    ]
    words = ["help", "helpful", "desc", "note", "notes", "x_for_doc", "for_doc", "a/model", "a/repository", "b/c"]
    words += ["config.json", "ValueError", "abc", "abcdef", "zabc", "q/xyz", "q/yxz", "123", "", "_FOR_DOC", "HELP"]
    rng = random.Random(14)
    words += ["".join(rng.choice("abcdehlpx_/.-0123") for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for pattern in patterns:
        compiled = NamePattern(pattern, anchored=True)
        assert not compiled.prefixes  # these patterns are refused by their ends, not by prefixes
        for word in words:
            assert compiled._ends_refuse(word) == _branch_by_branch(pattern, word), (pattern, word)


def test_a_branch_without_ends_allows_every_name() -> None:
    assert BranchEnds.of(r"\d+").parts() == [[], [], []]
    pattern = NamePattern(r"\w*_for_doc|\d+", anchored=True)
    assert not pattern._ends_refuse("anything")


def test_words_glued_to_a_blob_on_one_side_only_are_words(recognizer) -> None:
    """The blob test looks at one byte on each side before its regexes: a word with base64 on one side only,
    or at the very end of the file, is still a word."""
    gate = Prefilter(recognizer)
    blob = base64.b64encode(random.Random(3).randbytes(600)).decode()
    assert not gate.wants(f'"{blob[:300]}qwen/x{blob[300:]}"'.encode())  # glued on both sides: inside the blob
    assert gate.wants(f'"{blob[:300]}qwen/x" "{blob[300:]}"'.encode())  # a quote after it
    assert gate.wants(f'"{blob[:300]} qwen/x{blob[300:]}"'.encode())  # a space before it
    assert gate.wants(f"{blob[:300]}ollama".encode())  # at the end of the file


def test_dense_weak_words_search_each_window(recognizer) -> None:
    """Weak words whose windows overlap are searched once; an id far after the first word still passes the file
    through a later word's window."""
    gate = Prefilter(recognizer)
    filler = "model = build()\n" * 200
    assert not gate.wants(filler.encode(), code=True)
    assert gate.wants((filler + 'model = "acme/thing-7b"\n').encode(), code=True)
    assert gate.wants(('model = "acme/thing-7b"\n' + filler).encode(), code=True)


def test_focus_after_wants_reads_what_wants_searched_and_only_that_file(recognizer) -> None:
    """focus() reuses the lowered bytes and matches of the file wants() just searched; of another file it
    searches that file."""
    gate = Prefilter(recognizer)
    first = b'import os\nmodel = "acme/llm-7b"\nx = 1\n'
    second = b"x = 1\ny = 2\nfrom ollama import chat\n"
    assert gate.wants(first, code=True)
    fresh = Prefilter(recognizer)
    assert gate.focus(first).lines == fresh.focus(first).lines == [2]  # type: ignore[union-attr]
    assert gate.focus(second).lines == fresh.focus(second).lines == [3]  # type: ignore[union-attr]
    assert gate.focus(bytes(first)).lines == [2]  # type: ignore[union-attr]


def test_the_gate_keeps_a_file_only_from_its_pass_to_its_focus(recognizer) -> None:
    """What focus() reuses is held from wants() passing a file to focus() asking for it: a large file that fails
    the gate, or one whose focus was read, is not kept alive by the gate."""
    gate = Prefilter(recognizer)
    assert not gate.wants(b"x = 1\n" * 1000, code=True)
    assert gate._last is None
    data = b'model = "acme/llm-7b"\n'
    assert gate.wants(data, code=True)
    assert gate._last is not None and gate._last[0] is data
    assert gate.focus(data).lines == [1]  # type: ignore[union-attr]
    assert gate._last is None
