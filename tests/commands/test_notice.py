"""`modelorigin notice`: the attribution bundle for the models in use, deterministic, and `--check` for CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.modelfiles import licensetext
from scanner.report import generated_report
from scanner.report.notice import (
    attribution_parts,
    license_link,
    split_attribution,
    text_required,
)
from tests.conftest import EXAMPLE, REPO

# a fine-tune whose card declares Apache-2.0 on a Llama 3.1 base: the base's license binds it all the same
LLAMA_FINETUNE = {
    "models/my-llama-ft/README.md": "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\n---\n# ft\n",
    "models/my-llama-ft/config.json": '{"model_type": "llama", "architectures": ["LlamaForCausalLM"]}\n',
}
APACHE = {"app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("mistralai/Mistral-7B-v0.1")\n'}
UNKNOWN = {
    "app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("deepseek-ai/brand-new-thing")\n'
}
MIXED = {
    "app.py": (
        "from transformers import AutoModel\n"
        'a = AutoModel.from_pretrained("bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF")\n'
        'b = AutoModel.from_pretrained("Qwen/Qwen2.5-72B-Instruct")\n'
        'c = AutoModel.from_pretrained("mistralai/Mistral-7B-v0.1")\n'
        "# we tried meta-llama/Llama-2-7b-hf before\n"
    )
}


def test_a_llama_finetune_owes_built_with_llama_through_its_base(run, project) -> None:
    root = project(LLAMA_FINETUNE)
    result = run("notice", str(root))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "- `Built with Llama`: LLAMA 3.1 COMMUNITY LICENSE AGREEMENT, for `models/my-llama-ft/`" in out
    assert "- LLAMA 3.1 COMMUNITY LICENSE AGREEMENT [llama3.1]: meta-llama/Llama-3.1-8B (finetune base)" in out
    assert 'include "Llama" at the beginning of any such AI model name' in out
    assert "> Llama 3.1 is licensed under the Llama 3.1 Community License" in out
    # its own declared license is listed too, with its own duties and no display string
    assert "- Apache License 2.0 [apache-2.0]: this model" in out
    assert (
        "https://github.com/meta-llama/llama-models/blob/47401a87273be9e4bc7612f4f8c25acaee9a2968/models/llama3_1/LICENSE"
        in out
    )


def test_an_apache_model_owes_no_display_string(run, project) -> None:
    result = run("notice", str(project(APACHE)))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "No license in use asks for a display string or a name for derivatives;" in out
    assert "Built with" not in out and "Naming of derivatives" not in out and "- Display" not in out
    assert "  - Retain the LICENSE and any NOTICE file; state changes to modified files" in out
    assert "- License text: must accompany the weights" in out  # Apache 4(a): a copy of the License


def test_lineage_licenses_mentions_and_services(run, project) -> None:
    result = run("notice", str(project(MIXED)))
    assert result.exit_code == 0, result.output
    out = result.stdout
    # a quantization of a Llama distill: Llama through both bases, MIT through the teacher, and the DeepSeek
    # License of DeepSeek-V3-Base set aside (DeepSeek relicensed R1 under MIT)
    assert (
        "- LLAMA 3.1 COMMUNITY LICENSE AGREEMENT [llama3.1]: this model, deepseek-ai/DeepSeek-R1-Distill-Llama-8B "
        "(quantized base), meta-llama/Llama-3.1-8B (finetune base)"
    ) in out
    assert "- MIT License [mit]: deepseek-ai/DeepSeek-R1 (distill base)" in out
    assert "DEEPSEEK LICENSE AGREEMENT Version 1.0 of deepseek-ai/DeepSeek-V3-Base: not carried" in out
    assert "- `Built with Qwen`: Qwen LICENSE AGREEMENT (2024-09-19), for `Qwen/Qwen2.5-72B-Instruct`" in out
    # a model only named in a comment is not a dependency
    assert "Llama-2-7b-hf" not in out
    models = [line for line in out.splitlines() if line.startswith("### `")]
    assert models == [
        "### `bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF`",
        "### `mistralai/Mistral-7B-v0.1`",
        "### `Qwen/Qwen2.5-72B-Instruct`",
    ]


def test_hosted_apis_are_counted_not_listed(run) -> None:
    out = run("notice", str(EXAMPLE)).stdout
    assert "Hosted model APIs and SDKs in use (5)" in out
    assert "api.deepseek.com" not in out and "### `openai`" not in out
    assert "### `Qwen/Qwen-7B-Chat`" in out


def test_unknown_license_is_listed_not_skipped(run, project) -> None:
    result = run("notice", str(project(UNKNOWN)))
    assert result.exit_code == 0
    assert "### `deepseek-ai/brand-new-thing`" in result.stdout
    assert "License unknown: no license could be determined." in result.stdout
    assert "License unknown for 1 model(s): `deepseek-ai/brand-new-thing`" in result.stdout
    assert "license unknown for 1 model(s) (deepseek-ai/brand-new-thing)" in result.stderr


def test_output_is_deterministic_and_has_no_timestamp_unless_asked(run, project, tmp_path: Path) -> None:
    root = project(MIXED)
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    assert run("notice", str(root), "-o", str(first)).exit_code == 0
    assert run("notice", str(root), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert "Generated " not in first.read_text() and "2026-" not in first.read_text()
    stamped = run("notice", str(root), "--timestamp").stdout
    assert [ln for ln in stamped.splitlines() if ln.startswith("Generated ")] != []
    assert "rules " in stamped and "sha256 " in stamped


def test_check_passes_on_a_fresh_file_and_fails_on_an_edited_one(run, project, tmp_path: Path) -> None:
    root = project(LLAMA_FINETUNE)
    notice = tmp_path / "THIRD_PARTY_MODELS.md"
    assert run("notice", str(root), "-o", str(notice)).exit_code == 0
    fresh = run("notice", str(root), "--check", "-o", str(notice))
    assert fresh.exit_code == 0, fresh.output
    assert "up to date" in fresh.stderr
    written = notice.read_bytes()
    notice.write_text(notice.read_text().replace("Built with Llama", "Built with Lama"))
    stale = run("notice", str(root), "--check", "-o", str(notice))
    assert stale.exit_code == 1
    assert stale.stderr.count("\n") == 1 and f"{notice} is stale" in stale.stderr
    assert "Built with Lama" in notice.read_text()  # --check writes nothing
    # the models change: a committed notice that was current is now stale
    notice.write_bytes(written)
    (root / "app.py").write_text(APACHE["app.py"])
    assert run("notice", str(root), "--check", "-o", str(notice)).exit_code == 1


def test_check_fails_on_a_missing_file_and_defaults_to_third_party_models(run, project, monkeypatch) -> None:
    monkeypatch.chdir(project(APACHE))
    missing = run("notice", "--check")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == (
        "modelorigin: THIRD_PARTY_MODELS.md is missing: write it (the same command without --check)"
    )
    assert run("notice", "-o", "THIRD_PARTY_MODELS.md").exit_code == 0
    assert run("notice", "--check").exit_code == 0


def test_check_ignores_the_timestamp_and_line_ends(run, project, tmp_path: Path) -> None:
    root = project(APACHE)
    notice = tmp_path / "NOTICE.md"
    assert run("notice", str(root), "--timestamp", "-o", str(notice)).exit_code == 0
    assert run("notice", str(root), "--check", "-o", str(notice)).exit_code == 0
    notice.write_bytes(notice.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout
    assert run("notice", str(root), "--check", "-o", str(notice)).exit_code == 0


def test_a_plain_text_notice_inside_the_project_is_not_scanned_as_source(run, project) -> None:
    """The notice names every model it attributes; were it read as source, it would change its own input."""
    root = project(MIXED)
    notice = root / "NOTICE"
    result = run("notice", str(root), "-o", str(notice))
    assert result.exit_code == 0, result.output
    text = notice.read_text()
    assert text.startswith("THIRD-PARTY MODELS\n==================\n") and "```" not in text
    assert '- "Built with Llama": LLAMA 3.1 COMMUNITY LICENSE AGREEMENT' in text
    assert generated_report(notice.read_bytes())
    assert run("notice", str(root), "--check", "-o", str(notice)).exit_code == 0
    scan = run("scan", str(root), "-f", "json", "--exit-zero").stdout
    assert '"path": "NOTICE", "reason": "a report written by modelorigin (not source)"' in scan


def test_markdown_notice_is_recognised_as_the_tools_output(run, project) -> None:
    out = run("notice", str(project(APACHE))).stdout.encode()
    assert generated_report(out)
    assert not generated_report(b"# Third-party models\n\nWritten by hand.\n")


def test_bundled_full_license_texts_travel_with_the_notice(run, project, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "license-texts"
    (folder / "full").mkdir(parents=True)
    (folder / "full" / "llama3.1.txt").write_text("LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nfull text here\n")
    monkeypatch.setattr(licensetext, "license_texts_dir", lambda: folder)
    out = run("notice", str(project(LLAMA_FINETUNE))).stdout
    assert "## License texts\n\n### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT [llama3.1]\n\n```text\n" in out
    assert "full text here\n```" in out
    assert "must accompany the weights and derivatives you distribute; included below." in out
    # Apache's text is not bundled there: the notice says where to get it rather than inventing it
    assert "not bundled with modelorigin: ship the LICENSE file published with the model" in out


def test_fingerprint_excerpts_are_never_passed_off_as_license_texts(run, project, tmp_path: Path, monkeypatch) -> None:
    # the excerpts folder as bundled, without the complete texts beside it
    folder = tmp_path / "license-texts"
    folder.mkdir()
    excerpt = licensetext.license_texts_dir() / "llama3.1.txt"
    (folder / excerpt.name).write_bytes(excerpt.read_bytes())
    monkeypatch.setattr(licensetext, "license_texts_dir", lambda: folder)
    out = run("notice", str(project(LLAMA_FINETUNE))).stdout
    assert "## License texts" not in out
    assert "Llama 3.1 Version Release Date: July 23, 2024" not in out  # a line of rules/license-texts/llama3.1.txt


def test_the_bundled_complete_text_is_included(run, project) -> None:
    out = run("notice", str(project(LLAMA_FINETUNE))).stdout
    full = (licensetext.license_texts_dir() / "full" / "llama3.1.txt").read_text(encoding="utf-8")
    texts = out.split("\n## License texts\n", 1)[1]
    assert "\n### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT [llama3.1]\n\n```text\n" + full.rstrip("\n") + "\n```" in texts


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("/nonexistent/project",), "/nonexistent/project"),
        (("{root}", "-o", "/nonexistent/dir/NOTICE.md"), "/nonexistent/dir/NOTICE.md: cannot write notice"),
        (("{root}", "--rules", "/nonexistent/rules.yaml"), "/nonexistent/rules.yaml"),
        (("{root}", "--format", "html"), "Invalid value for '--format'"),
    ],
)
def test_errors_exit_2_with_one_line_naming_the_file(run, project, args, message) -> None:
    root = project(APACHE)
    result = run("notice", *(a.format(root=root) for a in args))
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_unreadable_notice_is_an_error_not_stale(run, project, tmp_path: Path) -> None:
    notice = tmp_path / "NOTICE.md"
    notice.write_bytes(b"\xff\xfe not utf-8")
    result = run("notice", str(project(APACHE)), "--check", "-o", str(notice))
    assert result.exit_code == 2 and f"{notice}: notice is not UTF-8" in result.stderr


def test_attribution_is_split_into_display_strings_notices_and_duties(kb) -> None:
    display, notices, duties = split_attribution(kb.licenses["llama3.1"]["attribution"])
    assert display == ("Built with Llama",)
    assert notices == (
        "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. "
        "All Rights Reserved.",
    )
    assert duties == ("Provide a copy of this Agreement with any Llama Materials distributed",)
    assert split_attribution(kb.licenses["qwen-2024"]["attribution"])[0] == ("Built with Qwen", "Improved using Qwen")
    assert split_attribution(kb.licenses["kimi-modified-mit"]["attribution"]) == (
        ("Kimi K2",),
        (),
        ("MIT copyright and permission notice",),
    )
    assert split_attribution(kb.licenses["apache-2.0"]["attribution"])[:2] == ((), ())


def test_which_licenses_must_travel_and_where_to_read_them(kb) -> None:
    assert text_required(kb.licenses["llama3.1"]) and text_required(kb.licenses["apache-2.0"])
    assert text_required(kb.licenses["mit"]) and text_required(kb.licenses["gpl-3.0"])  # gpl-3.0: the fallback
    assert not text_required(kb.licenses["cc-by-4.0"])  # credit and a link to the licence, not a copy
    # the rules' own fact wins over the wording: a duty that reads like "a copy of this Agreement" but an entry
    # that says the text need not travel, and the other way round
    assert not text_required({"attribution": ["Provide a copy of this Agreement"], "text_must_accompany": False})
    assert text_required({"attribution": ["Mark modified files"], "notices": ["X is licensed under Y"]}) is False
    assert text_required({"attribution": ["Mark modified files"], "text_must_accompany": True})
    assert license_link(kb.licenses["tongyi-qianwen-2023"]) == (
        "https://github.com/QwenLM/Qwen/blob/9139fbdf99a425b97f37a728dcfe302c59d026d0/LICENSE"
    )
    assert license_link(kb.licenses["apache-2.0"]) == "https://www.apache.org/licenses/LICENSE-2.0"
    assert license_link({"source": "no link here"}) is None


def test_the_readme_example_is_a_real_run(run, monkeypatch, tmp_path: Path) -> None:
    """Every line README.md shows under "The attribution notice a release needs" is printed or written, in order
    ("..." marks what it leaves out)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ modelorigin notice examples/demo-chatbot -o THIRD_PARTY_MODELS.md\n", 1)[1]
    block = block.split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    written = run("notice", str(EXAMPLE), "-o", "THIRD_PARTY_MODELS.md")
    checked = run("notice", str(EXAMPLE), "--check", "-o", "THIRD_PARTY_MODELS.md")
    assert written.exit_code == 0 and checked.exit_code == 0
    real = [*written.stderr.splitlines(), *(tmp_path / "THIRD_PARTY_MODELS.md").read_text().splitlines()]
    real += checked.stderr.splitlines()
    position = 0
    for line in block.splitlines():
        if line == "..." or line.startswith("$ "):
            continue
        assert line in real[position:], f"README.md shows a line the run does not print: {line!r}"
        position = real.index(line, position) + 1


