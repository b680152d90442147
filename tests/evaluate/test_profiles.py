"""The same models under the default, US-federal-contractor and EU-deployer profiles give different,
explained results; `modelorigin init` writes a policy from a profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.pipeline import ScanOptions, scan
from scanner.records import ScanReport

PROJECT = {
    "app.py": (
        "from transformers import AutoModel\n"
        "from sentence_transformers import SentenceTransformer\n"
        "llm = AutoModel.from_pretrained('tencent/Hunyuan-A13B-Instruct', trust_remote_code=True)\n"
        "emb = SentenceTransformer('BAAI/bge-m3')\n"
    )
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for rel, text in PROJECT.items():
        (tmp_path / rel).write_text(text)
    return tmp_path


def _scan(root: Path, profile: str) -> ScanReport:
    return scan(ScanOptions(paths=[root], profile=profile))


def _by_rule(report: ScanReport, model: str) -> dict[str, str]:
    return {f.rule_id: f.severity for f in report.findings if f.model_id == model}


def test_hunyuan_territory_under_eu_profile(root: Path) -> None:
    hunyuan = "tencent/Hunyuan-A13B-Instruct"
    default = _by_rule(_scan(root, "default"), hunyuan)
    eu = _by_rule(_scan(root, "eu-deployer"), hunyuan)
    federal = _by_rule(_scan(root, "us-federal-contractor"), hunyuan)
    # default: territories unknown -> asked to declare them (medium); EU: excluded territory (high)
    assert default.get("MO208") == "medium" and "MO207" not in default
    assert eu.get("MO207") == "high" and "MO208" not in eu
    # US deployment is inside Hunyuan's territory; the 1260H listing becomes high for a contractor
    assert "MO207" not in federal and "MO208" not in federal
    assert default.get("MO102") == "medium" and federal.get("MO102") == "high"


def test_bge_under_federal_profile(root: Path) -> None:
    bge = "BAAI/bge-m3"
    default = _by_rule(_scan(root, "default"), bge)
    federal = _by_rule(_scan(root, "us-federal-contractor"), bge)
    assert default.get("MO101") == "high" and federal.get("MO101") == "high"
    assert default.get("MO110") == "info" and federal.get("MO110") == "medium"


def test_explanations_name_the_reason(root: Path) -> None:
    report = _scan(root, "eu-deployer")
    territory = next(f for f in report.findings if f.rule_id == "MO207")
    assert "EU" in territory.message and "Hunyuan" in territory.message


def test_init_writes_a_valid_policy_from_a_profile(run, tmp_path: Path, root: Path) -> None:
    target = root / ".modelorigin.yaml"
    result = run("init", "--profile", "eu-deployer", "--path", str(target))
    assert result.exit_code == 0, result.output
    assert "territories: [EU]" in target.read_text()
    assert run("init", "--path", str(target)).exit_code == 2  # refuses to overwrite
    report = scan(ScanOptions(paths=[root]))
    assert report.policy["profile"] == "eu-deployer" and report.policy["source"] == str(target)
    assert any(f.rule_id == "MO207" for f in report.findings)


def test_unknown_profile_is_a_usage_error(run, root: Path) -> None:
    result = run("scan", str(root), "--profile", "martian")
    assert result.exit_code == 2 and "unknown policy profile" in result.stderr


def test_policy_schema_violation_names_file_and_line(run, root: Path) -> None:
    (root / ".modelorigin.yaml").write_text("profile: default\ncommercial_use: true\nterritories: [Europe]\n")
    result = run("scan", str(root))
    assert result.exit_code == 2
    assert ".modelorigin.yaml:3:" in result.stderr and "territories" in result.stderr


def test_unparsable_pyproject_names_file_and_line(run, root: Path) -> None:
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n[tool.modelorigin\nprofile = 'default'\n")
    result = run("scan", str(root))
    assert result.exit_code == 2
    assert "pyproject.toml:3: invalid TOML" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_pyproject_tool_section_is_read(root: Path) -> None:
    (root / "pyproject.toml").write_text("[tool.modelorigin]\nprofile = 'eu-deployer'\nfail_on = 'critical'\n")
    report = scan(ScanOptions(paths=[root]))
    assert report.policy["profile"] == "eu-deployer" and report.fail_on == "critical"


def test_old_rules_warn_but_never_fail(root: Path) -> None:
    (root / ".modelorigin.yaml").write_text("rules_max_age_days: 1\n")
    report = scan(ScanOptions(paths=[root]))
    # the bundled rules are dated; with a one-day limit a warning appears once they are older
    import datetime as dt

    from scanner.dates import today

    age = (today() - dt.date.fromisoformat(report.rules.as_of)).days  # as of the day the scan judges by
    assert bool(report.warnings) is (age > 1)


def test_unquoted_waiver_dates_are_accepted(root: Path) -> None:
    (root / ".modelorigin.yaml").write_text(
        "waivers:\n  - check: MO401\n    model: 'tencent/*'\n    reason: reviewed remote code, SEC-42\n"
        "    owner: sec-team\n    expires: 2999-03-31\n"
    )
    report = scan(ScanOptions(paths=[root]))
    waived = [f for f in report.findings if f.rule_id == "MO401"]
    assert waived and all(f.waived_by and "2999-03-31" in f.waived_by for f in waived)


def test_bad_waiver_date_names_the_line(run, root: Path) -> None:
    (root / ".modelorigin.yaml").write_text(
        "waivers:\n  - check: MO401\n    reason: reviewed remote code\n    owner: sec\n    expires: next week\n"
    )
    result = run("scan", str(root))
    assert result.exit_code == 2 and ".modelorigin.yaml:5:" in result.stderr
