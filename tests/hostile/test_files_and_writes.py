"""Hostile and broken inputs (issue #12): impossible dates, bytes that are not UTF-8, odd files, writes."""

from __future__ import annotations

import json
import os
import sys

import pytest

from scanner.errors import write_atomically

USES_GLM = "from transformers import AutoModel\nm = AutoModel.from_pretrained('THUDM/chatglm3-6b')\n"
WAIVER = "profile: default\nwaivers:\n  - model: 'Qwen/*'\n    check: MO101\n    reason: reviewed by legal, SEC-1\n"


def test_impossible_dates_are_errors_of_their_file_with_its_line(run, tmp_path) -> None:
    (tmp_path / "app.py").write_text(USES_GLM, encoding="utf-8")
    (tmp_path / "environment.yml").write_text("dependencies:\n  - pip\ncreated: 2024-02-30\n", encoding="utf-8")
    card = tmp_path / "m"
    card.mkdir()
    (card / "README.md").write_text("---\nlicense: mit\nbase_model: Qwen/Qwen2-7B\ndate: 2024-02-30\n---\n")
    (card / "config.json").write_text('{"architectures": ["Qwen2ForCausalLM"]}')
    scanned = run("scan", str(tmp_path), "-f", "json")
    assert scanned.exit_code == 1  # the scan runs to its verdict (GLM's listing fails the gate)
    problems = {p["path"]: p for p in json.loads(scanned.output)["coverage"]["parse_errors"]}
    assert problems["environment.yml"]["line"] == 3 and "impossible date" in problems["environment.yml"]["message"]
    for expires in ("2024-02-30", '"2024-02-30"'):  # the YAML date and the quoted text the schema lets through
        (tmp_path / ".modelorigin.yaml").write_text(WAIVER + f"    owner: me\n    expires: {expires}\n")
        result = run("scan", str(tmp_path))
        assert result.exit_code == 2 and ".modelorigin.yaml:7:" in result.output and "impossible date" in result.output
    rules = tmp_path / "extra.yaml"
    rules.write_text(
        "labs:\n  - id: zeta\n    name: Zeta\n    country: US\n    source: https://example.org/z\n"
        '    as_of: "2024-02-30"\n    checked: "2024-02-28"\n'
    )
    for args in (["rules", "validate", str(rules)], ["scan", str(tmp_path / "app.py"), "--rules", str(rules)]):
        result = run(*args)
        assert result.exit_code == 2 and "extra.yaml:6:" in result.output, result.output


def test_bytes_that_are_not_utf8_in_the_tools_own_files_are_one_line_errors(run, tmp_path) -> None:
    (tmp_path / "app.py").write_text(USES_GLM, encoding="utf-8")
    (tmp_path / ".modelorigin.yaml").write_bytes(b"profile: default\nfail_on: high\n# caf\xe9\n")
    result = run("scan", str(tmp_path))
    assert result.exit_code == 2 and ".modelorigin.yaml:3: policy file is not UTF-8" in result.output
    (tmp_path / ".modelorigin.yaml").unlink()
    (tmp_path / "pyproject.toml").write_bytes(b"[project]\nname = 'x\xff'\n")
    result = run("scan", str(tmp_path))
    assert result.exit_code == 2 and "pyproject.toml:2: pyproject.toml is not UTF-8" in result.output
    (tmp_path / "pyproject.toml").write_text("[[tool]]\nname = 'x'\n", encoding="utf-8")  # an array of tables
    assert run("scan", str(tmp_path)).exit_code == 1
    lock = tmp_path / "modelorigin.lock"
    lock.write_bytes(b"version: 1\nmodels: {}\n# \xff\n")
    result = run("scan", str(tmp_path), "--lockfile", str(lock))
    assert result.exit_code == 2 and "lockfile is not UTF-8" in result.output
    lock.write_text("version: 1\nmodels:\n  THUDM/chatglm3-6b:\n    hub: {sha: 1, gated: [oops]}\n", encoding="utf-8")
    result = run("scan", str(tmp_path), "--lockfile", str(lock))
    assert result.exit_code == 2 and "internal error" not in result.output.lower()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and FIFOs")