def test_quiet_keeps_the_unknown_license_warning(run, project, tmp_path: Path) -> None:
    result = run("notice", str(project(UNKNOWN)), "-q", "-o", str(tmp_path / "N.md"))
    assert result.exit_code == 0
    assert "written to" not in result.stderr and "license unknown for 1 model(s)" in result.stderr


def _terms(**fields: object) -> dict[str, object]:
    return {"name": "Acme Model License", "class": "restricted-commercial", "commercial_use": "yes", **fields}


def test_the_rules_fields_decide_display_notices_and_duties_not_the_wording(kb) -> None:
    # "Acme Inside Edition" reads like a display string and "Mark ... is licensed under ..." like a notice; the
    # fields say otherwise, and the other items are the duties
    terms = _terms(
        attribution=["Acme Inside Edition", "Acme is licensed under the Acme License.", "Mark changed files"],
        display=["Powered by Acme models on every screen."],
        notices=["Acme is licensed under the Acme License."],
    )
    assert attribution_parts(terms) == (
        ("Powered by Acme models on every screen.",),
        ("Acme is licensed under the Acme License.",),
        ("Acme Inside Edition", "Mark changed files"),
    )
    # without the fields, the same list is split by wording (a user's rules file written before them)
    assert attribution_parts(_terms(attribution=terms["attribution"]))[0] == ("Acme Inside Edition",)
    # the bundled entries: Llama's display string and notice are facts now, and the copy duty stays a duty
    assert attribution_parts(kb.licenses["llama3.1"]) == (
        ("Built with Llama",),
        (
            "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. "
            "All Rights Reserved.",
        ),
        ("Provide a copy of this Agreement with any Llama Materials distributed",),
    )


