"""Focused extraction: reading only the lines (statements, strings) near a prefilter word finds exactly
what reading the whole file finds, and skips the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.extract import extract_file
from scanner.extract.prefilter import Prefilter

TESTS = Path(__file__).resolve().parent.parent
FILLER = "".join(
    f"def helper_{i}(a, b):\n    total = a + b * {i}\n    return {{'k': total, 'v': [a, b]}}\n\n" for i in range(60)
)


@pytest.fixture(scope="module")
def gate(request) -> Prefilter:
    return Prefilter(request.getfixturevalue("recognizer"))


def both(
    data: str | bytes, path: str, recognizer, gate: Prefilter
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    raw = data.encode() if isinstance(data, str) else data
    full = [(r.id, r.line) for r in extract_file(raw, path, recognizer).references]
    focused = [(r.id, r.line) for r in extract_file(raw, path, recognizer, gate=gate).references]
    return full, focused


def test_focus_lines_count_newlines_and_refuse_odd_line_breaks(gate) -> None:
    focus = gate.focus(b"x = 1\r\nm = 'Qwen/Qwen3-8B'\r\ny = 2\r\nllm = LLM(model=M)\n")
    assert focus is not None and focus.lines == [2, 4]
    assert 2 in focus and 3 not in focus and focus.touches(3, 4) and not focus.touches(3, 3)
    assert gate.focus(b"a = 1\rm = 'Qwen/Qwen3-8B'\n") is None  # a lone CR is a line break to Python
    assert gate.focus("a = 1\u2028m = 'Qwen/Qwen3-8B'\n".encode()) is None  # and LINE SEPARATOR to splitlines


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a variable written far from any model word, used in a slot: reported where the id is written
        (f'NAME = "acme/llm-7b"\n{FILLER}tok = AutoTokenizer.from_pretrained(NAME)\n', ("acme/llm-7b", 1)),
        # an Ollama client call whose line names no model word
        (f'from ollama import chat\n{FILLER}M = "qwen3:8b"\n{FILLER}r = chat(M, messages=[])\n', ("qwen3:8b", None)),
        # a client's base URL through a variable: reported where the URL is written
        (f'URL = "https://api.deepseek.com/v1"\n{FILLER}c = Client(base_url=URL)\n', ("api.deepseek.com", 1)),
        # a decorator's model argument, the decorated function spanning no word
        (f'{FILLER}@register(\n    model="acme/tagger",\n)\ndef tag(x):\n    return x\n', ("acme/tagger", 242)),
        # a camelCase model key
        (f'{FILLER}cfg = dict(repoId="acme/llm-7b")\n', ("acme/llm-7b", 241)),
        # a multi-line call: the word and the id on different lines
        (f'{FILLER}pipe = pipeline(\n    "text-generation",\n    MODEL_PATH,\n)\nMODEL_PATH = "acme/gen"\n', None),
    ],
)
def test_python_statements_without_a_word_are_skimmed_without_losing_a_reference(
    source: str, expected: tuple[str, int | None] | None, recognizer, gate
) -> None:
    full, focused = both(source, "app.py", recognizer, gate)
    assert focused == full
    if expected is not None:
        assert any(ref == expected or (expected[1] is None and ref[0] == expected[0]) for ref in full), full


@pytest.mark.parametrize(
    "source",
    [
        "const extractor = await pipeline(\n  'feature-extraction',\n  'acme/embedder-small',\n);\n",
        "const config = {\n  models:\n    [\n      'acme/a-7b',\n      'acme/b-7b',\n    ],\n};\n",
        "const cfg = {\n  model:\n    'acme/llm-7b',\n};\n",
        "await ollama.pull(\n  'custom-model:latest'\n);\n",
        "import OpenAI from 'openai';\nconst c = new OpenAI({\n  baseURL: 'https://api.deepseek.com',\n});\n",
    ],
)
def test_javascript_strings_read_through_their_brackets_context(source: str, recognizer, gate) -> None:
    padded = "".join(f"export function f{i}(a) {{ return fetch(`/api/x/${{a}}`, [a, {i}]); }}\n" for i in range(80))
    full, focused = both(padded + source, "web/app.ts", recognizer, gate)
    assert focused == full and full, full


def test_text_reads_only_word_lines(recognizer, gate) -> None:
    text = "id,name\n" + "".join(f"{i},row {i}\n" for i in range(500)) + "501,model: acme/llm-7b\n"
    full, focused = both(text, "data/export.csv", recognizer, gate)
    assert focused == full == [("acme/llm-7b", 502)]


def test_a_large_yaml_stream_is_parsed_only_in_its_documents_and_values_holding_a_word(recognizer, gate) -> None:
    """An install bundle of many Kubernetes objects (CRDs with long schemas) and one Deployment that serves a
    model: the documents without a word are blanked (line numbers kept) and, in the rest, values without a
    word on their lines are not read; a registry's column is read whole, words or not (#14)."""
    from scanner.extract.structured import FOCUSED_YAML_CHARS, _documents_in_focus

    schema = "".join(
        f"        field{i}:\n          type: string\n          description: the field {i}\n" for i in range(40)
    )
    crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  schema:\n" + schema
    deployment = (
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
        "        - name: server\n          args: [--model, acme-lab/tiny-llm-7b]\n"
    )
    registry = (
        "models:\n  - {name: qwen-max, context: 32768}\n  - {name: acme-sparrow-large, context: 8192}\n"
        "  - {name: deepseek-chat, context: 65536}\n  - {name: glm-4-plus, context: 128000}\n"
    )
    stream = "---\n".join([crd] * 30 + [deployment, registry] + [crd] * 10)
    assert len(stream) > FOCUSED_YAML_CHARS
    focus = gate.focus(stream.encode()) if gate.wants(stream.encode()) else None
    assert focus is not None
    kept = _documents_in_focus(stream, focus)
    assert kept.count("\n") == stream.count("\n") and len(kept) < len(stream) // 4  # the CRDs are blanked
    full, focused = both(stream, "install/bundle.yaml", recognizer, gate)
    assert focused == full
    assert {i for i, _ in full} == {
        "acme-lab/tiny-llm-7b",
        "qwen-max",
        "acme-sparrow-large",
        "deepseek-chat",
        "glm-4-plus",
    }
    deployment_line = stream.count("\n", 0, stream.index("--model")) + 1
    assert ("acme-lab/tiny-llm-7b", deployment_line) in focused


def test_every_corpus_and_real_world_file_gives_the_same_references_focused(recognizer, gate) -> None:
    """The whole contract, on every test file that passes the prefilter (what the pipeline extracts)."""
    from scanner.extract import always_parse, is_doc

    checked = 0
    for root in (TESTS / "corpus" / "project", TESTS / "realworld" / "files"):
        for path in sorted(root.rglob("*")):
            data = path.read_bytes() if path.is_file() else b""
            if not data or b"\0" in data[:8192] or not (gate.wants(data) or always_parse(path.name)):
                continue
            rel = path.relative_to(root).as_posix()
            for docs in (False, True) if is_doc(path.name) else (False,):
                full = extract_file(data, rel, recognizer, in_docs=docs).references
                assert extract_file(data, rel, recognizer, in_docs=docs, gate=gate).references == full, rel
                checked += 1
    assert checked > 150
