"""The Markdown audit report: every section a reader needs, in words, with the figures to reproduce it."""

from __future__ import annotations

import re

from tests.conftest import EXAMPLE


def _md(run, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = run("scan", *args, "--format", "markdown")
    assert result.exit_code in (0, 1), result.output
    return result.stdout  # type: ignore[no-any-return]


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    nxt = re.search(r"\n#{1,3} ", text[start + len(heading) + 2 :])
    return text[start : start + len(heading) + 2 + (nxt.start() if nxt else len(text))]


def test_example_report_reads_top_to_bottom(run) -> None:
    md = _md(run, str(EXAMPLE))
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## What was scanned",
        "## Where the models come from",
        "## Findings by severity",
        "## Models",
        "## Other findings",
        "## Waivers and suppressions in effect",
        "## What was not scanned",
        "## How to reproduce this report",
    ]
    assert md.startswith("# AI model audit: demo-chatbot\n")
    assert "**❌ FAILED:" in md and "at or above 'high'" in md
    origins = _section(md, "## Where the models come from")
    assert "| China (CN) | 5 |" in origins and "| DeepSeek | 3 |" in origins  # hosted model names count
    assert "| permissive (Apache, MIT, ...) | 2 |" in origins


def test_each_model_has_origin_obligations_and_verdicts_with_evidence(run) -> None:
    md = _md(run, str(EXAMPLE))
    qwen = _section(md, "### Qwen/Qwen-7B-Chat")
    assert "- **Origin**: Alibaba Cloud (Qwen / Tongyi Qianwen), China (CN)" in qwen
    # one reference where the id is written (the calls on lines 12 and 14 use it through CHAT_MODEL)
    assert "- **Used at**: `app/chat.py:7`" in qwen
    assert "**How we know**: origin 'alibaba-qwen' from the publishing organisation on the hub" in qwen
    # the attribution string the license demands, verbatim, as a checklist item
    assert "- [ ] **Attribution**: Tongyi Qianwen is licensed under the Tongyi Qianwen LICENSE AGREEMENT" in qwen
    assert "- [ ] **Threshold**: mau ≥ 100,000,000" in qwen
    assert "- [ ] **Governing law**: China (CN)" in qwen
    assert "**MEDIUM MO401** Model loaded with trust\\_remote\\_code=True:" in qwen
    assert "  - _Evidence_: found at app/chat.py:7" in qwen
    distill = _section(md, "### deepseek-ai/DeepSeek-R1-Distill-Qwen-7B")
    assert "  - `Qwen/Qwen2.5-Math-7B` — finetune base: alibaba-qwen (CN) · apache-2.0" in distill
    assert "_Apache License 2.0: carried from Qwen/Qwen2.5-Math-7B (finetune base)_" in distill
    api = _section(md, "### api.deepseek.com")
    assert "**HIGH MO301**" in api and "_Status_: fails the gate" in api


def test_not_scanned_and_reproduction_figures(run) -> None:
    md = _md(run, str(EXAMPLE))
    skipped = _section(md, "## What was not scanned")
    assert "**documentation (scan with --include-docs)** (1): `README.md`" in skipped
    identity = _section(md, "## How to reproduce this report")
    assert re.search(r"\| Rules SHA-256 \| `[0-9a-f]{64}` \|", identity)
    assert re.search(r"\| Policy SHA-256 \| `[0-9a-f]{64}` \|", identity)
    assert "| Tool | `modelorigin " in identity


def test_clean_project_passes_and_says_so(run, project) -> None:
    root = project({"app.py": 'm = AutoModel.from_pretrained("./local-model")\n'})
    md = _md(run, str(root))
    assert "**✅ PASSED: no finding at or above 'high'.**" in md
    assert "No open findings." in md
    assert "None: every finding above is open." in md
    assert "Every file found was read." in md


def test_suppressed_and_baselined_findings_are_listed_as_accepted(run, project, tmp_path) -> None:
    root = project(
        {
            "app.py": (
                'a = AutoModel.from_pretrained("Qwen/Qwen-7B-Chat", trust_remote_code=True)'
                "  # modelorigin: ignore[MO401] reviewed | SEC-9\n"
            ),
            "more.py": 'b = "THUDM/chatglm3-6b"\nfrom_pretrained(b)\n',
        }
    )
    baseline = tmp_path / "b.json"
    assert run("baseline", str(root), "-o", str(baseline)).exit_code == 0
    md = _md(run, str(root), "--baseline", str(baseline))
    accepted = _section(md, "## Waivers and suppressions in effect")
    assert "inline suppression at app.py:1: reviewed \\| SEC-9" in accepted  # the pipe cannot break the table
    assert f"baseline {baseline}".replace("_", "\\_") in accepted
    assert "**✅ PASSED" in md


def test_markdown_output_file(run, tmp_path) -> None:
    out = tmp_path / "audit.md"
    result = run("scan", str(EXAMPLE), "-f", "markdown", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# AI model audit")
