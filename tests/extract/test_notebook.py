"""Notebooks: code cells at their raw .ipynb lines, magics, shell lines, malformed input."""

from __future__ import annotations

import json

from scanner.extract.notebook import extract_notebook


def notebook(*cells: dict, language: str = "python", indent: int | None = 1) -> str:
    doc = {
        "cells": list(cells),
        "metadata": {"kernelspec": {"language": language, "name": "k"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=indent, ensure_ascii=False)


def code(*lines: str, outputs: list | None = None) -> dict:
    return {"cell_type": "code", "metadata": {}, "outputs": outputs or [], "source": list(lines)}


def raw_line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def refs(text: str, recognizer) -> set[tuple[str, int, str]]:
    return {(r.id, r.line, r.ref_type.value) for r in extract_notebook(text, "nb.ipynb", recognizer).references}


def test_code_cells_report_the_raw_line_of_the_ipynb(recognizer) -> None:
    text = notebook(
        {"cell_type": "markdown", "metadata": {}, "source": ["Uses Qwen/Qwen2.5-7B (documentation)\n"]},
        code(
            "from transformers import AutoModel\n",
            "m = AutoModel.from_pretrained(\n",
            '    "THUDM/chatglm3-6b", trust_remote_code=True)\n',
            outputs=[{"output_type": "stream", "name": "stdout", "text": ["Qwen/OnlyInOutput\n"]}],
        ),
    )
    result = extract_notebook(text, "nb.ipynb", recognizer)
    # the markdown cell's id is a mention; the output is not read
    (mention,) = [r for r in result.references if r.mention]
    assert (mention.id, mention.line) == ("Qwen/Qwen2.5-7B", raw_line(text, "Uses Qwen"))
    (ref,) = [r for r in result.references if not r.mention]
    assert ref.id == "THUDM/chatglm3-6b" and ref.trust_remote_code
    assert ref.line == raw_line(text, "THUDM/chatglm3-6b")
    assert text.splitlines()[ref.line - 1][ref.column - 1 :].startswith('\\"THUDM')


def test_magics_shell_lines_and_pip(recognizer) -> None:
    text = notebook(
        code(
            "!pip install -q dashscope\n",
            "%matplotlib inline\n",
            "if True:\n",
            "    !ollama pull llama3.2:3b\n",
            "files = !ls Qwen/\n",
            "x = load_dataset('Qwen/not-a-model')\n",
        ),
        code("%%bash\n", "vllm serve acme/private-13b\n"),
        code("%%time\n", "tok = AutoTokenizer.from_pretrained('deepseek-ai/DeepSeek-V3')\n"),
    )
    assert refs(text, recognizer) == {
        ("dashscope", raw_line(text, "!pip"), "sdk_package"),
        ("llama3.2:3b", raw_line(text, "ollama pull"), "ollama_model"),
        ("acme/private-13b", raw_line(text, "vllm serve"), "hub_model"),
        ("deepseek-ai/DeepSeek-V3", raw_line(text, "DeepSeek-V3"), "hub_model"),
    }


def test_minified_notebook_and_string_sources(recognizer) -> None:
    text = notebook(
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": "import ollama\nollama.pull('qwen2.5:7b')\n"},
        indent=None,
    )
    assert refs(text, recognizer) == {("qwen2.5:7b", 1, "ollama_model")}


def test_other_kernels_are_line_scanned(recognizer) -> None:
    text = notebook(code('model <- "Qwen/Qwen2.5-7B"\n', "library(x)\n"), language="R")
    assert refs(text, recognizer) == {("Qwen/Qwen2.5-7B", raw_line(text, "model <-"), "hub_model")}


def test_malformed_notebook_is_reported_and_line_scanned(recognizer) -> None:
    text = '{"cells": [{"cell_type": "code", "source": ["m = \'Qwen/Qwen3-8B\'\\n"]\n'
    result = extract_notebook(text, "nb.ipynb", recognizer)
    assert result.issues and result.issues[0].fallback == "line scan"
    assert [r.id for r in result.references] == ["Qwen/Qwen3-8B"]


def test_a_cell_that_does_not_parse_is_reported_at_its_raw_line(recognizer) -> None:
    text = notebook(code("x = 1\n"), code("def broken(:\n", "    m = 'Qwen/Qwen3-8B'\n"))
    result = extract_notebook(text, "nb.ipynb", recognizer)
    assert result.issues[0].line == raw_line(text, "def broken")
    assert [(r.id, r.line) for r in result.references] == [("Qwen/Qwen3-8B", raw_line(text, "Qwen3-8B"))]


def test_sources_are_found_after_their_key_and_the_exact_parser_takes_over_when_they_are_not(
    recognizer, monkeypatch
) -> None:
    """The quick path (C decoder, then each source string searched after its cell's "source" key) gives
    what the exact parser gives: an output holding the same text as the source, before the key as
    nbformat sorts them, is not taken for it; a source written with escapes the search does not rebuild
    (`\\/`) goes to the exact parser."""
    from scanner.extract import notebook

    line = 'model = AutoModel.from_pretrained("Qwen/Qwen3-8B")\n'
    output = {"output_type": "stream", "text": [line]}
    cell = {"cell_type": "code", "metadata": {}, "outputs": [output], "source": [line]}
    text = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    escaped = text.replace("Qwen/Qwen3-8B", "Qwen\\/Qwen3-8B")
    for raw in (text, escaped):
        quick = extract_notebook(raw, "nb.ipynb", recognizer)
        monkeypatch.setattr(notebook, "_located_by_search", lambda _text: None)
        exact = extract_notebook(raw, "nb.ipynb", recognizer)
        monkeypatch.undo()
        assert quick == exact
        [ref] = quick.references
        assert raw.splitlines()[ref.line - 1].lstrip().startswith('"model')
        assert ref.line > raw[: raw.find('"source"')].count("\n") + 1  # the source's line, not the output's
    assert notebook._located_by_search(text) is not None and notebook._located_by_search(escaped) is None
