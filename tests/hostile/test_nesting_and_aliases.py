"""Hostile and broken inputs (issue #12): alias bombs and deep nesting are one file's problem, never the run's."""

from __future__ import annotations

import json
import time

import pytest

from scanner.pipeline import ScanOptions, scan

ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    + ["model: Qwen/Qwen2.5-7B-Instruct", ""]
)  # about 400 bytes that stand for 9**9 (387 million) scalars


def _scan(tree):  # type: ignore[no-untyped-def]
    return scan(ScanOptions(paths=[tree], progress=False, jobs=1))


def test_an_alias_bomb_in_a_scanned_yaml_file_is_a_parse_problem_read_by_lines(tmp_path) -> None:
    (tmp_path / "config.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    (tmp_path / "environment.yml").write_text("dependencies:\n  - pip\n" + ALIAS_BOMB, encoding="utf-8")
    started = time.monotonic()
    report = _scan(tmp_path)
    assert time.monotonic() - started < 10
    problems = {p.path: p.message for p in report.coverage.parse_errors}
    assert "alias bomb" in problems["config.yaml"]
    # nothing lost: the line scan still finds the model
    assert any(r.id == "Qwen/Qwen2.5-7B-Instruct" and r.path == "config.yaml" for r in report.references)


@pytest.mark.parametrize("where", ["policy", "rules"])
def test_an_alias_bomb_in_the_policy_or_rules_is_a_usage_error_naming_the_file(run, tmp_path, where) -> None:
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    bomb = tmp_path / ("bomb.yaml" if where == "rules" else ".modelorigin.yaml")
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    args = ["scan", str(tmp_path)] + (["--rules", str(bomb)] if where == "rules" else [])
    result = run(*args)
    assert result.exit_code == 2
    assert bomb.name in result.output and "alias" in result.output
    assert "internal error" not in result.output.lower()


def test_deep_nesting_is_one_files_parse_problem(tmp_path) -> None:
    (tmp_path / "deep.json").write_text('{"m": "Qwen/Qwen3-8B", "x": ' + "[" * 5000 + "]" * 5000 + "}")
    (tmp_path / "config.json").write_text('{"a":' * 3000 + '"Qwen/Qwen3-8B"' + "}" * 3000, encoding="utf-8")
    (tmp_path / "deep.toml").write_text("m = 'Qwen/Qwen3-8B'\nx = " + "[" * 3000 + "]" * 3000 + "\n")
    (tmp_path / "deep.yaml").write_text("m: Qwen/Qwen3-8B\nx: " + "[" * 3000 + "]" * 3000 + "\n")
    (tmp_path / "sum.py").write_text("MODEL = 'Qwen/Qwen3-8B'\nx = " + "+".join(["1"] * 5000) + "\n")
    (tmp_path / "ok.py").write_text("from transformers import AutoModel\nAutoModel.from_pretrained('Qwen/Qwen3-8B')\n")
    report = _scan(tmp_path)
    problems = {p.path for p in report.coverage.parse_errors}
    assert {"deep.json", "config.json", "deep.toml", "deep.yaml", "sum.py"} <= problems
    found = {(r.path, r.id) for r in report.references}
    assert ("ok.py", "Qwen/Qwen3-8B") in found  # the run went on
    assert ("sum.py", "Qwen/Qwen3-8B") in found and ("config.json", "Qwen/Qwen3-8B") in found  # line scans
    json.dumps([p._asdict() for p in report.coverage.parse_errors])


def test_a_file_that_takes_too_long_is_interrupted_and_listed_as_not_read(tmp_path, monkeypatch) -> None:
    from scanner import budget, pipeline

    (tmp_path / "slow.py").write_text("MODEL = 'Qwen/Qwen3-8B'\n", encoding="utf-8")
    (tmp_path / "ok.yaml").write_text("model: Qwen/Qwen3-8B\n", encoding="utf-8")
    real = pipeline.extract_file

    def slow_for_python(data, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if path.endswith(".py"):
            time.sleep(5)
        return real(data, path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_file", slow_for_python)
    monkeypatch.setattr(budget, "FILE_SECONDS", 0.2)
    started = time.monotonic()
    report = _scan(tmp_path)
    assert time.monotonic() - started < 4
    assert report.coverage.not_read() == ("slow.py",)
    assert any(r.path == "ok.yaml" for r in report.references)


def test_aliases_of_one_node_are_walked_once(tmp_path) -> None:
    """Found by fuzz/fuzz.py: a 350-byte document whose aliases stand for 59,049 copies of one long scalar
    (under the expansion limit) took 3 s to walk; an alias names its anchor's node, walked once."""
    amplifier = (
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "d: &d x,x,x,x,x,xx,x,x,x,x,xx,x,x,x,x,xx,x,x,x,x,x[*b,*b,*b]\n"
        + "".join(f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n" for p, c in zip("defgh", "efghi", strict=True))
        + "model: Qwen/Qwen3-8B\n"
    )
    (tmp_path / "values.yaml").write_text(amplifier, encoding="utf-8")
    started = time.monotonic()
    report = _scan(tmp_path)
    assert time.monotonic() - started < 1.5
    assert [r.id for r in report.references] == ["Qwen/Qwen3-8B"]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="POSIX resource limits")
def test_a_worker_process_caps_its_heap(tmp_path) -> None:
    """A parallel scan's workers run with RLIMIT_DATA set: a runaway allocation fails in the worker."""
    import multiprocessing

    def child(queue) -> None:  # type: ignore[no-untyped-def]
        from scanner.budget import limit_worker_memory

        limit_worker_memory(256 * 1024 * 1024)
        try:
            bytearray(512 * 1024 * 1024)
            queue.put("allocated")
        except MemoryError:
            queue.put("refused")

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=child, args=(queue,))
    process.start()
    process.join(30)
    assert queue.get(timeout=5) == "refused"


def test_a_weight_reader_that_raises_costs_that_file_only(tmp_path, monkeypatch) -> None:
    from scanner import pipeline

    (tmp_path / "model.safetensors").write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{}")
    (tmp_path / "ok.yaml").write_text("model: Qwen/Qwen3-8B\n", encoding="utf-8")

    def broken(path, rel):  # type: ignore[no-untyped-def]
        raise ValueError("a header no reader foresaw")

    monkeypatch.setattr(pipeline, "read_model_candidate", broken)
    report = _scan(tmp_path)
    assert report.coverage.not_read() == ("model.safetensors",)
    assert any(r.path == "ok.yaml" for r in report.references)


def test_strings_deep_inside_javascript_brackets_do_not_walk_the_stack(monkeypatch) -> None:
    """A fuzzed 18 KB TypeScript file (1,500 nested objects, a string in each) took 0.5 s: every string
    asked every enclosing frame whether it was an Ollama call. Each frame now answers once."""
    from scanner.extract import javascript

    asked = 0
    callee = javascript._Frame.callee

    def counting(self: javascript._Frame) -> str:
        nonlocal asked
        asked += 1
        return callee.fget(self)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(javascript._Frame, "callee", property(counting))
    depth = 1500
    text = "import ollama from 'ollama'\n" + '{"a":' * depth + '"x"' + "}" * depth + "\n"
    text += "await ollama.chat({ messages: [{ role: 'user' }], model: 'qwen2.5:7b' })\n"
    from scanner.extract import extract_file
    from scanner.knowledge.index import Knowledge
    from scanner.knowledge.load import load_rules
    from scanner.pipeline import build_recognizer

    found = extract_file(text.encode(), "app.ts", build_recognizer(Knowledge(load_rules([])[0])))
    assert asked <= 3 * (depth + 10)
    assert [r.id for r in found.references if not r.mention] == ["qwen2.5:7b"]  # inside an ollama call, still
