"""A local fake Hugging Face Hub for tests of the real `huggingface_hub` client.

Serves /api/models/{id}, /api/models/{id}/revision/{rev} and /{id}/resolve/{rev}/{file} on
127.0.0.1 (port 0) with the headers the client requires (X-Repo-Commit, ETag, Content-Length,
X-Error-Code). Repos can be made missing, gated, disabled, or answer 429 a number of times first.
Every request is logged so tests can count them.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

if TYPE_CHECKING:
    import pytest


@dataclass
class FakeRepo:
    id: str
    sha: str = "a" * 40
    card: dict[str, Any] = field(default_factory=dict)  # front matter (license, base_model, ...)
    tags: list[str] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    gated: str | bool = False
    disabled: bool = False
    security: dict[str, Any] | None = None
    author: str | None = None

    def info(self) -> dict[str, Any]:
        siblings = [{"rfilename": name} for name in sorted(self.files)]
        data: dict[str, Any] = {
            "id": self.id,
            "modelId": self.id,
            "author": self.author or self.id.split("/")[0],
            "sha": self.sha,
            "private": False,
            "gated": self.gated,
            "disabled": self.disabled,
            "tags": list(self.tags),
            "cardData": dict(self.card),
            "config": dict(self.config),
            "siblings": siblings,
            "lastModified": "2026-10-01T00:00:00.000Z",
            "createdAt": "2025-01-01T00:00:00.000Z",
        }
        if self.security is not None:
            data["securityRepoStatus"] = self.security
        return data


@dataclass
class FakeHub:
    repos: dict[str, FakeRepo] = field(default_factory=dict)
    rate_limit_first: dict[str, int] = field(default_factory=dict)  # repo id -> 429s before success
    log: list[tuple[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, repo: FakeRepo) -> FakeRepo:
        self.repos[repo.id.lower()] = repo
        return repo

    def api_requests(self) -> list[str]:
        return [path for method, path in self.log if path.startswith("/api/")]

    def start(self) -> FakeHub:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep pytest output clean
                pass

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def do_GET(self) -> None:
                self._serve(head=False)

            def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def _error(
                self, status: int, code: str, message: str, head: bool, extra: dict[str, str] | None = None
            ) -> None:
                body = json.dumps({"error": message}).encode()
                headers = {"Content-Type": "application/json", "X-Error-Code": code, "X-Error-Message": message}
                self._send(status, body, {**headers, **(extra or {})}, head)

            def _serve(self, head: bool) -> None:
                path = unquote(urlparse(self.path).path)
                hub.log.append((self.command, path))
                if path.startswith("/api/models/"):
                    rest = path[len("/api/models/") :]
                    repo_id = rest.split("/revision/")[0]
                    self._api(repo_id, head)
                    return
                parts = path.lstrip("/").split("/")
                if len(parts) >= 5 and parts[2] == "resolve":
                    self._resolve(f"{parts[0]}/{parts[1]}", "/".join(parts[4:]), head)
                    return
                self._error(404, "RepoNotFound", "not found", head)

            def _repo(self, repo_id: str, head: bool) -> FakeRepo | None:
                remaining = hub.rate_limit_first.get(repo_id.lower(), 0)
                if remaining > 0:
                    hub.rate_limit_first[repo_id.lower()] = remaining - 1
                    self._send(
                        429, b'{"error":"rate limited"}', {"RateLimit": '"api";r=0;t=1', "Retry-After": "0"}, head
                    )
                    return None
                repo = hub.repos.get(repo_id.lower())
                if repo is None:
                    self._error(404, "RepoNotFound", "Repository not found", head)
                    return None
                if repo.disabled:
                    self._error(403, "", "Access to this resource is disabled.", head)
                    return None
                return repo

            def _api(self, repo_id: str, head: bool) -> None:
                repo = self._repo(repo_id, head)
                if repo is None:
                    return
                body = json.dumps(repo.info()).encode()
                self._send(200, body, {"Content-Type": "application/json"}, head)

            def _resolve(self, repo_id: str, filename: str, head: bool) -> None:
                repo = self._repo(repo_id, head)
                if repo is None:
                    return
                if repo.gated:
                    self._error(401, "GatedRepo", "Access to this repo is restricted.", head)
                    return
                data = repo.files.get(filename)
                if data is None:
                    self._error(404, "EntryNotFound", "Entry not found", head, {"X-Repo-Commit": repo.sha})
                    return
                etag = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
                self._send(200, data, {"X-Repo-Commit": repo.sha, "ETag": f'"{etag}"'}, head)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def serve(monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    """A started fake Hub that the real client in this process talks to: HF_ENDPOINT points at it, no proxy
    is in the way and no token is sent. The caller stops it."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "HF_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeHub().start()
    monkeypatch.setenv("HF_ENDPOINT", fake.url)
    return fake


def card_bytes(front_matter: dict[str, Any], body: str = "# Model\n") -> bytes:
    import yaml

    return ("---\n" + yaml.safe_dump(front_matter, sort_keys=False) + "---\n" + body).encode()
