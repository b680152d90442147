"""Patterns compiled on first use behave as compiled patterns, and are compiled once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanner.lazyregex import lazy_compile


@pytest.mark.parametrize(
    "subject", ["Model: Qwen/Qwen3-8B, base qwen/QWEN2.5", b"Model: Qwen/Qwen3-8B, base qwen/QWEN2.5"]
)
def test_every_method_answers_as_the_compiled_pattern(subject) -> None:
    source = r"(qwen)/(\S+?)(?:,|$)" if isinstance(subject, str) else rb"(qwen)/(\S+?)(?:,|$)"
    lazy, compiled = lazy_compile(source, re.I), re.compile(source, re.I)
    for _ in range(2):  # before and after the first compilation
        assert lazy.search(subject).span() == compiled.search(subject).span()
        assert lazy.search(subject, 12).span() == compiled.search(subject, 12).span()
        assert lazy.match(subject) is None and compiled.match(subject) is None
        assert lazy.fullmatch(subject[7:20]) is not None
        assert [m.span() for m in lazy.finditer(subject)] == [m.span() for m in compiled.finditer(subject)]
        assert lazy.findall(subject) == compiled.findall(subject)
        repl = "<id>" if isinstance(subject, str) else b"<id>"
        assert lazy.sub(repl, subject) == compiled.sub(repl, subject)
        assert lazy.subn(repl, subject, 1) == compiled.subn(repl, subject, 1)
        assert lazy.split(subject) == compiled.split(subject)


def test_compiled_once_and_only_when_used(monkeypatch) -> None:
    calls: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda p, f=0: calls.append(p) or real(p, f))
    pattern = lazy_compile(r"a+b")
    assert calls == []
    assert pattern.search("xaab") and pattern.match("ab") and not pattern.fullmatch("abc")
    assert calls == [r"a+b"]
    assert pattern.compiled() is pattern.compiled()
    assert pattern.pattern == r"a+b" and "a+b" in repr(pattern)


def test_a_bad_pattern_fails_on_first_use() -> None:
    pattern = lazy_compile(r"(unclosed")
    with pytest.raises(re.error):
        pattern.search("x")


def test_every_pattern_of_the_package_compiles() -> None:
    """Compiling on first use must not hide a broken pattern until a user's file needs it."""
    import importlib
    import pkgutil

    import scanner
    from scanner.lazyregex import LazyPattern

    found: set[int] = set()  # a pattern imported by another module is one pattern
    for info in pkgutil.walk_packages(scanner.__path__, "scanner."):
        if info.name.endswith("__main__"):  # runs the command line
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                for candidate in item if isinstance(item, tuple) else (item,):
                    if isinstance(candidate, LazyPattern):
                        candidate.compiled()
                        found.add(id(candidate))
    package = Path(scanner.__file__).parent
    written = sum(
        p.read_text(encoding="utf-8").count("lazy_compile(") for p in package.rglob("*.py") if p.name != "lazyregex.py"
    )
    assert len(found) == written > 50  # every one reached
