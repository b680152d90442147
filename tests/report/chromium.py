"""Render a page in headless Chromium (Debian's `chromium`, installed by .ci/run) and collect what
it printed to the browser console."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Rendered:
    dom: str
    console: list[str]


def render(page: Path, profile: Path) -> Rendered:
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [m["message"] for m in _CONSOLE.finditer(result.stderr)]
    return Rendered(result.stdout, console)


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
