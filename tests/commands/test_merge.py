"""`modelorigin merge`: many repositories' JSON reports as one organisation inventory."""

from __future__ import annotations

import glob
import hashlib
import json
import shlex
import shutil
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from scanner.cli import cli
from scanner.commands.merge import repository_names
from scanner.report.inventory import accepted_by
from tests.conftest import EXAMPLE, REPO

SCHEMA = json.loads((REPO / "docs" / "inventory.schema.json").read_text(encoding="utf-8"))
REPORT_SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))
EXAMPLES = REPO / "examples" / "inventory"

SEARCH = {
    "src/embed.py": (
        "from transformers import AutoModel\n"
        'reranker = AutoModel.from_pretrained("Qwen/Qwen-7B-Chat", trust_remote_code=True)\n'
        "# modelorigin: ignore[MO401] the tokenizer code was reviewed in SEC-1290\n"
        'summarizer = AutoModel.from_pretrained("THUDM/chatglm3-6b", trust_remote_code=True)\n'
    ),
    ".modelorigin.yaml": (
        "waivers:\n"
        "  - {check: MO401, model: 'Qwen/*', owner: search-team, expires: 2026-12-20,\n"
        "     reason: remote code reviewed at the pinned revision}\n"
        "  - {check: MO102, owner: legal, expires: 2026-11-30, reason: listing reviewed by counsel}\n"
    ),
}


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def validate(doc: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Real scans: the example chatbot, and a search service with a policy waiver, an expired waiver and an
    inline suppression. Scanned once for the module, as of the suite's date."""
    root = tmp_path_factory.mktemp("merge")
    search = root / "search-src"
    for rel, content in SEARCH.items():
        (search / rel).parent.mkdir(parents=True, exist_ok=True)
        (search / rel).write_text(content, encoding="utf-8")
    out = root / "reports"
    out.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MODELORIGIN_TODAY", "2026-12-07")
        mp.setenv("MODELORIGIN_CACHE_DIR", str(root / "cache"))
        for name, source in (("chatbot", EXAMPLE), ("search", search)):
            result = invoke("scan", str(source), "-f", "json", "-o", str(out / f"{name}.json"), "--exit-zero")
            assert result.exit_code == 0, result.output
    yield {"chatbot": out / "chatbot.json", "search": out / "search.json"}


def merged(*args: str | Path) -> dict[str, Any]:
    result = invoke("merge", *map(str, args), "-f", "json", "--today", "2026-12-07")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    validate(doc)
    return doc


def test_models_by_repository_labs_licenses_and_findings(reports: dict[str, Path]) -> None:
    doc = merged(reports["chatbot"], reports["search"])
    assert [r["name"] for r in doc["repositories"]] == ["chatbot", "search"]
    models = {m["id"]: m for m in doc["models"]}
    qwen = models["Qwen/Qwen-7B-Chat"]
    assert qwen["repositories"] == [
        {"name": "chatbot", "files": ["app/chat.py"]},
        {"name": "search", "files": ["src/embed.py"]},
    ]
    assert qwen["origin"] == {
        "lab": "alibaba-qwen",
        "lab_name": "Alibaba Cloud (Qwen / Tongyi Qianwen)",
        "country": "CN",
    }
    assert models["THUDM/chatglm3-6b"]["repositories"] == [{"name": "search", "files": ["src/embed.py"]}]
    assert models["openai"]["repositories"][0]["files"] == ["app/fallback.py", "requirements.txt"]
    countries = {c["country"]: c for c in doc["countries"]}
    assert countries["CN"]["repositories"] == ["chatbot", "search"] and "Zhipu AI (Z.ai)" in countries["CN"]["labs"]
    assert countries["US"]["models"] == ["openai"]
    tongyi = next(lic for lic in doc["licenses"] if lic["id"] == "tongyi-qianwen-2023")
    duties = {o["rule_id"]: o["repositories"] for o in tongyi["obligations"]}
    assert duties["MO206"] == ["chatbot", "search"]  # the attribution duty, open in both
    # every open finding of both reports is counted once, by severity
    expected: dict[str, int] = {}
    for path in reports.values():
        for f in json.loads(path.read_text(encoding="utf-8"))["findings"]:
            if not f["waived_by"]:
                expected[f["severity"]] = expected.get(f["severity"], 0) + 1
    assert {k: v for k, v in doc["summary"]["open_findings"].items() if v} == expected
    mo401 = next(c for c in doc["findings"]["by_check"] if c["rule_id"] == "MO401")
    assert (mo401["open"], mo401["accepted"], mo401["repositories"]) == (1, 2, ["chatbot"])
    assert doc["summary"]["repositories_failing"] == 2 and doc["summary"]["complete"] is True


def test_waivers_with_owner_and_expiry_coming_due(reports: dict[str, Path]) -> None:
    doc = merged(reports["chatbot"], reports["search"])
    accepted = doc["accepted"]
    waiver = next(a for a in accepted if a["kind"] == "waiver")
    assert (waiver["owner"], waiver["expires"], waiver["status"], waiver["days_left"]) == (
        "search-team",
        "2026-12-20",
        "due",
        13,
    )
    assert waiver["repository"] == "search" and waiver["checks"] == ["MO401"]
    suppression = next(a for a in accepted if a["kind"] == "suppression")
    assert suppression["where"] == "src/embed.py:3" and "SEC-1290" in suppression["reason"]
    assert suppression["status"] is None
    expired = next(a for a in accepted if a["kind"] == "expired")  # lapsed before the scan: an MO502 finding
    assert expired["status"] == "expired" and "owner legal" in expired["reason"]
    assert [a["status"] for a in accepted[:2]] == ["expired", "due"]  # what needs attention first
    assert (doc["summary"]["waivers_due"], doc["summary"]["waivers_expired"]) == (1, 1)

    def status(*args: str) -> tuple[str, int]:
        result = invoke("merge", str(reports["search"]), "-f", "json", *args)
        entry = next(a for a in json.loads(result.stdout)["accepted"] if a["kind"] == "waiver")
        return entry["status"], entry["days_left"]

    assert status("--today", "2026-11-01") == ("active", 49)
    assert status("--today", "2026-11-01", "--due-within", "60") == ("due", 49)
    assert status("--today", "2027-01-02") == ("expired", -13)


def test_the_inventory_does_not_depend_on_the_order_of_the_reports(reports: dict[str, Path]) -> None:
    one = invoke("merge", str(reports["chatbot"]), str(reports["search"]), "-f", "json", "--today", "2026-12-07")
    other = invoke("merge", str(reports["search"]), str(reports["chatbot"]), "-f", "json", "--today", "2026-12-07")
    assert one.stdout == other.stdout and "generated_at" not in one.stdout
    stamped = json.loads(invoke("merge", str(reports["search"]), "-f", "json", "--timestamp").stdout)
    validate(stamped)
    assert stamped["generated_at"].endswith("Z")


def _edit(path: Path, target: Path, change: Any) -> Path:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(doc), encoding="utf-8")
    return target


