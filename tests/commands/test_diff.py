"""`modelorigin diff OLD.json NEW.json`: the review aid for a pull request."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLE


def _report(run, root: Path, out: Path, *extra: str) -> Path:  # type: ignore[no-untyped-def]
    result = run("scan", str(root), "-f", "json", "-o", str(out), *extra)
    assert result.exit_code in (0, 1), result.output
    return out


def test_a_new_entity_listed_model_makes_it_worse(run, project, tmp_path: Path) -> None:
    root = project({"app.py": 'm = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'})
    old = _report(run, root, tmp_path / "old.json")
    (root / "more.py").write_text('\ufeffLLM = "zai-org/GLM-4.5"  # new in this branch\r\nfrom_pretrained(LLM)\r\n')
    new = _report(run, root, tmp_path / "new.json")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "New models (1)" in out and "+ zai-org/GLM-4.5 (hub_model): Zhipu AI (Z.ai) (CN)" in out
    assert "HIGH MO101 zai-org/GLM-4.5 at more.py:" in out
    assert "WORSE: " in out and "at or above 'high'" in out
    # the other way round: the model is removed and its findings are resolved, nothing is worse
    back = run("diff", str(new), str(old))
    assert back.exit_code == 0
    assert "Removed models (1)" in back.stdout and "Resolved findings" in back.stdout
    assert "NOT WORSE" in back.stdout


def test_identical_reports_are_not_worse(run, tmp_path: Path) -> None:
    a = _report(run, EXAMPLE, tmp_path / "a.json")
    b = _report(run, EXAMPLE, tmp_path / "b.json")
    result = run("diff", str(a), str(b))
    assert result.exit_code == 0
    assert "No change in models or findings." in result.stdout


def test_license_and_origin_changes_are_reported(run, tmp_path: Path) -> None:
    old = _report(run, EXAMPLE, tmp_path / "old.json")
    doc = json.loads(old.read_text())
    qwen = next(m for m in doc["models"] if m["id"] == "Qwen/Qwen-7B-Chat")
    qwen["license"] = {"id": "apache-2.0", "name": "Apache License 2.0", "via": "catalog"}
    qwen["origin"]["country"] = "SG"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc))
    result = run("diff", str(edited), str(old), "-f", "json")
    changes = json.loads(result.stdout)
    assert {(c["attribute"], c["before"], c["after"]) for c in changes["models_changed"]} == {
        ("license", "apache-2.0", "tongyi-qianwen-2023"),
        ("origin", "Alibaba Cloud (Qwen / Tongyi Qianwen) (SG)", "Alibaba Cloud (Qwen / Tongyi Qianwen) (CN)"),
    }
    assert result.exit_code == 0  # a change alone is reported; only new findings at the threshold are worse


def test_a_second_occurrence_of_a_finding_is_new_and_fail_on_lowers_the_bar(run, project, tmp_path: Path) -> None:
    line = 'AutoModel.from_pretrained("Qwen/Qwen-7B-Chat", trust_remote_code=True)\n'
    root = project({"app.py": line})
    old = _report(run, root, tmp_path / "old.json")
    (root / "app.py").write_text(line + line)  # same rule, model and file: same fingerprint, one more
    new = _report(run, root, tmp_path / "new.json")
    assert run("diff", str(old), str(new)).exit_code == 0  # medium is below the default 'high'
    result = run("diff", str(old), str(new), "--fail-on", "medium", "-f", "markdown")
    assert result.exit_code == 1
    assert "- MEDIUM MO401 Qwen/Qwen-7B-Chat at app.py:" in result.stdout
    assert result.stdout.startswith("## modelorigin diff:")


def test_waived_findings_are_not_new(run, project, tmp_path: Path) -> None:
    root = project({"app.py": 'm = "THUDM/chatglm3-6b"\nfrom_pretrained(m)\n'})
    old = _report(run, root, tmp_path / "old.json")
    base = tmp_path / "baseline.json"
    run("baseline", str(root), "-o", str(base))
    new = _report(run, root, tmp_path / "new.json", "--baseline", str(base))
    result = run("diff", str(old), str(new), "-f", "json")
    changes = json.loads(result.stdout)
    assert changes["findings_new"] == [] and changes["findings_resolved"]
    assert result.exit_code == 0


def test_bad_inputs_exit_2_with_one_line(run, tmp_path: Path) -> None:
    good = _report(run, EXAMPLE, tmp_path / "good.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "schema_version": "1.0",\n  "models": [,]\n}\n')
    result = run("diff", str(broken), str(good))
    assert result.exit_code == 2 and f"{broken}:3:" in result.stderr and result.stderr.count("\n") == 1
    other = tmp_path / "sarif.json"
    other.write_text('{"version": "2.1.0", "runs": []}')
    result = run("diff", str(good), str(other))
    assert result.exit_code == 2 and "not a modelorigin JSON report" in result.stderr
    future = tmp_path / "future.json"
    future.write_text('{"schema_version": "2.0", "models": [], "findings": []}')
    assert run("diff", str(good), str(future)).exit_code == 2
    assert run("diff", str(good), str(tmp_path / "missing.json")).exit_code == 2
