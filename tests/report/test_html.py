"""The HTML audit report: one self-contained page that loads in a real browser without a console
error, shows the summary, the charts and each model's lineage graph, and fetches nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.report.chromium import CHROMIUM, render

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)"
)


def _html(run, target: Path, out: Path, *extra: str) -> str:  # type: ignore[no-untyped-def]
    result = run("scan", str(target), "--format", "html", "--output", str(out), *extra)
    assert result.exit_code in (0, 1), result.output
    return out.read_text(encoding="utf-8")


@needs_chromium
def test_the_console_check_catches_errors(tmp_path: Path) -> None:
    """The browser check can fail: a script error and a blocked external image are both seen."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
        '<img src="http://127.0.0.1:9/logo.png"><script>console.error("broken"); notDefined();</script>'
        "</body></html>",
        encoding="utf-8",
    )
    console = render(page, tmp_path / "profile").console
    assert any("broken" in m for m in console)
    assert any("notDefined" in m for m in console)
    assert any("Content Security Policy" in m for m in console)


@needs_chromium
def test_example_report_loads_without_console_errors_and_shows_the_summary(run, tmp_path: Path) -> None:
    page = tmp_path / "audit.html"
    _html(run, EXAMPLE, page)
    rendered = render(page, tmp_path / "profile")
    assert rendered.console == []
    dom = rendered.dom
    verdict = re.search(r'<div class="verdict fail" id="verdict">([^<]*)</div>', dom)
    assert verdict and verdict.group(1).startswith("FAILED:") and "at or above 'high'" in verdict.group(1)
    assert "AI model audit: demo-chatbot" in dom
    for heading in (
        "What was scanned",
        "Where the models come from",
        "Findings by severity",
        "Models",
        "Waivers and suppressions in effect",
        "What was not scanned",
        "How to reproduce this report",
    ):
        assert f">{heading}</h2>" in dom, heading
    for model in ("Qwen/Qwen-7B-Chat", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "api.deepseek.com"):
        assert f"<h3>{model}</h3>" in dom
    # the charts and the lineage graph are inline SVG, rendered by the browser
    assert dom.count('<figure class="chart">') == 4
    assert 'aria-label="By country of the developing lab"' in dom and "China (CN)" in dom
    distill = dom[dom.index('id="model-deepseek-ai-deepseek-r1-distill-qwen-7b"') :]
    distill = distill[: distill.index("</article>")]
    assert 'aria-label="lineage"' in distill
    assert "Qwen/Qwen2.5-Math-7B" in distill and "deepseek-ai/DeepSeek-R1" in distill


def test_page_is_self_contained(run, tmp_path: Path) -> None:
    html = _html(run, EXAMPLE, tmp_path / "audit.html")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<(script|link|iframe|object|embed)\b", html, re.I)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:|//)""", html, re.I)
    assert "url(http" not in html and "@import" not in html


@needs_chromium
def test_hostile_names_are_escaped_not_executed(run, project, tmp_path: Path) -> None:
    name = "x<img src=x onerror=alert(1)>.py"
    root = project(
        {
            name: 'M = "Qwen/Qwen2.5-7B-Instruct"\nfrom_pretrained(M)\n',
            "café/ünï.py": 'from_pretrained("deepseek-ai/DeepSeek-R1")\n',
        }
    )
    page = tmp_path / "audit.html"
    html = _html(run, root, page)
    assert "<img src=x onerror" not in html and "x&lt;img src=x onerror=alert(1)&gt;.py" in html
    assert "café/ünï.py" in html
    rendered = render(page, tmp_path / "profile")
    assert rendered.console == []
    assert "<img" not in rendered.dom


def test_waivers_appear_with_owner_reason_and_expiry(run, project, tmp_path: Path) -> None:
    root = project(
        {
            ".modelorigin.yaml": (
                "waivers:\n"
                "  - check: MO401\n    model: 'Qwen/*'\n    reason: remote code reviewed in SEC-1234\n"
                "    owner: security@example.com\n    expires: '2099-03-31'\n"
                "  - check: MO402\n    reason: old decision\n    owner: platform@example.com\n"
                "    expires: '2020-01-01'\n"
            ),
            "app.py": 'AutoModel.from_pretrained("Qwen/Qwen-7B-Chat", trust_remote_code=True)\n',
        }
    )
    html = _html(run, root, tmp_path / "audit.html")
    waivers = html[html.index('id="waivers"') :]
    for text in (
        "security@example.com",
        "remote code reviewed in SEC-1234",
        "2099-03-31",
        "Expired waivers",
        "2020-01-01",
    ):
        assert text in waivers, text
