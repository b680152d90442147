"""`modelorigin explain`: the lineage tree, origin, license obligations of every lab in the chain,
flags and evidence, for hub ids, model files and folders; as a table and as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakehub import FakeHub, FakeRepo, serve
from tests.modelfiles.builders import convert_like_llama_cpp, evil_pickle, hostile_gguf, torch_zip

GGUF_ID = "bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF"

# The catalog facts this test relies on, as an overlay, so it does not depend on the bundled catalog's
# state (another engineer's file); source: deepseek-ai/DeepSeek-R1:README.md@00f3296, section 7.
OVERLAY = """
models:
  - name: 'deepseek-r1-distill-llama-8b([-_.].*)?'
    family: DeepSeek-R1-Distill
    lab: deepseek
    license: llama3.1
    base:
      - {id: meta-llama/Llama-3.1-8B, relation: finetune}
      - {id: deepseek-ai/DeepSeek-R1, relation: distill}
    source: "deepseek-ai/DeepSeek-R1:README.md@00f3296 (section 7)"
    as_of: "2026-11-30"
    checked: "2026-11-30"
  - name: 'deepseek-r1([-_.].*)?'
    family: DeepSeek-R1
    lab: deepseek
    license: mit
    source: "deepseek-ai/DeepSeek-R1:README.md@00f3296"
    as_of: "2026-11-30"
    checked: "2026-11-30"
  - name: 'llama-3\\.1-8b([-_.].*)?'
    family: Llama 3.1
    lab: meta
    license: llama3.1
    source: "meta-llama/llama-models:models/llama3_1/LICENSE@47401a8"
    as_of: "2026-11-30"
    checked: "2026-11-30"
