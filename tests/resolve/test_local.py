"""Model files resolved from their own headers: identity, origin, lineage and declared license."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.knowledge import Knowledge
from scanner.modelfiles import read_model_candidate
from scanner.records import Model
from scanner.resolve.resolver import Resolver
from tests.modelfiles.builders import convert_like_llama_cpp, write_gguf

DISTILL_CARD = "---\nlicense: mit\nlibrary_name: transformers\nbase_model:\n- meta-llama/Llama-3.1-8B\n---\n# R1\n"
DISTILL_CONFIG = {"_name_or_path": "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "architectures": ["LlamaForCausalLM"]}


def resolve_file(path: Path, kb: Knowledge) -> Model:
    result = read_model_candidate(path, path.name)
    assert result is not None
    model = Resolver(kb).resolve(result.references[0])
    assert model is not None
    return model


def test_gguf_converted_from_the_distill_traces_deepseek_then_meta(tmp_path: Path, kb: Knowledge) -> None:
    path = convert_like_llama_cpp(
        tmp_path / "out" / "DeepSeek-R1-Distill-Llama-8B-Q4_K_M.gguf",
        tmp_path / "DeepSeek-R1-Distill-Llama-8B",
        DISTILL_CARD,
        DISTILL_CONFIG,
        8_030_261_248,
        quantized_by="bartowski",
    )
    model = resolve_file(path, kb)
    assert (model.origin.lab, model.uploader, model.relation) == ("deepseek", "bartowski", "quantized")
    assert model.license.id == "llama3.1"
    chain = [(a.id, a.relation, a.lab, a.parent) for a in model.lineage]
    assert chain[0] == ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "quantized", "deepseek", model.id)
    assert ("meta-llama/Llama-3.1-8B", "finetune", "meta", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B") in chain
    assert (model.meta or {})["declared_license"]["id"] == "mit"


def test_file_named_exactly_as_a_catalog_model_is_that_model(tmp_path: Path, kb: Knowledge) -> None:
    path = write_gguf(tmp_path / "Qwen2.5-7B-Instruct-Q8_0.gguf", strings={"general.license": "apache-2.0"})
    model = resolve_file(path, kb)
    assert model.origin.lab == "alibaba-qwen"
    assert model.lineage[0].id == "Qwen/Qwen2.5-7B-Instruct"
    assert model.evidence[0].confidence == "medium"  # by name only


def test_longer_name_is_a_derivative_not_the_labs_weights(tmp_path: Path, kb: Knowledge) -> None:
    path = write_gguf(tmp_path / "Qwen2.5-7B-Instruct-abliterated.Q4_K_M.gguf", strings={"general.name": "x"})
    model = resolve_file(path, kb)
    assert model.origin.lab is None
    assert model.relation == "finetune"
    assert [(a.id, a.lab) for a in model.lineage] == [("Qwen2.5 family", "alibaba-qwen")]


def test_fine_tune_gguf_with_base_model_keys(tmp_path: Path, kb: Knowledge) -> None:
    path = write_gguf(
        tmp_path / "hermes-ft.gguf",
        strings={
            "general.name": "Acme Chat 8B",
            "general.organization": "Acme Corp",
            "general.license": "Apache-2.0",  # an SPDX id, as the GGUF spec asks
            "general.base_model.0.name": "Llama 3.1 8B",
            "general.base_model.0.organization": "Meta Llama",
        },
        ints={"general.base_model.count": 1},
    )
    model = resolve_file(path, kb)
    assert model.origin.lab is None and model.relation == "finetune"
    assert model.lineage[0].id == "meta-llama/Llama-3.1-8B" and model.lineage[0].lab == "meta"
    assert model.license.id == "apache-2.0" and model.license.via == "gguf"
    assert any(e.signal == "gguf" and "Acme Corp" in e.detail for e in model.evidence)


def test_unknown_file_stays_unknown(tmp_path: Path, kb: Knowledge) -> None:
    path = write_gguf(tmp_path / "weights-final.gguf", strings={"general.name": "my experiment"})
    model = resolve_file(path, kb)
    assert model.origin.lab is None and model.lineage == () and model.license.id is None
    assert any(e.attribute == "origin" and e.value == "unknown" for e in model.evidence)


def test_hub_metadata_walks_tags_and_card_like_local_files(kb: Knowledge) -> None:
    from scanner.resolve.local import resolve_hub_metadata

    model = resolve_hub_metadata(
        "someone/my-merge-7b",
        Resolver(kb),
        revision="a" * 40,
        card={"license": "apache-2.0"},
        tags=["base_model:Qwen/Qwen2.5-3B-Instruct", "base_model:merge:Qwen/Qwen2.5-3B-Instruct", "license:apache-2.0"],
        config={"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"]},
    )
    assert model.kind == "hub_model" and model.relation == "merge"
    assert [(a.id, a.relation, a.license) for a in model.lineage] == [
        ("Qwen/Qwen2.5-3B-Instruct", "merge", "qwen-research-2024")
    ]
    assert (model.meta or {})["declared_license"]["id"] == "apache-2.0"
    from scanner.resolve.obligations import laundering

    (item,) = laundering(model, kb)
    assert item["license"] == "qwen-research-2024" and "Qwen/Qwen2.5-3B-Instruct" in item["holders"]


# --- folders whose files name their base indirectly (issue 15; real cases in test_real_folders.py) -----------


def resolve_folder(root: Path, name: str, files: dict[str, str], kb: Knowledge) -> Model:
    from scanner.modelfiles import read_card_candidate

    folder = root / name
    folder.mkdir(parents=True)
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    result = read_card_candidate(folder / "README.md", f"{name}/README.md")
    assert result is not None
    model = Resolver(kb).resolve(result.references[0])
    assert model is not None
    return model


def parents(model: Model) -> list[tuple[str, str]]:
    return [(a.id, a.relation) for a in model.lineage if (a.parent or model.id) == model.id]


TRAINER_TEXT = (
    "# out\n\nThis model is a fine-tuned version of [Qwen/Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B).\n"
)


def test_card_text_names_the_base_only_where_the_front_matter_states_none(tmp_path: Path, kb: Knowledge) -> None:
    model = resolve_folder(tmp_path, "out", {"README.md": "---\nlicense: mit\n---\n" + TRAINER_TEXT}, kb)
    assert parents(model) == [("Qwen/Qwen2.5-7B", "finetune")]
    assert [e.confidence for e in model.evidence if e.attribute == "lineage"] == ["medium"]
    stated = "---\nlicense: mit\nbase_model: meta-llama/Llama-3.1-8B\n---\n" + TRAINER_TEXT
    model = resolve_folder(tmp_path / "b", "out", {"README.md": stated}, kb)
    assert parents(model) == [("meta-llama/Llama-3.1-8B", "finetune")]


def test_quantizer_text_original_model_is_what_was_quantized(tmp_path: Path, kb: Knowledge) -> None:
    card = "---\nlicense: apache-2.0\nquantized_by: bartowski\n---\nOriginal model: https://huggingface.co/someone/Qwen2-7B-RP\n"
    model = resolve_folder(tmp_path, "Qwen2-7B-RP-GGUF", {"README.md": card}, kb)
    assert parents(model) == [("someone/Qwen2-7B-RP", "quantized")]


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("/root/.cache/huggingface/hub/models--Qwen--Qwen3-14B/snapshots/0a1b2c3d", "Qwen/Qwen3-14B"),
        ("/home/u/.cache/modelscope/hub/models/Qwen/Qwen2___5-7B-Instruct", "Qwen/Qwen2.5-7B-Instruct"),
        ("/data/models/Qwen-7B-Chat", "Qwen/Qwen-7B-Chat"),
        ("/data/checkpoints/my-sft-run", None),
        ("/data/models/Qwen-7B-Chat-sft", None),
    ],
)
def test_local_base_paths_name_the_repository_or_nothing(
    tmp_path: Path, kb: Knowledge, base: str, expected: str | None
) -> None:
    card = f"---\nlibrary_name: peft\nbase_model: {base}\ntags:\n- base_model:adapter:{base}\n---\n# adapter\n"
    adapter = json.dumps({"base_model_name_or_path": base, "peft_type": "LORA"})
    model = resolve_folder(tmp_path, "adapter", {"README.md": card, "adapter_config.json": adapter}, kb)
    assert parents(model) == ([(expected, "adapter")] if expected else [])


def test_a_copys_card_describes_the_copied_model(tmp_path: Path, kb: Knowledge) -> None:
    card = "---\nlicense: other\nlicense_name: tongyi-qianwen\nbase_model: Qwen/Qwen2-72B\n---\n# Qwen2-72B-Instruct\n"
    model = resolve_folder(tmp_path, "Qwen2-72B-Instruct", {"README.md": card}, kb)
    assert parents(model) == [("Qwen/Qwen2-72B-Instruct", "reupload")]
    assert ("Qwen/Qwen2-72B", "Qwen/Qwen2-72B-Instruct") in [(a.id, a.parent) for a in model.lineage]
    # a card that is not the copied repository's keeps its base_model as the folder's own base
    other = card.replace("# Qwen2-72B-Instruct", "# my-roleplay-tune")
    model = resolve_folder(tmp_path / "b", "Qwen2-72B-Instruct", {"README.md": other}, kb)
    assert ("Qwen/Qwen2-72B", "finetune") in parents(model)


def test_a_card_title_names_the_copied_model_when_no_base_is_stated(tmp_path: Path, kb: Knowledge) -> None:
    card = "---\nlicense: apache-2.0\nlibrary_name: sentence-transformers\n---\n\n# all-MiniLM-L6-v2\nText.\n"
    model = resolve_folder(tmp_path, "model", {"README.md": card}, kb)
    assert parents(model) == [("sentence-transformers/all-MiniLM-L6-v2", "reupload")]
    assert model.origin.lab == "sentence-transformers"
    stated = card.replace("library_name", "base_model: nreimers/MiniLM-L6-H384-uncased\nlibrary_name")
    model = resolve_folder(tmp_path / "b", "model", {"README.md": stated}, kb)
    assert parents(model) == [("nreimers/MiniLM-L6-H384-uncased", "finetune")]


def test_a_declared_earlier_license_dates_the_weights(tmp_path: Path, kb: Knowledge) -> None:
    card = (
        "---\nbase_model: 01-ai/Yi-34B\nquantized_by: TheBloke\nlicense: other\nlicense_name: yi-license\n---\n# Yi\n"
    )
    model = resolve_folder(tmp_path, "Yi-34B-GGUF", {"README.md": card}, kb)
    assert model.license.id == "yi-license-2023"
    assert model.lineage[0].license == "yi-license-2023"
    undated = card.replace("license: other\nlicense_name: yi-license\n", "")
    model = resolve_folder(tmp_path / "b", "Yi-34B-GGUF", {"README.md": undated}, kb)
    assert model.license.id == "apache-2.0"  # nothing dates the weights: the current license


def test_a_typed_base_model_tag_gives_the_relation(tmp_path: Path, kb: Knowledge) -> None:
    card = "---\nbase_model: Qwen/Qwen2.5-7B\ntags:\n- base_model:adapter:Qwen/Qwen2.5-7B\n---\n# lora\n"
    model = resolve_folder(tmp_path, "lora", {"README.md": card}, kb)
    assert parents(model) == [("Qwen/Qwen2.5-7B", "adapter")]
