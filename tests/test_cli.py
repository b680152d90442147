"""The command line end to end: the example project, exit codes, output, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.conftest import EXAMPLE, REPO, report_json

REPORT_SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text())


def test_example_table_lists_models_with_lab_country_license_and_fails(run) -> None:
    result = run("scan", str(EXAMPLE))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "Qwen/Qwen-7B-Chat" in out
    assert "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B" in out
    assert "api.deepseek.com" in out
    assert "sentence-transformers/all-MiniLM-L6-v2" in out
    header = next(line for line in out.splitlines() if line.startswith("model "))
    for column in ("lab", "country", "license"):
        assert column in header
    assert "FAILED" in out


def test_example_json_validates_against_the_report_schema(run) -> None:
    result = run("scan", str(EXAMPLE), "--format", "json")
    assert result.exit_code == 1
    report = report_json(result)
    jsonschema.Draft202012Validator(REPORT_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(report)
    assert report["tool"]["name"] == "modelorigin"
    assert len(report["rules"]["sha256"]) == 64
    ids = {m["id"]: m for m in report["models"]}
    assert ids["Qwen/Qwen-7B-Chat"]["origin"]["country"] == "CN"
    assert ids["api.deepseek.com"]["origin"]["lab"] == "deepseek"
    refs = [r for r in report["references"] if r["id"] == "Qwen/Qwen-7B-Chat"]
    assert all(r["path"] == "app/chat.py" and r["context"]["trust_remote_code"] for r in refs)
    assert report["summary"]["passed"] is False


def test_output_file_is_written_and_summary_goes_to_stderr(run, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("scan", str(EXAMPLE), "-f", "json", "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "report written to" in result.stderr
    assert json.loads(out.read_text())["schema_version"].startswith("1.")


def test_exit_zero_and_fail_on(run, project) -> None:
    assert run("scan", str(EXAMPLE), "--exit-zero").exit_code == 0
    for threshold in ("critical", "high", "low"):
        result = run("scan", str(EXAMPLE), "--fail-on", threshold, "-f", "json")
        gating = report_json(result)["summary"]["gating_findings"]
        assert result.exit_code == (1 if gating else 0)
    clean = {
        "app.py": "AutoModel.from_pretrained('mistralai/Mistral-7B-Instruct-v0.3', revision='0123456789abcdef0123')\n"
    }
    assert run("scan", str(project(clean)), "--fail-on", "critical").exit_code == 0
    assert run("scan", str(EXAMPLE), "--fail-on", "info").exit_code == 1


def test_clean_project_exits_zero(run, project) -> None:
    root = project({"app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("./local-model")\n'})
    result = run("scan", str(root))
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.stdout


def test_bad_files_are_reported_in_coverage_and_the_scan_completes(run, project) -> None:
    root = project(
        {
            "config.yaml": "model: [unclosed\n  base_model: deepseek-ai/DeepSeek-V3\n",
            "broken.py": 'def f(:\n    AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n',
            "latin1.py": 'MODEL = "Qwen/Qwen2.5-3B-Instruct"  # caf\xe9\n'.encode("latin-1"),
            "ok.py": 'pipeline("text-generation", model="meta-llama/Llama-3.1-8B-Instruct")\n',
        }
    )
    result = run("scan", str(root), "-f", "json")
    assert result.exit_code in (0, 1)
    report = report_json(result)
    problems = {(p["path"], p["line"]): p for p in report["coverage"]["parse_errors"]}
    assert ("config.yaml", 1) in problems or any(p == "config.yaml" for p, _ in problems)
    assert ("broken.py", 1) in problems and problems[("broken.py", 1)]["fallback"] == "line scan"
    assert any(p == "latin1.py" for p, _ in problems)
    found = {(r["path"], r["id"]) for r in report["references"]}
    # the line-scan fallbacks still find what the broken files name
    assert ("broken.py", "Qwen/Qwen2.5-7B-Instruct") in found
    assert ("config.yaml", "deepseek-ai/DeepSeek-V3") in found
    assert ("latin1.py", "Qwen/Qwen2.5-3B-Instruct") in found
    assert ("ok.py", "meta-llama/Llama-3.1-8B-Instruct") in found
    assert report["coverage"]["files_scanned"] == 4


def test_malformed_rules_file_exits_2_with_one_line(run, tmp_path: Path) -> None:
    bad = tmp_path / "my-rules.yaml"
    bad.write_text(
        "labs:\n  - id: acme\n    name: Acme\n    country: Narnia\n    source: x\n"
        "    as_of: '2026-01-01'\n    checked: '2026-01-01'\n"
    )
    result = run("scan", str(EXAMPLE), "--rules", str(bad))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(bad) in lines[0] and ":4:" in lines[0] and "labs[0].country" in lines[0]


def test_unparsable_rules_yaml_exits_2_naming_the_line(run, tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("checks:\n  - id: MO900\n    name: [oops\n")
    result = run("scan", str(EXAMPLE), "--rules", str(bad))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"{bad}:" in result.stderr


def test_missing_path_and_unknown_format_exit_2(run, tmp_path: Path) -> None:
    assert run("scan", str(tmp_path / "nope")).exit_code == 2
    assert run("scan", str(EXAMPLE), "--format", "pdf").exit_code == 2


def test_a_project_with_nothing_to_scan_passes_with_a_note(run, project, tmp_path: Path) -> None:
    """An empty or documentation-only project is not a usage error (as ruff): exit 0, and it says so."""
    root = project({"weights.bin": b"\x00\x01\x02" * 100, "README.md": "# docs\n"})
    result = run("scan", str(root))
    assert result.exit_code == 0
    assert "nothing to scan" in result.output and "PASSED" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("scan", str(empty)).exit_code == 0
    assert json.loads(run("scan", str(empty), "-f", "json").output)["summary"]["passed"] is True


def test_user_rules_layer_over_bundled(run, project, tmp_path: Path) -> None:
    rules = tmp_path / "extra.yaml"
    rules.write_text(
        "labs:\n"
        "  - id: acme-ai\n    name: Acme AI\n    country: US\n    hf_orgs: [acme-ai]\n"
        "    families: [{name: Roadrunner, pattern: '^roadrunner'}]\n"
        "    source: internal vendor register\n    as_of: '2026-11-01'\n    checked: '2026-11-01'\n"
    )
    root = project({"app.py": 'LLM = "acme-ai/roadrunner-7b"\nfrom_pretrained = None\n'})
    result = run("scan", str(root), "-f", "json", "--rules", str(rules))
    report = report_json(result)
    model = next(m for m in report["models"] if m["id"] == "acme-ai/roadrunner-7b")
    assert model["origin"] == {"lab": "acme-ai", "lab_name": "Acme AI", "country": "US", "via": "org"}
    assert str(rules) in report["rules"]["files"]


def test_rules_show_reads_like_rule_docs(run) -> None:
    result = run("rules", "show", "MO101")
    assert result.exit_code == 0
    for heading in ("## What it checks", "## Why it matters", "## Example", "## How to fix it"):
        assert heading in result.stdout
    assert run("rules", "show", "MO999").exit_code == 2


def test_rules_validate(run, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        "sdks:\n  - package: acme-llm\n    provider: Acme\n    lab: acme\n    country: US\n"
        "    source: https://pypi.org/project/acme-llm/\n    as_of: '2026-11-01'\n    checked: '2026-11-01'\n"
    )
    assert run("rules", "validate", str(good)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("sdks:\n  - package: acme-llm\n")
    result = run("rules", "validate", str(bad))
    assert result.exit_code == 2 and "sdks[0]" in result.stderr


def test_python_dash_m_runs() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "scanner", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "modelorigin" in result.stdout


def test_lineage_in_json_is_a_tree(run, project) -> None:
    root = project({"a.py": "AutoModel.from_pretrained('bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF')\n"})
    report = report_json(run("scan", str(root), "-f", "json", "--exit-zero"))
    model = next(m for m in report["models"] if m["id"] == "bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF")
    parents = {a["id"]: a["parent"] for a in model["lineage"]}
    assert parents["deepseek-ai/DeepSeek-R1-Distill-Llama-8B"] in (None, model["id"])
    assert parents["meta-llama/Llama-3.1-8B"] == "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)


def test_every_subcommand_is_listed_and_named_as_invoked(run) -> None:
    """Subcommands load lazily: the help lists each, and each module's command answers to its name."""
    from scanner.cli import COMMANDS, cli

    help_text = run("--help").output
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.name == name
        assert f"  {name}  " in help_text
    unknown = run("scn")
    assert unknown.exit_code == 2 and "No such command 'scn'" in unknown.output
