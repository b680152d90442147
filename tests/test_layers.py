"""Dependencies run one way: the Hub client and metadata source (online/) know nothing of resolution or of
the pipeline; resolution (resolve/) consumes hub metadata as a source, as it does the catalogue and the
model card; nothing below the pipeline imports it. Read from the import statements, lazy ones included."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scanner"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _layer(folder: str) -> dict[str, set[str]]:
    return {p.relative_to(PACKAGE).as_posix(): _imports(p) for p in sorted((PACKAGE / folder).glob("*.py"))}


def test_online_imports_neither_resolution_nor_the_pipeline() -> None:
    for name, modules in _layer("online").items():
        bad = {m for m in modules if m.startswith(("scanner.resolve", "scanner.pipeline", "scanner.commands"))}
        assert not bad, f"online/{name} imports {sorted(bad)}"


def test_nothing_below_the_pipeline_imports_it() -> None:
    for folder in ("online", "resolve", "evaluate", "extract", "knowledge", "modelfiles", "discover", "report"):
        for name, modules in _layer(folder).items():
            assert "scanner.pipeline" not in modules, f"{folder}/{name} imports scanner.pipeline"


def test_the_layer_test_reads_lazy_imports_too() -> None:
    """The check can fail: a function-level import is an import."""
    resolver = _imports(PACKAGE / "resolve" / "resolver.py")
    assert "scanner.resolve.hub_record" in resolver and "scanner.online.hub" in resolver
