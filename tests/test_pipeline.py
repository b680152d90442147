"""The scan loop: prefilter before parse, the same result serial and parallel, progress only on a TTY."""

from __future__ import annotations

import io
import sys
from itertools import pairwise

import pytest

from scanner.discover import discover
from scanner.pipeline import ScanOptions, _Progress, extract_all, scan


def _files(n: int) -> dict[str, str]:
    files = {f"pkg/mod_{i}.py": f"def f{i}(a, b):\n    return a + b  # plain code {i}\n" for i in range(n)}
    files["pkg/model_use.py"] = "from transformers import AutoModel\nm = AutoModel.from_pretrained('acme/llm-7b')\n"
    files["deploy/serve.sh"] = "vllm serve Qwen/Qwen3-8B \\\n  --port 8000\n"
    files["requirements.txt"] = "dashscope==1.20\n"
    return files


def test_serial_and_parallel_give_the_same_references(project, recognizer) -> None:
    root = project(_files(120))
    found = discover([root])

    def refs(jobs: int) -> list[tuple[str, int, str]]:
        opts = ScanOptions(paths=[root], jobs=jobs, progress=False)
        out = []
        for _c, (result, _reason) in extract_all(found.candidates, recognizer, opts):
            if result is not None:
                out.extend((r.path, r.line, r.id) for r in result.references)
        return sorted(out)

    serial = refs(1)
    assert serial == refs(2)
    assert ("deploy/serve.sh", 1, "Qwen/Qwen3-8B") in serial
    assert ("pkg/model_use.py", 2, "acme/llm-7b") in serial
    assert ("requirements.txt", 1, "dashscope") in serial


