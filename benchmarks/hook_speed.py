"""How long the pre-commit hook takes on 10 small files, against `python -c "import click"`.

The hook's budget is twice the cost of importing Click (the floor of any Click tool) in the same
environment. Run on purpose, not by the test suite:

    python benchmarks/hook_speed.py [--runs 15] [--source DIR]

Two cases: 10 small files of an ordinary project that name no model (the prefilter rejects them all),
and 10 small Python files that each load a Hub model (the path that parses, resolves, evaluates and
reports findings). Each run is a new process, timed from outside as a commit feels it; the three
commands alternate run after run so that a busy machine slows them alike. It prints the median wall
time of each and the ratios. The compiled rules cache is warmed first
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


# 10 small Python files, each loading a Hub model (labs of several countries, some with findings)
MODEL_FILES = {
    f"svc/m{i}.py": (
        "from transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
        f'MODEL_ID = "{model}"\n\n'
        "def load():\n"
        "    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)\n"
        "    return tokenizer, AutoModelForCausalLM.from_pretrained(MODEL_ID)\n"
    )
    for i, model in enumerate(
        [
            "Qwen/Qwen2.5-7B-Instruct",
            "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
            "meta-llama/Llama-3.1-8B-Instruct",
            "mistralai/Mistral-7B-Instruct-v0.3",
            "THUDM/chatglm3-6b",
            "google/gemma-2-9b-it",
            "microsoft/Phi-3-mini-4k-instruct",
            "01-ai/Yi-1.5-9B-Chat",
            "bartowski/Qwen2.5-7B-Instruct-GGUF",
            "sentence-transformers/all-MiniLM-L6-v2",
        ]
    )
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
        for rel, text in {**FILES, **MODEL_FILES}.items():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            (work / rel).write_text(text, encoding="utf-8")
        env = {**os.environ, "MODELORIGIN_CACHE_DIR": str(work / ".cache")}
        if source is not None:
            env["PYTHONPATH"] = str(source)
        plain = [*hook_command(source), *FILES]
        models = [*hook_command(source), *MODEL_FILES]
        click = [sys.executable, "-c", "import click"]
        cold = timed(plain, work, env, 1)[0]  # compiles the bundled rules into the cache
        for cmd in (plain, models, click):  # warm the OS file cache
            timed(cmd, work, env, 2)
        times: dict[str, list[float]] = {"click": [], "plain": [], "models": []}
        for _ in range(args.runs):  # alternating: a busy machine slows all three alike
            times["click"] += timed(click, work, env, 1)
            times["plain"] += timed(plain, work, env, 1)
            times["models"] += timed(models, work, env, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(times["click"])
    plain_cost, model_cost = statistics.median(times["plain"]), statistics.median(times["models"])
    print(f'python -c "import click":                     {base * 1000:7.1f} ms (median of {args.runs})')
    for label, cost in (("small files naming no model", plain_cost), ("Python files each loading a model", model_cost)):
        print(f"hook on 10 {label:<34} {cost * 1000:7.1f} ms, ratio {cost / base:.2f}")
    print(f"first run ever (compiles rules):              {cold * 1000:7.1f} ms")
    print("target: each ratio at most 2.0")


if __name__ == "__main__":
    main()
