"""`modelorigin baseline` and `scan --baseline`: accepted findings stay visible, only new ones fail."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLE, report_json

LISTED = 'AutoModel.from_pretrained("THUDM/chatglm3-6b")  # Zhipu AI, Entity List\n'


def test_baseline_records_fingerprints_and_scan_then_passes(run, project, tmp_path: Path) -> None:
    root = project({"app.py": LISTED})
    assert run("scan", str(root)).exit_code == 1
    baseline = tmp_path / "baseline.json"
    result = run("baseline", str(root), "-o", str(baseline))
    assert result.exit_code == 0, result.output
    doc = json.loads(baseline.read_text())
    assert doc["modelorigin_baseline"] == 1 and len(doc["rules_sha256"]) == 64
    assert {f["rule_id"] for f in doc["findings"]} >= {"MO101", "MO402"}
    assert all(len(f["fingerprint"]) == 32 for f in doc["findings"])

    result = run("scan", str(root), "--baseline", str(baseline), "-f", "json")
    assert result.exit_code == 0, result.output
    report = report_json(result)
    listed = next(f for f in report["findings"] if f["rule_id"] == "MO101")
    assert listed["waived_by"].startswith(f"baseline {baseline}") and listed["gating"] is False


def test_only_new_findings_fail_after_a_baseline(run, project, tmp_path: Path) -> None:
    root = project({"app.py": LISTED})
    baseline = tmp_path / "b.json"
    run("baseline", str(root), "-o", str(baseline))
    # the line moves and a comment is added: the fingerprint is stable, still accepted
    (root / "app.py").write_text("# loader\n\n" + LISTED)
    assert run("scan", str(root), "--baseline", str(baseline)).exit_code == 0
    # a new Entity-Listed model in another file is new
    (root / "more.py").write_text('M = "zai-org/GLM-4.5"\nfrom_pretrained(M)\n')
    result = run("scan", str(root), "--baseline", str(baseline), "-f", "json")
    assert result.exit_code == 1
    gating = [f for f in report_json(result)["findings"] if f["gating"]]
    assert {f["model_id"] for f in gating} == {"zai-org/GLM-4.5"}


def test_a_json_report_works_as_a_baseline(run, project, tmp_path: Path) -> None:
    root = project({"app.py": LISTED})
    old = tmp_path / "old.json"
    run("scan", str(root), "-f", "json", "-o", str(old))
    assert run("scan", str(root), "--baseline", str(old)).exit_code == 0


def test_policy_denies_are_neither_recorded_nor_accepted(run, project, tmp_path: Path) -> None:
    root = project({".modelorigin.yaml": "deny:\n  labs: [zhipu]\n", "app.py": LISTED})
    baseline = tmp_path / "b.json"
    result = run("baseline", str(root), "-o", str(baseline))
    assert "policy finding(s) not recorded" in result.stderr
    assert "MO501" not in {f["rule_id"] for f in json.loads(baseline.read_text())["findings"]}
    # even a hand-made baseline listing the deny's fingerprint does not accept it
    report = report_json(run("scan", str(root), "-f", "json"))
    deny = next(f for f in report["findings"] if f["rule_id"] == "MO501")
    forged = {"modelorigin_baseline": 1, "findings": [{"fingerprint": deny["fingerprint"]}]}
    baseline.write_text(json.dumps(forged))
    result = run("scan", str(root), "--baseline", str(baseline), "-f", "json")
    assert result.exit_code == 1
    assert next(f for f in report_json(result)["findings"] if f["rule_id"] == "MO501")["gating"] is True


def test_baseline_to_stdout(run) -> None:
    result = run("baseline", str(EXAMPLE), "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"]


def test_bad_baselines_exit_2_naming_the_file(run, project, tmp_path: Path) -> None:
    root = project({"app.py": LISTED})
    missing = tmp_path / "nope.json"
    result = run("scan", str(root), "--baseline", str(missing))
    assert result.exit_code == 2 and str(missing) in result.stderr

    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "findings": [\n    {"fingerprint": "abc",}\n  ]\n}\n', encoding="utf-8")
    result = run("scan", str(root), "--baseline", str(broken))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and f"{broken}:3:" in result.stderr

    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"findings": [{"fingerprint": "not-hex"}], "modelorigin_baseline": 1}')
    result = run("scan", str(root), "--baseline", str(wrong))
    assert result.exit_code == 2 and "findings[0]" in result.stderr

    other = tmp_path / "other.json"
    other.write_text('["a list"]')
    assert run("scan", str(root), "--baseline", str(other)).exit_code == 2
