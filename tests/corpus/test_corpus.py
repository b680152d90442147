"""The corpus of realistic files of every kind against its hand-written expected-references table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scanner.discover import discover
from scanner.pipeline import ScanOptions, extract_all

HERE = Path(__file__).resolve().parent
ROOT = HERE / "project"


def _expected() -> set[tuple[str, int, str, str]]:
    rows = [line for line in (HERE / "expected.tsv").read_text("utf-8").splitlines() if not line.startswith("#")]
    return {(r["path"], int(r["line"]), r["id"].lower(), r["kind"]) for r in csv.DictReader(rows, delimiter="\t")}


def _found(recognizer, **options) -> set[tuple[str, int, str, str]]:
    found = discover([ROOT])
    out = set()
    opts = ScanOptions(paths=[ROOT], progress=False, **options)
    for _candidate, (result, _reason) in extract_all(found.candidates, recognizer, opts):
        if result is not None:
            out.update((r.path, r.line, r.id.lower(), r.ref_type.value) for r in result.references if not r.mention)
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_corpus_matches_the_expected_table_exactly(recognizer, jobs: int) -> None:
    expected, found = _expected(), _found(recognizer, jobs=jobs)
    assert not expected - found, f"missed: {sorted(expected - found)}"
    assert not found - expected, f"extra: {sorted(found - expected)}"


def test_docs_are_skipped_by_default_and_marked_when_included(recognizer) -> None:
    found = discover([ROOT])
    readme = [c for c in found.candidates if c.rel == "README.md"]
    on = ScanOptions(paths=[ROOT], include_docs=True, progress=False)
    off = ScanOptions(paths=[ROOT], progress=False)
    ((_, (result_off, reason)),) = list(extract_all(tuple(readme), recognizer, off))
    assert result_off is None and reason and "--include-docs" in reason
    ((_, (result_on, _)),) = list(extract_all(tuple(readme), recognizer, on))
    assert result_on is not None
    assert {(r.id, r.line) for r in result_on.references} == {("Qwen/Qwen2.5-7B-Instruct", 3)}
    assert all(r.in_docs for r in result_on.references)


def test_every_kind_of_file_is_in_the_corpus() -> None:
    paths = {row[0] for row in _expected()}
    for needed in (
        "notebooks/finetune.ipynb",
        "scripts/serve.sh",
        "deploy/Dockerfile",
        "Makefile",
        "deploy/docker-compose.yml",
        ".github/workflows/eval.yml",
        "ollama/Modelfile",
        ".env.example",
        "web/src/chat.ts",
        "uv.lock",
        "Pipfile",
        "setup.py",
        "environment.yml",
        "web/package.json",
        "pyproject.toml",
        "requirements.txt",
        ".gitlab-ci.yml",
    ):
        assert needed in paths, needed