@pytest.mark.skipif(sys.platform != "linux", reason="the record of who read what is inherited by forked workers")
def test_a_parallel_scan_extracts_in_its_own_process_and_jobs_minus_one_workers(
    project, recognizer, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import resource

    import scanner.pipeline as pipeline
    from scanner import budget

    limit_before = resource.getrlimit(resource.RLIMIT_DATA)

    root = project(_files(400))
    found = discover([root])
    record = tmp_path / "readers.txt"
    real = pipeline.read_and_extract

    def recording(candidate, *args):
        with record.open("a") as out:  # one line per file: the process that read it, under which heap cap
            out.write(f"{os.getpid()} {resource.getrlimit(resource.RLIMIT_DATA)[0]} {candidate.rel}\n")
        return real(candidate, *args)

    monkeypatch.setattr(pipeline, "read_and_extract", recording)
    opts = ScanOptions(paths=[root], jobs=2, progress=False)
    out = [
        (c.rel, r.id)
        for c, (result, _) in extract_all(found.candidates, recognizer, opts)
        if result
        for r in result.references
    ]
    readers = [line.split(" ", 2) for line in record.read_text().splitlines()]
    assert sorted(rel for _pid, _cap, rel in readers) == sorted(c.rel for c in found.candidates)  # each read once
    pids = {pid for pid, _cap, _rel in readers}
    assert str(os.getpid()) in pids and len(pids) <= 2  # this process and one worker at most
    # every share under a worker's heap cap, this process's too; its own limit given back after
    assert all(0 < int(cap) <= budget.WORKER_DATA_BYTES for _pid, cap, _rel in readers)
    assert resource.getrlimit(resource.RLIMIT_DATA) == limit_before
    assert ("pkg/model_use.py", "acme/llm-7b") in out and ("requirements.txt", "dashscope") in out
    assert [c.rel for c, _ in extract_all(found.candidates, recognizer, opts)] == [c.rel for c in found.candidates]


def test_files_without_model_words_are_not_parsed(project, recognizer, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project({"a.py": "def f(:\n  pass\n", "b.py": "def g(:\n  m = 'Qwen/Qwen3-8B'\n"})
    report = scan(ScanOptions(paths=[root], progress=False))
    # a.py does not parse but names no model: never parsed, so no parse error; b.py is parsed
    assert [p.path for p in report.coverage.parse_errors] == ["b.py"]
    assert report.coverage.files_scanned == 2


def test_oversized_and_binary_files_are_skipped_with_reasons(project) -> None:
    root = project({"big.py": "x = 'Qwen/Qwen3-8B'\n" * 100, "blob.py": b"\x00\x01Qwen/Qwen3-8B", "ok.py": "x = 1\n"})
    report = scan(ScanOptions(paths=[root], max_file_size=200, progress=False))
    reasons = {s.path: s.reason for s in report.coverage.skipped}
    assert "max-file-size" in reasons["big.py"] and reasons["blob.py"] == "binary file"
    assert report.coverage.files_scanned == 1


def test_progress_is_shown_only_when_enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.records import ExtractResult

    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(_Progress, "DELAY", 0.0)
    monkeypatch.setattr(_Progress, "INTERVAL", 0.0)
    shown = _Progress(3, True)
    for _ in range(3):
        shown.advance(1, (ExtractResult(), None))
    shown.close()
    assert "3/3 files" in err.getvalue() and err.getvalue().endswith("\r\033[K")
    err.truncate(0)
    err.seek(0)
    claimed = _Progress(10, True)  # a parallel scan tells how many files its processes have claimed
    claimed.advance(0, (ExtractResult(), None), done=6)
    claimed.advance(0, (ExtractResult(), None), done=4)  # never fewer than already shown
    assert "6/10 files" in err.getvalue() and "4/10" not in err.getvalue()
    claimed.close()

    err.truncate(0)
    err.seek(0)
    quiet = _Progress(3, None)  # auto: StringIO is not a terminal
    quiet.advance(1, (ExtractResult(), None))
    quiet.close()
    assert err.getvalue() == ""


def test_progress_is_off_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    monkeypatch.setenv("CI", "true")
    assert not _Progress(1, None).enabled
    monkeypatch.delenv("CI")
    assert _Progress(1, None).enabled


def test_the_same_model_across_files_is_one_model(project) -> None:
    root = project(
        {
            "a.py": "AutoModel.from_pretrained('Qwen/Qwen2.5-7B-Instruct')\n",
            "b.sh": "vllm serve Qwen/Qwen2.5-7B-Instruct\n",
            ".env": "MODEL_ID=qwen/qwen2.5-7b-instruct\n",
        }
    )
    report = scan(ScanOptions(paths=[root], progress=False))
    assert len([r for r in report.references if r.id.lower() == "qwen/qwen2.5-7b-instruct"]) == 3
    assert len([m for m in report.models if m.id.lower() == "qwen/qwen2.5-7b-instruct"]) == 1


def test_a_weights_blob_without_suffix_is_a_model_file_and_text_without_suffix_is_text(project) -> None:
    """Ollama stores GGUF weights as suffixless blobs: binary, so they are sniffed; a suffixless text
    file (Makefile, Dockerfile, Procfile) is read as text and never sniffed as weights."""
    from tests.modelfiles.builders import write_gguf

    root = project(
        {
            "Dockerfile": "FROM python:3.11\r\nRUN pip install dashscope\r\n",
            "Procfile": "web: vllm serve Qwen/Qwen3-8B --port $PORT\n",
        }
    )
    blobs = root / "ollama" / "models" / "blobs"
    blobs.mkdir(parents=True)
    write_gguf(blobs / "sha256-5ee4f07cdb9b", strings={"general.name": "Qwen2.5 7B Instruct"}, tokens=50)
    report = scan(ScanOptions(paths=[root], progress=False))
    kinds = {(r.path, r.ref_type.value) for r in report.references}
    assert ("ollama/models/blobs/sha256-5ee4f07cdb9b", "model_file") in kinds
    assert ("Dockerfile", "sdk_package") in kinds
    assert ("Procfile", "hub_model") in kinds
    assert not report.coverage.skipped


def test_read_bounded_reads_what_is_there_up_to_the_limit(tmp_path) -> None:
    from pathlib import Path

    from scanner.pipeline import read_bounded

    small = tmp_path / "small.txt"
    small.write_bytes(b"x = 'Qwen/Qwen3-8B'\n")
    assert read_bounded(str(small), 1000) == b"x = 'Qwen/Qwen3-8B'\n"
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 5000)
    assert len(read_bounded(str(big), 1000)) == 1001  # one byte more than the limit: too large
    assert len(read_bounded(str(big), 5000)) == 5000
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert read_bounded(str(empty), 1000) == b""
    # a file whose size is not known in advance (st_size 0 on Linux's /proc) is still read, up to the limit
    if Path("/proc/self/status").exists():
        assert read_bounded("/proc/self/status", 100_000).startswith(b"Name:")


@pytest.mark.parametrize(("count", "jobs"), [(1, 2), (23, 2), (400, 2), (6000, 2), (6000, 8), (100_000, 2)])
def test_chunks_cover_every_file_once_largest_first(count: int, jobs: int) -> None:
    from scanner.pipeline import CHUNK_MIN_FILES, chunk_ranges

    ranges = chunk_ranges(count, jobs)
    assert ranges[0][0] == 0 and ranges[-1][1] == count
    assert all(a[1] == b[0] for a, b in pairwise(ranges))  # contiguous, no gap or overlap
    sizes = [end - start for start, end in ranges]
    assert sizes == sorted(sizes, reverse=True) or len(sizes) == 1
    assert all(size >= CHUNK_MIN_FILES for size in sizes[:-1])
    if count >= 6000:  # few round trips through the pool: fixed chunks of 48 made 125 on 6,000 files
        assert len(ranges) < count / 48 / 2 * jobs / 2


def test_a_binary_file_is_read_no_further_than_its_first_bytes(tmp_path, run) -> None:
    """An image larger than the size limit is a binary file (left out on purpose), not a file too large to
    read (which leaves coverage incomplete); and it is never read past the bytes that tell."""
    import json

    from scanner.discover import SNIFF_BYTES
    from scanner.pipeline import read_bounded

    image = tmp_path / "figure.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(3 * 1024 * 1024))
    assert len(read_bounded(str(image), 2 * 1024 * 1024)) == SNIFF_BYTES
    text = tmp_path / "big.txt"
    text.write_bytes(b"x" * (3 * 1024 * 1024))
    (tmp_path / "app.py").write_text("m = 'Qwen/Qwen3-8B'\n", encoding="utf-8")
    report = json.loads(run("scan", str(tmp_path), "-f", "json").stdout)
    reasons = {s["path"]: s["reason"] for s in report["coverage"]["files_skipped"]}
    assert reasons["figure.png"] == "binary file" and reasons["big.txt"].startswith("larger than")
    assert report["summary"]["not_read"] == 1  # the text file only