def test_odd_names_fifos_and_symlink_loops_are_listed_not_fatal(run, tmp_path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "loop").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop")
    odd = os.path.join(os.fsencode(tmp_path), b"bad\xff.py")
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write(USES_GLM)
    result = run("scan", str(tmp_path), "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    skipped = {s["path"]: s["reason"] for s in report["coverage"]["files_skipped"]}
    assert skipped["pipe.py"].startswith("not a regular file")
    assert skipped["loop"] == "symlink loop"
    assert any(f["path"] == "bad\\xff.py" for f in report["findings"])
    for fmt in ("sarif", "cyclonedx", "markdown", "html"):
        assert run("scan", str(tmp_path), "-f", fmt).exit_code == 1


def test_reports_are_replaced_whole_or_not_at_all(tmp_path, monkeypatch) -> None:
    target = tmp_path / "report.json"
    target.write_text('{"previous": "good"}', encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomically(target, '{"new": ' + "1" * 100_000 + "}")
    assert target.read_text(encoding="utf-8") == '{"previous": "good"}'  # not truncated, not half written
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind
    monkeypatch.undo()
    write_atomically(target, '{"new": 1}')
    assert json.loads(target.read_text(encoding="utf-8")) == {"new": 1}


def test_diff_refuses_a_malformed_report_naming_the_entry(run, tmp_path) -> None:
    good = tmp_path / "good.json"
    good.write_text('{"schema_version": "1.0", "models": [], "findings": []}', encoding="utf-8")
    for body, where in (
        ('{"schema_version": "1.0", "models": [{}], "findings": []}', "models[0]"),
        ('{"schema_version": "1.0", "models": [1], "findings": []}', "models[0]"),
        ('{"schema_version": "1.0", "models": [], "findings": [{"rule_id": "MO101"}]}', "findings[0]"),
        ('{"schema_version": "1.0", "models": [], "findings": ["x"]}', "findings[0]"),
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(body, encoding="utf-8")
        for args in ((good, bad), (bad, good)):
            result = run("diff", *map(str, args))
            assert result.exit_code == 2 and f"bad.json: {where} is not" in result.output, result.output


def test_incomplete_coverage_is_said_in_every_verdict_and_can_fail_the_gate(run, tmp_path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "big.py").write_text("MODEL = 'Qwen/Qwen3-8B'\n" + "# padding\n" * 500, encoding="utf-8")
    (tmp_path / "README.md").write_text("docs are skipped on purpose: not incomplete\n", encoding="utf-8")
    args = ["scan", str(tmp_path), "--max-file-size", "1000"]
    table = run(*args)
    assert table.exit_code == 0
    assert "PASSED: nothing at or above 'high'; coverage incomplete: 1 file(s) not read" in table.output
    report = json.loads(run(*args, "-f", "json").output)
    assert report["summary"]["complete"] is False and report["summary"]["not_read"] == 1
    assert report["summary"]["passed"] is True
    assert "coverage incomplete" in run(*args, "-f", "concise").output
    assert "coverage incomplete" in run(*args, "-f", "markdown").output
    strict = run(*args, "--fail-on-skipped")
    assert strict.exit_code == 1 and "FAILED: nothing at or above 'high'; coverage incomplete" in strict.output
    (tmp_path / ".modelorigin.yaml").write_text("profile: default\nfail_on_incomplete: true\n", encoding="utf-8")
    assert run(*args).exit_code == 1
    assert json.loads(run(*args, "-f", "json").output)["summary"]["passed"] is False
    (tmp_path / "big.py").unlink()
    complete = json.loads(run(*args, "-f", "json").output)["summary"]
    assert complete["complete"] is True and complete["passed"] is True