def test_trend_since_the_previous_inventory(reports: dict[str, Path], tmp_path: Path) -> None:
    previous = tmp_path / "inventory.json"
    assert invoke("merge", str(reports["chatbot"]), "-o", str(previous), "--today", "2026-11-07").exit_code == 0

    def change(doc: dict[str, Any]) -> None:
        doc["models"] = [m for m in doc["models"] if m["id"] != "openai"]
        doc["references"] = [r for r in doc["references"] if r["id"] != "openai"]
        qwen = next(m for m in doc["models"] if m["id"] == "Qwen/Qwen-7B-Chat")
        qwen["license"] = {"id": "apache-2.0", "name": "Apache License 2.0", "via": "catalog"}
        gone = next(f for f in doc["findings"] if f["rule_id"] == "MO301")
        doc["findings"].remove(gone)
        again = dict(next(f for f in doc["findings"] if f["rule_id"] == "MO401"))
        doc["findings"].append(again)  # a second occurrence of a known fingerprint is new

    now = _edit(reports["chatbot"], tmp_path / "now" / "chatbot.json", change)
    search = shutil.copy(reports["search"], tmp_path / "now" / "search.json")
    doc = merged(now, search, "--previous", previous)
    trend = doc["trend"]
    assert trend["previous"] == str(previous) and trend["previous_as_of"] == "2026-11-07"
    assert trend["repositories_added"] == ["search"] and trend["repositories_removed"] == []
    assert [m["id"] for m in trend["models_removed"]] == ["openai"]
    assert {m["id"] for m in trend["models_added"]} == {"THUDM/chatglm3-6b"}  # Qwen was there already
    assert trend["models_changed"] == [
        {"model": "Qwen/Qwen-7B-Chat", "attribute": "license", "before": "tongyi-qianwen-2023", "after": "apache-2.0"}
    ]
    assert [(f["repository"], f["rule_id"]) for f in trend["findings_new"]] == [("chatbot", "MO401")]
    assert [r["repository"] for r in trend["findings_resolved"]] == ["chatbot"]  # the MO301 finding
    # the search repository is new: its findings are in the inventory, not in "new findings"
    assert all(f["repository"] == "chatbot" for f in trend["findings_new"])
    markdown = invoke("merge", str(now), str(search), "--previous", str(previous)).stdout
    assert "## Since the previous inventory" in markdown and "| Qwen/Qwen-7B-Chat | license |" in markdown