"""


def chain_lines(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("Lineage") + 1
    return lines[start : lines.index("", start)]


def assert_quantizer_deepseek_meta(text: str, root: str) -> None:
    chain = chain_lines(text)
    assert chain[0].lstrip().startswith(root) and "quantized by bartowski" in chain[0]
    assert "DeepSeek (CN)" in chain[0]
    deepseek = next(i for i, line in enumerate(chain) if "deepseek-ai/DeepSeek-R1-Distill-Llama-8B" in line)
    meta = next(i for i, line in enumerate(chain) if "meta-llama/Llama-3.1-8B" in line)
    assert 0 < deepseek < meta
    assert "quantized" in chain[deepseek] and "DeepSeek (CN)" in chain[deepseek]
    assert "finetune" in chain[meta] and "Meta (US)" in chain[meta]
    assert chain[meta].index("meta-llama") > chain[deepseek].index("deepseek-ai")  # nested under DeepSeek
    # both labs' duties: Meta's Llama 3.1 terms and DeepSeek's MIT terms for R1's outputs
    duties = text[text.index("License obligations") : text.index("Flags")]
    assert "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT" in duties and "[ ] attribution: Built with Llama" in duties
    assert "binds meta-llama/Llama-3.1-8B (Meta)" in duties
    assert "MIT License [mit]" in duties and "binds deepseek-ai/DeepSeek-R1 (DeepSeek)" in duties
    mit = duties[duties.index("MIT License [mit]") :]
    assert "[ ] attribution: Include the copyright notice" in mit.split("\n  ", 1)[1]


def test_hub_id_with_the_bundled_catalog(run) -> None:
    result = run("explain", GGUF_ID)
    assert result.exit_code == 0, result.output
    assert_quantizer_deepseek_meta(result.stdout, GGUF_ID)


def test_hub_id_with_an_overlay_catalog(run, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(OVERLAY, encoding="utf-8")
    result = run("explain", GGUF_ID, "--rules", str(rules))
    assert result.exit_code == 0, result.output
    assert_quantizer_deepseek_meta(result.stdout, GGUF_ID)


def build_distill_gguf(tmp_path: Path) -> Path:
    return convert_like_llama_cpp(
        tmp_path / "models" / "DeepSeek-R1-Distill-Llama-8B-Q4_K_M.gguf",
        tmp_path / "src" / "DeepSeek-R1-Distill-Llama-8B",
        "---\nlicense: mit\nlibrary_name: transformers\nbase_model:\n- meta-llama/Llama-3.1-8B\n---\n# DeepSeek\n",
        {"_name_or_path": "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "architectures": ["LlamaForCausalLM"]},
        8_030_261_248,
        quantized_by="bartowski",
    )


@pytest.mark.parametrize("overlay", [False, True])
def test_gguf_file_of_the_distill(run, tmp_path: Path, overlay: bool) -> None:
    path = build_distill_gguf(tmp_path)
    args = ["explain", str(path)]
    if overlay:
        rules = tmp_path / "rules.yaml"
        rules.write_text(OVERLAY, encoding="utf-8")
        args += ["--rules", str(rules)]
    table = run(*args)
    assert table.exit_code == 0, table.output
    assert_quantizer_deepseek_meta(table.stdout, path.name)
    assert "MO605" in table.stdout  # the header declares MIT over Llama 3.1 weights

    data = json.loads(run(*args, "--format", "json").stdout)
    assert data["schema"] == "modelorigin-explain/1"
    assert (data["origin"]["lab"], data["origin"]["country"]) == ("deepseek", "CN")
    assert data["model"]["uploader"] == "bartowski" and data["model"]["relation"] == "quantized"
    (source,) = data["lineage"]["bases"]
    assert source["id"] == "deepseek-ai/DeepSeek-R1-Distill-Llama-8B" and source["lab_name"] == "DeepSeek"
    assert "meta-llama/Llama-3.1-8B" in {b["id"] for b in source["bases"]}
    licenses = {item["id"]: item for item in data["licenses"]}
    llama_holders = {h["lab"] for h in licenses["llama3.1"]["holders"]}
    assert llama_holders == {"deepseek", "meta"}
    assert any(o["text"] == "Built with Llama" for o in licenses["llama3.1"]["obligations"])
    assert not licenses["mit"]["superseded"]
    assert {lab["lab"] for lab in data["labs"]} >= {"deepseek", "meta"}
    assert data["license"]["declared"]["id"] == "mit"
    assert any(f["rule_id"] == "MO605" for f in data["flags"])
    assert data["files"][0]["format"] == "gguf" and data["files"][0]["header"]["general.quantized_by"] == "bartowski"
    assert data["evidence"]["lineage"][0]["signal"] == "gguf"


def test_model_folder_and_malicious_file(run, tmp_path: Path) -> None:
    canary = tmp_path / "CANARY-unpickled"
    folder = tmp_path / "checkpoint"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "llama", "architectures": ["LlamaForCausalLM"]}')
    (folder / "pytorch_model.bin").write_bytes(torch_zip({"archive/data.pkl": evil_pickle(canary, 2)}))
    result = run("explain", str(folder), "-f", "json")
    assert not canary.exists()
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["model"]["id"] == "checkpoint/"
    flags = {f["rule_id"]: f for f in data["flags"]}
    assert flags["MO601"]["severity"] == "critical"
    assert data["files"][0]["pickle_dangerous"]


def test_hostile_file_is_explained_not_crashed(run, tmp_path: Path) -> None:
    path = tmp_path / "evil.gguf"
    path.write_bytes(hostile_gguf("string-length"))
    result = run("explain", str(path))
    assert result.exit_code == 0
    assert "MO603" in result.stdout and "header not read" in result.stdout


def test_typosquat_is_flagged(run) -> None:
    result = run("explain", "meta-IIama/Llama-3.1-8B-Instruct")
    assert result.exit_code == 0
    assert "MO606" in result.stdout and "meta-llama" in result.stdout


@pytest.mark.parametrize("target", ["not a model", "justaword", "./no/such/file.gguf"])
def test_bad_input_is_one_line_and_exit_2(run, target: str) -> None:
    result = run("explain", target)
    assert result.exit_code == 2
    assert result.stderr.startswith("modelorigin: error:") and result.stderr.count("\n") == 1


def test_a_folder_that_is_no_model(run, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    result = run("explain", str(tmp_path))
    assert result.exit_code == 2 and "not a model file" in result.stderr


def test_a_hugging_face_cache_snapshot_names_its_repository(run, tmp_path: Path) -> None:
    """A folder laid out by the Hugging Face client (models--Org--Name/snapshots/<rev>) is that repository
    at that revision, even when its config.json names nothing: evidence says the layout said so."""
    from scanner.modelfiles import cache_snapshot

    snapshot = tmp_path / "hub" / "models--Qwen--Qwen2.5-7B-Instruct" / "snapshots" / "a09a354b"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text('{"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"]}')
    assert cache_snapshot(snapshot) == {"repo_id": "Qwen/Qwen2.5-7B-Instruct", "revision": "a09a354b"}
    assert cache_snapshot(tmp_path) == {}
    result = run("explain", str(snapshot), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["origin"]["lab"], data["license"]["id"]) == ("alibaba-qwen", "apache-2.0")
    lineage = data["evidence"]["lineage"]
    assert [(e["signal"], e["confidence"]) for e in lineage] == [("hf-cache", "high")]
    assert "Hugging Face cache snapshot of Qwen/Qwen2.5-7B-Instruct at a09a354b" in lineage[0]["detail"]


def test_a_model_card_alone_is_explained(run, tmp_path: Path) -> None:
    """A folder holding only a model card, or the card itself: its front matter gives the lineage."""
    folder = tmp_path / "my-ft"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: apache-2.0\nbase_model: THUDM/chatglm3-6b\n---\n# ft\n")
    for target in (folder, folder / "README.md"):
        result = run("explain", str(target), "--format", "json")
        assert result.exit_code == 0, result.output
        bases = json.loads(result.stdout)["lineage"]["bases"]
        assert [(b["id"], b["relation"]) for b in bases] == [("THUDM/chatglm3-6b", "finetune")]


def test_a_license_link_to_another_repository_names_the_parent_unless_a_base_model_is_stated(
    run, tmp_path: Path
) -> None:
    card = (
        "---\nlicense: other\nlicense_name: qwen\n"
        "license_link: https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE\n{base}---\n# ft\n"
    )
    folder = tmp_path / "athene"
    folder.mkdir()
    (folder / "README.md").write_text(card.format(base=""))
    data = json.loads(run("explain", str(folder), "--format", "json").stdout)
    assert [(b["id"], b["relation"]) for b in data["lineage"]["bases"]] == [("Qwen/Qwen2.5-72B-Instruct", "finetune")]
    [link] = [e for e in data["evidence"]["lineage"] if e["value"] == "Qwen/Qwen2.5-72B-Instruct"]
    assert link["confidence"] == "medium" and "license_link points at" in link["detail"]
    (folder / "README.md").write_text(card.format(base="base_model: meta-llama/Llama-3.1-70B\n"))
    data = json.loads(run("explain", str(folder), "--format", "json").stdout)
    assert [b["id"] for b in data["lineage"]["bases"]] == ["meta-llama/Llama-3.1-70B"]  # the stated base wins


def test_a_quantizers_card_says_who_quantized_what(run, tmp_path: Path) -> None:
    """quantized_by in the card front matter (bartowski, unsloth) with a base_model and no relation: the
    folder is a quantization of the base, published by the quantizer, with the base's origin and license."""
    folder = tmp_path / "Qwen2.5-7B-Instruct-GGUF"
    folder.mkdir()
    (folder / "README.md").write_text(
        "---\nquantized_by: bartowski\nbase_model: Qwen/Qwen2.5-7B-Instruct\nlicense: apache-2.0\n---\n# q\n"
    )
    data = json.loads(run("explain", str(folder), "--format", "json").stdout)
    assert (data["model"]["uploader"], data["model"]["relation"]) == ("bartowski", "quantized")
    assert (data["origin"]["lab"], data["license"]["id"]) == ("alibaba-qwen", "apache-2.0")


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_license_terms_are_facts_with_their_source_and_duties_are_boxes(run) -> None:
    """'commercial use: allowed' is what the license says, read from its source: no box to tick. The duties
    (attribution, thresholds, naming) keep their boxes; the JSON keeps every term as data."""
    result = run("explain", GGUF_ID)
    assert result.exit_code == 0, result.output
    duties = _section(result.stdout, "License obligations", "Flags")
    assert "[ ] commercial use" not in duties and "[ ] governing law" not in duties
    mit = _section(duties, "MIT License [mit]", "DEEPSEEK LICENSE")
    lines = [line.strip() for line in mit.splitlines()]
    source = lines.index("source: https://opensource.org/license/mit")
    assert lines[source + 1] == "commercial use: allowed"
    assert any(line.startswith("[ ] attribution: Include the copyright notice") for line in lines[source + 2 :])
    llama = _section(duties, "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", "MIT License")
    assert "    commercial use: allowed on conditions: Above 700 million MAU" in llama
    assert "    governing law: US-CA" in llama and "[ ] threshold: mau ≥ 700,000,000" in llama
    assert llama.index("source: meta-llama/llama-models:") < llama.index("commercial use:") < llama.index("[ ]")
    data = json.loads(run("explain", GGUF_ID, "-f", "json").stdout)
    [mit_data] = [item for item in data["licenses"] if item["id"] == "mit"]
    assert {"duty": "commercial use", "text": "allowed", "verified": True} in mit_data["obligations"]


