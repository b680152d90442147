"""The policy's distribution, activities and users_in decide which license checks fire: each fires on the use
its duty attaches to and stays quiet on the others; a policy that declares none of them, or every mode and
activity, gives today's findings; a mistyped key or value is a usage error naming the file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from scanner.records import Finding
from tests.evaluate.test_checks import findings_for, fired, py_load

LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
HUNYUAN = "tencent/Hunyuan-A13B-Instruct"
LLAMA4 = "meta-llama/Llama-4-Scout-17B-16E-Instruct"
KIMI = "moonshotai/Kimi-K2-Instruct"
QWEN72 = "Qwen/Qwen2.5-72B-Instruct"
TONGYI = "Qwen/Qwen1.5-7B-Chat"


def scan(tmp_path: Path, model: str, policy: dict[str, Any], path: str = "a.py") -> list[Finding]:
    return findings_for(tmp_path, {path: py_load(model)}, policy)


def message(findings: list[Finding], rule: str) -> str:
    found = fired(findings, rule)
    assert len(found) == 1, [f.rule_id for f in findings]
    return found[0].message


@pytest.mark.parametrize(
    ("rule", "model", "fires", "quiet"),
    [
        # attribution: "Built with Llama" for a product, a copy and a Notice file for redistributed weights
        ("MO206", LLAMA, {"distribution": ["saas"]}, {"distribution": ["internal"]}),
        ("MO206", LLAMA, {"distribution": ["on-device"]}, {"distribution": ["internal"]}),
        # a display duty of commercial products above 100M MAU: a product threshold
        ("MO205", KIMI, {"distribution": ["saas"]}, {"distribution": ["internal"]}),
        ("MO205", KIMI, {"distribution": ["on-prem"]}, {"distribution": ["weights"]}),
        # Qwen's 100M MAU counts a product using the model; an internal tool is none
        (
            "MO204",
            QWEN72,
            {"distribution": ["saas"], "scale": {"mau": 2e8}},
            {"distribution": ["internal"], "scale": {"mau": 2e8}},
        ),
        # training on outputs: an activity
        ("MO210", TONGYI, {"activities": ["training"]}, {"activities": ["fine-tuning"]}),
        # territory: where users are (Hunyuan) ...
        (
            "MO207",
            HUNYUAN,
            {"territories": ["US"], "users_in": ["US", "DE"]},
            {"territories": ["US"], "users_in": ["US", "JP"]},
        ),
        # ... or only where the licensee deploys and is based (Llama 4: end users are exempt)
        (
            "MO207",
            LLAMA4,
            {"territories": ["FR"], "users_in": ["US"]},
            {"territories": ["US"], "users_in": ["US", "FR"]},
        ),
    ],
)
def test_a_check_fires_on_the_use_its_duty_attaches_to(
    tmp_path: Path, rule: str, model: str, fires: dict[str, Any], quiet: dict[str, Any]
) -> None:
    assert fired(scan(tmp_path / "bad", model, fires), rule, model)
    assert not fired(scan(tmp_path / "good", model, quiet), rule, model)


def test_the_attribution_message_lists_only_the_duties_of_the_declared_use(tmp_path: Path) -> None:
    saas = message(scan(tmp_path / "saas", LLAMA, {"distribution": ["saas"], "activities": []}), "MO206")
    assert saas == f'{LLAMA} (LLAMA 3.1 COMMUNITY LICENSE AGREEMENT): show "Built with Llama"'
    weights = message(scan(tmp_path / "weights", LLAMA, {"distribution": ["weights"]}), "MO206")
    assert '"Provide a copy of this Agreement with any Llama Materials distributed"' in weights
    assert "naming of derived models" in weights  # activities not declared: a derivative may be made
    tuned = message(scan(tmp_path / "tuned", LLAMA, {"distribution": ["saas"], "activities": ["fine-tuning"]}), "MO206")
    assert "Provide a copy" not in tuned and 'include "Llama" at the beginning' in tuned


def test_a_licensee_threshold_binds_internal_use_too(tmp_path: Path) -> None:
    """Llama's 700M MAU counts all the licensee's products on the release date, whatever this project does."""
    findings = scan(tmp_path, LLAMA, {"distribution": ["internal"], "scale": {"mau": 8e8}})
    assert fired(findings, "MO204", LLAMA)


def test_trains_models_is_the_training_activity(tmp_path: Path) -> None:
    assert fired(scan(tmp_path / "flag", TONGYI, {"trains_models": True, "activities": []}), "MO210", TONGYI)
    assert not fired(scan(tmp_path / "none", TONGYI, {"activities": []}), "MO210", TONGYI)


def test_distribution_per_path(tmp_path: Path) -> None:
    policy = {"distribution": {"services/": ["saas"], "tools/": ["internal"]}}
    assert fired(scan(tmp_path / "s", LLAMA, policy, "services/api.py"), "MO206", LLAMA)
    assert not fired(scan(tmp_path / "t", LLAMA, policy, "tools/eval.py"), "MO206", LLAMA)
    # used where no glob says how: its distribution is not declared, so every duty applies
    assert fired(scan(tmp_path / "u", LLAMA, policy, "scripts/run.py"), "MO206", LLAMA)
    # one model used both internally and in the service owes what the service owes
    both = findings_for(tmp_path / "b", {"tools/eval.py": py_load(LLAMA), "services/api.py": py_load(LLAMA)}, policy)
    assert fired(both, "MO206", LLAMA)


def _summary(findings: list[Finding]) -> set[tuple[str, str | None, str]]:
    return {(f.rule_id, f.model_id, f.message) for f in findings}


def test_declaring_nothing_or_everything_gives_the_same_findings(tmp_path: Path) -> None:
    files = {"a.py": "".join(py_load(m) for m in (LLAMA, HUNYUAN, KIMI, QWEN72, TONGYI, LLAMA4))}
    base = {"territories": ["US", "DE"], "trains_models": True, "scale": {"mau": 8e8}}
    everything = {
        **base,
        "distribution": ["internal", "saas", "on-prem", "on-device", "weights"],
        "activities": ["fine-tuning", "training"],
        "users_in": ["US", "DE"],
    }
    today = _summary(findings_for(tmp_path / "today", files, base))
    assert {"MO204", "MO206", "MO207", "MO210"} <= {rule for rule, _, _ in today}
    assert _summary(findings_for(tmp_path / "all", files, everything)) == today


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("profile: default\ndistributions: [saas]\n", 2, "'distributions' was unexpected"),
        ("profile: default\ndistribution: [saas, cloud]\n", 2, "'cloud' is not one of"),
        ("distribution:\n  services/: [saas]\n  apps/: [mobile]\n", 3, "'mobile' is not one of"),
        ("activities: [distilling]\n", 1, "'distilling' is not one of"),
        ("territories: [US]\nusers_in: [Europe]\n", 2, "users_in[0]"),
    ],
)
def test_a_mistyped_policy_key_or_value_names_the_file_and_line(
    run, tmp_path: Path, text: str, line: int, said: str
) -> None:
    (tmp_path / "a.py").write_text(py_load(LLAMA))
    (tmp_path / ".modelorigin.yaml").write_text(text)
    result = run("scan", str(tmp_path))
    assert result.exit_code == 2
    assert f".modelorigin.yaml:{line}: policy schema violation" in result.stderr and said in result.stderr


def test_init_writes_the_new_keys_commented_and_valid_when_uncommented(run, tmp_path: Path) -> None:
    target = tmp_path / ".modelorigin.yaml"
    assert run("init", "--path", str(target), "--keep-tests").exit_code == 0
    written = target.read_text()
    assert yaml.safe_load(written).keys().isdisjoint({"distribution", "users_in", "activities"})
    for key in ("users_in", "distribution", "activities"):
        assert f"\n# {key}: [" in written
    uncommented = "".join(
        line[2:] if line.startswith(("# users_in:", "# distribution:", "# activities:", "#   distribution:")) else line
        for line in written.splitlines(keepends=True)
    ).replace("  distribution: {", "distribution_paths_example: {", 1)
    policy = yaml.safe_load(uncommented)
    example = policy.pop("distribution_paths_example")
    for variant in (policy, {**policy, "distribution": example}):
        target.write_text(yaml.safe_dump(variant))
        result = run("policy", "validate", str(target))
        assert result.exit_code == 0, result.output


def test_the_rules_page_policy_is_valid_and_its_acme_license_attaches_to_customers(run, tmp_path: Path) -> None:
    import re

    from scanner.evaluate.policy import validate_policy
    from tests.test_rules_doc import DOC, _yaml_blocks

    page = DOC.read_text(encoding="utf-8")
    (policy,) = re.findall(r"^```yaml policy\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    validate_policy(yaml.safe_load(policy), policy, "docs/rules.md")
    rules = tmp_path / "acme-rules.yaml"
    rules.write_text(_yaml_blocks()[0], encoding="utf-8")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "app.py").write_text(py_load("acme-research/roadrunner-8b-chat"))
    acme = "acme-research/roadrunner-8b-chat"
    for distribution, owed in (("[internal]", False), ("[saas]", True)):
        (tmp_path / "p" / ".modelorigin.yaml").write_text(f"distribution: {distribution}\n")
        report = json.loads(run("scan", str(tmp_path / "p"), "--rules", str(rules), "-f", "json").stdout)
        assert any(f["rule_id"] == "MO206" and f["model_id"] == acme for f in report["findings"]) is owed


def test_the_example_project_declares_its_use(tmp_path: Path) -> None:
    from scanner.pipeline import ScanOptions
    from scanner.pipeline import scan as run_scan
    from tests.conftest import REPO

    example = REPO / "examples" / "saas-and-tools"
    declared = list(run_scan(ScanOptions(paths=[example])).findings)
    assert fired(declared, "MO207", HUNYUAN) and "EU" in fired(declared, "MO207", HUNYUAN)[0].message
    llama = [f.message for f in fired(declared, "MO206", LLAMA)]
    assert llama == [f'{LLAMA} (LLAMA 3.1 COMMUNITY LICENSE AGREEMENT): show "Built with Llama"']
    assert not fired(declared, "MO205", KIMI)
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}\n")
    undeclared = list(run_scan(ScanOptions(paths=[example], policy_file=empty)).findings)
    assert fired(undeclared, "MO205", KIMI) and not fired(undeclared, "MO207")
    assert "Provide a copy of this Agreement" in fired(undeclared, "MO206", LLAMA)[0].message