def test_every_display_string_and_notice_is_also_an_attribution_item(kb) -> None:
    """The checklist, CycloneDX and check messages read `attribution`: the exact texts must stay in it."""
    for entry in kb.licenses.values():
        items = {" ".join(a.split()) for a in entry.get("attribution") or []}
        for text in [*(entry.get("display") or []), *(entry.get("notices") or [])]:
            assert " ".join(text.split()) in items, (entry["id"], text)
        if "display_when" in entry:
            assert entry.get("display"), entry["id"]


def test_encouraged_marks_are_not_display_duties(kb) -> None:
    """Tencent's "Powered by Tencent Hunyuan" is encouraged, not required (§3c): the entries say so with an empty
    display list, and the notice shows no display string for them."""
    hunyuan = [k for k in kb.licenses if k.startswith("tencent-")]
    assert len(hunyuan) >= 5
    for license_id in hunyuan:
        entry = kb.licenses[license_id]
        assert entry["display"] == [], license_id
        display, _notices, duties = attribution_parts(entry)
        assert display == () and not any("Powered by" in d for d in duties)
        assert text_required(entry)


@pytest.mark.parametrize(
    ("license_id", "strings", "when"),
    [
        ("llama3.1", ("Built with Llama",), None),
        ("llama3", ("Built with Meta Llama 3",), None),
        ("glm-4", ("Built with glm-4",), None),
        ("qwen-2024", ("Built with Qwen", "Improved using Qwen"), "AI model that is distributed or made available"),
        ("kimi-modified-mit", ("Kimi K2",), "more than 100 million monthly active users"),
        ("kimi-k2.5-modified-mit", ("Kimi K2.5",), "more than 100 million monthly active users"),
        ("minimax-m2-modified-mit", ("MiniMax M2",), "US$30 million"),
    ],
)
def test_bundled_display_duties_and_their_conditions(kb, license_id, strings, when) -> None:
    entry = kb.licenses[license_id]
    assert attribution_parts(entry)[0] == strings
    assert (when in entry["display_when"]) if when else "display_when" not in entry


