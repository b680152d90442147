"""Model folders: config.json, the card's front matter, LICENSE fingerprints; and the checks that
read them (MO604 conflicting license signals, MO605 laundering, MO607 custom code)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.modelfiles import licensetext
from scanner.modelfiles.folder import is_model_folder, read_folder
from scanner.modelfiles.licensetext import identify, load_fingerprints
from tests.conftest import REPO, report_json
from tests.modelfiles.builders import write_safetensors

# Fingerprints in the format of rules/license-texts/README.md, written by the tests so that they do not
# depend on the bundled set (another engineer's); one test below uses the bundled set when present.
FINGERPRINTS = {
    "qwen-research-2024": (
        "# source: roboflow/inference:inference/models/qwen25vl/LICENSE.txt@f22bd024\n"
        "# notes: distinctive sentences only\n"
        "Qwen RESEARCH LICENSE AGREEMENT Release Date: September 19, 2024\n"
        'This Qwen RESEARCH LICENSE AGREEMENT (this "Agreement") shall mean the terms and conditions for use, '
        "reproduction, distribution and modification of the Materials as defined by this Agreement.\n"
        "Qwen is licensed under the Qwen RESEARCH LICENSE AGREEMENT, Copyright (c) Alibaba Cloud. "
        "All Rights Reserved.\n"
    ),
    "qwen-2024": (
        "# source: https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE\n"
        "Qwen LICENSE AGREEMENT Release Date: September 19, 2024\n"
        "Qwen is licensed under the Qwen LICENSE AGREEMENT, Copyright (c) Alibaba Cloud. All Rights Reserved.\n"
    ),
    "llama3.1": (
        "# source: meta-llama/llama-models:models/llama3_1/LICENSE@47401a8\n"
        "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\n"
        "Llama 3.1 Version Release Date: July 23, 2024\n"
        "https://llama.meta.com/llama3_1/use-policy\n"
    ),
}

# A LICENSE as shipped in model repos: CRLF, a Markdown title, wrapped lines, curly quotes.
QWEN_RESEARCH_LICENSE = (
    "**Qwen RESEARCH LICENSE AGREEMENT**\r\n\r\n"
    "Qwen RESEARCH LICENSE AGREEMENT Release Date: September 19, 2024\r\n\r\n"
    "By clicking to agree or by using or distributing any portion or element of the Qwen Materials, you will\r\n"
    "be deemed to have recognized and accepted the content of this Agreement, which is effective immediately.\r\n\r\n"
    "1. Definitions\r\n"
    "\ta. This Qwen RESEARCH LICENSE AGREEMENT (this “Agreement”) shall mean the terms and conditions for use,\r\n"
    "\treproduction, distribution and modification of the Materials as defined by this Agreement.\r\n"
    "\tb. “We” (or “Us”) shall mean Alibaba Cloud.\r\n"
    "4. Restrictions\r\n"
    "\ta. Qwen is licensed under the Qwen RESEARCH LICENSE AGREEMENT, Copyright (c) Alibaba Cloud. All Rights\r\n"
    "\tReserved.\r\n"
)
APACHE_LICENSE = (
    "\n                                 Apache License\n                           Version 2.0, January 2004\n"
    "                        http://www.apache.org/licenses/\n\n   TERMS AND CONDITIONS FOR USE, REPRODUCTION...\n"
)


def card(front: str, body: str = "# A fine-tune\n\nSee below.\n", newline: str = "\n") -> str:
    return ("---\n" + front.strip("\n") + "\n---\n" + body).replace("\n", newline)


@pytest.fixture
def fingerprints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "license-texts"
    directory.mkdir()
    for name, text in FINGERPRINTS.items():
        (directory / f"{name}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(licensetext, "license_texts_dir", lambda: directory)
    return directory


def qwen_folder(project, *, card_license: str, license_text: str, base: str, auto_map: bool = False) -> Path:
    config = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "torch_dtype": "bfloat16"}
    if auto_map:
        config["auto_map"] = {"AutoModelForCausalLM": "modeling_custom.CustomForCausalLM"}
    root = project(
        {
            "app.py": "print('hello')\n",
            "models/acme-qwen-ft/config.json": "\ufeff" + json.dumps(config, indent=2),
            "models/acme-qwen-ft/README.md": card(
                f"license: {card_license}\nbase_model:\n  - {base}\nlibrary_name: transformers\n"
                "tags:\n  - 'chat\twith tab'\n  - 中文\n",
                newline="\r\n",
            ),
            "models/acme-qwen-ft/LICENSE": license_text,
        }
    )
    write_safetensors(root / "models/acme-qwen-ft/model-00001-of-00002.safetensors", {"format": "pt"})
    write_safetensors(root / "models/acme-qwen-ft/model-00002-of-00002.safetensors", {"format": "pt"})
    return root


def test_conflicting_license_signals_are_named_and_the_license_text_wins(run, project, fingerprints) -> None:
    root = qwen_folder(
        project, card_license="apache-2.0", license_text=QWEN_RESEARCH_LICENSE, base="Qwen/Qwen2.5-3B-Instruct"
    )
    report = report_json(run("scan", str(root), "-f", "json"))
    (model,) = [m for m in report["models"] if m["kind"] == "model_file"]
    assert model["id"] == "models/acme-qwen-ft/"  # two shards, one model
    assert model["license"] == {
        "id": "qwen-research-2024",
        "name": "Qwen RESEARCH LICENSE AGREEMENT (2024-09-19)",
        "via": "license-file",
    }
    assert [a["id"] for a in model["lineage"]] == ["Qwen/Qwen2.5-3B-Instruct"]
    conflicts = [f for f in report["findings"] if f["rule_id"] == "MO604"]
    assert len(conflicts) == 1
    assert "Apache License 2.0" in conflicts[0]["message"]
    assert "Qwen RESEARCH LICENSE AGREEMENT" in conflicts[0]["message"]
    assert "README.md" in conflicts[0]["message"] and "LICENSE" in conflicts[0]["message"]
    laundering = [f for f in report["findings"] if f["rule_id"] == "MO605"]
    assert len(laundering) == 1 and "Qwen/Qwen2.5-3B-Instruct" in laundering[0]["message"]
    assert laundering[0]["severity"] == "high"


def test_consistent_folder_has_no_license_findings(run, project, fingerprints) -> None:
    root = qwen_folder(project, card_license="apache-2.0", license_text=APACHE_LICENSE, base="Qwen/Qwen2.5-7B-Instruct")
    report = report_json(run("scan", str(root), "-f", "json"))
    (model,) = [m for m in report["models"] if m["kind"] == "model_file"]
    assert model["license"]["id"] == "apache-2.0"
    assert model["origin"]["lab"] is None  # an unknown fine-tuner; its base is Alibaba's
    assert model["lineage"][0]["lab"] == "alibaba-qwen"
    ids = {f["rule_id"] for f in report["findings"]}
    assert not ids & {"MO604", "MO605", "MO607", "MO201"}
    assert "MO110" in ids  # the PRC lab in its lineage is visible


def test_custom_code_in_a_model_folder(run, project, fingerprints) -> None:
    bad = qwen_folder(
        project,
        card_license="apache-2.0",
        license_text=APACHE_LICENSE,
        base="Qwen/Qwen2.5-7B-Instruct",
        auto_map=True,
    )
    findings = report_json(run("scan", str(bad), "-f", "json"))["findings"]
    (custom,) = [f for f in findings if f["rule_id"] == "MO607"]
    assert "modeling_custom.CustomForCausalLM" in custom["message"]


def test_fingerprints_identify_without_keywords(fingerprints) -> None:
    known = load_fingerprints()
    assert identify(QWEN_RESEARCH_LICENSE, known).license_id == "qwen-research-2024"
    # the keywords alone are not enough
    assert identify("This model is under the Qwen RESEARCH LICENSE AGREEMENT.", known).license_id is None
    assert identify(APACHE_LICENSE, known).license_id is None
    commercial = QWEN_RESEARCH_LICENSE.replace("Qwen RESEARCH LICENSE", "Qwen LICENSE")
    assert identify(commercial, known).license_id == "qwen-2024"  # the sibling license, not the research one


def test_ambiguous_match_is_not_guessed(tmp_path: Path) -> None:
    directory = tmp_path / "fp"
    directory.mkdir()
    (directory / "a.txt").write_text("# source: x\nsentence number one of the license\nsentence number two of it\n")
    (directory / "b.txt").write_text("# source: y\nsentence number one of the license\nsentence number two of it\n")
    match = identify(
        "... sentence number one of the license ... sentence number two of it", load_fingerprints(directory)
    )
    assert match.license_id is None and "ambiguous" in match.note


def test_missing_fingerprints_are_tolerated(tmp_path: Path) -> None:
    match = identify(QWEN_RESEARCH_LICENSE, load_fingerprints(tmp_path / "does-not-exist"))
    assert match.license_id is None and "no license fingerprints" in match.note


@pytest.mark.skipif(
    not (REPO / "rules" / "license-texts" / "qwen-research-2024.txt").is_file(), reason="bundled texts not there yet"
)
def test_bundled_fingerprints_identify_the_qwen_research_license() -> None:
    assert identify(QWEN_RESEARCH_LICENSE, load_fingerprints()).license_id == "qwen-research-2024"


def test_card_parsing_and_problems(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "llama",\n "architectures": [\n')  # truncated JSON
    (folder / "README.md").write_text(card("license: mit\nbase_model: [unclosed\n"))
    meta = read_folder(folder, tmp_path, "m")
    problems = {(i["path"], i["line"]) for i in meta["issues"]}
    assert ("m/config.json", 3) in problems
    assert any(path == "m/README.md" and line and line >= 2 for path, line in problems)
    assert meta["card"] is None and meta["config"] is None


def test_a_space_readme_is_not_a_model_card(tmp_path: Path) -> None:
    folder = tmp_path / "space"
    folder.mkdir()
    (folder / "README.md").write_text(card("title: Demo\nsdk: gradio\nlicense: mit\n"))
    (folder / "LICENSE").write_text(QWEN_RESEARCH_LICENSE)
    assert not is_model_folder(folder, tmp_path)


def test_license_symlinked_outside_the_tree_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "LICENSE").write_text(QWEN_RESEARCH_LICENSE)
    root = tmp_path / "project"
    folder = root / "model"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"model_type": "qwen2"}')
    (folder / "LICENSE").symlink_to(outside / "LICENSE")
    meta = read_folder(folder, root, "model")
    assert meta["license_files"] == []


def test_adapter_folder_lineage(run, project, fingerprints) -> None:
    root = project(
        {
            "lora/adapter_config.json": json.dumps(
                {"base_model_name_or_path": "meta-llama/Llama-3.1-8B-Instruct", "peft_type": "LORA", "r": 8}
            ),
        }
    )
    write_safetensors(root / "lora/adapter_model.safetensors")
    report = report_json(run("scan", str(root), "-f", "json"))
    model = next(m for m in report["models"] if m["kind"] == "model_file")
    assert model["id"] == "lora/"
    assert model["relation"] == "adapter"
    assert model["lineage"][0] == {
        "id": "meta-llama/Llama-3.1-8B-Instruct",
        "relation": "adapter",
        "lab": "meta",
        "country": "US",
        "license": "llama3.1",
        "via": "adapter-config",
        "parent": "lora/",
    }


def test_git_lfs_pointer_is_not_a_malformed_header(run, project) -> None:
    root = project(
        {
            "m/config.json": '{"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"]}',
            "m/model.safetensors": "version https://git-lfs.github.com/spec/v1\n"
            "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 15231410176\n",
        }
    )
    report = report_json(run("scan", str(root), "-f", "json"))
    assert not [f for f in report["findings"] if f["rule_id"] == "MO603"]
    assert [r["extractor"] for r in report["references"] if r["ref_type"] == "model_file"] == ["lfs-pointer"]
