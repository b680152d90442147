"""Start-up cost: a default scan imports neither huggingface_hub nor jsonschema (nor tabulate for JSON)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLE

PROBE = """
import sys
from scanner.cli import main
sys.argv = ["modelorigin", "scan", {path!r}, "--format", "json", "--output", {out!r}]
try:
    main()
except SystemExit:
    pass
heavy = [m for m in ("huggingface_hub", "jsonschema", "tabulate", "cyclonedx", "gguf", "numpy") if m in sys.modules]
print("HEAVY:" + ",".join(heavy))
"""


def test_default_scan_imports_nothing_heavy(tmp_path) -> None:
    out = tmp_path / "r.json"
    code = PROBE.format(path=str(EXAMPLE), out=str(out))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={"MODELORIGIN_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
    )
    assert out.exists(), result.stderr
    assert result.stdout.strip().endswith("HEAVY:"), result.stdout


def test_importtime_shows_no_heavy_modules(tmp_path) -> None:
    """The same, as `python -X importtime` reports it (what the README shows)."""
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "scanner",
            "scan",
            str(EXAMPLE),
            "-f",
            "json",
            "-o",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"MODELORIGIN_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
    )
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert "scanner.pipeline" in imported
    assert not {"huggingface_hub", "jsonschema", "tabulate"} & imported
