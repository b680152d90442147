"""A mutation fuzzer for every parser entry point: no crash, no hang, no memory blow-up on hostile input.

    python fuzz/fuzz.py [--target NAME ...] [--inputs N | --seconds S] [--seed K] [--crashes DIR]

Each target is one entry point the scanner exposes to untrusted bytes (a scanned file of each kind, a
weight file's header, a model card, a LICENSE, the tool's own files). Inputs are seeded from the test
fixtures (tests/) and from generators of the classic hostile shapes (deep nesting, alias bombs, huge
declared counts, impossible dates, bytes that are not UTF-8), then mutated: byte flips, insertions of
tokens the parsers care about, splices of two seeds, truncations, repeats.

A target may only fail the way it documents (a UserError for the tool's own files, a ModelFileError for
a weight header, a CliError for a report given to diff); anything else is a crash. An input that takes
more than --hang seconds of CPU time (not wall time: a busy or paused machine is no hang), or grows the
process by more than --memory MB, is a hang or a blow-up. Each
is written to the crashes folder with the traceback, and the run ends with counts per target.
No dependency: it runs wherever the tests run. tests/hostile/test_fuzz.py runs every target briefly
with a fixed seed on each CI run.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKENS = [
    b"{", b"}", b"[", b"]", b"(", b")", b":", b",", b"\n", b"\r", b"\t", b" ", b'"', b"'", b"#", b"//", b"/*",
    b"&a", b"*a", b"<<:", b"---", b"\\", b"\x00", b"\xff", b"\xc3", b"\xe2\x80\xa8", b"2024-02-30", b"1e999",
    b"Qwen/Qwen2.5-7B", b"from_pretrained(", b"model=", b"ollama pull ", b"hf://", b"ollama://", b"GGUF",
    b"trust_remote_code=True", b"modelorigin: ignore[MO401]", b"`", b"${", b"$(", b"\"\"\"", b"'''", b"=" * 3,
]  # fmt: skip


class Hang(Exception):
    pass


@dataclass
class Target:
    name: str
    run: Callable[[bytes, Path], object]
    allowed: tuple[type[BaseException], ...] = ()
    suffix: str = ""
    seeds: list[bytes] = field(default_factory=list)


def _write(work: Path, name: str, data: bytes) -> Path:
    path = work / name
    path.write_bytes(data)
    return path


def _targets() -> list[Target]:
    from scanner.commands import CliError
    from scanner.errors import UserError
    from scanner.extract import extract_file
    from scanner.knowledge.index import Knowledge
    from scanner.knowledge.load import load_rules, validate_document
    from scanner.modelfiles.errors import ModelFileError
    from scanner.pipeline import build_recognizer

    recognizer = build_recognizer(Knowledge(load_rules([])[0]))

    def scanned(name: str) -> Callable[[bytes, Path], object]:
        return lambda data, work: extract_file(data, name, recognizer)

    def gguf(data: bytes, work: Path) -> object:
        from scanner.modelfiles.gguf import parse_gguf

        return parse_gguf(data)

    def safetensors(data: bytes, work: Path) -> object:
        from scanner.modelfiles.safetensors import read_safetensors

        return read_safetensors(_write(work, "m.safetensors", data))

    def pickle(data: bytes, work: Path) -> object:
        from scanner.modelfiles.pickles import read_pickle_file

        return read_pickle_file(_write(work, "m.pkl", data), "pickle")

    def weights(data: bytes, work: Path) -> object:  # sniffed: torch zip, pickle, GGUF, safetensors, ONNX
        from scanner.modelfiles import read_model_candidate

        return read_model_candidate(_write(work, "model.bin", data), "model.bin")

    def card(data: bytes, work: Path) -> object:
        from scanner.modelfiles.folder import _card_facts

        return _card_facts(data.decode("utf-8", "replace"), "README.md")

    def license_text(data: bytes, work: Path) -> object:
        from scanner.modelfiles.licensetext import identify, load_fingerprints

        return identify(data.decode("utf-8", "replace"), load_fingerprints())

    def policy(data: bytes, work: Path) -> object:
        from scanner.evaluate.policy import load_policy

        return load_policy(_write(work, ".modelorigin.yaml", data), work)

    def pyproject(data: bytes, work: Path) -> object:
        from scanner.evaluate.policy import find_policy

        _write(work, "pyproject.toml", data)
        (work / ".modelorigin.yaml").unlink(missing_ok=True)
        return find_policy(work)

    def rules(data: bytes, work: Path) -> object:
        from scanner.yamlutil import load_yaml

        text = data.decode("utf-8", "replace")
        document = load_yaml(text, "rules.yaml")
        return validate_document(document, text, "rules.yaml") if isinstance(document, dict) else None

    def lockfile(data: bytes, work: Path) -> object:
        from scanner.online.lockfile import read_lock

        return read_lock(_write(work, "modelorigin.lock", data))

    def baseline(data: bytes, work: Path) -> object:
        from scanner.evaluate.suppress import load_baseline

        return load_baseline(_write(work, "baseline.json", data))

    def report(data: bytes, work: Path) -> object:
        from scanner.commands.diff import compare, load_report

        doc = load_report(_write(work, "report.json", data))
        return compare(doc, doc, "high")

    def suppressions(data: bytes, work: Path) -> object:
        from scanner.evaluate.suppress import parse_suppressions

        return parse_suppressions(data.decode("utf-8", "replace"), "a.py")

    kinds = {
        "python": "app.py", "notebook": "nb.ipynb", "javascript": "app.ts", "yaml": "values.yaml",
        "json": "config.json", "toml": "pyproject.toml", "shell": "run.sh", "dockerfile": "Dockerfile",
        "env": ".env", "requirements": "requirements.txt", "conda": "environment.yml", "modelfile": "Modelfile",
        "pipfile-lock": "Pipfile.lock", "toml-lock": "uv.lock", "makefile": "Makefile", "text": "main.go",
        "html": "index.html",
    }  # fmt: skip
    targets = [Target(f"extract-{kind}", scanned(name), (), name) for kind, name in kinds.items()]
    targets += [
        Target("gguf", gguf, (ModelFileError,), ".gguf"),
        Target("safetensors", safetensors, (ModelFileError,), ".safetensors"),
        Target("pickle", pickle, (ModelFileError,), ".pkl"),
        Target("weights", weights, (ModelFileError,), ".bin"),
        Target("card", card, (), "README.md"),
        Target("license", license_text, (), "LICENSE"),
        Target("policy", policy, (UserError,), ".modelorigin.yaml"),
        Target("pyproject-policy", pyproject, (UserError,), "pyproject.toml"),
        Target("rules", rules, (UserError,), "rules.yaml"),
        Target("lockfile", lockfile, (UserError,), "modelorigin.lock"),
        Target("baseline", baseline, (UserError,), "baseline.json"),
        Target("diff-report", report, (CliError,), "report.json"),
        Target("suppressions", suppressions, (), ".py"),
    ]
    return targets


def _seed_files(target: Target) -> list[bytes]:
    """Fixtures of the target's kind from tests/ (by suffix or name), at most 40, at most 256 KB each."""
    found = []
    suffix = target.suffix.lower()
    for path in sorted((ROOT / "tests").rglob("*")):
        if len(found) >= 40:
            break
        name = path.name.lower()
        if not path.is_file() or path.stat().st_size > 256 * 1024:
            continue
        if name == suffix or (suffix.startswith(".") and name.endswith(suffix)) or name.endswith(suffix):
            found.append(path.read_bytes())
    return found


