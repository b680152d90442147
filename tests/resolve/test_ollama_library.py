"""Ollama library tags of 2025-2026 -> the Hugging Face weights rules/ollama.yaml says they are.

Gemma 4 sizes (ollama.com/library/gemma4: e2b e4b 12b 26b 31b) and granite4:tiny-h resolve to their hub
repos, and so to the hub model's lab and license (Gemma 4 is Apache-2.0 in rules/models.yaml). Tags that no
source read maps (granite4:latest, gemma4:cloud) keep the family's lab but no license rather than a guess.
"""

from __future__ import annotations

import pytest

from scanner.knowledge import Knowledge
from scanner.resolve.resolver import Resolver

MAPPED = [
    ("gemma4:e2b", "google/gemma-4-E2B-it", "google", "apache-2.0"),
    ("gemma4:e2b-nvfp4", "google/gemma-4-E2B-it", "google", "apache-2.0"),
    ("gemma4:e4b", "google/gemma-4-E4B-it", "google", "apache-2.0"),
    ("gemma4:12b", "google/gemma-4-12B-it", "google", "apache-2.0"),
    ("gemma4:26b", "google/gemma-4-26B-A4B-it", "google", "apache-2.0"),
    ("gemma4:26b-a4b-it-q8_0", "google/gemma-4-26B-A4B-it", "google", "apache-2.0"),
    ("gemma4:31b", "google/gemma-4-31B-it", "google", "apache-2.0"),
    ("gemma4:31b-cloud", "google/gemma-4-31B-it", "google", "apache-2.0"),
    ("gemma4", "google/gemma-4-E4B-it", "google", "apache-2.0"),
    ("granite4:tiny-h", "ibm-granite/granite-4.0-h-tiny", "ibm", "apache-2.0"),
]


@pytest.mark.parametrize(("tag", "hub_id", "lab", "license_id"), MAPPED, ids=[m[0] for m in MAPPED])
def test_library_tag_resolves_to_hub_weights(kb: Knowledge, tag: str, hub_id: str, lab: str, license_id: str) -> None:
    model = Resolver(kb).ollama(tag)
    assert model.relation == "reupload", model.evidence
    assert model.lineage[0].id == hub_id, model.lineage
    assert model.origin.lab == lab
    assert model.license.id == license_id, model.evidence


@pytest.mark.parametrize("tag", ["granite4:latest", "granite4:small-h", "gemma4:cloud"])
def test_unsourced_tags_stay_unmapped(kb: Knowledge, tag: str) -> None:
    name, _, rest = tag.partition(":")
    assert kb.ollama_entry(name, rest) is None


def test_new_library_entries_are_sourced_and_dated(kb: Knowledge) -> None:
    for entry in kb.section("ollama"):
        if entry["name"] in {"gemma4", "granite4"}:
            assert entry.get("source") and entry.get("hub_id")
            assert (entry["as_of"], entry["checked"]) == ("2026-12-07", "2026-12-07")
            assert entry.get("note"), entry  # the inferred -it / instruct repo is said so


@pytest.mark.parametrize("name", ["qwen3.5", "qwen3.6", "qwen3-coder-next", "devstral-2", "glm-ocr"])
def test_2025_2026_library_names_are_recognised(recognizer, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name in recognizer.ollama_names


@pytest.mark.parametrize("name", ["deepseek-v3.2", "glm-5.1", "kimi-k2.6", "minimax-m2.7"])
def test_cloud_models_named_as_their_labs_api_names_them_are_not_ollama_words(recognizer, name: str) -> None:  # type: ignore[no-untyped-def]
    # `kimi-k2.6` as a whole value in a file that also talks to Ollama is the provider's API model far more
    # often than Ollama's cloud tag; given to Ollama with its tag (`kimi-k2.6:cloud`) it is still Ollama's
    from scanner.extract import extract_file

    assert name not in recognizer.ollama_names
    text = (
        f'OLLAMA_HOST = "http://localhost:11434"\nMODELS = ["{name}", "qwen-max"]\nollama.chat(model="{name}:cloud")\n'
    )
    found = {(r.id, r.line, r.ref_type.value) for r in extract_file(text.encode(), "svc.py", recognizer).references}
    assert (f"{name}:cloud", 3, "ollama_model") in found
    assert not any(line == 2 and kind == "ollama_model" for _, line, kind in found)
