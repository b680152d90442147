"""`scan --online`, `explain --online`, `lock` and `scan --check-lock` end to end, with the real
huggingface_hub client against a local fake Hub; and proof that a default scan opens no socket."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakehub import FakeHub, FakeRepo, card_bytes, serve

FINETUNE = "acme/qwen-support-ft"
QWEN_BASE = "Qwen/Qwen2.5-3B-Instruct"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeHub]:
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path / "cache"))
    fake = serve(monkeypatch)
    fake.add(
        FakeRepo(
            FINETUNE,
            sha="1" * 40,
            card={"license": "other", "license_name": "qwen-research", "base_model": QWEN_BASE},
            tags=["license:other", f"base_model:{QWEN_BASE}", f"base_model:finetune:{QWEN_BASE}"],
            config={"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"]},
            files={"README.md": card_bytes({"license": "other"}), "model.safetensors": b"x"},
        )
    )
    fake.add(
        FakeRepo(
            QWEN_BASE,
            sha="2" * 40,
            card={"license": "other", "license_name": "qwen-research"},
            config={"model_type": "qwen2"},
            files={"model.safetensors": b"x"},
        )
    )
    yield fake
    fake.stop()


@pytest.fixture
def app(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    (root / "serve.py").write_text(
        f"from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained({FINETUNE!r})\n"
    )
    return root


def _json(result) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return json.loads(result.stdout)


def _model(report: dict, model_id: str) -> dict:  # type: ignore[type-arg]
    return next(m for m in report["models"] if m["id"] == model_id)


def test_offline_the_unknown_finetune_is_known_only_by_its_name(run, app: Path) -> None:
    report = _json(run("scan", str(app), "-f", "json", "--exit-zero"))
    model = _model(report, FINETUNE)
    assert model["license"]["id"] is None
    assert [(a["id"], a["via"]) for a in model["lineage"]] == [("Qwen family", "name")]


def test_online_resolves_lineage_and_licenses_from_the_card(run, hub: FakeHub, app: Path) -> None:
    result = run("scan", str(app), "-f", "json", "--online")
    report = _json(result)
    model = _model(report, FINETUNE)
    ancestors = {a["id"]: a for a in model["lineage"]}
    assert ancestors[QWEN_BASE]["lab"] == "alibaba-qwen" and ancestors[QWEN_BASE]["country"] == "CN"
    assert ancestors[QWEN_BASE]["license"] == "qwen-research-2024"
    assert model["license"]["id"] == "qwen-research-2024"
    rules = {f["rule_id"] for f in report["findings"] if f["model_id"] == FINETUNE}
    assert {"MO110", "MO202"} <= rules  # PRC lineage, research-only license in a commercial project
    assert result.exit_code == 1
    assert any(e["signal"] == "hub-api" and "1111111" in e["value"] for e in model["evidence"])


def test_second_run_makes_zero_requests(run, hub: FakeHub, app: Path) -> None:
    run("scan", str(app), "-f", "json", "--online")
    first = len(hub.log)
    assert first > 0
    again = _json(run("scan", str(app), "-f", "json", "--online"))
    assert len(hub.log) == first
    assert _model(again, FINETUNE)["license"]["id"] == "qwen-research-2024"


def test_lock_then_offline_scan_gives_the_same_models(run, hub: FakeHub, app: Path) -> None:
    online = _json(run("scan", str(app), "-f", "json", "--online"))
    result = run("lock", str(app))
    assert result.exit_code == 0, result.output
    lock = (app / "modelorigin.lock").read_text()
    assert FINETUNE in lock and "1111111111" in lock and "qwen-research" in lock
    hub.stop()  # from here on, nothing may reach the Hub
    offline = _json(run("scan", str(app), "-f", "json"))

    def essentials(report: dict) -> list:  # type: ignore[type-arg]
        return [
            (m["id"], m["origin"], m["license"]["id"], [(a["id"], a["license"]) for a in m["lineage"]])
            for m in report["models"]
        ]

    assert essentials(offline) == essentials(online)


def test_check_lock_reports_license_drift(run, hub: FakeHub, app: Path) -> None:
    assert run("lock", str(app)).exit_code == 0
    quiet = _json(run("scan", str(app), "-f", "json", "--check-lock"))
    assert not [f for f in quiet["findings"] if f["rule_id"] in ("MO708", "MO709")]
    repo = hub.repos[FINETUNE.lower()]
    repo.card = {**repo.card, "license": "apache-2.0", "license_name": None}
    repo.sha = "3" * 40
    hub.add(repo)
    # no cache clearing: --check-lock must ask the Hub afresh
    drift = _json(run("scan", str(app), "-f", "json", "--check-lock"))
    rules = {(f["rule_id"], f["model_id"]) for f in drift["findings"]}
    assert ("MO709", FINETUNE) in rules and ("MO708", FINETUNE) in rules
    message = next(f["message"] for f in drift["findings"] if f["rule_id"] == "MO709")
    assert "qwen-research" in message and "apache-2.0" in message


def test_check_lock_without_a_lockfile_is_a_usage_error(run, hub: FakeHub, app: Path) -> None:
    result = run("scan", str(app), "--check-lock")
    assert result.exit_code == 2 and "modelorigin.lock" in result.stderr


def test_unresolvable_models_are_reported_and_the_scan_finishes(run, hub: FakeHub, tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    hub.add(
        FakeRepo(
            "acme/pickled",
            files={"pytorch_model.bin": b"x", "config.json": b'{"model_type": "llama"}'},
            security={"scansDone": True, "filesWithIssues": [{"path": "pytorch_model.bin"}]},
        )
    )
    hub.add(FakeRepo("acme/taken-down", disabled=True))
    hub.add(FakeRepo("acme/custom", files={"config.json": b'{"auto_map": {"AutoModel": "m.M"}}', "m.safetensors": b""}))
    (root / "a.py").write_text(
        "AutoModel.from_pretrained('acme/does-not-exist')\n"
        "AutoModel.from_pretrained('acme/pickled')\n"
        "AutoModel.from_pretrained('acme/taken-down')\n"
        "AutoModel.from_pretrained('acme/custom')\n"
    )
    report = _json(run("scan", str(root), "-f", "json", "--online", "--exit-zero"))
    fired = {(f["rule_id"], f["model_id"]) for f in report["findings"]}
    assert ("MO707", "acme/does-not-exist") in fired
    assert ("MO701", "acme/pickled") in fired and ("MO702", "acme/pickled") in fired
    assert ("MO704", "acme/taken-down") in fired
    assert ("MO705", "acme/custom") in fired
    # the quiet side: a clean safetensors repo raises none of the Hub-only checks
    assert not {r for r, m in fired if m == "acme/custom" and r in ("MO701", "MO702", "MO704", "MO707")}


def test_gated_repo_and_rate_limit_then_success(run, hub: FakeHub, tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    hub.add(FakeRepo("acme/gated", gated="manual", card={"license": "llama3.1"}))
    hub.add(FakeRepo("acme/busy", card={"license": "apache-2.0"}))
    hub.rate_limit_first["acme/busy"] = 1
    (root / "a.py").write_text("AutoModel.from_pretrained('acme/gated')\nAutoModel.from_pretrained('acme/busy')\n")
    report = _json(run("scan", str(root), "-f", "json", "--online", "--exit-zero"))
    fired = {(f["rule_id"], f["model_id"]) for f in report["findings"]}
    assert ("MO703", "acme/gated") in fired
    assert _model(report, "acme/busy")["license"]["id"] == "apache-2.0"
    assert ("MO707", "acme/busy") not in fired


def test_token_never_appears_in_reports(run, hub: FakeHub, app: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "hf_topsecret_abcdefghijklmnop"
    monkeypatch.setenv("HF_TOKEN", secret)
    for fmt in ("json", "table", "sarif", "markdown"):
        result = run("scan", str(app), "-f", fmt, "--online", "--exit-zero")
        assert secret not in result.output


def test_explain_online(run, hub: FakeHub) -> None:
    result = run("explain", FINETUNE, "--online", "-f", "json")
    assert result.exit_code == 0, result.output
    assert QWEN_BASE in result.stdout and "qwen-research-2024" in result.stdout


def test_default_scan_opens_no_socket(run, app: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without --online nothing touches the network, even with a lockfile and HF_ENDPOINT set."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a socket was opened without --online")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = run("scan", str(app), "-f", "json", "--exit-zero")
    assert result.exit_code == 0
    from tests.conftest import EXAMPLE

    assert run("scan", str(EXAMPLE), "-f", "json", "--exit-zero").exit_code == 0
