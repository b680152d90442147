"""Which licence a family's weights are under when a licence's scope is narrower than the family name suggests.

- GLM-Edge: the glm-edge-* weights are under "The GLM-Edge License" (THUDM/GLM-Edge MODEL_LICENSE@69fb7a4), not the
  glm-4-9b License, although their Hub cards say `license_name: glm-4` and link a LICENSE that is the GLM-Edge text.
- Gemma: the Gemma Terms of Use (2026-04-01) apply to the models listed in their Appendix; Gemma 4 is Apache-2.0,
  MedGemma and TxGemma are Health AI Developer Foundations models (a licence not in the bundled set).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.knowledge import Knowledge, bundled_rules_dir
from scanner.records import RefType
from scanner.resolve.resolver import Resolver
from tests.resolve.test_local import resolve_folder

GLM_EDGE_TEXT = (bundled_rules_dir() / "license-texts" / "full" / "glm-edge.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("model_id", "family", "license_id", "custom_code"),
    [
        ("THUDM/glm-edge-1.5b-chat", "GLM-Edge", "glm-edge", False),
        ("THUDM/glm-edge-4b-chat", "GLM-Edge", "glm-edge", False),
        ("THUDM/glm-edge-4b-chat-gguf", "GLM-Edge", "glm-edge", False),
        ("zai-org/glm-edge-v-5b", "GLM-Edge", "glm-edge", True),
        ("THUDM/glm-edge-v-2b-gguf", "GLM-Edge", "glm-edge", True),
        # the GLM-4 models themselves keep the glm-4-9b License
        ("THUDM/glm-4-9b-chat", "GLM-4", "glm-4", False),
        ("THUDM/glm-4v-9b", "GLM-4", "glm-4", False),
    ],
)
def test_glm_edge_weights_are_under_the_glm_edge_license(
    kb: Knowledge, model_id: str, family: str, license_id: str, custom_code: bool
) -> None:
    model = Resolver(kb).hub(model_id)
    assert (model.origin.lab, model.family, model.license.id) == ("zhipu", family, license_id), model.evidence
    assert model.custom_code is custom_code


def test_the_glm_edge_license_asks_for_its_own_display_and_name_prefix(kb: Knowledge) -> None:
    edge, glm4 = kb.licenses["glm-edge"], kb.licenses["glm-4"]
    assert edge["display"] == ["Built with GLM-Edge"] and glm4["display"] == ["Built with glm-4"]
    assert '"GLM-Edge"' in edge["naming"] and "glm-4" not in edge["naming"]
    assert edge["text_must_accompany"] and edge["registration_required"]
    assert edge["source"].startswith("THUDM/GLM-Edge:MODEL_LICENSE@69fb7a4")


def test_a_glm_edge_copy_whose_card_says_glm_4_is_still_glm_edge(tmp_path: Path, kb: Knowledge) -> None:
    """The Hub cards of THUDM/glm-edge-* declare license_name glm-4 and link LICENSE, which is the GLM-Edge text."""
    card = (
        "---\nlicense: other\nlicense_name: glm-4\nlicense_link: LICENSE\npipeline_tag: text-generation\n"
        "tags:\n- glm\n- edge\n---\n\n# GLM-Edge-1.5B-Chat\n"
    )
    files = {"README.md": card, "LICENSE": GLM_EDGE_TEXT}
    model = resolve_folder(tmp_path, "glm-edge-1.5b-chat", files, kb)
    assert model.license.id == "glm-edge", model.evidence
    assert "glm-4" not in {model.license.id, *(a.license for a in model.lineage)}


@pytest.mark.parametrize(
    ("model_id", "license_id"),
    [
        # Gemma 4: Apache-2.0, outside the Gemma Terms of Use ("For Gemma 4 terms, see the Gemma 4 license")
        ("google/gemma-4-31B-it", "apache-2.0"),
        ("google/gemma-4-E2B-it", "apache-2.0"),
        ("google/gemma-4-26B-A4B-it", "apache-2.0"),
        ("unsloth/gemma-4-E4B-it-GGUF", "apache-2.0"),
        # the Appendix of the 2026-04-01 Gemma Terms of Use
        ("google/gemma-2b", "gemma"),
        ("google/gemma-3-4b-it", "gemma"),
        ("google/gemma-3n-E2B-it", "gemma"),
        ("google/codegemma-7b-it", "gemma"),
        ("google/paligemma2-3b-pt-224", "gemma"),
        ("google/shieldgemma-2-4b-it", "gemma"),
        ("google/recurrentgemma-2b", "gemma"),
        ("google/embeddinggemma-300m", "gemma"),
        ("google/functiongemma-270m-it", "gemma"),
        ("google/t5gemma-b-b-ul2", "gemma"),
        ("google/t5gemma-2-270m-270m", "gemma"),
        ("google/vaultgemma-1b", "gemma"),
        ("google/translategemma-4b-it", "gemma"),
        # Health AI Developer Foundations models: not the Gemma terms, and not a bundled licence
        ("google/medgemma-4b-it", "unknown"),
        ("google/medgemma-27b-text-it", "unknown"),
        ("google/txgemma-2b-predict", "unknown"),
    ],
)
def test_gemma_terms_cover_the_appendix_models_only(kb: Knowledge, model_id: str, license_id: str) -> None:
    model = Resolver(kb).hub(model_id, RefType.HUB_MODEL)
    assert model.origin.lab == "google", model.evidence
    assert (model.license.id or "unknown") == license_id, model.evidence


def test_the_gemma_terms_are_the_2026_04_01_version_without_gemma_4(kb: Knowledge) -> None:
    gemma = kb.licenses["gemma"]
    assert gemma["version_date"] == "2026-04-01"
    assert "For Gemma 4 terms, see the Gemma 4 license" in gemma["note"]
    assert gemma["verified"] is False  # read in verbatim third-party copies, not on ai.google.dev
