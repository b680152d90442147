"""docs/rules.md is the contract for custom rules files: every YAML block on it is valid against the schema,
and its worked example does what the page says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def test_every_yaml_block_on_the_page_is_a_valid_rules_file() -> None:
    from scanner.knowledge.load import validate_document

    blocks = _yaml_blocks()
    assert blocks
    for text in blocks:
        validate_document(yaml.safe_load(text), text, "docs/rules.md")


def test_the_worked_example_adds_a_lab_a_license_and_two_checks(run, tmp_path: Path) -> None:
    rules = tmp_path / "acme-rules.yaml"
    rules.write_text(_yaml_blocks()[0], encoding="utf-8")
    assert run("rules", "validate", str(rules)).exit_code == 0
    project = tmp_path / "proj"
    project.mkdir()
    (project / "app.py").write_text(
        "from transformers import AutoModel\n"
        'a = AutoModel.from_pretrained("acme-research/roadrunner-8b-chat", revision="abc1234")\n'
        'b = AutoModel.from_pretrained("Qwen/Qwen3-8B")\n',
        encoding="utf-8",
    )
    report = json.loads(run("scan", str(project), "--rules", str(rules), "-f", "json").stdout)
    models = {m["id"]: m for m in report["models"]}
    acme = models["acme-research/roadrunner-8b-chat"]
    assert (acme["origin"]["lab"], acme["origin"]["country"], acme["license"]["id"]) == (
        "acme-research",
        "US",
        "acme-model-license-1.0",
    )
    assert "meta" in {a["lab"] for a in acme["lineage"]}
    fired = {(f["rule_id"], f["model_id"]) for f in report["findings"]}
    assert ("ACME101", "acme-research/roadrunner-8b-chat") in fired
    assert ("ACME102", "Qwen/Qwen3-8B") in fired and ("ACME102", "acme-research/roadrunner-8b-chat") not in fired
    assert ("ACME101", "Qwen/Qwen3-8B") not in fired
    attribution = [f for f in report["findings"] if f["rule_id"] == "MO206" and f["model_id"].startswith("acme")]
    assert "Contains Acme Roadrunner models" in attribution[0]["message"]
    # a custom check is switched off in a policy like a bundled one
    (project / ".modelorigin.yaml").write_text("checks: {ACME101: off}\n", encoding="utf-8")
    report = json.loads(run("scan", str(project), "--rules", str(rules), "-f", "json").stdout)
    assert "ACME101" not in {f["rule_id"] for f in report["findings"]}


def test_the_documented_errors_are_the_ones_printed(run, tmp_path: Path) -> None:
    text = _yaml_blocks()[0].replace("id: ACME101", "id: acme-1")
    bad = tmp_path / "acme-rules.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run("rules", "validate", str(bad))
    line = result.output.strip().splitlines()[-1].replace(str(tmp_path) + "/", "")
    assert result.exit_code == 2 and line in DOC.read_text(encoding="utf-8")
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".modelorigin.yaml").write_text(
        "waivers:\n  - model: THUDM/chatglm3-6b\n    check: MO101\n    reason: ok\n"
        "    owner: sec@example.com\n    expires: 2099-01-01\n",
        encoding="utf-8",
    )
    result = run("scan", str(project))
    assert result.exit_code == 2
    assert ".modelorigin.yaml:4: policy schema violation at waivers[0].reason: 'ok' is too short" in result.output
    assert "(at least 10 characters)" in result.output and "(at least 10 characters)" in DOC.read_text()


def test_an_unquoted_date_is_a_date_where_one_is_meant(run, tmp_path: Path) -> None:
    text = _yaml_blocks()[0].replace('as_of: "2026-12-01"', "as_of: 2026-12-01")
    assert text.count("as_of: 2026-12-01") == 4
    rules = tmp_path / "acme-rules.yaml"
    rules.write_text(text, encoding="utf-8")
    result = run("rules", "validate", str(rules))
    assert result.exit_code == 0, result.output
    (tmp_path / "app.py").write_text('m = AutoModel.from_pretrained("acme-research/roadrunner-8b")\n', encoding="utf-8")
    report = json.loads(run("scan", str(tmp_path / "app.py"), "--rules", str(rules), "-f", "json").stdout)
    assert report["models"][0]["license"]["id"] == "acme-model-license-1.0"
