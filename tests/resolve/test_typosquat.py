"""Typosquat orgs: flagged when one or two edits (or a look-alike spelling) from a known org, quiet
on the known orgs themselves and on unrelated or merely longer names; MO606 on a scan."""

from __future__ import annotations

import itertools

import pytest

from scanner.knowledge import Knowledge
from scanner.resolve.typosquat import imitated_org, osa_distance
from tests.conftest import report_json


@pytest.mark.parametrize(
    ("org", "imitates"),
    [
        ("deepseek-al", "deepseek-ai"),
        ("deepseek_ai", "deepseek-ai"),
        ("Qwen-", "Qwen"),
        ("Qwem", "Qwen"),
        ("meta-IIama", "meta-llama"),
        ("meta-llana", "meta-llama"),
        ("mistrala1", "mistralai"),
        ("bartowsky", "bartowski"),
        ("unsIoth", "unsloth"),
        ("THUMD", "THUDM"),
        ("moonshota1", "moonshotai"),
    ],
)
def test_imitations_are_found(kb: Knowledge, org: str, imitates: str) -> None:
    found = imitated_org(org, kb.canonical_orgs)
    assert found is not None, org
    assert found.imitates == imitates


@pytest.mark.parametrize(
    "org",
    ["deepseek-ai", "Qwen", "qwen", "meta-llama", "someone", "acme", "my-lab", "QwenLM", "TheBlokeAI", "ai", "bert"],
)
def test_known_unrelated_and_extended_names_are_quiet(kb: Knowledge, org: str) -> None:
    assert imitated_org(org, kb.canonical_orgs) is None


def test_known_orgs_are_not_typosquats_of_each_other(kb: Knowledge) -> None:
    """Every known org is exact, so none is flagged; this also lists near-twins the rules hold."""
    for org in kb.canonical_orgs.values():
        assert imitated_org(org, kb.canonical_orgs) is None


def test_distance_counts_a_swap_once() -> None:
    assert osa_distance("deepsekeai", "deepseekai", 2) == 1
    assert osa_distance("abc", "abc", 2) == 0
    assert osa_distance("abcdef", "uvwxyz", 2) == 3  # capped at limit + 1
    for a, b in itertools.product(["qwen", "qwem", "qw"], repeat=2):
        assert osa_distance(a, b, 5) == osa_distance(b, a, 5)


def test_scan_flags_the_typosquat_and_not_the_original(run, project) -> None:
    root = project(
        {
            "bad.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("deepseek-al/DeepSeek-R1")\n',
            "good.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("deepseek-ai/DeepSeek-R1")\n',
        }
    )
    report = report_json(run("scan", str(root), "-f", "json"))
    squats = [f for f in report["findings"] if f["rule_id"] == "MO606"]
    assert [(f["model_id"], f["severity"]) for f in squats] == [("deepseek-al/DeepSeek-R1", "high")]
    assert "deepseek-ai" in squats[0]["message"] and "DeepSeek" in squats[0]["message"]
    squat = next(m for m in report["models"] if m["id"] == "deepseek-al/DeepSeek-R1")
    assert squat["origin"]["lab"] is None  # never attributed to the lab it imitates


def test_short_orgs_need_the_labs_family_to_be_flagged(kb: Knowledge) -> None:
    from scanner.resolve.resolver import Resolver

    resolver = Resolver(kb)
    assert resolver.hub("Owen/my-notes-model").meta is None  # a person's name one edit from Qwen
    squat = resolver.hub("Owen/Qwen2.5-7B-Instruct").meta
    assert squat is not None and squat["imitates"][0]["imitates"] == "Qwen"
    assert resolver.hub("deepseek-al/anything").meta is not None  # longer orgs: any name


def test_an_org_is_compared_with_the_known_orgs_once_however_many_models_it_publishes(
    kb: Knowledge, monkeypatch
) -> None:
    import scanner.resolve.resolver as resolver_module
    from scanner.resolve.resolver import Resolver

    compared: list[str] = []

    def counting(org: str, known: dict[str, str]):  # the real comparison, recorded
        compared.append(org)
        return imitated_org(org, known)

    monkeypatch.setattr(resolver_module, "imitated_org", counting)
    resolver = Resolver(kb)
    first = resolver.hub("deepseek-al/DeepSeek-R1").meta
    second = resolver.hub("deepseek-al/DeepSeek-V3").meta
    resolver.hub("DeepSeek-AL/DeepSeek-V2")  # as written: another spelling is compared on its own
    assert compared == ["deepseek-al", "DeepSeek-AL"]
    assert first is not None and second is not None
    assert first["imitates"][0]["imitates"] == second["imitates"][0]["imitates"] == "deepseek-ai"
