"""Model files in a project scan: dispatched before the size limit and the binary skip, read by their
headers only, with findings that name the file (MO601 critical pickle, MO602 pickle format, MO603
hostile header)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import report_json
from tests.modelfiles.builders import benign_torch_pickle, evil_pickle, hostile_gguf, torch_zip, write_gguf


def test_malicious_pickle_is_critical_and_never_runs(run, project, tmp_path: Path) -> None:
    canary = tmp_path / "CANARY-unpickled"
    root = project(
        {
            "train.py": "import torch\nstate = torch.load('checkpoints/model.pt')\n",
            "checkpoints/model.pt": torch_zip({"model/data.pkl": evil_pickle(canary, 2), "model/version": b"3\n"}),
            "checkpoints/old.pkl": evil_pickle(canary, 0, how="exec"),
        }
    )
    result = run("scan", str(root), "-f", "json", "--max-file-size", "64")
    assert not canary.exists(), "the pickle ran"
    assert result.exit_code == 1
    report = report_json(result)
    critical = sorted((f["path"], f["severity"]) for f in report["findings"] if f["rule_id"] == "MO601")
    assert critical == [("checkpoints/model.pt", "critical"), ("checkpoints/old.pkl", "critical")]
    message = next(f["message"] for f in report["findings"] if f["path"] == "checkpoints/model.pt")
    assert "system" in message
    assert not [f for f in report["findings"] if f["rule_id"] == "MO602"]  # not also the milder one


def test_benign_pickle_weights_are_a_low_format_finding(run, project) -> None:
    root = project(
        {
            "models/pytorch_model.bin": torch_zip({"archive/data.pkl": benign_torch_pickle()}),
            "assets/tokenizer.bin": bytes(range(256)) * 4,  # a .bin that is no pickle: skipped, no finding
        }
    )
    result = run("scan", str(root), "-f", "json")
    assert result.exit_code == 0, result.output
    report = report_json(result)
    (fmt,) = [f for f in report["findings"] if f["rule_id"] == "MO602"]
    assert fmt["severity"] == "low" and fmt["path"] == "models/pytorch_model.bin"
    assert "torch._utils._rebuild_tensor_v2" in fmt["message"]
    assert not [f for f in report["findings"] if f["rule_id"] in ("MO601", "MO603")]
    skipped = {s["path"]: s["reason"] for s in report["coverage"]["files_skipped"]}
    assert skipped["assets/tokenizer.bin"] == "binary file"


def test_hostile_gguf_is_a_high_finding_and_a_parse_problem(run, project) -> None:
    root = project({"models/evil.gguf": hostile_gguf("kv-count"), "models/fine.gguf": b""})
    write_gguf(root / "models/fine.gguf", strings={"general.name": "Fine"})
    result = run("scan", str(root), "-f", "json")
    report = report_json(result)
    (bad,) = [f for f in report["findings"] if f["rule_id"] == "MO603"]
    assert bad["path"] == "models/evil.gguf" and bad["severity"] == "high"
    assert "cannot fit" in bad["message"]
    problems = [p for p in report["coverage"]["parse_errors"] if p["path"] == "models/evil.gguf"]
    assert problems and "header not read" in problems[0]["message"]
    assert result.exit_code == 1


def test_model_files_are_read_whatever_the_size_limit(run, project) -> None:
    root = project({"big.gguf": b""})
    write_gguf(root / "big.gguf", strings={"general.name": "Qwen2.5 7B Instruct", "general.organization": "Qwen"})
    report = report_json(run("scan", str(root), "-f", "json", "--max-file-size", "16"))
    assert report["coverage"]["files_skipped"] == []
    (model,) = report["models"]
    assert model["kind"] == "model_file" and model["origin"]["lab"] == "alibaba-qwen"


PROBE = """
import sys
from scanner.cli import main
sys.argv = ["modelorigin", "scan", {path!r}, "--format", "json", "--output", {out!r}]
try:
    main()
except SystemExit:
    pass
heavy = [m for m in ("huggingface_hub", "jsonschema", "tabulate", "gguf", "numpy", "safetensors", "torch")
         if m in sys.modules]
print("HEAVY:" + ",".join(heavy))
"""


def test_scanning_model_files_imports_nothing_heavy(project, tmp_path: Path) -> None:
    from tests.modelfiles.builders import write_safetensors

    root = project({"a.pt": torch_zip({"archive/data.pkl": benign_torch_pickle()})})
    write_gguf(root / "m.gguf", strings={"general.name": "x"})
    write_safetensors(root / "w.safetensors")
    out = tmp_path / "r.json"
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(path=str(root), out=str(out))],
        capture_output=True,
        text=True,
        check=False,
        env={"MODELORIGIN_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
    )
    assert out.exists(), result.stderr
    assert result.stdout.strip().endswith("HEAVY:"), result.stdout
