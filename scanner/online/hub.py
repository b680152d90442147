"""Metadata from the Hugging Face Hub through the real `huggingface_hub` client (only with --online).

`HF_ENDPOINT` and `HF_TOKEN` are honoured; the endpoint is passed explicitly on every call (the
client reads its own constants once, at import). Metadata calls get bounded retries with backoff on
429 and 5xx, and a per-run request budget. Answers are cached on disk by repo and revision with a
time-to-live, so a second run makes no requests. The token never appears in any output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_TTL_SECONDS = 24 * 3600
DEFAULT_BUDGET = 200
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class HubRecord:
    """What the Hub says about one repo at one revision."""

    id: str
    sha: str | None
    author: str | None
    license: str | None
    license_name: str | None
    license_link: str | None
    base_models: tuple[tuple[str, str], ...]  # (relation, repo id)
    model_type: str | None
    architectures: tuple[str, ...]
    auto_map: bool
    files: tuple[str, ...]
    gated: str | None  # "auto" | "manual" | None
    disabled: bool
    scans_done: bool | None
    files_with_issues: tuple[str, ...]
    fetched_at: str

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["base_models"] = [list(b) for b in self.base_models]
        return data

    @staticmethod
    def from_json(data: dict[str, Any]) -> HubRecord:
        data = dict(data)
        data["base_models"] = tuple(tuple(b) for b in data.get("base_models") or [])
        for key in ("architectures", "files", "files_with_issues"):
            data[key] = tuple(data.get(key) or [])
        return HubRecord(**data)


@dataclass(frozen=True, slots=True)
class HubFailure:
    """A repo that could not be resolved, and why (never a silent miss)."""

    id: str
    reason: str  # not-found | gated | disabled | rate-limited | network | budget-exhausted | error
    detail: str


@dataclass
class HubClient:
    endpoint: str
    token: str | None
    cache_dir: Path
    ttl_seconds: int = DEFAULT_TTL_SECONDS
    budget: int = DEFAULT_BUDGET
    max_retries: int = 3
    backoff_seconds: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    requests_made: int = 0
    _memory: dict[str, HubRecord | HubFailure] = field(default_factory=dict)

    @classmethod
    def from_environment(cls, cache_dir: Path, **kwargs: Any) -> HubClient:
        endpoint = (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
        token = os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN") or None
        return cls(endpoint=endpoint, token=token, cache_dir=cache_dir, **kwargs)

    # --- public -----------------------------------------------------------------------------------
    def model_info(self, repo_id: str, revision: str | None = None) -> HubRecord | HubFailure:
        key = self._key(repo_id, revision)
        if key in self._memory:
            return self._memory[key]
        cached = self._read_cache(key)
        if cached is not None:
            self._memory[key] = cached
            return cached
        result = self._fetch(repo_id, revision)
        self._memory[key] = result
        if isinstance(result, HubRecord) or result.reason in ("not-found", "gated", "disabled"):
            self._write_cache(key, result)
        return result

    def scrub(self, text: str) -> str:
        """Remove the token from any text that may reach a report."""
        return text.replace(self.token, "***") if self.token else text

    # --- fetching ---------------------------------------------------------------------------------
    def _fetch(self, repo_id: str, revision: str | None) -> HubRecord | HubFailure:
        from huggingface_hub import HfApi
        from huggingface_hub.errors import (
            DisabledRepoError,
            GatedRepoError,
            HfHubHTTPError,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )
        from huggingface_hub.utils import httpx  # type: ignore[attr-defined]  # the client's transport module

        api = HfApi(endpoint=self.endpoint, token=self.token if self.token else False)
        attempt = 0
        while True:
            if self.requests_made >= self.budget:
                return HubFailure(
                    repo_id, "budget-exhausted", f"the per-run budget of {self.budget} Hub requests is used up"
                )
            self.requests_made += 1
            try:
                info = api.model_info(repo_id, revision=revision, securityStatus=True)
                config = self._config(api, repo_id, info)
                return _record(repo_id, info, config)
            except GatedRepoError:
                return HubFailure(repo_id, "gated", "the repo is gated: accept its terms on the Hub and set HF_TOKEN")
            except RevisionNotFoundError:
                return HubFailure(repo_id, "not-found", f"revision {revision} not found")
            except RepositoryNotFoundError:
                return HubFailure(repo_id, "not-found", "no such repo (or it is private)")
            except DisabledRepoError:
                return HubFailure(repo_id, "disabled", "the repo is disabled on the Hub")
            except HfHubHTTPError as exc:
                status = exc.response.status_code if exc.response is not None else None
                if status in RETRY_STATUSES and attempt < self.max_retries:
                    self.sleep(self._delay(attempt, exc))
                    attempt += 1
                    continue
                reason = "rate-limited" if status == 429 else "error"
                return HubFailure(repo_id, reason, self.scrub(f"HTTP {status}: {str(exc).splitlines()[0]}"))
            except (httpx.TransportError, OSError) as exc:  # connection refused, DNS, timeouts
                if attempt < min(self.max_retries, 1):
                    self.sleep(self.backoff_seconds)
                    attempt += 1
                    continue
                return HubFailure(repo_id, "network", self.scrub(f"{type(exc).__name__}: {exc}"))

    def _config(self, api: Any, repo_id: str, info: Any) -> dict[str, Any]:
        """config.json from the repo when the API's config subset may lack auto_map."""
        config = dict(getattr(info, "config", None) or {})
        names = {s.rfilename for s in getattr(info, "siblings", None) or []}
        if "auto_map" in config or "config.json" not in names or getattr(info, "gated", False):
            return config
        from huggingface_hub import hf_hub_download

        if self.requests_made >= self.budget:
            return config
        self.requests_made += 1
        try:
            path = hf_hub_download(
                repo_id,
                "config.json",
                revision=info.sha,
                endpoint=self.endpoint,
                token=self.token if self.token else False,
                cache_dir=str(self.cache_dir / "files"),
            )
            with open(path, encoding="utf-8") as handle:
                downloaded = json.load(handle)
        except (OSError, ValueError):
            return config
        return {**downloaded, **config} if isinstance(downloaded, dict) else config

    def _delay(self, attempt: int, exc: Any) -> float:
        retry_after = exc.response.headers.get("Retry-After") if exc.response is not None else None
        try:
            wait = float(retry_after) if retry_after is not None else self.backoff_seconds * (2**attempt)
        except ValueError:
            wait = self.backoff_seconds * (2**attempt)
        return min(wait, 30.0)

    # --- cache ------------------------------------------------------------------------------------
    def _key(self, repo_id: str, revision: str | None) -> str:
        raw = f"{self.endpoint}\0{repo_id.lower()}\0{revision or 'main'}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def _read_cache(self, key: str) -> HubRecord | HubFailure | None:
        path = self.cache_dir / "api" / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if time.time() - float(data.get("stored_at", 0)) > self.ttl_seconds:
            return None
        try:
            if "record" in data:
                return HubRecord.from_json(data["record"])
            return HubFailure(**data["failure"])
        except (TypeError, KeyError):
            return None

    def _write_cache(self, key: str, result: HubRecord | HubFailure) -> None:
        path = self.cache_dir / "api" / f"{key}.json"
        payload: dict[str, Any] = {"stored_at": time.time()}
        if isinstance(result, HubRecord):
            payload["record"] = result.to_json()
        else:
            payload["failure"] = asdict(result)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(payload, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass


def _record(repo_id: str, info: Any, config: dict[str, Any]) -> HubRecord:
    card = _card_dict(getattr(info, "card_data", None))
    tags = list(getattr(info, "tags", None) or [])
    license_tag = next((t.split(":", 1)[1] for t in tags if t.startswith("license:")), None)
    bases: list[tuple[str, str]] = []
    for tag in tags:
        parts = tag.split(":")
        if parts[0] == "base_model" and len(parts) == 3:
            bases.append((parts[1], parts[2]))
    declared = card.get("base_model")
    declared_list = [declared] if isinstance(declared, str) else list(declared or [])
    relation = str(card.get("base_model_relation") or "finetune")
    for base in declared_list:
        if isinstance(base, str) and not any(b[1].lower() == base.lower() for b in bases):
            bases.append((relation, base))
    security = getattr(info, "security_repo_status", None) or {}
    issues = security.get("filesWithIssues") or []
    gated = getattr(info, "gated", False)
    return HubRecord(
        id=getattr(info, "id", None) or repo_id,
        sha=getattr(info, "sha", None),
        author=getattr(info, "author", None),
        license=_str(card.get("license")) or license_tag,
        license_name=_str(card.get("license_name")),
        license_link=_str(card.get("license_link")),
        base_models=tuple(bases),
        model_type=_str(config.get("model_type")),
        architectures=tuple(str(a) for a in config.get("architectures") or []),
        auto_map=bool(config.get("auto_map")),
        files=tuple(sorted(s.rfilename for s in getattr(info, "siblings", None) or [])),
        gated=str(gated) if gated else None,
        disabled=bool(getattr(info, "disabled", False)),
        scans_done=security.get("scansDone") if security else None,
        files_with_issues=tuple(sorted(str(i.get("path", i)) if isinstance(i, dict) else str(i) for i in issues)),
        fetched_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    )


def _card_dict(card: Any) -> dict[str, Any]:
    if card is None:
        return {}
    if isinstance(card, dict):
        return card
    to_dict = getattr(card, "to_dict", None)
    return dict(to_dict()) if callable(to_dict) else {}


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return str(value[0]) if value else None
    return str(value)
