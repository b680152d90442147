"""`scan --hf-cache`: a cache written by the real huggingface_hub client (hf_hub_download against the
local fake Hub in tests/fakehub.py), inventoried through scan_cache_dir, each snapshot read as a
model folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import report_json
from tests.fakehub import FakeHub, FakeRepo, card_bytes
from tests.modelfiles.builders import convert_like_llama_cpp, evil_pickle, torch_zip

GGUF_SHA = "b" * 40
EVIL_SHA = "e" * 40


def download_all(hub: FakeHub, cache: Path) -> None:
    from huggingface_hub import hf_hub_download

    for repo in hub.repos.values():
        for name in sorted(repo.files):
            hf_hub_download(repo.id, name, cache_dir=str(cache), endpoint=hub.url, token=False)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(cache dir, canary). Downloads through the real client; the canary must never appear."""
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    canary = tmp_path / "CANARY-unpickled"
    gguf = convert_like_llama_cpp(
        tmp_path / "build" / "DeepSeek-R1-Distill-Llama-8B-Q4_K_M.gguf",
        tmp_path / "build" / "DeepSeek-R1-Distill-Llama-8B",
        "---\nlicense: mit\nlibrary_name: transformers\nbase_model:\n- meta-llama/Llama-3.1-8B\n---\n# DeepSeek\n",
        {"_name_or_path": "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "architectures": ["LlamaForCausalLM"]},
        8_030_261_248,
    )
    hub = FakeHub().start()
    try:
        hub.add(
            FakeRepo(
                "bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF",
                sha=GGUF_SHA,
                files={
                    "README.md": card_bytes(
                        {
                            "quantized_by": "bartowski",
                            "base_model": "deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
                            "base_model_relation": "quantized",
                            "license": "mit",
                        }
                    ),
                    gguf.name: gguf.read_bytes(),
                },
            )
        )
        hub.add(
            FakeRepo(
                "acme/chat-7b",
                sha=EVIL_SHA,
                files={
                    "config.json": b'{"model_type": "mistral", "architectures": ["MistralForCausalLM"]}',
                    "pytorch_model.bin": torch_zip({"archive/data.pkl": evil_pickle(canary, 2)}),
                },
            )
        )
        cache_dir = tmp_path / "hf" / "hub"
        download_all(hub, cache_dir)
    finally:
        hub.stop()
    # a dataset repo, laid out as the client lays it out
    dataset = cache_dir / "datasets--acme--prompts"
    (dataset / "blobs").mkdir(parents=True)
    (dataset / "refs").mkdir()
    (dataset / "refs" / "main").write_text("d" * 40)
    (dataset / "blobs" / "0123abcd").write_text("prompt,answer\n")
    snapshot = dataset / "snapshots" / ("d" * 40)
    snapshot.mkdir(parents=True)
    os.symlink("../../blobs/0123abcd", snapshot / "data.csv")
    return cache_dir, canary


def test_the_cache_has_the_clients_layout(cache: tuple[Path, Path]) -> None:
    from huggingface_hub import scan_cache_dir

    cache_dir, _ = cache
    repo = cache_dir / "models--bartowski--DeepSeek-R1-Distill-Llama-8B-GGUF"
    assert (repo / "refs" / "main").read_text() == GGUF_SHA
    snapshot = repo / "snapshots" / GGUF_SHA
    assert (snapshot / "README.md").is_symlink()
    assert os.readlink(snapshot / "README.md").startswith("../../blobs/")
    info = scan_cache_dir(cache_dir)
    assert {(r.repo_id, r.repo_type) for r in info.repos} == {
        ("bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF", "model"),
        ("acme/chat-7b", "model"),
        ("acme/prompts", "dataset"),
    }


def test_scan_hf_cache_reads_every_snapshot(run, cache: tuple[Path, Path]) -> None:
    cache_dir, canary = cache
    result = run("scan", f"--hf-cache={cache_dir}", "-f", "json")
    assert not canary.exists(), "the pickle ran"
    assert result.exit_code == 1
    report = report_json(result)
    models = {m["id"]: m for m in report["models"]}
    gguf = models["bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF@bbbbbbbbbbbb"]
    assert gguf["kind"] == "model_file"
    assert (gguf["origin"]["lab"], gguf["uploader"], gguf["relation"]) == ("deepseek", "bartowski", "quantized")
    assert [(a["id"], a["lab"]) for a in gguf["lineage"][:2]] == [
        ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "deepseek"),
        ("meta-llama/Llama-3.1-8B", "meta"),
    ]
    refs = [r for r in report["references"] if r["id"].startswith("bartowski/")]
    assert refs and all(r["context"]["revision"] == GGUF_SHA and r["context"]["revision_pinned"] for r in refs)
    assert refs[0]["path"].startswith(str(cache_dir)) and refs[0]["path"].endswith(".gguf")
    findings = report["findings"]
    (evil,) = [f for f in findings if f["rule_id"] == "MO601"]
    assert evil["model_id"] == "acme/chat-7b@eeeeeeeeeeee" and evil["path"].endswith("pytorch_model.bin")
    assert [f["model_id"] for f in findings if f["rule_id"] == "MO605"] == [gguf["id"]]
    skipped = {s["path"]: s["reason"] for s in report["coverage"]["files_skipped"]}
    assert skipped[str(cache_dir / "datasets--acme--prompts")] == "dataset repo, not a model"
    assert report["coverage"]["roots"] == [str(cache_dir)]


def test_default_cache_comes_from_the_environment(run, cache: tuple[Path, Path], monkeypatch) -> None:
    cache_dir, _ = cache
    monkeypatch.setenv("HF_HUB_CACHE", str(cache_dir))
    report = report_json(run("scan", "--hf-cache", "-f", "json"))
    assert any(m["id"].startswith("acme/chat-7b@") for m in report["models"])
    monkeypatch.delenv("HF_HUB_CACHE")
    monkeypatch.setenv("HF_HOME", str(cache_dir.parent))
    report = report_json(run("scan", "-f", "json", "--hf-cache"))
    assert any(m["id"].startswith("acme/chat-7b@") for m in report["models"])


def test_project_and_cache_together(run, project, cache: tuple[Path, Path]) -> None:
    cache_dir, _ = cache
    root = project({"app.py": 'from transformers import AutoModel\nAutoModel.from_pretrained("Qwen/Qwen2.5-7B")\n'})
    report = report_json(run("scan", str(root), f"--hf-cache={cache_dir}", "-f", "json"))
    kinds = {m["kind"] for m in report["models"]}
    assert kinds == {"hub_model", "model_file"}


def test_missing_cache_is_one_line_and_exit_2(run, tmp_path: Path) -> None:
    result = run("scan", f"--hf-cache={tmp_path / 'nope'}")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no Hugging Face cache there" in result.stderr
