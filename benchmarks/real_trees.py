"""Speed and memory of one scan over real repositories, against one ripgrep pass over the same trees.

    python benchmarks/real_trees.py [--runs 3] [--split dev,held,held2] [--breakdown] [--source CHECKOUT]

The trees are the pinned repositories of benchmarks/wild/repos.tsv, laid out by
`python benchmarks/wild/bring.py` into benchmarks/wild/repos/ (ignored by git): real ML, app, ops and
data-heavy repositories (datasets in data/, lock files of JS projects, notebooks with outputs, pickles).

One `modelorigin scan TREE... -f json` over all of them in one process, and one
`rg -c -i -F -f WORDS TREE...` where WORDS are the prefilter's own words, alternate run after run so that
a busy machine slows both alike; the median of --runs of each is reported, with the ratio, and the peak
memory of the scan (the largest process, and the sum over the main process and its workers, sampled
from /proc). --breakdown adds a serial in-process pass that times every file by kind (what reading,
prefiltering and extracting it cost) and the phases after extraction (resolution, checks). --source
times the `scanner` package of another checkout (e.g. `git archive` of an older commit) for a
before/after on the same trees. ripgrep must be installed (`apt-get install ripgrep`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "wild"))

from bring import read_repos  # noqa: E402
from speed import timed, words_file  # noqa: E402

TREES = HERE / "wild" / "repos"

# file kind by name, for the breakdown (first match wins)
KINDS = (
    ("package-lock/yarn/pnpm lock", ("package-lock.json", "yarn.lock", "pnpm-lock.yaml")),
    (".jsonl/.ndjson", (".jsonl", ".ndjson")),
    (".json", (".json",)),
    (".ipynb", (".ipynb",)),
    (".py", (".py", ".pyi")),
    (".js/.ts", (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".vue", ".svelte")),
    (".yaml/.yml", (".yaml", ".yml")),
    (".toml/.lock", (".toml", ".lock")),
    ("pickle/.pt/.bin/.ckpt", (".pickle", ".pkl", ".pt", ".pth", ".bin", ".ckpt", ".joblib")),
    ("weights (.safetensors/.gguf/.onnx)", (".safetensors", ".gguf", ".onnx")),
    (".md/.rst (docs)", (".md", ".rst", ".mdx", ".qmd")),
    ("shell/Dockerfile/Makefile", (".sh", "dockerfile", "makefile", ".bash")),
    (".csv/.tsv/.txt/.log", (".csv", ".tsv", ".txt", ".log")),
)


def kind_of(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1].lower()
    for kind, endings in KINDS:
        if any(name.endswith(e) or name == e for e in endings):
            return kind
    return "everything else"


def trees(splits: set[str]) -> list[Path]:
    found = []
    for row in read_repos():
        if row["split"] not in splits:
            continue
        path = TREES / row["repo"].replace("/", "__")
        if not path.is_dir():
            sys.exit(f"{path}: missing; lay the trees out first: python benchmarks/wild/bring.py")
        found.append(path)
    return found


def size_of(paths: list[Path]) -> tuple[int, int]:
    files = total = 0
    for root in paths:
        for folder, _dirs, names in os.walk(root):
            for name in names:
                try:
                    total += os.lstat(os.path.join(folder, name)).st_size
                    files += 1
                except OSError:
                    pass
    return files, total


def measure(paths: list[Path], words: Path, runs: int, env: dict[str, str], cwd: Path) -> dict[str, float]:
    scan_cmd = [sys.executable, "-m", "scanner", "scan", *map(str, paths), "-f", "json", "-o", os.devnull]
    scan_cmd.append("--exit-zero")
    rg_cmd = ["rg", "-c", "-i", "-F", "-f", str(words), *map(str, paths)]
    timed(scan_cmd, env, cwd)  # warm: compiled rules cache, page cache
    timed(rg_cmd)
    scans, greps = [], []
    for _ in range(runs):  # alternating: a busy machine slows both alike
        scans.append(timed(scan_cmd, env, cwd))
        greps.append(timed(rg_cmd))
    return {
        "scan": statistics.median(r[0] for r in scans),
        "scan_cpu": statistics.median(r[3] for r in scans),
        "peak_one_mb": max(r[1] for r in scans) / 1024,
        "peak_tree_mb": max(r[2] for r in scans) / 1024,
        "peak_pss_mb": max(r[4] for r in scans) / 1024,
        "rg": statistics.median(r[0] for r in greps),
        "rg_cpu": statistics.median(r[3] for r in greps),
    }


def breakdown(paths: list[Path]) -> None:
    """Serial, in this process: each file's read + prefilter + extraction by kind, then the later phases."""
    from scanner.discover import discover
    from scanner.knowledge import Knowledge, load_rules
    from scanner.pipeline import ScanOptions, build_recognizer, prefilter, read_and_extract, scan

    rules, _ = load_rules([])
    recognizer = build_recognizer(Knowledge(rules))
    gate = prefilter(recognizer)
    options = ScanOptions(paths=paths, progress=False, jobs=1)
    seconds: dict[str, float] = defaultdict(float)
    files: dict[str, int] = defaultdict(int)
    size: dict[str, int] = defaultdict(int)
    found = discover(paths)
    for candidate in found.candidates:
        kind = kind_of(candidate.rel)
        start = time.perf_counter()
        read_and_extract(candidate, recognizer, gate, options)
        seconds[kind] += time.perf_counter() - start
        files[kind] += 1
        with contextlib.suppress(OSError):
            size[kind] += os.lstat(candidate.path).st_size
    extraction = sum(seconds.values())
    start = time.perf_counter()
    scan(options)
    whole = time.perf_counter() - start
    print(f"\nper file kind, one serial pass in one process ({len(found.candidates):,} files):")
    print(f"{'file kind':<36} {'files':>7} {'MB':>8} {'seconds':>8}")
    for kind in sorted(seconds, key=lambda k: -seconds[k]):
        print(f"{kind:<36} {files[kind]:>7,} {size[kind] / 1e6:>8.1f} {seconds[kind]:>8.2f}")
    print(f"{'(all files)':<36} {sum(files.values()):>7,} {sum(size.values()) / 1e6:>8.1f} {extraction:>8.2f}")
    print(f"{'discovery, resolution, checks, report':<36} {'':>7} {'':>8} {max(0.0, whole - extraction):>8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--split", default="dev,held,held2", help="which splits of repos.tsv (comma-separated)")
    parser.add_argument("--breakdown", action="store_true", help="also time each file kind in one serial pass")
    parser.add_argument("--source", type=Path, help="a checkout whose scanner package is timed instead")
    args = parser.parse_args()
    if not shutil.which("rg"):
        sys.exit("ripgrep (rg) not found: apt-get install ripgrep")
    paths = trees(set(args.split.split(",")))
    files, total = size_of(paths)
    print(f"{len(paths)} repositories, {files:,} files, {total / 1e6:,.0f} MB ({os.cpu_count()} CPUs)")
    source = (args.source or HERE.parent).resolve()
    env = {**os.environ, "PYTHONPATH": str(source)}
    env.pop("MODELORIGIN_CACHE_DIR", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "scanner")], check=False)
    with tempfile.TemporaryDirectory() as scratch:
        words = words_file(Path(scratch))
        m = measure(paths, words, args.runs, env, Path(scratch))
    print(
        f"scan {m['scan']:.2f} s (cpu {m['scan_cpu']:.2f} s) | rg {m['rg']:.2f} s (cpu {m['rg_cpu']:.2f} s) | "
        f"ratio {m['scan'] / m['rg']:.2f}x (target <= 3x) | peak memory (target <= 150 MB): "
        f"{m['peak_one_mb']:.0f} MB RSS of the largest process, {m['peak_tree_mb']:.0f} MB RSS summed over the "
        f"process tree, {m['peak_pss_mb']:.0f} MB PSS summed (shared pages once) | median of {args.runs}"
    )
    if args.breakdown:
        breakdown(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
