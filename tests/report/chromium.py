"""Render a page in headless Chromium (Debian's `chromium`, installed by .ci/run) and collect what
it printed to the browser console; optionally run a probe script in the page (to measure what the browser
laid out) or render it with its script refused."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# With --enable-logging=stderr every console message (errors, CSP violations, uncaught exceptions)
# is logged as: [pid:tid:date:INFO:CONSOLE:line] "message", source: url (line)
_CONSOLE = re.compile(r":CONSOLE[^\]]*\]\s*\"(?P<message>.*)\", source: (?P<source>\S*)")
_PROBED = re.compile(r'<pre id="probe-result">(?P<json>.*?)</pre>', re.S)


@dataclass(frozen=True)
class Rendered:
    dom: str
    console: list[str]
    seconds: float  # wall time of the whole Chromium run (start-up included)

    def probed(self) -> Any:
        """What the probe script wrote (see render's probe)."""
        match = _PROBED.search(self.dom)
        assert match is not None, "the probe script did not run"
        return json.loads(match["json"].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def render(
    page: Path,
    profile: Path,
    *,
    probe: str | None = None,
    window: str = "1200,900",
    javascript: bool = True,
    fragment: str = "",
) -> Rendered:
    """The DOM after load. probe: a script body run after the page's own script, whose value (an expression
    in its last statement `return ...;`) is written as JSON into the DOM; the page is copied with that one
    script added and allowed by its hash in the page's Content-Security-Policy, which is otherwise kept.
    javascript=False: the page is copied with a policy that refuses every script (as a browser with
    JavaScript off; --dump-dom itself needs JavaScript, so it cannot simply be switched off)."""
    assert CHROMIUM is not None
    if probe is not None:
        page = _with_probe(page, probe)
    if not javascript:
        page = _without_scripts(page)
    flags = [*FLAGS, f"--window-size={window}"]
    started = time.monotonic()
    result = subprocess.run(
        [
            CHROMIUM,
            *flags,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.resolve().as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-2000:]
    console = [m["message"] for m in _CONSOLE.finditer(result.stderr)]
    return Rendered(result.stdout, console, seconds)


def _with_probe(page: Path, probe: str) -> Path:
    source = (
        "(function () { var out = document.createElement('pre'); out.id = 'probe-result';"
        f" out.textContent = JSON.stringify((function () {{ {probe} }})()); document.body.appendChild(out); }})();"
    )
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    html = page.read_text(encoding="utf-8")
    assert "script-src " in html, "the page's policy names the scripts it runs"
    html = html.replace("script-src ", f"script-src 'sha256-{digest}' ", 1)
    html = html.replace("</body>", f"<script>{source}</script></body>", 1)
    probed = page.with_name(f"{page.stem}.probed{page.suffix}")
    probed.write_text(html, encoding="utf-8")
    return probed


def _without_scripts(page: Path) -> Path:
    html = page.read_text(encoding="utf-8")
    policy = re.search(r"script-src [^;]*;", html)
    assert policy is not None, "the page's policy names the scripts it runs"
    html = html.replace(policy.group(0), "script-src 'none';", 1)
    copy = page.with_name(f"{page.stem}.noscript{page.suffix}")
    copy.write_text(html, encoding="utf-8")
    return copy


def screenshot(page: Path, profile: Path, out: Path, size: str = "1200,1600") -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--hide-scrollbars",
            f"--window-size={size}",
            f"--screenshot={out}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
