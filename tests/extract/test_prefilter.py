"""The byte prefilter: strong words pass a file, weak words only next to an id-shaped token."""

from __future__ import annotations

from scanner.extract.prefilter import Prefilter


def test_strong_and_weak_words(recognizer) -> None:
    gate = Prefilter(recognizer)
    assert gate.wants(b"x = 'QWEN/Qwen3-8B'")  # a known org, any case
    assert gate.wants(b"base = 'https://api.deepseek.com'")
    assert gate.wants(b"import dashscope")
    assert gate.wants(b"ollama run llama3")
    assert gate.wants(b'model_id = "acme/llm-7b"')  # weak word with an id-shaped token near it
    assert gate.wants(b'ORG = "acme"\nMODEL = f"{ORG}/llm-7b"')
    assert not gate.wants(b"self.model = nn.Linear(a, b)\nclass Model(models.Model): pass\n")
    assert not gate.wants(b"def add(a, b):\n    return a + b\n")
    far = b"model = build()\n" + b"# filler line\n" * 200 + b"path = 'a/b'\n"
    assert not gate.wants(far)


def test_every_reference_of_the_corpus_passes(recognizer) -> None:
    """No file with a reference is rejected (recall is never traded for speed)."""
    from pathlib import Path

    from scanner.extract import always_parse, extract_file

    gate = Prefilter(recognizer)
    root = Path(__file__).resolve().parent.parent / "corpus" / "project"
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        if extract_file(data, rel, recognizer).references:
            assert gate.wants(data) or always_parse(path.name), rel
