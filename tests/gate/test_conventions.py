"""A gate people can live with (issue #13): the tool's own files, the policy hash, output formats, empty
projects and configuration found from a subfolder."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from click.testing import CliRunner

from scanner.cli import cli

USES_GLM = "from transformers import AutoModel\nm = AutoModel.from_pretrained('THUDM/chatglm3-6b')\n"
WAIVER_AND_DENY = (
    "profile: default\n"
    "waivers:\n"
    "  - model: THUDM/chatglm3-6b\n    check: MO101\n    reason: reviewed by legal in SEC-12\n"
    "    owner: sec@example.com\n    expires: 2099-06-30\n"
    "deny:\n  models: [deepseek-ai/DeepSeek-V3]\n"
)


def test_the_tools_own_files_are_never_read_as_references(run, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / ".modelorigin.yaml").write_text(WAIVER_AND_DENY, encoding="utf-8")
    (tmp_path / "modelorigin.lock").write_text("version: 1\nmodels: {}\n# THUDM/chatglm3-6b\n", encoding="utf-8")
    report = json.loads(run("scan", str(tmp_path), "-f", "json").output)
    assert report["references"] == [] and report["findings"] == []
    skipped = {s["path"]: s["reason"] for s in report["coverage"]["files_skipped"]}
    assert skipped[".modelorigin.yaml"].startswith("modelorigin's own file")
    assert run("scan", str(tmp_path)).exit_code == 0
    # the same through [tool.modelorigin] in pyproject.toml: the table is policy, the rest is project
    (tmp_path / ".modelorigin.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.modelorigin]\nprofile = "default"\n'
        '[[tool.modelorigin.waivers]]\nmodel = "THUDM/chatglm3-6b"\ncheck = "MO101"\n'
        'reason = "reviewed by legal in SEC-12"\nowner = "sec@example.com"\nexpires = 2099-06-30\n'
        '[tool.demo]\nmodel = "Qwen/Qwen3-8B"\n',
        encoding="utf-8",
    )
    report = json.loads(run("scan", str(tmp_path), "-f", "json").output)
    assert {r["id"] for r in report["references"]} == {"Qwen/Qwen3-8B"}


def test_the_policy_hash_is_the_hash_of_the_policy_in_force(run, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(USES_GLM, encoding="utf-8")

    def sha(*args: str) -> str:
        return str(json.loads(run("scan", str(tmp_path), "-f", "json", *args).output)["policy"]["sha256"])

    empty = hashlib.sha256(b"").hexdigest()
    default, eu = sha(), sha("--profile", "eu-deployer")
    assert empty not in (default, eu) and default != eu
    (tmp_path / ".modelorigin.yaml").write_text("profile: default\nfail_on: medium\n", encoding="utf-8")
    stricter = sha()
    assert stricter not in (default, eu)
    (tmp_path / ".modelorigin.yaml").write_text("# the same policy, written otherwise\nfail_on: 'medium'\n")
    assert sha() == stricter  # the policy, not its layout
    audit = run("scan", str(tmp_path), "-f", "markdown").output
    assert stricter in audit


def test_the_output_extension_chooses_the_format_or_is_refused(run, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(USES_GLM, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name, start in (
        ("report.html", "<!DOCTYPE html>"),
        ("report.json", '{\n  "schema_version"'),
        ("report.sarif", "{"),
        ("report.md", "# AI model audit"),
    ):
        run("scan", str(tmp_path / "app.py"), "-o", str(out / name))
        assert (out / name).read_text(encoding="utf-8").startswith(start), name
    run("scan", str(tmp_path / "app.py"), "-o", str(out / "bom.cdx.json"))
    assert json.loads((out / "bom.cdx.json").read_text())["bomFormat"] == "CycloneDX"
    refused = run("scan", str(tmp_path / "app.py"), "-o", str(out / "report.xml"))
    assert refused.exit_code == 2 and "give --format" in refused.output and not (out / "report.xml").exists()
    explicit = run("scan", str(tmp_path / "app.py"), "-f", "json", "-o", str(out / "report.xml"))
    assert explicit.exit_code == 1 and json.loads((out / "report.xml").read_text())["schema_version"]


def test_configuration_is_found_from_a_subfolder_and_named(run, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".modelorigin.yaml").write_text("profile: eu-deployer\n", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text(USES_GLM, encoding="utf-8")
    for result in (run("scan", str(src)), run("scan", cwd=src)):
        assert f"policy profile 'eu-deployer' from {tmp_path / '.modelorigin.yaml'}" in result.output
    # a policy above the repository's root is not the project's
    outer = tmp_path / "outer"
    (outer / "repo" / ".git").mkdir(parents=True)
    (outer / ".modelorigin.yaml").write_text("profile: eu-deployer\n", encoding="utf-8")
    (outer / "repo" / "app.py").write_text(USES_GLM, encoding="utf-8")
    assert "(no policy file)" in run("scan", str(outer / "repo")).output


def test_a_requirement_is_affected_only_where_its_range_meets_the_advisorys(run, tmp_path: Path) -> None:
    """transformers<4.52 cannot reach an advisory for >=4.56,<5.3 (critical): no finding for it; a range that
    straddles it is reported one level lower than one inside it."""

    def mo403(requirement: str) -> dict[str, str]:
        (tmp_path / "requirements.txt").write_text(requirement + "\n", encoding="utf-8")
        report = json.loads(run("scan", str(tmp_path), "-f", "json").output)
        return {
            f["message"].split(" (affected ")[0]: f["severity"] for f in report["findings"] if f["rule_id"] == "MO403"
        }

    below = mo403("transformers<4.52")
    assert not any("5.3.0" in m or s == "critical" for m, s in below.items()), below
    inside = mo403("transformers>=4.57,<5.0")
    straddling = mo403("transformers>=4.50,<4.58")
    inside_critical = [s for m, s in inside.items() if " is affected by " in m and s == "critical"]
    straddling_lower = [s for m, s in straddling.items() if " allows versions affected by " in m and s == "high"]
    assert inside_critical and straddling_lower, (inside, straddling)
    assert mo403("transformers==4.57.1") and not mo403("transformers>=4.30")  # an open range installs the fix


def test_online_that_reached_no_hub_says_so_and_exits_2_unless_best_effort(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there: every lookup fails
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "p"
    project.mkdir()
    (project / "app.py").write_text("AutoModel.from_pretrained('zetalab/orca-mini-7b')\n", encoding="utf-8")
    strict = run("scan", str(project), "--online")
    assert strict.exit_code == 2 and "online resolution did not happen" in strict.output
    report = json.loads(run("scan", str(project), "--online=best-effort", "-f", "json").stdout)
    assert report["summary"]["online_unreached"] is True
    assert any("online resolution did not happen" in w for w in report["warnings"])
    assert run("scan", str(project), "--online=best-effort").exit_code == 0
    offline = json.loads(run("scan", str(project), "-f", "json").output)
    assert offline["summary"]["online_unreached"] is False and not offline["warnings"]


def test_an_unpinned_model_is_one_finding_with_every_place_it_is_loaded(run, tmp_path: Path) -> None:
    load = "from transformers import AutoModel\nAutoModel.from_pretrained('Qwen/Qwen2.5-7B-Instruct')\n"
    remote = "AutoModel.from_pretrained('Qwen/Qwen2.5-7B-Instruct', trust_remote_code=True)\n"
    for i in range(4):
        (tmp_path / f"m{i}.py").write_text(load + remote, encoding="utf-8")
    report = json.loads(run("scan", str(tmp_path), "-f", "json").output)
    unpinned = [f for f in report["findings"] if f["rule_id"] == "MO402"]
    assert len(unpinned) == 1 and len(unpinned[0]["locations"]) == 8
    assert len([f for f in report["findings"] if f["rule_id"] == "MO401"]) == 4  # about one call: per place
    assert "(+7)" in run("scan", str(tmp_path)).output
    sarif = json.loads(run("scan", str(tmp_path), "-f", "sarif").output)
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "MO402"]
    assert len(result["locations"]) + len(result.get("relatedLocations", [])) == 8


def test_checks_are_switched_off_by_policy_ignore_or_select_and_listed(run, tmp_path: Path) -> None:
    load = "from transformers import AutoModel\nAutoModel.from_pretrained('Qwen/Qwen2.5-7B-Instruct')\n"
    (tmp_path / "app.py").write_text(load, encoding="utf-8")

    def rules(*args: str) -> tuple[set[str], list[str]]:
        report = json.loads(run("scan", str(tmp_path), "-f", "json", *args).stdout)
        return {f["rule_id"] for f in report["findings"]}, report["policy"]["disabled_checks"]

    everything, none_off = rules()
    assert "MO402" in everything and none_off == []
    without, off = rules("--ignore", "MO402")
    assert "MO402" not in without and off == ["MO402"] and without == everything - {"MO402"}
    only, _ = rules("--select", "MO402,MO110")
    assert only == {"MO402", "MO110"} & everything
    (tmp_path / ".modelorigin.yaml").write_text("checks:\n  MO402: off\n", encoding="utf-8")
    from_policy, off = rules()
    assert "MO402" not in from_policy and off == ["MO402"]
    assert "Checks switched off | MO402" in run("scan", str(tmp_path), "-f", "markdown").stdout
    typo = run("scan", str(tmp_path), "--ignore", "MO999")
    assert typo.exit_code == 2 and "no such check: MO999" in typo.output


def test_paths_are_excluded_by_glob_from_the_cli_or_the_policy(run, tmp_path: Path) -> None:
    load = "from transformers import AutoModel\nAutoModel.from_pretrained('THUDM/chatglm3-6b')\n"
    for rel in ("src/app.py", "tests/fixtures/case.py", "vendor/lib.py", "nb/demo.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(load, encoding="utf-8")

    def paths(*args: str) -> set[str]:
        report = json.loads(run("scan", str(tmp_path), "-f", "json", *args).stdout)
        return {r["path"] for r in report["references"]}

    everything = {"src/app.py", "tests/fixtures/case.py", "vendor/lib.py", "nb/demo.py"}
    assert paths() == everything
    assert paths("--exclude", "tests/fixtures/", "--exclude", "/vendor") == {"src/app.py", "nb/demo.py"}
    assert paths("--exclude", "*.py") == set()
    (tmp_path / ".modelorigin.yaml").write_text("exclude: [vendor/]\nextend-exclude: ['nb/**']\n")
    assert paths() == {"src/app.py", "tests/fixtures/case.py"}
    report = json.loads(run("scan", str(tmp_path), "-f", "json").stdout)
    reasons = {s["path"]: s["reason"] for s in report["coverage"]["files_skipped"]}
    assert reasons["vendor/"].startswith("excluded by") and report["summary"]["complete"] is True


def test_display_filters_quiet_and_the_tables_width(run, tmp_path: Path) -> None:
    from scanner.pipeline import ScanOptions, scan
    from scanner.report.table import render_table

    example = Path(__file__).resolve().parents[2] / "examples" / "demo-chatbot"
    shown = run("scan", str(example), "--min-severity", "high")
    assert shown.exit_code == 1 and "MEDIUM" not in shown.output and "LOW " not in shown.output
    assert "below 'high' not shown (--min-severity); they still count for the gate" in shown.output
    quiet = run("scan", str(example), "-q")
    assert quiet.exit_code == 1 and quiet.output.strip().splitlines() == ["FAILED: 6 finding(s) at or above 'high'."]
    report = scan(ScanOptions(paths=[example], progress=False, jobs=1))
    for width in (80, 100, 160):
        lines = render_table(report, width=width).splitlines()
        start = lines.index(next(x for x in lines if x.startswith("Findings"))) + 3
        findings = lines[start : lines.index("", start)]
        rows = [
            x for x in findings if x[:1].isupper() and x.split()[0] in {"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"}
        ]
        assert rows and all("app/" not in x or re.search(r"app/\w+\.py:\d+", x) for x in rows)  # paths never cut
        header = lines[start - 2].split()
        assert ("model" in header) is (width == 160)  # narrow: the model column goes, the message names it
        models = lines[1 : lines.index("")]
        if width >= 100:  # the models table drops lineage, then license, to fit
            assert max(len(x) for x in models) <= width
        if width >= 140:  # messages wrap to what ids and paths leave
            assert max(len(x) for x in findings) <= width


def test_one_scan_writes_several_reports(run, tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "demo-chatbot"
    sarif, page, data = tmp_path / "r.sarif", tmp_path / "audit.html", tmp_path / "r.json"
    result = run("scan", str(example), "--also", str(sarif), "--also", str(page), "--also", str(data))
    assert result.exit_code == 1 and "FAILED" in result.stdout  # the terminal table, and the files
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert page.read_text().startswith("<!DOCTYPE html>")
    assert json.loads(data.read_text())["summary"]["gating_findings"] == 6
    refused = run("scan", str(example), "--also", str(tmp_path / "r.xml"))
    assert refused.exit_code == 2 and not (tmp_path / "r.xml").exists()


def test_rules_validate_takes_nothing_a_folder_or_files(run, tmp_path: Path) -> None:
    bundled = run("rules", "validate")
    assert (
        bundled.exit_code == 0 and "vocabulary.yaml: valid" in bundled.output and "labs.yaml: valid" in bundled.output
    )
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "extra.yaml").write_text(
        "labs:\n  - id: zeta\n    name: Zeta\n    country: US\n    source: https://example.org/zeta\n"
        "    as_of: '2026-01-01'\n    checked: '2026-01-01'\n",
        encoding="utf-8",
    )
    assert run("rules", "validate", str(folder)).output.strip() == f"{folder / 'extra.yaml'}: valid (1 labs)"
    (folder / "bad.yaml").write_text("labs:\n  - id: zeta\n", encoding="utf-8")
    broken = run("rules", "validate", str(folder))
    assert broken.exit_code == 2 and "bad.yaml:2:" in broken.output
    assert run("rules", "validate", str(tmp_path / "empty-dir-missing")).exit_code == 2


def test_policy_validate_checks_the_policy_schema_and_says_what_is_in_force(run, tmp_path: Path) -> None:
    policy = tmp_path / ".modelorigin.yaml"
    policy.write_text(WAIVER_AND_DENY + "checks:\n  MO402: off\n", encoding="utf-8")
    result = run("policy", "validate", str(policy))
    assert result.exit_code == 0
    assert "valid (profile 'default', fails at high, 1 waiver(s) in force" in result.output
    assert "checks off: MO402" in result.output
    (tmp_path / ".git").mkdir()
    assert run("policy", "validate", cwd=tmp_path).exit_code == 0  # the one a scan here would use
    policy.write_text("profile: default\nfail_on: sever\n", encoding="utf-8")
    broken = run("policy", "validate", str(policy))
    assert broken.exit_code == 2 and ".modelorigin.yaml:2: policy schema violation at fail_on" in broken.output
    (tmp_path / "pyproject.toml").write_text('[tool.modelorigin]\nprofile = "eu-deployer"\n', encoding="utf-8")
    policy.unlink()
    assert "profile 'eu-deployer'" in run("policy", "validate", str(tmp_path / "pyproject.toml")).output


def test_colour_by_severity_follows_color_and_no_color(run, tmp_path: Path, monkeypatch) -> None:
    import sys

    from scanner.commands.scan import use_color

    example = Path(__file__).resolve().parents[2] / "examples" / "demo-chatbot"
    plain = run("scan", str(example))
    assert "\x1b[" not in plain.output  # not a terminal: auto stays plain
    monkeypatch.setenv("NO_COLOR", "1")
    always = run("scan", str(example), "--color", "always")  # an explicit choice wins over NO_COLOR
    lines = always.stdout.splitlines()
    assert lines[-1].startswith("\x1b[31m\x1b[1mFAILED\x1b[0m: 6 finding(s)")
    assert any(x.startswith("\x1b[35m\x1b[1mCRITICAL\x1b[0m") for x in lines)
    assert "\x1b[" not in run("scan", str(example), "--color", "never").output
    written = tmp_path / "report.txt"
    run("scan", str(example), "--color", "always", "-o", str(written))
    assert "\x1b[" not in written.read_text(encoding="utf-8")  # a file is never coloured
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert use_color("auto", None) is False  # NO_COLOR set
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert use_color("auto", None) is True and use_color("auto", written) is False
    assert use_color("never", None) is False


def test_verbose_lists_every_file_not_scanned_and_the_time(run, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(USES_GLM, encoding="utf-8")
    for i in range(25):
        (tmp_path / f"note{i:02}.md").write_text("# notes\n", encoding="utf-8")
    normal = run("scan", str(tmp_path))
    assert "not scanned: 25 documentation file(s) (scan with --include-docs)" in normal.output
    assert "note00.md" not in normal.output
    verbose = run("scan", str(tmp_path), "-v")
    listed = [x for x in verbose.stdout.splitlines() if x.startswith("  not scanned: note")]
    assert len(listed) == 25 and "scanned 1 file(s) in " in verbose.stderr
    as_json = run("scan", str(tmp_path), "-v", "-f", "json")
    assert json.loads(as_json.stdout)["summary"] and as_json.stderr.count("not scanned: note") == 25
    both = run("scan", str(tmp_path), "-q", "-v")
    assert both.exit_code == 2 and "cannot be given together" in both.output


def test_init_offers_to_exclude_the_test_and_fixture_folders(run, tmp_path: Path, monkeypatch) -> None:
    import yaml

    import scanner.commands.init as init

    (tmp_path / "tests" / "data").mkdir(parents=True)
    (tmp_path / "pkg" / "fixtures").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "test").mkdir(parents=True)
    (tmp_path / "src").mkdir()
    (tmp_path / "tests" / "data" / "case.py").write_text(USES_GLM, encoding="utf-8")
    (tmp_path / "src" / "app.py").write_text("x = 1\n", encoding="utf-8")
    policy = tmp_path / ".modelorigin.yaml"
    assert run("init", "--path", str(policy)).exit_code == 0  # not a terminal: keep them, say how
    text = policy.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["exclude"] == [] and "# exclude: [pkg/fixtures/, tests/]" in text
    assert run("scan", str(tmp_path)).exit_code == 1  # the test's Entity-Listed model is still scanned
    assert run("init", "--path", str(policy), "--force", "--exclude-tests").exit_code == 0
    assert yaml.safe_load(policy.read_text(encoding="utf-8"))["exclude"] == ["pkg/fixtures/", "tests/"]
    assert run("scan", str(tmp_path)).exit_code == 0
    monkeypatch.setattr(init, "interactive", lambda: True)  # a person at a terminal is asked
    asked = CliRunner().invoke(cli, ["init", "--path", str(policy), "--force"], input="y\n")
    assert "Exclude test and fixture folders from scans (pkg/fixtures/, tests/)? [y/N]" in asked.output
    assert yaml.safe_load(policy.read_text(encoding="utf-8"))["exclude"] == ["pkg/fixtures/", "tests/"]
    CliRunner().invoke(cli, ["init", "--path", str(policy), "--force"], input="\n")
    assert yaml.safe_load(policy.read_text(encoding="utf-8"))["exclude"] == []


def test_a_large_result_names_its_decisions_first_and_fits_a_few_screens(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    lines = ["from transformers import AutoModel"]
    lines += [f'm{i} = AutoModel.from_pretrained("THUDM/chatglm{i}-6b")' for i in range(30)]
    lines += [f'q{i} = AutoModel.from_pretrained("Qwen/Qwen2.5-{i}B-Instruct")' for i in range(20)]
    lines += [f'h{i} = AutoModel.from_pretrained("acme-lab/roadrunner-{i}b")' for i in range(40)]
    (tmp_path / "app.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    full = json.loads(run("scan", str(tmp_path), "-f", "json").stdout)
    result = run("scan", str(tmp_path))
    out = result.stdout.splitlines()
    assert result.exit_code == 1 and out[0].startswith(f"Decisions ({len(full['findings'])} finding(s) from ")
    first = out[3].split()
    assert first[:3] == ["HIGH", "MO101", "30"]  # the most severe check, with how many models it touches
    assert out.index("Models (90), the 20 with the worst findings:") > 3
    models = [x.split()[0] for x in out[out.index("Models (90), the 20 with the worst findings:") + 3 :][:20]]
    high = {f["model_id"] for f in full["findings"] if f["severity"] == "high"}
    assert len(high) > 20 and set(models) <= high  # the models the worst findings are about
    assert "... and 70 more model(s) (--all lists every row; --format json and the audit report have them all)" in out
    start = next(i for i, x in enumerate(out) if x.startswith("Findings ("))
    assert out[start].endswith("the 25 most severe:")
    rows = [x for x in out[start + 3 :] if x.split() and x.split()[0] in {"HIGH", "MEDIUM", "LOW", "INFO"}]
    assert len(rows) == 25 and all(x.startswith("HIGH") for x in rows)
    assert any(x.rstrip().endswith(" ...") for x in out[start:])  # long messages cut; JSON has them whole
    assert f"... and {len(full['findings']) - 25} more finding(s)" in result.stdout
    assert len(out) <= 160 and max(len(x) for x in out[: out.index("")]) <= 120
    everything = run("scan", str(tmp_path), "--all").stdout
    assert not everything.startswith("Decisions") and "acme-lab/roadrunner-39b" in everything
    written = tmp_path / "report.txt"
    run("scan", str(tmp_path), "-o", str(written))
    assert "acme-lab/roadrunner-39b" in written.read_text(encoding="utf-8")  # a file gets every row


def test_the_decisions_put_what_can_fail_the_gate_first(run, tmp_path: Path, monkeypatch) -> None:
    """At one severity, a check whose findings all rest on unverified facts (they cannot fail the gate on
    their own) comes after one that can, and says so."""
    monkeypatch.setenv("COLUMNS", "120")
    lines = ["from transformers import AutoModel"]
    lines += [f'q{i} = AutoModel.from_pretrained("Qwen/Qwen2.5-{i}B-Instruct")' for i in range(30)]
    (tmp_path / "a.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / ".modelorigin.yaml").write_text("profile: us-federal-contractor\n", encoding="utf-8")
    out = run("scan", str(tmp_path)).stdout.splitlines()
    rows = [x for x in out[3:] if x.startswith(("HIGH", "MEDIUM", "LOW", "INFO", "CRITICAL"))]
    assert rows[0].split()[:2] == ["HIGH", "MO202"]  # a research-only license: verified, fails the gate
    assert rows[1].startswith("HIGH (unverified)  MO102")  # the 1260H listing rests on secondary sources
