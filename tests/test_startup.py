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
lazy = ("huggingface_hub", "jsonschema", "tabulate", "cyclonedx", "gguf", "numpy", "scanner.online.hub")
heavy = [m for m in lazy if m in sys.modules]
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


# What a pre-commit run loads: `modelorigin scan --format concise FILE...`, as .pre-commit-hooks.yaml
# runs it, twice (the first run ever also compiles the bundled rules and profiles into the cache).
HOOK_PROBE = """
import sys
from scanner.cli import main
sys.argv = ["modelorigin", "scan", "--format", "concise", *{files!r}]
try:
    main()
except SystemExit:
    pass
import gc
from scanner.lazyregex import LazyPattern
patterns = [o for o in gc.get_objects() if isinstance(o, LazyPattern)]
print("COMPILED:%d/%d" % (sum("search" in vars(p) for p in patterns), len(patterns)))
print("LOADED:" + ",".join(sorted(m for m in sys.modules if m in {watched!r})))
"""
WATCHED = (
    "yaml",
    "subprocess",
    "jsonschema",
    "scanner.extract.python",
    "scanner.extract.javascript",
    "scanner.extract.shell",
    "scanner.extract.structured",
    "scanner.extract.notebook",
    "scanner.modelfiles.pickles",
    "scanner.resolve.resolver",
    "scanner.evaluate.suppress",
    "scanner.commands.diff",
    "scanner.commands.explain",
    "scanner.commands.lock",
    "scanner.commands.rules",
)


def _hook_run(root, files: list[str], cache) -> str:
    code = HOOK_PROBE.format(files=files, watched=WATCHED)
    env = {"MODELORIGIN_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False, env=env
        )
    assert "LOADED:" in result.stdout, result.stderr
    return result.stdout


def _hook_loads(root, files: list[str], cache) -> set[str]:
    line = _hook_run(root, files, cache).strip().rsplit("LOADED:", 1)[1]
    return set(line.split(",")) - {""}


def test_hook_on_files_naming_no_model_loads_no_parser(project, tmp_path) -> None:
    """Files without a model word are never parsed, so no extractor, YAML, resolver or git is loaded."""
    root = project(
        {
            "app/main.py": 'import os\nMODEL = os.environ.get("MODEL", "default")\n',
            "app/util.py": "def add(a, b):\r\n\treturn a + b\r\n",
            "config.yaml": "server:\n  port: 8080\n",
            "web/app.ts": "const model = useModel(store);\nfetch(`/api/user/${id}`);\n",
            "Makefile": "test:\n\tpytest -q\n",
            "scripts/run.sh": "#!/bin/sh\nexec uvicorn app.main:app\n",
            "requirements.txt": "fastapi==0.115.0\n",
        }
    )
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert len(files) == 7
    assert _hook_loads(root, files, tmp_path / "cache") == set()
    # nor are the extractors' regular expressions compiled: only the file-name patterns that pick an
    # extractor and the requirements parser's (manifests are always parsed)
    compiled, total = map(int, _hook_run(root, files, tmp_path / "cache").split("COMPILED:")[1].split()[0].split("/"))
    assert total > 15 and compiled <= 8, (compiled, total)


def test_hook_on_python_files_loads_no_yaml(project, tmp_path) -> None:
    root = project(
        {
            "train.py": "from transformers import AutoModel\nm = AutoModel.from_pretrained('Qwen/Qwen3-8B')\n",
            "settings.json": '{"embedding_model": "BAAI/bge-m3"}\n',
        }
    )
    loaded = _hook_loads(root, ["train.py", "settings.json"], tmp_path / "cache")
    assert {"scanner.extract.python", "scanner.extract.structured", "scanner.resolve.resolver"} <= loaded
    assert not {"yaml", "subprocess", "jsonschema", "scanner.extract.shell"} & loaded


def test_hook_on_a_yaml_file_naming_a_model_loads_yaml(project, tmp_path) -> None:
    """The other side: a YAML file that passes the prefilter is parsed with PyYAML."""
    root = project({"serve.yaml": "model: Qwen/Qwen3-8B\n"})
    assert "yaml" in _hook_loads(root, ["serve.yaml"], tmp_path / "cache")
