"""Real model ids -> expected origin lab, country and license, from tests/data/expected_origins.yaml.

The table spans every lab and license in the rules: re-uploads, distills, size-dependent licenses,
renamed orgs, ModelScope ids and Ollama tags.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scanner.knowledge import Knowledge
from scanner.records import RefType
from scanner.resolve.resolver import Resolver

TABLE = yaml.safe_load((Path(__file__).parent.parent / "data" / "expected_origins.yaml").read_text())
KINDS = {"hub": RefType.HUB_MODEL, "modelscope": RefType.MODELSCOPE_MODEL, "ollama": RefType.OLLAMA_MODEL}


def test_table_is_large_and_varied() -> None:
    assert len(TABLE) >= 60
    assert {row.get("kind", "hub") for row in TABLE} >= {"hub", "modelscope", "ollama"}
    assert len({row["lab"] for row in TABLE}) >= 20


@pytest.mark.parametrize("row", TABLE, ids=[r["id"] for r in TABLE])
def test_expected_origin(kb: Knowledge, row: dict) -> None:  # type: ignore[type-arg]
    resolver = Resolver(kb)
    kind = KINDS[row.get("kind", "hub")]
    model = resolver.ollama(row["id"]) if kind is RefType.OLLAMA_MODEL else resolver.hub(row["id"], kind)
    assert (model.origin.lab, model.origin.country) == (row["lab"], row["country"]), model.evidence
    assert (model.license.id or "unknown") == row["license"], model.evidence
    for lab in row.get("lineage_labs") or []:
        assert lab in {model.origin.lab, *(a.lab for a in model.lineage)}, model.lineage
