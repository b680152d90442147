"""How long the pre-commit hook takes on 10 small files, against `python -c "import click"`.

The hook's budget is twice the cost of importing Click (the floor of any Click tool) in the same
environment. Run on purpose, not by the test suite:

    python benchmarks/hook_speed.py [--runs 15] [--source DIR]

It prints the median wall time of each and the ratio. The compiled rules cache is warmed first
(a first run ever also compiles the bundled rules; that one-off cost is printed separately), and
the package's bytecode is compiled first, as an installation does (with PYTHONDONTWRITEBYTECODE
set, a module edited since its .pyc was written would be compiled from source on every run).
--source times the `scanner` package of another checkout (e.g. `git archive` of an older commit),
run as `python -m scanner` with that folder on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILES = {
    "app/main.py": 'import os\nfrom fastapi import FastAPI\napp = FastAPI()\nMODEL = os.environ.get("MODEL", "gpt2")\n',
    "app/util.py": "def add(a, b):\n    return a + b\n",
    "app/db.py": "import sqlite3\n\ndef connect(path):\n    return sqlite3.connect(path)\n",
    "app/settings.py": "DEBUG = False\nALLOWED_HOSTS = ['*']\n",
    "app/__init__.py": "",
    "tests/test_util.py": "from app.util import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    "config.yaml": "server:\n  port: 8080\n  workers: 4\n",
    "requirements.txt": "fastapi==0.115.0\nuvicorn[standard]\n",
    "Makefile": "test:\n\tpytest -q\n",
    "scripts/run.sh": "#!/bin/sh\nexec uvicorn app.main:app --port 8080\n",
}


def hook_command(source: Path | None) -> list[str]:
    script = Path(sys.executable).with_name("modelorigin")
    entry = [str(script)] if script.exists() and source is None else [sys.executable, "-m", "scanner"]
    return [*entry, "scan", "--format", "concise"]


def compile_package(source: Path | None) -> None:
    """Write the package's bytecode, as pip does when it installs (quietly; a failure only costs time)."""
    folder = (source or Path(__file__).resolve().parent.parent) / "scanner"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)], capture_output=True, check=False)


def timed(cmd: list[str], cwd: Path, env: dict[str, str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
        out.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--source", type=Path, help="a checkout whose scanner package to time (default: installed)")
    args = parser.parse_args()
    source = args.source.resolve() if args.source else None
    compile_package(source)
    work = Path(tempfile.mkdtemp(prefix="modelorigin-hook-"))
    try:
        for rel, text in FILES.items():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            (work / rel).write_text(text, encoding="utf-8")
        env = {**os.environ, "MODELORIGIN_CACHE_DIR": str(work / ".cache")}
        if source is not None:
            env["PYTHONPATH"] = str(source)
        hook = [*hook_command(source), *FILES]
        cold = timed(hook, work, env, 1)[0]  # compiles the bundled rules into the cache
        timed(hook, work, env, 2)  # warm the OS file cache
        click = timed([sys.executable, "-c", "import click"], work, env, args.runs)
        scan = timed(hook, work, env, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base, cost = statistics.median(click), statistics.median(scan)
    print(f'python -c "import click":        {base * 1000:7.1f} ms (median of {args.runs})')
    print(f"hook on {len(FILES)} small files:          {cost * 1000:7.1f} ms (median of {args.runs})")
    print(f"first run ever (compiles rules): {cold * 1000:7.1f} ms")
    print(f"ratio: {cost / base:.2f} (target: at most 2.0)")


if __name__ == "__main__":
    main()