def test_a_report_that_is_not_merged_leaves_the_trend_unconfirmed(reports: dict[str, Path], tmp_path: Path) -> None:
    previous = tmp_path / "inventory.json"
    invoke("merge", str(reports["chatbot"]), str(reports["search"]), "-o", str(previous))
    broken = tmp_path / "now" / "search.json"
    broken.parent.mkdir()
    broken.write_text(reports["search"].read_text(encoding="utf-8")[:500], encoding="utf-8")
    chatbot = shutil.copy(reports["chatbot"], tmp_path / "now" / "chatbot.json")
    doc = merged(chatbot, broken, "--previous", previous)
    trend = doc["trend"]
    assert trend["models_removed"] == [] and trend["repositories_removed"] == []
    assert [m["id"] for m in trend["models_not_confirmed"]] == ["THUDM/chatglm3-6b"]
    assert trend["findings_resolved"] == []


def test_a_bad_report_alone_is_one_error_line_and_exit_2(tmp_path: Path, reports: dict[str, Path]) -> None:
    truncated = tmp_path / "truncated.json"
    truncated.write_text(reports["chatbot"].read_text(encoding="utf-8")[:200], encoding="utf-8")
    newer = _edit(reports["chatbot"], tmp_path / "newer.json", lambda d: d.update(schema_version="2.0"))
    sarif = tmp_path / "scan.sarif.json"
    sarif.write_text('{"version": "2.1.0", "runs": []}', encoding="utf-8")
    inventory = tmp_path / "inventory.json"
    invoke("merge", str(reports["chatbot"]), "-o", str(inventory))
    cases = {
        truncated: f"modelorigin: error: {truncated}:",
        newer: f"modelorigin: error: {newer}: report schema version 2.0 is not supported (expected 1.x)",
        sarif: f"modelorigin: error: {sarif}: not a modelorigin JSON report",
        inventory: f"modelorigin: error: {inventory}: an inventory, not a scan report (give it as --previous)",
    }
    output = tmp_path / "out.md"
    output.write_text("the last good inventory\n", encoding="utf-8")
    for path, line in cases.items():
        result = invoke("merge", str(path), "-o", str(output))
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith(line), result.stderr
    assert "not valid JSON" in invoke("merge", str(truncated)).stderr
    assert output.read_text(encoding="utf-8") == "the last good inventory\n"  # nothing written
    both = invoke("merge", str(truncated), str(sarif))
    assert (
        both.exit_code == 2
        and both.stderr.splitlines()[-1] == "modelorigin: error: none of the 2 reports could be merged"
    )


