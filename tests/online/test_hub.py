"""The real huggingface_hub client against a local fake Hub: records, errors, retries, cache, budget."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.online.hub import HubClient, HubFailure, HubRecord
from tests.fakehub import FakeHub, FakeRepo, card_bytes


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeHub().start()
    yield fake
    fake.stop()


def client(hub: FakeHub, tmp_path: Path, **kwargs) -> HubClient:  # type: ignore[no-untyped-def]
    return HubClient(
        endpoint=hub.url, token=kwargs.pop("token", None), cache_dir=tmp_path / "cache", sleep=lambda s: None, **kwargs
    )


def test_record_from_card_tags_and_config(hub: FakeHub, tmp_path: Path) -> None:
    hub.add(
        FakeRepo(
            "acme/qwen-support-ft",
            card={"license": "other", "license_name": "qwen-research", "base_model": "Qwen/Qwen2.5-3B-Instruct"},
            tags=[
                "license:other",
                "base_model:Qwen/Qwen2.5-3B-Instruct",
                "base_model:finetune:Qwen/Qwen2.5-3B-Instruct",
            ],
            config={"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"]},
            files={
                "config.json": b'{"model_type": "qwen2", "auto_map": {"AutoModel": "modeling.M"}}',
                "README.md": card_bytes({"license": "other"}),
                "pytorch_model.bin": b"x",
            },
            security={"scansDone": True, "filesWithIssues": [{"path": "pytorch_model.bin"}]},
        )
    )
    record = client(hub, tmp_path).model_info("acme/qwen-support-ft")
    assert isinstance(record, HubRecord)
    assert record.license == "other" and record.license_name == "qwen-research"
    assert record.base_models == (("finetune", "Qwen/Qwen2.5-3B-Instruct"),)
    assert record.model_type == "qwen2" and record.auto_map  # auto_map came from the downloaded config.json
    assert record.files_with_issues == ("pytorch_model.bin",) and record.sha == "a" * 40


def test_not_found_gated_disabled_are_failures_not_crashes(hub: FakeHub, tmp_path: Path) -> None:
    hub.add(FakeRepo("acme/gated", gated="manual", files={"config.json": b"{}"}))
    hub.add(FakeRepo("acme/off", disabled=True))
    c = client(hub, tmp_path)
    assert c.model_info("acme/missing") == HubFailure("acme/missing", "not-found", "no such repo (or it is private)")
    gated = c.model_info("acme/gated")
    assert isinstance(gated, HubRecord) and gated.gated == "manual"  # metadata of a gated repo is public
    off = c.model_info("acme/off")
    assert isinstance(off, HubFailure) and off.reason == "disabled"


def test_429_then_200_is_retried_with_backoff(hub: FakeHub, tmp_path: Path) -> None:
    hub.add(FakeRepo("acme/busy"))
    hub.rate_limit_first["acme/busy"] = 2
    waits: list[float] = []
    c = HubClient(endpoint=hub.url, token=None, cache_dir=tmp_path / "c", sleep=waits.append)
    assert isinstance(c.model_info("acme/busy"), HubRecord)
    assert len(waits) == 2 and len(hub.api_requests()) == 3


def test_persistent_429_gives_up_after_bounded_retries(hub: FakeHub, tmp_path: Path) -> None:
    hub.add(FakeRepo("acme/busy"))
    hub.rate_limit_first["acme/busy"] = 100
    result = client(hub, tmp_path, max_retries=2).model_info("acme/busy")
    assert isinstance(result, HubFailure) and result.reason == "rate-limited"
    assert len(hub.api_requests()) == 3


def test_dead_server_is_a_network_failure(tmp_path: Path) -> None:
    dead = FakeHub().start()
    url = dead.url
    dead.stop()
    c = HubClient(endpoint=url, token=None, cache_dir=tmp_path / "c", sleep=lambda s: None)
    result = c.model_info("acme/anything")
    assert isinstance(result, HubFailure) and result.reason == "network"


def test_second_client_makes_zero_requests(hub: FakeHub, tmp_path: Path) -> None:
    hub.add(FakeRepo("acme/m"))
    assert isinstance(client(hub, tmp_path).model_info("acme/m"), HubRecord)
    before = len(hub.log)
    again = client(hub, tmp_path)
    assert isinstance(again.model_info("acme/m"), HubRecord) and again.model_info("acme/missing-not-cached")
    assert len([p for p in hub.log[before:] if "acme/m" in p[1] and "missing" not in p[1]]) == 0


def test_ttl_expiry_refetches(hub: FakeHub, tmp_path: Path) -> None:
    hub.add(FakeRepo("acme/m"))
    client(hub, tmp_path).model_info("acme/m")
    before = len(hub.api_requests())
    client(hub, tmp_path, ttl_seconds=0).model_info("acme/m")
    assert len(hub.api_requests()) == before + 1


def test_budget_bounds_requests(hub: FakeHub, tmp_path: Path) -> None:
    for i in range(3):
        hub.add(FakeRepo(f"acme/m{i}"))
    c = client(hub, tmp_path, budget=2)
    results = [c.model_info(f"acme/m{i}") for i in range(3)]
    assert isinstance(results[2], HubFailure) and results[2].reason == "budget-exhausted"
    assert len(hub.api_requests()) == 2


def test_token_is_sent_but_never_in_failures(hub: FakeHub, tmp_path: Path) -> None:
    secret = "hf_supersecrettoken123"
    hub.rate_limit_first["acme/x"] = 100
    hub.add(FakeRepo("acme/x"))
    result = client(hub, tmp_path, token=secret, max_retries=0).model_info("acme/x")
    assert isinstance(result, HubFailure) and secret not in result.detail