def _generated() -> list[bytes]:
    """The hostile shapes: deep nesting, alias bombs, huge counts, impossible dates, bytes that are not UTF-8."""
    import struct

    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    return [
        b"[" * 3000 + b"]" * 3000,
        b'{"a":' * 3000 + b"1" + b"}" * 3000,
        b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n",
        b"x = " + b"+".join([b"1"] * 3000) + b"\n",
        bomb.encode(),
        b"created: 2024-02-30\nexpires: '2024-13-01'\nas_of: 2024-02-30\n",
        b"model: caf\xe9/qwen\n\xff\xfe\x00",
        b"GGUF" + struct.pack("<IQQ", 3, 2**40, 2**40),
        struct.pack("<Q", 2**62) + b"{}",
        b"\x80\x02" + b"(" * 5000,
        b"PK\x03\x04" + b"\x00" * 64,
        b"---\n" + bomb.encode() + b"---\n",
    ]


def _mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        at = rng.randint(0, len(buf))
        if choice < 0.25 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif choice < 0.5:
            buf[at:at] = rng.choice(TOKENS) * rng.choice((1, 1, 1, 2, 8, 64))
        elif choice < 0.6 and buf:
            del buf[at : at + rng.randint(1, 64)]
        elif choice < 0.7 and buf:
            buf = buf[: rng.randint(0, len(buf))]  # truncation
        elif choice < 0.85 and pool:
            other = rng.choice(pool)
            cut = rng.randint(0, len(other))
            buf[at:] = other[cut : cut + rng.randint(0, 4096)]  # splice
        elif buf:
            start = rng.randint(0, len(buf) - 1)
            piece = buf[start : start + rng.randint(1, 32)]
            buf[at:at] = piece * rng.randint(2, 50)  # repeat
    return bytes(buf[: 1 << 20])


def _inputs(target: Target, rng: random.Random) -> Iterator[bytes]:
    pool = target.seeds or [b""]
    yield from pool
    while True:
        yield _mutate(rng, rng.choice(pool), pool)


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang()


