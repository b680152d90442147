"""Write the reports of `examples/demo-chatbot` that this folder shows, as a user would make them.

    python examples/reports/regenerate.py [OUT_DIR]

Run from anywhere; the scan is of `examples/demo-chatbot`, named relative to the repository root so the
reports say `Scanned: examples/demo-chatbot`. `tests/test_example_reports.py` runs it into a temporary
folder and compares with the files here (times, the BOM's serial number and the rules' digest masked):
when a change to the scanner or the rules changes what the reports say, run this again and commit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REPORTS = ("audit.html", "audit.md", "bom.cdx.json", "THIRD_PARTY_MODELS.md")


def regenerate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    scan = [sys.executable, "-m", "scanner", "scan", "examples/demo-chatbot", "-q", "-o", str(out / "audit.html")]
    for name in ("audit.md", "bom.cdx.json"):
        scan += ["--also", str(out / name)]
    done = subprocess.run(scan, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 1: the example has findings at or above the threshold, as it should
        raise SystemExit(f"scan failed ({done.returncode}): {done.stderr}")
    notice = [sys.executable, "-m", "scanner", "notice", "examples/demo-chatbot", "-q", "-o", str(out / REPORTS[3])]
    done = subprocess.run(notice, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"notice failed ({done.returncode}): {done.stderr}")


if __name__ == "__main__":
    regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
