"""The complete license texts the notice includes (rules/license-texts/full/): each one sourced, unchanged since it
was recorded, the license it claims to be, and every license whose text must travel either bundled or explained."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from scanner.knowledge import bundled_rules_dir
from scanner.modelfiles.licensetext import identify, load_fingerprints

FULL = bundled_rules_dir() / "license-texts" / "full"
SOURCES: dict[str, Any] = yaml.safe_load((FULL / "SOURCES.yaml").read_text(encoding="utf-8"))
LICENSES = {
    entry["id"]: entry
    for entry in yaml.safe_load((bundled_rules_dir() / "licenses.yaml").read_text(encoding="utf-8"))["licenses"]
}
MUST_TRAVEL = sorted(i for i, entry in LICENSES.items() if entry.get("text_must_accompany") is True)
TEXT_FILES = sorted(FULL.glob("*.txt"))
SHORT = {
    "mit",
    "bsd-3-clause",
    "minimax-m2-modified-mit",
    "minimax-m2.1-modified-mit",
    "kimi-modified-mit",
    "kimi-k2.5-modified-mit",
}  # MIT/BSD-sized texts
SOURCE = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}:\S.*$")  # owner/repo@commit:path, the commit in full

# words each text must contain to be the license it is filed as (its title, or what sets it apart from its kin)
PHRASES = {
    "apache-2.0": ["Apache License", "Version 2.0, January 2004"],
    "mit": ["Permission is hereby granted, free of charge"],
    "bsd-3-clause": ["Neither the name of the copyright holder nor the names of its"],
    "creativeml-openrail-m": ["CreativeML Open RAIL-M"],
    "tongyi-qianwen-2023": ["Tongyi Qianwen LICENSE AGREEMENT", "August 3, 2023"],
    "tongyi-qianwen-research-2023": ["Tongyi Qianwen RESEARCH LICENSE AGREEMENT", "November 30, 2023"],
    "deepseek-license-v1": ["DEEPSEEK LICENSE AGREEMENT", "Version 1.0"],
    "chatglm3-6b": ["The ChatGLM3-6B License"],
    "glm-edge": ["The GLM-Edge License", 'Prominently display "Built with GLM-Edge"'],
    "tencent-hunyuan-large-2024": ["TENCENT HUNYUAN COMMUNITY LICENSE AGREEMENT", "Tencent-Hunyuan-Large Release Date"],
    "tencent-hunyuan-a13b-2025": ["TENCENT HUNYUAN COMMUNITY LICENSE AGREEMENT", "Hunyuan A13B Release Date"],
    "tencent-hy-community-2025": ["TENCENT HY COMMUNITY LICENSE AGREEMENT", "HY-MT1.5 Release Date"],
    "tencent-hunyuan-dit-2024": ["TENCENT HUNYUAN COMMUNITY LICENSE AGREEMENT", "Hunyuan DiT Release Date"],
    "minimax-m2-modified-mit": ["MIT License", "MiniMax M2”"],
    "minimax-m2.1-modified-mit": ["MIT License", "MiniMax M2.1”"],
    "minicpm-model-license-v1": ["MiniCPM", "Version 1.0, June 5, 2024"],
    "llama2": ["LLAMA 2 COMMUNITY LICENSE AGREEMENT"],
    "llama3": ["META LLAMA 3 COMMUNITY LICENSE AGREEMENT"],
    "llama3.1": ["LLAMA 3.1 COMMUNITY LICENSE AGREEMENT"],
    "llama3.2": ["LLAMA 3.2 COMMUNITY LICENSE AGREEMENT"],
    "llama3.2-multimodal": ["LLAMA 3.2 COMMUNITY LICENSE AGREEMENT"],
    "llama3.3": ["LLAMA 3.3 COMMUNITY LICENSE AGREEMENT"],
    "llama4": ["LLAMA 4 COMMUNITY LICENSE AGREEMENT"],
    "minimax-h3-community-2026": ["MiniMax H3 COMMUNITY LICENSE AGREEMENT"],
    "yi-license-1.0": ["Yi Series Models License Agreement", "Version: 1.0", "for non-Commercial Purposes"],
    "yi-license-2.0": ["Yi Series Models License Agreement", "Version: 2.0", "November 4, 2023"],
    "yi-license-2023": ["Yi Series Models Community License Agreement", "Version: 2.1", "Registration Form"],
    "kimi-modified-mit": ["Modified MIT License", 'display "Kimi K2" on'],
    "kimi-k2.5-modified-mit": ["Modified MIT License", 'display "Kimi K2.5" on'],
    "minimax-model-license": ["MINIMAX MODEL LICENSE", "Model Release Date: 15 January 2025"],
    "minimax-m2.5-model-license": ["MINIMAX MODEL LICENSE", "MiniMax-M2.5 Version Release Date: 2026-02-13"],
}


def _missing() -> dict[str, str]:
    return {str(item["id"]): str(item.get("reason") or "") for item in SOURCES.get("missing") or []}


def test_every_text_is_listed_with_its_hash() -> None:
    listed = SOURCES["texts"]
    assert {p.stem for p in TEXT_FILES} == set(listed)
    for path in TEXT_FILES:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[path.stem]["sha256"], path.name


@pytest.mark.parametrize("license_id", sorted(SOURCES["texts"]))
def test_a_text_is_sourced_at_a_commit_and_dated(license_id: str) -> None:
    entry = SOURCES["texts"][license_id]
    assert license_id in LICENSES, f"{license_id}: no such license in rules/licenses.yaml"
    assert LICENSES[license_id].get("text_must_accompany") is True, f"{license_id}: the notice would never include it"
    assert SOURCE.match(entry["source"]), entry["source"]
    assert str(entry["retrieved"]) == "2026-12-07"
    assert re.fullmatch(r"[0-9a-f]{64}", entry["source_sha256"])


def test_every_license_whose_text_must_travel_is_bundled_or_explained() -> None:
    missing = _missing()
    bundled = set(SOURCES["texts"])
    assert len(MUST_TRAVEL) >= 43
    assert not bundled & set(missing), "both bundled and listed as missing"
    assert set(missing) <= set(MUST_TRAVEL), set(missing) - set(MUST_TRAVEL)
    unaccounted = [i for i in MUST_TRAVEL if i not in bundled and i not in missing]
    assert not unaccounted, f"neither bundled nor listed as missing: {unaccounted}"
    for license_id, reason in missing.items():
        assert len(reason) > 40, f"{license_id}: say why the text is not bundled"


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.stem)
def test_a_text_is_the_license_it_is_filed_as(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "\n```" not in text, "a fence would end the notice's code block"
    assert b"\r" not in raw and text.endswith("\n") and not text.endswith("\n\n") and text == text.rstrip() + "\n"
    assert len(raw) > (1000 if path.stem in SHORT else 5000), f"{path.name}: too short to be the whole license"
    assert path.stem in PHRASES, f"{path.name}: say which words identify it"
    for phrase in PHRASES[path.stem]:
        assert phrase in text, f"{path.name}: {phrase!r} not found"


SHARED_AGREEMENT = {"llama3.2-multimodal": "llama3.2"}  # a bundled text filed under the id of the agreement it is
FINGERPRINTED = {fp.license_id for fp in load_fingerprints()}


@pytest.mark.parametrize(
    "path", [p for p in TEXT_FILES if SHARED_AGREEMENT.get(p.stem, p.stem) in FINGERPRINTED], ids=lambda p: p.stem
)
def test_a_text_with_a_fingerprint_is_recognised_as_its_license(path: Path) -> None:
    """The identifying excerpts beside this folder were read independently: where a license has them, the full
    text must be recognised as that license (llama3.2-multimodal shares the llama3.2 agreement). Licenses
    without excerpts (the SPDX texts, several lab licenses) are identified by their text alone, which the
    test above checks by its phrases."""
    expected = SHARED_AGREEMENT.get(path.stem, path.stem)
    assert identify(path.read_text(encoding="utf-8"), load_fingerprints()).license_id == expected


def test_most_bundled_texts_are_also_checked_against_independent_excerpts() -> None:
    checked = [p for p in TEXT_FILES if SHARED_AGREEMENT.get(p.stem, p.stem) in FINGERPRINTED]
    assert len(checked) * 3 >= len(TEXT_FILES) * 2, "add identifying excerpts for the licenses bundled since"


def test_the_notice_includes_a_bundled_text_verbatim() -> None:
    from scanner.commands.notice import _license_texts

    texts = _license_texts({"llama3.1", "qwen-2024"})
    assert set(texts) == {"llama3.1"}  # qwen-2024 is listed as missing
    assert texts["llama3.1"] == (FULL / "llama3.1.txt").read_text(encoding="utf-8")
