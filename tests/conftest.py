"""Shared fixtures: the bundled knowledge, a recognizer, a CLI runner and project writers."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scanner.cli import cli
from scanner.extract.base import Recognizer
from scanner.knowledge import Knowledge, load_rules
from scanner.pipeline import build_recognizer

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "demo-chatbot"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled rules go to a per-session temporary cache, never the developer's home."""
    monkeypatch.setenv("MODELORIGIN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    # verdicts that depend on the date (waiver expiry, shelf lives, the bundle's age) are judged as of the
    # day the expected figures were written, not as of whenever the suite runs
    monkeypatch.setenv("MODELORIGIN_TODAY", "2026-12-07")


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    rules, _ = load_rules([])
    return Knowledge(rules)


@pytest.fixture(scope="session")
def recognizer(kb: Knowledge) -> Recognizer:
    return build_recognizer(kb)


@pytest.fixture
def run() -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str, cwd: Path | None = None) -> Result:
        if cwd is None:
            return runner.invoke(cli, list(args), catch_exceptions=False)
        with runner.isolated_filesystem(temp_dir=cwd.parent):
            import os

            old = os.getcwd()
            os.chdir(cwd)
            try:
                return runner.invoke(cli, list(args), catch_exceptions=False)
            finally:
                os.chdir(old)

    return invoke


@pytest.fixture
def project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write files {relative path: content} under a fresh folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "project"
        for rel, content in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def report_json(result: Result) -> dict:  # type: ignore[type-arg]
    return json.loads(result.stdout)
