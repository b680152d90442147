"""Patterns compiled on first use behave as compiled patterns, and are compiled once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanner.lazyregex import BRANCHED_CALLS, NamePattern, lazy_compile


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
            items = (
                tuple(value.values()) if isinstance(value, dict) else value if isinstance(value, tuple) else (value,)
            )
            for item in items:
                for candidate in item if isinstance(item, tuple) else (item,):
                    if isinstance(candidate, LazyPattern):
                        candidate.compiled()
                        found.add(id(candidate))
    package = Path(scanner.__file__).parent
    written = sum(_module_level_calls(p, "lazy_compile") for p in package.rglob("*.py"))
    assert len(found) == written > 50  # every one reached (patterns made inside functions compile there)


def _module_level_calls(path: Path, name: str) -> int:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_functions = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for inner in ast.walk(node)
    }
    return sum(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
        for node in ast.walk(tree)
        if id(node) not in in_functions
    )


@pytest.mark.parametrize(
    ("pattern", "anchored", "prefixes"),
    [
        (r"qwen2\.5-3b(-instruct)?([-_.].*)?", True, ("qwen2.5-3b",)),
        (r"^deepseek", False, ("deepseek",)),
        (r"deepseek", False, ()),  # a search anywhere: no prefix
        (r"^(qwen|qwq|qvq)", False, ("qwen", "qwq", "qvq")),
        (r"(meta-)?llama-?3-(8|70)b", True, ("meta-", "llama")),
        (r"(?:code|pali)?gemma-2", True, ("code", "pali", "gemma-2")),
        (r"(ling|ring)[-_]lite", True, ("ling", "ring")),
        (r"^(mt0|t0(pp|_3b)?)([-_]|$)", False, ("mt0", "t0")),
        (r"qwen-1[._]8b", True, ("qwen-1",)),
        (r"yi-?6b", True, ("yi",)),  # the hyphen is optional
        (r"glm-4{1,2}", True, ("glm-",)),
        (r"qwen1\.5-7b|qwq-32b", True, ("qwen1.5-7b", "qwq-32b")),
        (r"(qwen|qwq)-7b|x", True, ("qwen", "qwq", "x")),
        (r"qwen|\d+b", True, ()),  # one branch without a literal start
        (r"(\d+|x)-b", True, ()),
        (r"(x)*y", True, ("x", "y")),
        (r"(x){0,2}y", True, ()),
        (r"a[|]b", True, ("a",)),  # a bar in a class is a member
        (r"a[]|]b", True, ("a",)),
        (r"phi\d-mini", True, ("phi",)),
        (r"(?i)qwen", True, ()),
        (r"(?!x)qwen", True, ()),
        (r"(unclosed", True, ()),
        (r"(?:(?-i:gpt-4|o1)|claude-)x", True, ("gpt-4", "o1", "claude-")),  # nested, inline flags
        (r"(?:(?:us|eu)\.)?(?:anthropic\.claude|meta\.llama)", True, ("us", "eu", "anthropic.claude", "meta.llama")),
        (r"(?P<n>x)y", True, ()),  # a named group: no prefix read into it
    ],
)
def test_literal_prefixes(pattern: str, anchored: bool, prefixes: tuple[str, ...]) -> None:
    from scanner.lazyregex import literal_prefixes

    assert literal_prefixes(pattern, anchored=anchored) == prefixes


def test_name_patterns_answer_as_their_regexes_on_every_bundled_pattern() -> None:
    """The prefix shortcut never changes an answer: every family and catalog pattern of the rules,
    against every name the rules and the expected-origins table know, plus odd spellings."""
    import yaml

    from scanner.knowledge import Knowledge, load_rules
    from scanner.lazyregex import NamePattern

    rules, _ = load_rules([])
    expected = yaml.safe_load((Path(__file__).parent / "data" / "expected_origins.yaml").read_text())
    names = {e["id"].split("/")[-1].split(":")[0] for e in expected}
    names |= {e["name"] for e in rules["ollama"]}
    names |= (
        {n.upper() for n in names} | {f"ſ{n}" for n in list(names)[:20]} | {"", "-", "Qwen2.5", "QWEN2.5-7B-ınstruct"}
    )
    names |= {
        "Meta-Llama-3.1-8B-Instruct",
        "Llama-3-8B",
        "llama3-8b",
        "codegemma-7b-it",
        "gemma-2-9b",
        "t0pp",
        "mt0-xxl",
    }
    names |= {"sdxl-turbo", "stable-diffusion-xl-base-1.0", "mono-InternVL-2B", "tencent-Hunyuan-Large", "ring-lite"}
    patterns = [(f["pattern"], False) for lab in rules["labs"] for f in lab.get("families") or []]
    patterns += [(m["name"], True) for m in rules["models"]]
    # the vocabulary's whole-name patterns: hosted model names (case-sensitive parts), legacy ids, placeholders
    kb = Knowledge(rules)
    kinds = sorted({e["kind"] for e in rules["vocabulary"] if "pattern" in e})
    patterns += [(kb.hosted_pattern, True), *((kb.vocabulary_pattern(k), True) for k in kinds)]
    # what the vocabulary's patterns are matched against: keys, call names, paths, ids
    names |= {"model_id", "help", "long_description", "x_for_doc", "print", "logger.info", "ValueError", "get"}
    names |= {"from_pretrained", "push_to_hub", "startswith", "DownloadSource.MODELSCOPE", "ms_hub_url", "AutoModel"}
    names |= {"eval_results/run.json", "out/predictions.jsonl", "a/b/openapi.yaml", "metrics.txt", "x.py", "Qwen/x"}
    names |= {"org/model", "acme/my-model", "acme/model-x", "acme/modelx", "your-org/x", "a/b/c", "acme/none", "/x"}
    names |= {"gpt-4o-mini", "GPT-4o-mini", "o3-mini", "claude-3-5-sonnet-20241022", "us.anthropic.claude-3-haiku"}
    names |= {"qwen-max", "deepseek-chat", "glm-4-plus", "moonshot-v1-8k", "bert-base-uncased", "your-org/your-model"}
    refused = 0
    for source, anchored in patterns:
        lazy, regex = NamePattern(source, anchored=anchored), re.compile(source, re.IGNORECASE)
        for name in names:
            if anchored:
                assert bool(lazy.fullmatch(name)) == bool(regex.fullmatch(name)), (source, name)
            else:
                assert bool(lazy.search(name)) == bool(regex.search(name)), (source, name)
            refused += lazy._refuses(name)
    assert refused > len(patterns) * len(names) // 2  # the shortcut does most of the work


def test_a_union_is_matched_by_the_branches_a_name_could_match_compiling_only_those() -> None:
    union = "(?:(?-i:gpt-4o(?:-mini)?)|o[13](?:-mini)?)|(?:claude-[\\w.-]+)|(?:qwen-(?:max|plus))"
    pattern = NamePattern(union, anchored=True)
    whole = re.compile(union, re.IGNORECASE)
    for name in ("gpt-4o", "gpt-4o-mini", "GPT-4o", "o1-mini", "claude-3-opus", "qwen-max", "qwen-maxi", "llama"):
        assert bool(pattern.fullmatch(name)) == bool(whole.fullmatch(name)), name
    fresh = NamePattern(union, anchored=True)
    assert fresh.fullmatch("qwen-plus")
    compiled = ["fullmatch" in vars(branch) for _, branch in fresh.branches()]  # set on compiling
    assert compiled == [False, False, True]  # only the branch whose prefix the name starts with
    assert "fullmatch" not in vars(fresh.regex)  # the union itself is not compiled for a few names
    for _ in range(BRANCHED_CALLS):
        assert fresh.fullmatch("qwen-max")
    assert "fullmatch" in vars(fresh.regex)  # a large scan: one compiled union beats a loop over branches


def _random_pattern(rng, depth: int = 0) -> str:
    atoms = ["a", "b", "ab", "/", "-", r"\.", ".", "[ab]", r"[\w.-]", r"\d", "[^a]", r"\w", "$", "(?=a)", "K"]
    atoms += [r"[\w.-]+/", r"[a-z]*/"]
    out = []
    for _ in range(rng.randrange(1, 5)):
        if depth < 2 and rng.random() < 0.25:
            inner = "|".join(_random_pattern(rng, depth + 1) for _ in range(rng.randrange(1, 4)))
            group = rng.choice(["(?:{})", "({})", "(?-i:{})"]).format(inner)
            out.append(group + rng.choice(["", "", "?", "{1,2}"]))  # no nested repeats: they backtrack for ever
        else:
            out.append(rng.choice(atoms) + rng.choice(["", "", "", "?", "*", "+", "{1,2}", "+?"]))
    return "".join(out)


def test_name_patterns_answer_as_their_regexes_on_random_patterns() -> None:
    """Prefixes, suffixes and the part after a slash refuse only names the pattern cannot match whole."""
    import random

    rng = random.Random(14)
    names = ["", "a", "b", "A", "ab", "aB/b", "a/b", "/", "a.b", "1", "a-", "ba/ab", "k", "ab/.ab", "a/", "b/a"]
    names += ["".join(rng.choice("ab/.1A-k") for _ in range(rng.randrange(1, 8))) for _ in range(60)]
    refused = 0
    for _ in range(1500):
        source = "|".join(_random_pattern(rng) for _ in range(rng.randrange(1, 3)))
        try:
            regex = re.compile(source, re.IGNORECASE)
        except re.error:
            continue
        lazy = NamePattern(source, anchored=True)
        for name in names:
            assert bool(lazy.fullmatch(name)) == bool(regex.fullmatch(name)), (source, name)
        refused += sum(lazy._refuses(n) or (not lazy.prefixes and lazy._ends_refuse(n)) for n in names)
    assert refused > 10_000


@pytest.mark.parametrize(
    ("pattern", "suffixes", "after_slash"),
    [
        (r"[\w.-]+/(?:model|repo[-_]name)", ("model", "name"), ("model", "repo")),
        (r"[a-z0-9._-]*/x", ("/x",), ("x",)),
        (r"[\w/]+/x", ("/x",), ()),  # the run may hold a slash: the first slash is not its end
        (r"[+-0]+/x", ("/x",), ()),  # nor may a range be read for one
        (r".*\.json", (".json",), ()),
        (r".*\.(?:ya?ml|json)", ("ml", "json"), ()),
        (r"notes?", ("s", "note"), ()),
        (r".*(?:Error|Exception)$", ("error", "exception"), ()),
        (r"x(?:-[\w.]+)?", (), ()),
        (r"x(?:-a|-b)*", ("-a", "-b", "x"), ()),
        (r"x\d", (), ()),
        (r"x\x41", (), ()),  # an escape of more than two characters
        (r"ab\1", (), ()),
        (r"a(?=b)", (), ()),
        (r"a(?#note)", (), ()),
        (r"ab{2}", (), ()),
        (r"(?x) a b", (), ()),  # global flags: no ends at all
        ("caf\u00e9", (), ()),  # not ASCII
    ],
)
def test_branch_ends(pattern: str, suffixes: tuple[str, ...], after_slash: tuple[str, ...]) -> None:
    from scanner.lazyregex import branch_ends

    ends = branch_ends(pattern)
    assert tuple(s for e in ends for s in e.suffixes) == suffixes
    assert tuple(p for e in ends for p in e.after_slash) == after_slash


def test_branch_ends_read_prefixes_through_groups_of_literal_alternatives() -> None:
    from scanner.lazyregex import branch_ends

    def prefixes(pattern: str) -> list[tuple[str, ...]]:
        return [e.prefixes for e in branch_ends(pattern)]

    assert prefixes(r"(?:org|bar)/[\w.-]+|[\w.-]+/(?:model|repo)") == [("org/", "bar/"), ()]
    assert prefixes(r"(?:get|load)_(?:model|lora)\w*") == [("get_model", "get_lora", "load_model", "load_lora")]
    assert prefixes(r"(?:a|b)?x") == [("a", "b", "x")]  # an optional group: its prefixes, as literal_prefixes
    assert prefixes(r"(?:a|b+)_x") == [("a", "b")]
    assert prefixes(r"Abc(?:d|e)*") == [("abc",)]
