"""The reports in examples/reports/ are what the scanner writes today for examples/demo-chatbot."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "reports"

# what changes from one run to the next, or with any edit of the rules, without changing what a report says
VOLATILE = (
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})"),  # generated at
    re.compile(r"urn:uuid:[0-9a-f-]{36}"),  # the BOM's serial number
    re.compile(r"\b[0-9a-f]{64}\b"),  # the rules' digest
    re.compile(r"\b[0-9a-f]{12}\b"),  # ... and its short form
)


def masked(text: str) -> str:
    for pattern in VOLATILE:
        text = pattern.sub("<volatile>", text)
    return text


def regenerate(out: Path) -> None:
    spec = importlib.util.spec_from_file_location("regenerate", EXAMPLE / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.regenerate(out)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    regenerate(out)
    return out


@pytest.mark.parametrize("name", ["audit.html", "audit.md", "bom.cdx.json", "THIRD_PARTY_MODELS.md"])
def test_the_example_report_is_what_the_scanner_writes(fresh: Path, name: str) -> None:
    committed = masked((EXAMPLE / name).read_text(encoding="utf-8"))
    assert masked((fresh / name).read_text(encoding="utf-8")) == committed, (
        f"examples/reports/{name} is stale: run `python examples/reports/regenerate.py` and commit"
    )


def test_the_example_bom_names_the_lab_that_trained_each_model(fresh: Path) -> None:
    import json

    bom = json.loads((fresh / "bom.cdx.json").read_text(encoding="utf-8"))
    qwen = next(c for c in bom["components"] if c["name"] == "Qwen-7B-Chat")
    assert qwen["manufacturer"]["address"]["country"] == "CN"
    assert "modelCard" in qwen
