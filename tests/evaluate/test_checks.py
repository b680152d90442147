"""Every check fires on the bad case and stays quiet on the good one, on the bundled facts.

Each case is a tiny project (one or two files) scanned with a policy; the assertion names the
check that must fire (or must not) and, where it matters, for which model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from scanner.dates import today as judged_today
from scanner.pipeline import ScanOptions, scan
from scanner.records import Finding


def py_load(model_id: str, **kwargs: str) -> str:
    extra = "".join(f", {k}={v}" for k, v in kwargs.items())
    return f"from transformers import AutoModel\nm = AutoModel.from_pretrained({model_id!r}{extra})\n"


def findings_for(tmp_path: Path, files: dict[str, str], policy: dict[str, Any] | None = None) -> list[Finding]:
    root = tmp_path / "p"
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    if policy is not None:
        (root / ".modelorigin.yaml").write_text(yaml.safe_dump(policy))
    return list(scan(ScanOptions(paths=[root])).findings)


def fired(findings: list[Finding], rule: str, model: str | None = None) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule and (model is None or f.model_id == model)]


# (check, files, policy, model expected to fire) — the bad case
FIRES: list[tuple[str, dict[str, str], dict[str, Any] | None, str | None]] = [
    (
        "MO706",
        {"a.py": py_load("randomuser42/Qwen2.5-7B-Instruct-GGUF")},
        None,
        "randomuser42/Qwen2.5-7B-Instruct-GGUF",
    ),
    ("MO101", {"a.py": py_load("zai-org/GLM-4.5")}, None, "zai-org/GLM-4.5"),
    ("MO101", {"a.py": py_load("BAAI/bge-m3")}, None, "BAAI/bge-m3"),
    ("MO102", {"a.py": py_load("tencent/Hunyuan-A13B-Instruct")}, None, "tencent/Hunyuan-A13B-Instruct"),
    ("MO103", {"a.py": py_load("deepseek-ai/DeepSeek-R1")}, None, "deepseek-ai/DeepSeek-R1"),
    ("MO104", {"a.py": py_load("deepseek-ai/DeepSeek-R1")}, None, "deepseek-ai/DeepSeek-R1"),
    ("MO110", {"a.py": py_load("bartowski/Qwen2.5-7B-Instruct-GGUF")}, None, "bartowski/Qwen2.5-7B-Instruct-GGUF"),
    ("MO111", {"a.py": py_load("acme-internal/mystery-7b")}, None, "acme-internal/mystery-7b"),
    ("MO201", {"a.py": py_load("acme-internal/mystery-7b")}, None, "acme-internal/mystery-7b"),
    ("MO202", {"a.py": py_load("Qwen/Qwen2.5-3B-Instruct")}, None, "Qwen/Qwen2.5-3B-Instruct"),
    ("MO203", {"a.py": py_load("baichuan-inc/Baichuan2-7B-Chat")}, None, "baichuan-inc/Baichuan2-7B-Chat"),
    (
        "MO204",
        {"a.py": py_load("meta-llama/Llama-3.1-8B-Instruct")},
        {"scale": {"mau": 800_000_000}},
        "meta-llama/Llama-3.1-8B-Instruct",
    ),
    ("MO205", {"a.py": py_load("meta-llama/Llama-3.1-8B-Instruct")}, None, "meta-llama/Llama-3.1-8B-Instruct"),
    ("MO206", {"a.py": py_load("meta-llama/Llama-3.1-8B-Instruct")}, None, "meta-llama/Llama-3.1-8B-Instruct"),
    (
        "MO207",
        {"a.py": py_load("tencent/Hunyuan-A13B-Instruct")},
        {"territories": ["DE", "US"]},
        "tencent/Hunyuan-A13B-Instruct",
    ),
    ("MO208", {"a.py": py_load("tencent/Hunyuan-A13B-Instruct")}, None, "tencent/Hunyuan-A13B-Instruct"),
    ("MO209", {"a.py": py_load("Qwen/Qwen1.5-7B-Chat")}, None, "Qwen/Qwen1.5-7B-Chat"),
    ("MO210", {"a.py": py_load("Qwen/Qwen1.5-7B-Chat")}, {"trains_models": True}, "Qwen/Qwen1.5-7B-Chat"),
    ("MO301", {"a.py": "c = OpenAI(base_url='https://api.deepseek.com')\n"}, None, "api.deepseek.com"),
    (
        "MO302",
        {"a.py": "c = OpenAI(base_url='https://dashscope-intl.aliyuncs.com/compatible-mode/v1')\n"},
        None,
        "dashscope-intl.aliyuncs.com",
    ),
    ("MO303", {"requirements.txt": "dashscope==1.20.11\n"}, None, "dashscope"),
    (
        "MO401",
        {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct", trust_remote_code="True")},
        None,
        "Qwen/Qwen2.5-7B-Instruct",
    ),
    ("MO402", {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct")}, None, "Qwen/Qwen2.5-7B-Instruct"),
    ("MO403", {"requirements.txt": "torch==2.5.1\n"}, None, None),
    (
        "MO501",
        {"a.py": py_load("deepseek-ai/DeepSeek-R1")},
        {"deny": {"labs": ["deepseek"]}},
        "deepseek-ai/DeepSeek-R1",
    ),
    (
        "MO501",
        {"a.py": py_load("bartowski/Qwen2.5-7B-Instruct-GGUF")},
        {"deny": {"countries": ["CN"]}},
        "bartowski/Qwen2.5-7B-Instruct-GGUF",
    ),
]

# (check, files, policy) — the good case: the check stays quiet
QUIET: list[tuple[str, dict[str, str], dict[str, Any] | None]] = [
    ("MO706", {"a.py": py_load("bartowski/Qwen2.5-7B-Instruct-GGUF")}, None),
    ("MO706", {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct-AWQ")}, None),
    ("MO706", {"a.py": py_load("nvidia/Qwen3-8B-FP8")}, None),
    ("MO101", {"a.py": py_load("meta-llama/Llama-3.1-8B-Instruct")}, None),
    ("MO102", {"a.py": py_load("mistralai/Mistral-7B-Instruct-v0.3")}, None),
    ("MO103", {"a.py": py_load("meta-llama/Llama-3.1-8B-Instruct")}, None),
    ("MO104", {"a.py": py_load("Qwen/Qwen3-8B")}, None),  # Alibaba: listed, nothing pending
    ("MO112", {"a.py": py_load("tencent/Hunyuan-A13B-Instruct")}, None),  # the bundled facts are current
    ("MO110", {"a.py": py_load("google/gemma-2-9b-it")}, None),
    ("MO111", {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct")}, None),
    ("MO201", {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct")}, None),
    ("MO202", {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct")}, None),
    ("MO202", {"a.py": py_load("Qwen/Qwen2.5-3B-Instruct")}, {"commercial_use": False}),
    ("MO203", {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct")}, None),
    ("MO204", {"a.py": py_load("meta-llama/Llama-3.1-8B-Instruct")}, {"scale": {"mau": 1_000_000}}),
    ("MO205", {"a.py": py_load("mistralai/Mistral-7B-Instruct-v0.3")}, None),
    ("MO206", {"a.py": py_load("mistralai/Mistral-7B-Instruct-v0.3")}, None),
    ("MO207", {"a.py": py_load("tencent/Hunyuan-A13B-Instruct")}, {"territories": ["US", "JP"]}),
    ("MO208", {"a.py": py_load("tencent/Hunyuan-A13B-Instruct")}, {"territories": ["US"]}),
    ("MO209", {"a.py": py_load("meta-llama/Llama-3.1-8B-Instruct")}, None),
    ("MO210", {"a.py": py_load("Qwen/Qwen1.5-7B-Chat")}, None),
    ("MO301", {"a.py": "c = OpenAI(base_url='https://api.openai.com/v1')\n"}, None),
    ("MO302", {"a.py": "c = OpenAI(base_url='https://api.openai.com/v1')\n"}, None),
    ("MO303", {"requirements.txt": "openai>=1.40\n"}, None),
    ("MO401", {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct", trust_remote_code="False")}, None),
    (
        "MO402",
        {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct", revision="'0123456789abcdef0123456789abcdef01234567'")},
        None,
    ),
    ("MO403", {"requirements.txt": "torch==2.10.0\ntorch-geometric>=2.0\n"}, None),
    ("MO403", {"requirements.txt": "torch>=2.0\n"}, None),
    ("MO501", {"a.py": py_load("deepseek-ai/DeepSeek-R1")}, {"deny": {"labs": ["zhipu"]}}),
]


@pytest.mark.parametrize(("check", "files", "policy", "model"), FIRES, ids=[f"{c[0]}-{i}" for i, c in enumerate(FIRES)])
def test_check_fires_on_the_bad_case(tmp_path: Path, check: str, files, policy, model) -> None:
    found = findings_for(tmp_path, files, policy)
    assert fired(found, check, model), [(f.rule_id, f.model_id) for f in found]


@pytest.mark.parametrize(("check", "files", "policy"), QUIET, ids=[f"{c[0]}-{i}" for i, c in enumerate(QUIET)])
def test_check_stays_quiet_on_the_good_case(tmp_path: Path, check: str, files, policy) -> None:
    found = findings_for(tmp_path, files, policy)
    assert not fired(found, check), [(f.rule_id, f.model_id, f.message) for f in fired(found, check)]


def test_every_check_has_a_firing_and_a_quiet_case(kb) -> None:
    ids = {c["id"] for c in kb.checks}
    assert ids - {c[0] for c in FIRES} - {"MO502"} <= _covered_elsewhere(), "checks without a firing case"
    assert ids - {c[0] for c in QUIET} - {"MO502"} <= _covered_elsewhere(), "checks without a quiet case"


def _covered_elsewhere() -> set[str]:
    """Checks whose fire/quiet tests live with their feature: model files and lineage (MO6xx, tests/modelfiles,
    tests/resolve), Hub metadata (MO7xx, tests/online), suppressions (MO503, tests/evaluate/test_suppress.py),
    stale facts (MO112 fires only with an overlay: test_a_fact_past_its_shelf_life_is_said_for_each_model...)."""
    return ({f"MO{n}" for n in range(600, 800)} - {"MO706"}) | {"MO503", "MO112"}


def test_expired_waiver_is_a_finding_and_a_live_waiver_waives(tmp_path: Path) -> None:
    today = judged_today()  # the day the scan judges by (MODELORIGIN_TODAY in the tests), not the calendar's
    past = (today - dt.timedelta(days=1)).isoformat()
    future = (today + dt.timedelta(days=30)).isoformat()
    files = {"a.py": py_load("Qwen/Qwen2.5-7B-Instruct", trust_remote_code="True")}
    waiver = {"check": "MO401", "model": "qwen/*", "reason": "remote code reviewed, SEC-1", "owner": "sec-team"}
    expired = findings_for(tmp_path / "x", files, {"waivers": [{**waiver, "expires": past}]})
    assert fired(expired, "MO502") and fired(expired, "MO401")[0].waived_by is None
    live = findings_for(tmp_path / "y", files, {"waivers": [{**waiver, "expires": future}]})
    assert not fired(live, "MO502")
    assert "sec-team" in (fired(live, "MO401")[0].waived_by or "")


def test_deny_cannot_be_waived(tmp_path: Path) -> None:
    future = (judged_today() + dt.timedelta(days=30)).isoformat()
    policy = {
        "deny": {"labs": ["deepseek"]},
        "waivers": [{"check": "*", "reason": "blanket waiver attempt", "owner": "someone", "expires": future}],
    }
    found = findings_for(tmp_path, {"a.py": py_load("deepseek-ai/DeepSeek-R1")}, policy)
    deny = fired(found, "MO501")
    assert deny and deny[0].waived_by is None and deny[0].severity == "critical"


def test_the_june_2026_1260h_update_and_pending_actions(tmp_path: Path) -> None:
    """Baidu and Alibaba are on the 1260H list DoD released 2026-06-08 (Baidu was 'pending' before, so ERNIE
    models had no finding); the facts rest on secondary sources, so the findings are unverified and do not
    fail the gate on their own. Pending actions and requests (DeepSeek) are one info finding naming each
    status and its source."""
    found = findings_for(
        tmp_path,
        {
            "a.py": py_load("baidu/ERNIE-4.5-21B-A3B-PT"),
            "b.py": py_load("Qwen/Qwen3-8B"),
            "c.py": py_load("deepseek-ai/DeepSeek-R1"),
        },
        {"profile": "us-federal-contractor"},
    )
    for model in ("baidu/ERNIE-4.5-21B-A3B-PT", "Qwen/Qwen3-8B"):
        [listing] = fired(found, "MO102", model)
        assert "since 2026-06-08" in listing.message and not listing.verified
    [pending] = fired(found, "MO104", "deepseek-ai/DeepSeek-R1")
    assert pending.severity == "info"
    assert "US Entity List (BIS), pending since 2026-06-17 (source: https://" in pending.message
    assert not fired(found, "MO104", "Qwen/Qwen3-8B")


def test_licenses_re_read_on_2026_12_07(tmp_path: Path) -> None:
    """MiniMax-M2 is modified MIT with a display duty above 100M MAU or US$30M ARR (it was recorded as plain
    MIT); M2.1 must show 'MiniMax M2.1' in every commercial product; HY-MT1.5's license excludes the EU."""
    found = findings_for(
        tmp_path,
        {
            "a.py": py_load("MiniMaxAI/MiniMax-M2"),
            "b.py": py_load("MiniMaxAI/MiniMax-M2.1"),
            "c.py": py_load("tencent/HY-MT1.5-7B"),
        },
        {"profile": "eu-deployer"},
    )
    [threshold] = fired(found, "MO205", "MiniMaxAI/MiniMax-M2")
    assert "30,000,000" in threshold.message and "MiniMax M2" in threshold.message
    [display] = fired(found, "MO206", "MiniMaxAI/MiniMax-M2.1")
    assert '"MiniMax M2.1"' in display.message or "MiniMax M2.1" in display.message
    [territory] = fired(found, "MO207", "tencent/HY-MT1.5-7B")
    assert "EU" in territory.message and "TENCENT HY COMMUNITY LICENSE" in territory.message