def test_one_bad_report_among_many_is_listed_and_coverage_is_incomplete(
    reports: dict[str, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "reports" / "broken.json"
    bad.parent.mkdir()
    bad.write_text('{\n  "schema_version": "1.0",\n  "models": [\n', encoding="utf-8")
    good = [shutil.copy(reports[n], tmp_path / "reports" / f"{n}.json") for n in ("chatbot", "search")]
    result = invoke("merge", *map(str, good), str(bad), "-f", "json")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"modelorigin: warning: not merged: {bad}:4: not valid JSON")
    doc = json.loads(result.stdout)
    validate(doc)
    assert doc["summary"]["complete"] is False and doc["summary"]["not_merged"] == 1
    assert doc["not_merged"][0]["repository"] == "broken" and "not valid JSON" in doc["not_merged"][0]["error"]
    assert [r["name"] for r in doc["repositories"]] == ["chatbot", "search"]
    markdown = invoke("merge", *map(str, good), str(bad)).stdout
    assert "Coverage incomplete: 1 report of 3 could not be merged" in markdown and "## Not merged" in markdown
    assert invoke("merge", *map(str, good), str(bad), "--fail-on-skipped", "-q").exit_code == 1
    assert invoke("merge", *map(str, good), "--fail-on-skipped", "-q").exit_code == 0


def test_a_bad_previous_inventory_is_an_error(reports: dict[str, Path], tmp_path: Path) -> None:
    for text, message in (
        ('{"models": [', ":1: not valid JSON"),
        ('{"modelorigin_inventory": "2.0"}', "inventory version 2.0 is not supported"),
        ('{"modelorigin_inventory": "1.0", "models": [{"id": 1}], "repositories": []}', "models[0] is not a model"),
    ):
        previous = tmp_path / "previous.json"
        previous.write_text(text, encoding="utf-8")
        result = invoke("merge", str(reports["chatbot"]), "--previous", str(previous))
        assert result.exit_code == 2 and message in result.stderr and str(previous) in result.stderr
    result = invoke("merge", str(reports["chatbot"]), "--previous", str(reports["search"]))
    assert result.exit_code == 2 and "not a modelorigin inventory" in result.stderr


def test_format_follows_the_extension_and_html_is_self_contained_and_escaped(
    reports: dict[str, Path], tmp_path: Path
) -> None:
    hostile = "evil/<script>alert(1)</script>|x"

    def change(doc: dict[str, Any]) -> None:
        doc["models"][0]["id"] = hostile
        doc["references"].append({**doc["references"][0], "id": hostile, "mention": False})

    report = _edit(reports["chatbot"], tmp_path / "r" / "chatbot.json", change)
    for name, start in (("inv.html", "<!DOCTYPE html>"), ("inv.md", "# AI model inventory"), ("inv.json", "{")):
        assert invoke("merge", str(report), "-o", str(tmp_path / name)).exit_code == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
    html = (tmp_path / "inv.html").read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;|x" in html
    assert "Content-Security-Policy" in html and "http://" not in html and "https://" not in html
    assert "evil/&lt;script>alert(1)&lt;/script>\\|x" in (tmp_path / "inv.md").read_text(encoding="utf-8")
    refused = invoke("merge", str(report), "-o", str(tmp_path / "inv.sarif"))
    assert refused.exit_code == 2 and "an inventory is written as .json, .md or .html" in refused.stderr


def test_repository_names_come_from_the_report_paths(tmp_path: Path) -> None:
    a, b = tmp_path / "reports" / "api.json", tmp_path / "reports" / "team" / "web.json"
    assert list(repository_names((a, b)).values()) == ["api", "team/web"]
    c, d = tmp_path / "api" / "modelorigin.json", tmp_path / "web" / "modelorigin.json"
    assert list(repository_names((c, d)).values()) == ["api", "web"]  # the same file name: named by folder
    assert repository_names((a, a)) == {a: "api"}  # a report given twice is merged once


def test_how_a_finding_was_accepted_is_read_back() -> None:
    assert accepted_by("waiver by ml team until 2027-01-31: reviewed: ok until then") == {
        "kind": "waiver",
        "owner": "ml team",
        "expires": "2027-01-31",
        "where": None,
        "reason": "reviewed: ok until then",
    }
    baseline = accepted_by("baseline .modelorigin-baseline.json (recorded 2026-11-02T10:00:00Z)")
    assert baseline["kind"] == "baseline" and baseline["where"] == ".modelorigin-baseline.json"
    assert accepted_by("policy allow list")["kind"] == "allow-list"
    assert accepted_by("something else")["kind"] == "other"


# --- many reports: time and memory ------------------------------------------------------------------


def _generated_report(template: dict[str, Any], index: int) -> dict[str, Any]:
    """A report of a repository using 25 models of a pool of 80, 2 references and 2 findings each (some
    waived), with evidence and lineage as real reports carry them, built on a real report's header so that
    it passes docs/report.schema.json."""
    models, references, findings = [], [], []
    for k in range(25):
        n = (index * 7 + k * 3) % 80
        model_id = f"org{n % 9}/model-{n}"
        lab = f"lab{n % 9}"
        models.append(
            {
                "id": model_id,
                "kind": "hub_model",
                "family": None,
                "uploader": f"org{n % 9}",
                "relation": None,
                "origin": {"lab": lab, "lab_name": f"Lab {n % 9}", "country": ("CN", "US", "FR")[n % 3], "via": "org"},
                "license": {"id": f"license-{n % 6}", "name": f"License {n % 6}", "via": "catalog"},
                "lineage": [
                    {
                        "id": f"org{n % 9}/base-{n % 11}",
                        "relation": "finetune",
                        "lab": lab,
                        "country": "CN",
                        "license": f"license-{n % 6}",
                        "via": "catalog",
                        "parent": None,
                    }
                ],
                "custom_code": False,
                "mention_only": False,
                "evidence": [
                    {
                        "attribute": attribute,
                        "value": value,
                        "signal": "catalog",
                        "confidence": "high",
                        "detail": f"the bundled model catalog: {model_id} ({attribute} {value}), checked 2026-11-30",
                        "verified": True,
                    }
                    for attribute, value in (("origin", lab), ("license", f"license-{n % 6}"), ("family", "m"))
                ],
            }
        )
        for line in (3, 40):
            path = f"src/module_{k}.py"
            references.append(
                {
                    "id": model_id,
                    "ref_type": "hub_model",
                    "path": path,
                    "line": line,
                    "column": 5,
                    "raw": f'"{model_id}"',
                    "extractor": "python",
                    "mention": False,
                    "context": {"trust_remote_code": False, "revision": None, "revision_pinned": False},
                }
            )
        for rule, severity, category in (("MO206", "low", "license"), ("MO101", "high", "export-control")):
            key = f"{index}/{model_id}/{rule}"
            findings.append(
                {
                    "rule_id": rule,
                    "rule_name": rule.lower(),
                    "title": f"Check {rule}",
                    "severity": severity,
                    "category": category,
                    "message": f"{model_id} is flagged by {rule}: " + "details " * 12,
                    "remediation": "Replace the model, or record a waiver with an owner and an expiry date " * 2,
                    "model_id": model_id,
                    "path": f"src/module_{k}.py",
                    "line": 3,
                    "locations": [{"path": f"src/module_{k}.py", "line": 3, "column": 5}],
                    "verified": True,
                    "waived_by": f"waiver by team-{k % 4} until 2027-0{1 + k % 9}-15: reviewed" if k % 5 == 0 else None,
                    "gating": severity == "high",
                    "fingerprint": hashlib.sha256(key.encode()).hexdigest()[:32],
                }
            )
    return {**template, "references": references, "models": models, "findings": findings}


@pytest.fixture(scope="module")
def many_reports(reports: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    template = json.loads(reports["chatbot"].read_text(encoding="utf-8"))
    folder = tmp_path_factory.mktemp("many")
    paths = []
    for index in range(120):
        report = _generated_report(template, index)
        if index == 0:
            jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
        path = folder / f"repo-{index:03d}.json"
        path.write_text(json.dumps(report, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def test_merging_120_reports_takes_under_2_seconds(many_reports: list[Path], tmp_path: Path) -> None:
    output = tmp_path / "inventory.json"
    started = time.perf_counter()
    result = invoke("merge", *map(str, many_reports), "-o", str(output), "--today", "2026-12-07")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert elapsed <= 2.0, f"merging {len(many_reports)} reports took {elapsed:.2f} s"
    doc = json.loads(output.read_text(encoding="utf-8"))
    validate(doc)
    assert doc["summary"]["merged"] == 120 and doc["summary"]["models"] == 80
    assert sum(len(m["repositories"]) for m in doc["models"]) == 120 * 25
    assert doc["summary"]["open_findings"]["high"] == 120 * 20  # 5 of each report's 25 models are waived


def test_merging_holds_one_report_at_a_time(many_reports: list[Path], tmp_path: Path) -> None:
    """Peak memory stays below what all the reports would take parsed at once (more than their size on disk),
    and within a fixed bound."""
    on_disk = sum(p.stat().st_size for p in many_reports)
    assert invoke("merge", str(many_reports[0]), "-o", str(tmp_path / "warm.json")).exit_code == 0  # imports
    tracemalloc.start()
    try:
        result = invoke("merge", *map(str, many_reports), "-o", str(tmp_path / "inventory.json"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0
    assert peak < on_disk / 2, f"peak {peak / 1e6:.1f} MB for {on_disk / 1e6:.1f} MB of reports"
    assert peak < 10_000_000, f"peak {peak / 1e6:.1f} MB"


# --- the example stays true ----------------------------------------------------------------------------


def _example_commands() -> list[list[str]]:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line) for line in block.splitlines() if line.startswith("modelorigin merge ")]


def test_the_example_inventory_is_what_merge_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _example_commands()
    assert len(commands) == 2
    work = tmp_path / "inventory"
    shutil.copytree(EXAMPLES, work)
    monkeypatch.chdir(work)
    for words in commands:
        output = words[words.index("-o") + 1]
        committed = (EXAMPLES / output).read_text(encoding="utf-8")
        (work / output).unlink()
        args = [a for word in words[1:] for a in (sorted(glob.glob(word)) if "*" in word else [word])]
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        written = (work / output).read_text(encoding="utf-8")
        if output.endswith(".json"):  # the tool version changes with every release; nothing else may drift
            written, committed = (json.dumps({**json.loads(t), "tool": None}) for t in (written, committed))
        assert written == committed, f"examples/inventory/{output} is stale: run the commands in its README.md"
    validate(json.loads((EXAMPLES / "inventory-2026-11.json").read_text(encoding="utf-8")))