def _rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / 1024 if sys.platform != "darwin" else usage / 1024 / 1024


def run_one(target: Target, data: bytes, work: Path, hang: float, memory: float) -> tuple[str | None, str]:
    """(outcome, detail) of one input: None when the target answered or failed as it documents; "crashes",
    "hangs" (more than `hang` seconds of CPU time: a busy or paused machine is no hang) or "blowups"."""
    before = _rss_mb()
    signal.setitimer(signal.ITIMER_PROF, hang)
    outcome, detail = None, ""
    try:
        target.run(data, work)
    except Hang:
        outcome, detail = "hangs", "hangs"
    except target.allowed:
        pass
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        outcome, detail = "crashes", traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    if outcome is None and _rss_mb() - before > memory:
        outcome, detail = "blowups", "blowups"
    return outcome, detail


def fuzz(
    target: Target, *, inputs: int, seconds: float, seed: int, hang: float, memory: float, crashes: Path | None
) -> dict[str, int]:
    rng = random.Random(f"{seed}:{target.name}")
    target.seeds = _seed_files(target) + _generated()
    counts = {"inputs": 0, "crashes": 0, "hangs": 0, "blowups": 0}
    deadline = time.monotonic() + seconds if seconds else None
    signal.signal(signal.SIGPROF, _on_alarm)
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{target.name}-") as tmp:
        work = Path(tmp)
        for data in _inputs(target, rng):
            if counts["inputs"] >= inputs or (deadline is not None and time.monotonic() > deadline):
                break
            counts["inputs"] += 1
            outcome, detail = run_one(target, data, work, hang, memory)
            if outcome is not None:
                counts[outcome] += 1
                if crashes is not None:
                    crashes.mkdir(parents=True, exist_ok=True)
                    stem = crashes / f"{target.name}-{outcome}-{counts['inputs']}"
                    stem.with_suffix(".input").write_bytes(data)
                    stem.with_suffix(".txt").write_text(detail, encoding="utf-8")
    return counts


def replay(folder: Path, targets: list[Target], hang: float, memory: float) -> int:
    """Run every saved input of folder (<target>-<outcome>-<n>.input) through its target again; print each
    outcome with the CPU time it took. 1 when any still crashes, hangs or blows up."""
    by_name = {t.name: t for t in targets}
    signal.signal(signal.SIGPROF, _on_alarm)
    still = 0
    with tempfile.TemporaryDirectory(prefix="fuzz-replay-") as tmp:
        for path in sorted(folder.glob("*.input")):
            name = next((n for n in sorted(by_name, key=len, reverse=True) if path.name.startswith(f"{n}-")), None)
            if name is None:
                print(f"{path.name}: no such target")
                continue
            started = time.process_time()
            outcome, _detail = run_one(by_name[name], path.read_bytes(), Path(tmp), hang, memory)
            still += outcome is not None
            print(f"{path.name}: {outcome or 'ok'} ({time.process_time() - started:.3f} s CPU)", flush=True)
    return 1 if still else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", action="append", default=[], help="target name (repeatable; default: all)")
    parser.add_argument("--inputs", type=int, default=1_000_000, help="inputs per target (default 1,000,000)")
    parser.add_argument("--seconds", type=float, default=0, help="stop each target after this many seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hang", type=float, default=2.0, help="CPU seconds one input may take")
    parser.add_argument("--memory", type=float, default=500.0, help="MB one input may grow the process by")
    parser.add_argument("--crashes", type=Path, default=ROOT / "fuzz" / "crashes")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    parser.add_argument("--replay", type=Path, metavar="DIR", help="run the inputs saved in DIR again and exit")
    args = parser.parse_args(argv)
    os.environ.setdefault("MODELORIGIN_CACHE_DIR", tempfile.mkdtemp(prefix="fuzz-cache-"))
    targets = _targets()
    if args.list:
        print("\n".join(t.name for t in targets))
        return 0
    if args.replay is not None:
        return replay(args.replay, targets, args.hang, args.memory)
    chosen = [t for t in targets if not args.target or t.name in args.target]
    failed = 0
    for target in chosen:
        started = time.monotonic()
        counts = fuzz(
            target, inputs=args.inputs, seconds=args.seconds, seed=args.seed, hang=args.hang, memory=args.memory,
            crashes=args.crashes,
        )  # fmt: skip
        bad = counts["crashes"] + counts["hangs"] + counts["blowups"]
        failed += bad
        print(
            f"{target.name:<24} {counts['inputs']:>9,} inputs  {counts['crashes']} crashes  {counts['hangs']} hangs  "
            f"{counts['blowups']} blow-ups  {time.monotonic() - started:7.1f} s",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
