"""Every parser entry point survives a short fixed-seed fuzz run (fuzz/fuzz.py; long runs are on purpose)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[2] / "fuzz" / "fuzz.py"


def _fuzz_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("modelorigin_fuzz", FUZZ)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


FUZZER = _fuzz_module()
TARGETS = {t.name: t for t in FUZZER._targets()}


@pytest.mark.skipif(sys.platform == "win32", reason="a CPU-time timer (SIGPROF) times each input")
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_short_fuzz_run_finds_no_crash_hang_or_blow_up(name, tmp_path) -> None:
    counts = FUZZER.fuzz(
        TARGETS[name], inputs=150, seconds=0, seed=0, hang=5.0, memory=500.0, crashes=tmp_path / "crashes"
    )
    found = sorted(p.name for p in (tmp_path / "crashes").glob("*.txt")) if (tmp_path / "crashes").exists() else []
    assert counts["inputs"] == 150
    assert (counts["crashes"], counts["hangs"], counts["blowups"]) == (0, 0, 0), found


def test_every_parser_entry_point_has_a_target() -> None:
    assert {"gguf", "safetensors", "pickle", "weights", "card", "license", "policy", "rules", "lockfile"} <= set(
        TARGETS
    )
    assert {"baseline", "diff-report", "suppressions", "extract-python", "extract-yaml", "extract-json"} <= set(TARGETS)


@pytest.mark.skipif(sys.platform == "win32", reason="a CPU-time timer (SIGPROF) times each input")
def test_a_hang_is_cpu_time_and_replay_runs_saved_inputs_again(tmp_path, capsys) -> None:
    """Waiting (a paused or busy machine) is no hang, work is; --replay runs saved inputs again and fails
    while one still crashes."""
    import signal
    import time

    def run(data: bytes, work: Path) -> object:
        if data == b"sleep":
            time.sleep(0.3)
        elif data == b"spin":
            end = time.process_time() + 0.3
            while time.process_time() < end:
                pass
        elif data == b"boom":
            raise ZeroDivisionError("boom")
        return None

    target = FUZZER.Target("toy", run)
    signal.signal(signal.SIGPROF, FUZZER._on_alarm)
    assert FUZZER.run_one(target, b"sleep", tmp_path, 0.1, 500.0)[0] is None
    assert FUZZER.run_one(target, b"spin", tmp_path, 0.1, 500.0)[0] == "hangs"
    saved = tmp_path / "crashes"
    saved.mkdir()
    (saved / "toy-hangs-1.input").write_bytes(b"sleep")
    assert FUZZER.replay(saved, [target], 0.1, 500.0) == 0
    (saved / "toy-crashes-2.input").write_bytes(b"boom")
    assert FUZZER.replay(saved, [target], 0.1, 500.0) == 1
    out = capsys.readouterr().out
    assert "toy-crashes-2.input: crashes" in out and "toy-hangs-1.input: ok" in out