STALE_OVERLAY = """\
listings:
  - id: dod-1260h-tencent-2025
    list: dod-1260h
    entity: Tencent Holdings Limited
    labs: [tencent]
    date: "2025-01-07"
    citation: "Section 1260H list of 2025-01-07"
    source: "https://example.org/1260h"
    as_of: "2025-01-07"
    checked: "2025-01-07"
"""


def test_a_fact_past_its_shelf_life_is_said_for_each_model_it_touches(tmp_path: Path) -> None:
    """A listing last read on 2025-01-07 is past the 90-day shelf life of listings: the Tencent model
    resting on it gets MO112 naming the fact, its date and its age, and the scan warns once; the bundled
    facts (checked within their shelf life) stay quiet (QUIET above)."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "a.py").write_text(
        py_load("tencent/Hunyuan-A13B-Instruct") + py_load("Qwen/Qwen3-8B").replace("m =", "q =")
    )
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(STALE_OVERLAY)
    report = scan(ScanOptions(paths=[root], rules_files=(overlay,)))
    [stale] = [f for f in report.findings if f.rule_id == "MO112"]
    assert stale.model_id == "tencent/Hunyuan-A13B-Instruct" and stale.severity == "low"
    assert "listings dod-1260h-tencent-2025: checked 2025-01-07" in stale.message and "(shelf life 90)" in stale.message
    assert any("1 model(s) rest on facts past their shelf life" in w for w in report.warnings)


def test_the_bundle_age_warning_uses_the_shortest_shelf_life_in_use() -> None:
    from scanner.pipeline import _rules_age_warning

    old = (dt.date(2026, 12, 7) - dt.timedelta(days=120)).isoformat()  # the suite judges as of 2026-12-07
    assert _rules_age_warning(old, {"rules_max_age_days": 365}) == []
    [warning] = _rules_age_warning(old, {"rules_max_age_days": 365}, shelf_life=90)
    assert "120 days old" in warning and "the facts in use stay current 90 days" in warning
    [warning] = _rules_age_warning(old, {"rules_max_age_days": 60}, shelf_life=90)
    assert "policy allows 60" in warning


def test_a_rules_fact_without_checked_is_refused(run, tmp_path: Path) -> None:
    bad = tmp_path / "extra.yaml"
    bad.write_text(
        "labs:\n  - id: zeta\n    name: Zeta\n    country: US\n"
        "    source: https://example.org/z\n    as_of: '2026-01-01'\n"
    )
    result = run("rules", "validate", str(bad))
    assert result.exit_code == 2 and "'checked' is a required property" in result.output


def test_a_family_pattern_never_carries_a_license_to_a_version_nobody_catalogued(tmp_path: Path) -> None:
    """Kimi-K2.6 is not Kimi K2, Step-3.5-Flash not Step3, DeepSeek-V3.3 not V3: the family gives the lab,
    the license stays unknown and the finding says why; the catalogued versions keep theirs."""
    uncatalogued = ["moonshotai/Kimi-K2.6-Instruct", "stepfun-ai/Step-3.5-Flash", "deepseek-ai/DeepSeek-V3.3"]
    catalogued = {
        "moonshotai/Kimi-K2.5": "kimi-k2.5-modified-mit",
        "moonshotai/Kimi-K2-Instruct-0905": "kimi-modified-mit",
    }
    files = {f"m{i}.py": py_load(model) for i, model in enumerate([*uncatalogued, *catalogued])}
    root = tmp_path / "p"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    report = scan(ScanOptions(paths=[root]))
    models = {m.id: m for m in report.models}
    for model in uncatalogued:
        assert models[model].license.id is None and models[model].origin.lab is not None
        [unknown] = fired(list(report.findings), "MO201", model)
        assert "is known; this version is not catalogued" in unknown.message
    for model, license_id in catalogued.items():
        assert models[model].license.id == license_id


def test_an_endpoint_keeps_operator_processing_and_group_apart(tmp_path: Path) -> None:
    """api.moonshot.ai is run by a Singapore entity of a PRC-headquartered group: its origin is the group's
    lab and country, and MO302 names the operator; it used to pass silently because its operator's country
    stood in for the group's."""
    files = {"a.py": 'from openai import OpenAI\nc = OpenAI(base_url="https://api.moonshot.ai/v1")\n'}
    report_findings = findings_for(tmp_path, files)
    [operator] = fired(report_findings, "MO302", "api.moonshot.ai")
    assert "run by Moonshot AI PTE. LTD. (SG) for a PRC-headquartered group" in operator.message
    report = scan(ScanOptions(paths=[tmp_path / "p"]))
    [endpoint] = [m for m in report.models if m.id == "api.moonshot.ai"]
    assert (endpoint.origin.lab, endpoint.origin.country) == ("moonshot", "CN")


