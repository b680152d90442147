"""Recall and precision on real files from public repositories, labelled by hand before any scan.

tests/realworld/files holds 144 files from 140 repositories (see SOURCES.tsv); expected.tsv lists every
reference a reviewer would call a dependency, with the labelling rules at its top. A change to an
extractor or to the prefilter that loses a reference, or reports one that is not there, fails here.
`python benchmarks/recall_precision.py --realworld` prints the same measurement with every miss and extra.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scanner.discover import discover
from scanner.extract import extract_file
from scanner.extract.prefilter import CODE_SUFFIXES
from scanner.pipeline import ScanOptions, extract_all, prefilter

HERE = Path(__file__).resolve().parent
ROOT = HERE / "files"

# reached on 2026-11-30: 171 of 173 expected references, no extra. First measurement (164 references of the
# first batch): 84.8% recall, 95.2% precision; the second batch, held out from the fixes: 8 of 9 before the fix
# it prompted. 2026-12-07, table revised for hosted_model references and the literal's line: 200 of 201, no
# extra; org-less legacy ids (bert-base-chinese) are now recognised; the miss is @azure/openai, which the rules
# do not list as an SDK.
RECALL_FLOOR = 0.995
PRECISION_FLOOR = 1.0
# expected references the byte prefilter rejects (the extractor finds them when the file is read): none since
# the prefilter passes `from google import genai` and Hugging Face cache paths. New losses must not appear.
KNOWN_PREFILTER_LOSSES: frozenset[str] = frozenset()

Key = tuple[str, int, str, str]


def _expected() -> set[Key]:
    rows = [line for line in (HERE / "expected.tsv").read_text("utf-8").splitlines() if not line.startswith("#")]
    return {(r["path"], int(r["line"]), r["id"].lower(), r["kind"]) for r in csv.DictReader(rows, delimiter="\t")}


def _found(recognizer, jobs: int) -> set[Key]:
    found = discover([ROOT])
    out: set[Key] = set()
    options = ScanOptions(paths=[ROOT], progress=False, jobs=jobs)
    for _candidate, (result, reason) in extract_all(found.candidates, recognizer, options):
        assert reason is None, f"{_candidate.rel} was not read: {reason}"
        if result is not None:
            out.update((r.path, r.line, r.id.lower(), r.ref_type.value) for r in result.references if not r.mention)
    return out


@pytest.fixture(scope="module")
def measured(recognizer) -> tuple[set[Key], set[Key]]:
    return _expected(), _found(recognizer, jobs=1)


def test_the_corpus_is_real_and_wide() -> None:
    sources = [
        line.split("\t")
        for line in (HERE / "SOURCES.tsv").read_text("utf-8").splitlines()[1:]
        if line and not line.startswith(("#", "repository\t"))
    ]
    files = {p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file()}
    listed = {f"{repo.replace('/', '__', 1)}/{path}" for repo, path, *_ in sources}
    assert files == listed, "every file has its source line, every source line its file"
    assert len(files) >= 80 and len({repo for repo, *_ in sources}) >= 40
    kinds = {row[3] for row in _expected()}
    assert kinds >= {"hub_model", "modelscope_model", "ollama_model", "api_endpoint", "sdk_package", "loader_package"}


def test_recall_and_precision_stay_at_or_above_their_floor(measured) -> None:
    expected, found = measured
    hits = expected & found
    recall, precision = len(hits) / len(expected), len(hits) / len(found)
    missed = "\n".join("  " + "\t".join(map(str, k)) for k in sorted(expected - found))
    extra = "\n".join("  " + "\t".join(map(str, k)) for k in sorted(found - expected))
    assert recall >= RECALL_FLOOR, f"recall {recall:.1%} < {RECALL_FLOOR:.1%}; missed:\n{missed}"
    assert precision >= PRECISION_FLOOR, f"precision {precision:.1%} < {PRECISION_FLOOR:.1%}; extra:\n{extra}"


def test_parallel_extraction_finds_the_same(recognizer, measured) -> None:
    _, found = measured
    assert _found(recognizer, jobs=2) == found


def test_the_prefilter_loses_no_new_reference(recognizer, measured) -> None:
    expected, found = measured
    gate = prefilter(recognizer)
    lost = set()
    for path in {key[0] for key in expected - found}:
        data = (ROOT / path).read_bytes()
        if gate.wants(data, code=path.lower().endswith(CODE_SUFFIXES)):
            continue
        ungated = {
            (r.path, r.line, r.id.lower(), r.ref_type.value)
            for r in extract_file(data, path, recognizer).references
            if not r.mention
        }
        if ungated & (expected - found):
            lost.add(path)
    assert lost <= KNOWN_PREFILTER_LOSSES, (
        f"the prefilter rejects files with references: {sorted(lost - KNOWN_PREFILTER_LOSSES)}"
    )
