"""Model files resolved from their own headers: identity, origin, lineage and declared license."""

from __future__ import annotations

from pathlib import Path

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