def test_a_header_that_could_not_be_read_is_evidence_once(run, tmp_path: Path) -> None:
    path = tmp_path / "evil.gguf"
    path.write_bytes(hostile_gguf("string-length"))
    data = json.loads(run("explain", str(path), "-f", "json").stdout)
    error = data["files"][0]["error"]
    assert error and any(error in p["message"] for p in data["parse_problems"])  # said twice in the data
    evidence = run("explain", str(path)).stdout.split("\nEvidence\n", 1)[1]
    assert " ".join(evidence.split()).count(" ".join(error.split())) == 1  # printed once


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeHub]:
    """A local fake Hub serving one fine-tune that no rule knows, read through the real client."""
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))  # no answer kept from another test
    fake = serve(monkeypatch)
    fake.add(
        FakeRepo(
            UNKNOWN_FINETUNE,
            sha="1" * 40,
            card={"license": "apache-2.0", "base_model": "Qwen/Qwen2.5-7B-Instruct"},
            tags=["base_model:finetune:Qwen/Qwen2.5-7B-Instruct"],
            files={"model.safetensors": b"x"},
        )
    )
    yield fake
    fake.stop()


UNKNOWN_FINETUNE = "acme/support-ft"


def test_the_hub_record_a_model_was_read_from_is_evidence_once(run, hub: FakeHub) -> None:
    result = run("explain", UNKNOWN_FINETUNE, "--online")
    assert result.exit_code == 0, result.output
    data = json.loads(run("explain", UNKNOWN_FINETUNE, "--online", "-f", "json").stdout)
    hub_api = [e for items in data["evidence"].values() for e in items if e["signal"] == "hub-api"]
    assert len(hub_api) == 2  # the record as the model's own source, and the record itself
    evidence = " ".join(result.stdout.split("\nEvidence\n", 1)[1].split())
    assert evidence.count("[hub-api,") == 1 and f"Hub metadata of {UNKNOWN_FINETUNE} at revision" in evidence
    assert "lineage = Qwen/Qwen2.5-7B-Instruct [model-card" in evidence  # the base is still shown


def test_an_unresolved_hub_model_suggests_online_once(run) -> None:
    result = run("explain", UNKNOWN_FINETUNE)
    assert result.exit_code == 0, result.output
    hints = [line for line in result.stdout.splitlines() if "--online" in line]
    assert hints == ["  hint:     not resolved offline; --online asks the Hugging Face Hub for its card"]
    assert "hint" not in run("explain", UNKNOWN_FINETUNE, "-f", "json").stdout  # a hint is for people
    assert "--online" not in run("explain", "Qwen/Qwen2.5-7B-Instruct").stdout  # the rules settle it
    assert "--online" not in run("explain", "qwen2.5:7b").stdout  # not a Hub lookup
    assert "--online" not in run("explain", "api.deepseek.com").stdout


def test_no_hint_once_the_hub_was_asked(run, hub: FakeHub) -> None:
    hub.repos.clear()  # the Hub does not know it either
    result = run("explain", UNKNOWN_FINETUNE, "--online")
    assert result.exit_code == 0, result.output
    assert "hint:" not in result.stdout and "MO707" in result.stdout  # the failed lookup is a flag instead
