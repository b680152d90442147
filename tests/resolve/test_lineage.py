"""Lineage: base-model signals, the walk to the root (with cycle protection), distill and merge names,
the tree, and license obligations along the chain (superseding, laundering, MO608)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.knowledge import Knowledge, load_rules
from scanner.resolve.lineage import gguf_names, hub_id, links_from_card, links_from_gguf, links_from_tags, tree
from scanner.resolve.obligations import carried, checklist
from scanner.resolve.resolver import Resolver
from tests.conftest import report_json


def test_card_and_tag_links() -> None:
    links = links_from_card(
        {
            "base_model": ["Qwen/Qwen2.5-7B", "https://huggingface.co/meta-llama/Llama-3.1-8B/tree/main", "./local"],
            "base_model_relation": "Merge",
            "tags": ["base_model:adapter:mistralai/Mistral-7B-v0.1", "license:apache-2.0"],
        }
    )
    assert [(link.id, link.relation) for link in links] == [
        ("Qwen/Qwen2.5-7B", "merge"),
        ("meta-llama/Llama-3.1-8B", "merge"),
        ("mistralai/Mistral-7B-v0.1", "adapter"),
    ]
    tags = ["base_model:Qwen/Qwen3-8B", "base_model:quantized:Qwen/Qwen3-8B", "base_model:bogus:x/y", "region:us"]
    assert [(link.id, link.relation) for link in links_from_tags(tags)] == [("Qwen/Qwen3-8B", "quantized")]


def test_gguf_links_and_names_as_gguf_py_writes_them() -> None:
    metadata = {
        "general.basename": "DeepSeek-R1-Distill-Llama",
        "general.size_label": "8B",
        "general.name": "DeepSeek R1 Distill Llama 8B",
        "general.base_model.count": 2,
        "general.base_model.0.repo_url": "https://huggingface.co/meta-llama/Llama-3.1-8B",
        "general.base_model.1.organization": "Deepseek Ai",
        "general.base_model.1.name": "DeepSeek R1",
    }
    assert [link.id for link in links_from_gguf(metadata)] == ["meta-llama/Llama-3.1-8B", "deepseek-ai/DeepSeek-R1"]
    assert gguf_names(metadata) == ["DeepSeek-R1-Distill-Llama-8B"]
    assert hub_id("hf.co/Qwen/Qwen2.5-7B?x=1") == "Qwen/Qwen2.5-7B"
    assert hub_id("/home/me/models/qwen") is None


def test_cycles_in_base_links_end(tmp_path: Path) -> None:
    overlay = tmp_path / "cycle.yaml"
    overlay.write_text(
        "models:\n"
        "  - {name: 'loop-a', lab: meta, license: llama3.1, base: [{id: meta-llama/loop-b, relation: finetune}],"
        " source: test, as_of: '2026-11-30', checked: '2026-11-30'}\n"
        "  - {name: 'loop-b', lab: meta, license: llama3.1, base: [{id: meta-llama/loop-a, relation: finetune}],"
        " source: test, as_of: '2026-11-30', checked: '2026-11-30'}\n"
    )
    rules, _ = load_rules([overlay])
    model = Resolver(Knowledge(rules)).hub("meta-llama/loop-a")
    assert [a.id for a in model.lineage] == ["meta-llama/loop-b", "meta-llama/loop-a"]
    assert len(model.lineage) < 4


def test_distill_and_merge_names(kb: Knowledge) -> None:
    resolver = Resolver(kb)
    distill = resolver.hub("someone/Mistral-7B-Distill-Qwen2.5-7B")
    assert {(a.lab, a.relation) for a in distill.lineage} == {("mistral", "distill"), ("alibaba-qwen", "finetune")}
    merge = resolver.hub("someone/Llama-3.1-8B-Qwen2.5-7B-slerp")
    assert {(a.lab, a.relation) for a in merge.lineage} >= {("meta", "finetune"), ("alibaba-qwen", "merge")}
    plain = resolver.hub("someone/mystery-7b")
    assert plain.lineage == ()


def test_tree_follows_parents(kb: Knowledge) -> None:
    model = Resolver(kb).hub("bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF")
    root = tree(model)
    (source,) = root["bases"]
    assert source["id"] == "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"
    assert {b["id"] for b in source["bases"]} == {"meta-llama/Llama-3.1-8B", "deepseek-ai/DeepSeek-R1"}


def test_a_lab_relicensing_its_own_derivative_supersedes_but_a_teacher_does_not(kb: Knowledge) -> None:
    model = Resolver(kb).hub("deepseek-ai/DeepSeek-R1-Distill-Llama-8B")
    licenses = {c.license: c for c in carried(model)}
    assert not licenses["llama3.1"].superseded
    assert not licenses["mit"].superseded  # DeepSeek-R1 is the teacher: its terms reach the student
    assert licenses["deepseek-license-v1"].superseded  # R1 (MIT) relicensed V3-Base's derivative


def test_checklist_marks_unverified_terms() -> None:
    items = checklist(
        {
            "commercial_use": "conditional",
            "commercial_conditions": "below 100M MAU",
            "attribution": ["Built with X"],
            "governing_law": "CN",
            "unverified_fields": ["governing_law"],
        }
    )
    assert [(i["duty"], i["verified"]) for i in items] == [
        ("commercial use", True),
        ("attribution", True),
        ("governing law", False),
    ]


def test_inherited_non_commercial_license_fires_only_for_commercial_projects(run, project) -> None:
    code = 'from transformers import AutoModel\nAutoModel.from_pretrained("someone/Qwen2.5-3B-Instruct-abliterated")\n'
    root = project({"app.py": code, ".modelorigin.yaml": "commercial_use: true\n"})
    findings = report_json(run("scan", str(root), "-f", "json"))["findings"]
    (inherited,) = [f for f in findings if f["rule_id"] == "MO608"]
    assert "Qwen RESEARCH LICENSE" in inherited["message"] and inherited["severity"] == "high"

    research = project({"app.py": code, ".modelorigin.yaml": "commercial_use: false\n"})
    findings = report_json(run("scan", str(research), "-f", "json"))["findings"]
    assert not [f for f in findings if f["rule_id"] == "MO608"]


def test_inherited_license_is_quiet_for_a_commercially_licensed_base(run, project) -> None:
    code = 'from transformers import AutoModel\nAutoModel.from_pretrained("someone/Qwen2.5-7B-Instruct-abliterated")\n'
    root = project({"app.py": code, ".modelorigin.yaml": "commercial_use: true\n"})
    findings = report_json(run("scan", str(root), "-f", "json"))["findings"]
    assert not [f for f in findings if f["rule_id"] in ("MO608", "MO605")]


@pytest.mark.parametrize(
    ("model_id", "family", "lab", "license"),
    [
        ("cognitivecomputations/Dolphin3.0-Qwen2.5-3b", "Qwen family", "alibaba-qwen", "qwen-research-2024"),
        ("NousResearch/Hermes-3-Llama-3.1-8B", "Llama family", "meta", "llama3.1"),
        ("Skywork/Skywork-o1-Open-Llama-3.1-8B", "Llama family", "meta", "llama3.1"),
    ],
)
def test_a_family_embedded_in_a_finetune_name_is_its_base(kb, model_id, family, lab, license) -> None:  # type: ignore[no-untyped-def]
    from scanner.resolve.resolver import Resolver

    model = Resolver(kb).hub(model_id)
    ancestors = {a.id: a for a in model.lineage}
    assert ancestors[family].lab == lab and ancestors[family].license == license
    assert ancestors[family].relation == "finetune" and ancestors[family].via == "name"


@pytest.mark.parametrize(
    "model_id",
    [
        "Qwen/Qwen2.5-Coder-7B-Instruct",
        "intfloat/multilingual-e5-large",
        "shibing624/text2vec-base-chinese",
        "microsoft/Phi-3-mini-4k-instruct",
    ],
)
def test_names_without_an_embedded_family_gain_no_name_ancestor(kb, model_id) -> None:  # type: ignore[no-untyped-def]
    from scanner.resolve.resolver import Resolver

    model = Resolver(kb).hub(model_id)
    assert not [a for a in model.lineage if a.via == "name"]


def test_embedded_research_base_makes_the_finetune_non_commercial(run, project) -> None:  # type: ignore[no-untyped-def]
    import json

    root = project({"a.py": "AutoModel.from_pretrained('cognitivecomputations/Dolphin3.0-Qwen2.5-3b')\n"})
    report = json.loads(run("scan", str(root), "-f", "json", "--exit-zero").stdout)
    assert any(f["rule_id"] == "MO608" for f in report["findings"])


def test_a_bare_family_word_after_a_models_own_name_is_its_format_not_a_base(kb) -> None:  # type: ignore[no-untyped-def]
    """`Yi-34B-Llama` is Yi-34B in Llama's layout; `Hermes-3-Llama-3.1-8B` names Llama with its version."""
    from scanner.resolve.resolver import Resolver

    converted = Resolver(kb).hub("chargoddard/Yi-34B-Llama")
    assert "meta" not in {a.lab for a in converted.lineage}
    assert "01-ai" in {a.lab for a in converted.lineage}
    tuned = Resolver(kb).hub("NousResearch/Hermes-3-Llama-3.1-8B")
    assert "meta" in {a.lab for a in tuned.lineage}