def test_the_bundled_facts_go_stale_with_the_calendar(run, tmp_path: Path, monkeypatch) -> None:
    """Judged as of 2027-06-01 (MODELORIGIN_TODAY), the bundled 1260H facts read in late 2026 are past the
    90-day shelf life of listings: MO112 names them, and the bundle-age warning says so; a date that is no
    date is a one-line usage error."""
    monkeypatch.setenv("MODELORIGIN_TODAY", "2027-06-01")
    found = findings_for(tmp_path, {"a.py": py_load("tencent/Hunyuan-A13B-Instruct")})
    [stale] = fired(found, "MO112", "tencent/Hunyuan-A13B-Instruct")
    assert "listings dod-1260h-tencent-2025: checked 2026-12-07, 176 days ago (shelf life 90)" in stale.message
    monkeypatch.setenv("MODELORIGIN_TODAY", "June 2027")
    (tmp_path / "b.py").write_text(py_load("Qwen/Qwen3-8B"))
    result = run("scan", str(tmp_path / "b.py"))
    assert result.exit_code == 2 and "MODELORIGIN_TODAY must be a date YYYY-MM-DD" in result.output


def test_a_references_facts_are_gathered_once_for_all_reference_checks(tmp_path: Path, monkeypatch) -> None:
    """Findings as before (check by check, each over every subject), with one facts record per reference."""
    import scanner.evaluate.engine as engine

    (tmp_path / "load.py").write_text(
        "from transformers import AutoModel\n"
        'a = AutoModel.from_pretrained("deepseek-ai/DeepSeek-R1", trust_remote_code=True)\n'
        'b = AutoModel.from_pretrained("deepseek-ai/DeepSeek-R1", trust_remote_code=True)\n'
        'c = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'
    )
    gathered: list[tuple[str, int]] = []
    real = engine.reference_facts

    def counting(base, ref, kb):
        gathered.append((ref.id, ref.line))
        return real(base, ref, kb)

    monkeypatch.setattr(engine, "reference_facts", counting)
    report = scan(ScanOptions(paths=[tmp_path], progress=False, jobs=1))
    reference_checks = [c for c in report.checks.values() if c["subject"] == "reference"]
    assert len(reference_checks) > 1
    assert sorted(gathered) == sorted(set(gathered)) and len(gathered) == len(report.references)
    assert [f.rule_id for f in report.findings if f.model_id == "deepseek-ai/DeepSeek-R1"]  # still judged