ACME_RULES = """
meta: {name: Acme test rules, version: "1", as_of: "2026-12-01"}
labs:
  - {id: acme-research, name: Acme Research, country: US, hf_orgs: [acme-research],
     source: "https://acme.example/labs", as_of: "2026-12-01", checked: "2026-12-01"}
licenses:
  - id: acme-1.0
    name: Acme Model License
    class: restricted-commercial
    commercial_use: conditional
    attribution: ["Acme Inside", "Give recipients a copy of this Agreement"]
    display: ["Acme Inside"]
    {when}
    text_must_accompany: {text}
    source: "https://acme.example/license"
    as_of: "2026-12-01"
    checked: "2026-12-01"
models:
  - {name: 'roadrunner-.*', orgs: [acme-research], lab: acme-research, license: acme-1.0,
     source: "https://acme.example/models", as_of: "2026-12-01", checked: "2026-12-01"}
"""
ACME_APP = {
    "app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("acme-research/roadrunner-8b")\n'
}


def _acme_notice(run, project, tmp_path: Path, when: str, text: str) -> str:
    rules = tmp_path / "acme-rules.yaml"
    rules.write_text(ACME_RULES.replace("{when}", when).replace("{text}", text), encoding="utf-8")
    result = run("notice", str(project(ACME_APP)), "--rules", str(rules))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_display_duty_shows_in_what_to_show_with_its_condition(run, project, tmp_path: Path) -> None:
    out = _acme_notice(run, project, tmp_path, 'display_when: "the product has more than 1 million DAU"', "true")
    assert (
        "- `Acme Inside`: Acme Model License, for `acme-research/roadrunner-8b` (only when the product has more "
        "than 1 million DAU)"
    ) in out
    assert "- Display: `Acme Inside`\n  Only when the product has more than 1 million DAU.\n" in out
    assert (
        "  - Give recipients a copy of this Agreement" in out and "  - Acme Inside" not in out
    )  # a display string, not a duty
    assert (
        "- License text: must accompany the weights and derivatives you distribute; not bundled with modelorigin: "
        "ship the LICENSE file published with the model (https://acme.example/license)."
    ) in out


