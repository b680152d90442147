"""A model only mentioned (a comment, a docstring, a message) is in the inventory and never evaluated."""

from __future__ import annotations

import json
from pathlib import Path

MENTIONED = (
    'print("compare with THUDM/chatglm3-6b some day")\n'  # a message: a mention of a listed lab's model
    '"""See deepseek-ai/DeepSeek-V3 for the reasoning variant."""\n'
)
USED = "from transformers import AutoModel\nm = AutoModel.from_pretrained('THUDM/chatglm3-6b')\n"


def _tree(tmp_path: Path, text: str) -> Path:
    (tmp_path / "app.py").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_model_only_mentioned_is_listed_but_never_fails_the_gate(run, tmp_path) -> None:
    tree = _tree(tmp_path, MENTIONED)
    result = run("scan", str(tree), "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["findings"] == []
    models = {m["id"]: m for m in report["models"]}
    assert models["THUDM/chatglm3-6b"]["mention_only"] is True
    assert all(r["mention"] for r in report["references"])
    table = run("scan", str(tree)).output
    assert "Mentioned only: 2 model(s)" in table and "PASSED" in table
    audit = run("scan", str(tree), "-f", "markdown").output
    assert "## Models only mentioned" in audit and "THUDM/chatglm3-6b" in audit
    bom = json.loads(run("scan", str(tree), "-f", "cyclonedx").output)
    assert not any("chatglm3" in c["name"] for c in bom.get("components", []))


def test_a_model_used_and_mentioned_is_evaluated_at_its_use(run, tmp_path) -> None:
    tree = _tree(tmp_path, MENTIONED + USED)
    report = json.loads(run("scan", str(tree), "-f", "json").output)
    glm = next(m for m in report["models"] if m["id"] == "THUDM/chatglm3-6b")
    assert glm["mention_only"] is False
    lines = {f["line"] for f in report["findings"] if f.get("model_id") == "THUDM/chatglm3-6b"}
    assert lines == {4}  # the use, not the message on line 1
