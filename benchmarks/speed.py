"""Speed of a full scan against a ripgrep pass with a comparable pattern, peak memory, and scaling.

    python benchmarks/speed.py [--files 6000] [--mb 180] [--runs 3] [--scaling 1000,10000,100000 --kb 8]
                               [--tree DIR] [--source CHECKOUT]

Generates the tree with make_tree.py (in a temporary folder unless --tree is given), then times
`modelorigin scan TREE -f json` (a whole run: start-up, discovery, prefilter, extraction, resolution,
report) and `rg -c -i -F -f WORDS TREE` where WORDS are the prefilter's own words. The two alternate,
run after run, so that a busy machine slows both alike; best of --runs for each, with the CPU time
(user + system, over the process and its workers) of that run: CPU time moves less than wall time
on a shared machine. Peak memory is sampled from /proc over the scan's process tree: the largest
single process and the sum over the main process and its workers (pages shared after fork are
counted in each). The package's bytecode is compiled first, as an installation does. --source times
the `scanner` package of another checkout (e.g. `git archive` of an older commit) for a before/after.
ripgrep must be installed (`apt-get install ripgrep`); without it only our times are printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_tree import make_tree  # noqa: E402


def _proc_kb(pid: int, name: str, field: str) -> int:
    """A size field (in kB) of /proc/PID/NAME, 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/{name}") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _proc_kb(pid, "status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared after fork counted once over the processes that share them."""
    return _proc_kb(pid, "smaps_rollup", "Pss:")


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, []))
    return out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, int, int, float, int]:
    """(seconds, peak RSS of one process in KB, peak summed RSS of the tree in KB, CPU seconds, peak summed
    PSS of the tree in KB: the tree's memory with pages shared after fork counted once)."""
    peaks = [0, 0, 0]
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pids = _descendants(proc.pid)
            sizes = [_rss_kb(p) for p in pids]
            if sizes:
                peaks[0] = max(peaks[0], max(sizes))
                peaks[1] = max(peaks[1], sum(sizes))
                peaks[2] = max(peaks[2], sum(_pss_kb(p) for p in pids))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, peaks[0], peaks[1], _children_cpu() - cpu, peaks[2]


def words_file(folder: Path) -> Path:
    from scanner.extract.prefilter import Prefilter
    from scanner.knowledge import Knowledge, load_rules
    from scanner.pipeline import build_recognizer

    rules, _ = load_rules([])
    path = folder / "words.txt"
    path.write_text("\n".join(Prefilter(build_recognizer(Knowledge(rules))).pattern_words()) + "\n")
    return path


def measure(tree: Path, words: Path, runs: int, env: dict[str, str], cwd: Path) -> dict[str, float]:
    """cwd: where the scan runs; not a checkout (`python -m` puts it before PYTHONPATH on sys.path)."""
    scan_cmd = [sys.executable, "-m", "scanner", "scan", str(tree), "-f", "json", "-o", os.devnull, "--exit-zero"]
    rg = shutil.which("rg")
    rg_cmd = [rg, "-c", "-i", "-F", "-f", str(words), str(tree)] if rg else []
    timed(scan_cmd, env, cwd)  # warm: compiled rules cache, page cache
    scans, greps = [], []
    for _ in range(runs):  # alternating: a busy machine slows both alike
        scans.append(timed(scan_cmd, env, cwd))
        if rg_cmd:
            greps.append(timed(rg_cmd))
    best = min(scans, key=lambda r: r[0])
    out = {"scan": best[0], "scan_cpu": best[3], "peak_one_mb": best[1] / 1024, "peak_tree_mb": best[2] / 1024}
    if greps:
        fastest = min(greps, key=lambda r: r[0])
        out.update(rg=fastest[0], rg_cpu=fastest[3])
    return out


def compile_package(source: Path) -> None:
    """Write the package's bytecode, as pip does when it installs (a failure only costs time)."""
    command = [sys.executable, "-m", "compileall", "-q", str(source / "scanner")]
    subprocess.run(command, capture_output=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=6000)
    parser.add_argument("--mb", type=float, default=180)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", type=Path, help="an existing tree (made by make_tree.py) instead of a new one")
    parser.add_argument("--scaling", default="", help="file counts for the scaling table, e.g. 1000,10000,100000")
    parser.add_argument("--kb", type=float, default=8, help="mean file size in the scaling trees")
    parser.add_argument("--source", type=Path, help="a checkout whose scanner package to time (default: this one)")
    args = parser.parse_args()
    source = args.source.resolve() if args.source else HERE.parent
    compile_package(source)
    if not shutil.which("rg"):
        print("ripgrep (rg) not found: install it (apt-get install ripgrep) for the ratio; timing our scan only")
    with tempfile.TemporaryDirectory(prefix="modelorigin-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "MODELORIGIN_CACHE_DIR": str(work / "cache"), "PYTHONPATH": str(source)}
        env.pop("CI", None)
        words = words_file(work)
        tree = args.tree
        if tree is None:
            tree = work / "tree"
            files, size, models = make_tree(tree, args.files, args.mb)
            print(f"tree: {files} files, {size / 1e6:.0f} MB, {models} naming a model")
        m = measure(tree, words, args.runs, env, work)
        line = f"scan {m['scan']:.2f} s (cpu {m['scan_cpu']:.2f} s)"
        if "rg" in m:
            line += f" | rg {m['rg']:.2f} s (cpu {m['rg_cpu']:.2f} s) | ratio {m['scan'] / m['rg']:.2f}x (target <= 2x)"
        print(line)
        print(f"peak memory: {m['peak_one_mb']:.0f} MB largest process, {m['peak_tree_mb']:.0f} MB main + workers")
        if args.scaling:
            print(f"scaling (mean file {args.kb:g} KB):")
            print(f"{'files':>8} {'MB':>7} {'scan s':>8} {'us/file':>8} {'rg s':>7} {'ratio':>6} {'peak MB':>8}")
            for count in [int(c) for c in args.scaling.split(",") if c]:
                folder = work / f"scale-{count}"
                _, size, _ = make_tree(folder, count, count * args.kb / 1000, seed=count)
                s = measure(folder, words, 1, env, work)
                ratio = f"{s['scan'] / s['rg']:.2f}" if "rg" in s else "-"
                rg_s = f"{s['rg']:.2f}" if "rg" in s else "-"
                print(
                    f"{count:>8} {size / 1e6:>7.0f} {s['scan']:>8.2f} {s['scan'] / count * 1e6:>8.0f} "
                    f"{rg_s:>7} {ratio:>6} {s['peak_tree_mb']:>8.0f}"
                )
                shutil.rmtree(folder)


if __name__ == "__main__":
    main()