def test_without_a_condition_or_a_text_duty_neither_is_shown(run, project, tmp_path: Path) -> None:
    out = _acme_notice(run, project, tmp_path, "", "false")
    assert "- `Acme Inside`: Acme Model License, for `acme-research/roadrunner-8b`\n" in out
    assert "Only when" not in out and "only when" not in out
    # the old heuristic would ask for the text ("a copy of this Agreement"): the rules' field says no
    assert "- License text" not in out


def test_a_hunyuan_model_owes_its_notice_and_its_text_but_no_display_string(run, project) -> None:
    app = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("tencent/Hunyuan-A13B-Instruct")\n'
    out = run("notice", str(project({"app.py": app}))).stdout
    assert "[tencent-hunyuan-a13b-2025]" in out
    assert "No license in use asks for a display string or a name for derivatives;" in out
    duties, texts = out.split("\n## License texts\n", 1)  # the license's own words mention the mark
    assert "Powered by" not in duties and "- Display" not in duties
    assert "> Tencent Hunyuan is licensed under the Tencent Hunyuan Community License Agreement" in duties
    assert "- License text: must accompany the weights and derivatives you distribute; included below." in duties
    assert "Tencent Hunyuan A13B Release Date: June 27, 2025" in texts


def test_a_qwen_2024_model_shows_when_its_display_applies_and_an_unverified_text_duty(run, project) -> None:
    app = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("Qwen/Qwen2.5-72B-Instruct")\n'
    out = run("notice", str(project({"app.py": app}))).stdout
    assert (
        "- `Built with Qwen`: Qwen LICENSE AGREEMENT (2024-09-19), for `Qwen/Qwen2.5-72B-Instruct` (only when you "
        "use the Materials or their outputs to create, train, fine-tune or improve an AI model"
    ) in out
    assert "- License text (unverified): must accompany the weights" in out
