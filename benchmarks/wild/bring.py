"""Lay out the repositories of benchmarks/wild/repos.tsv as work trees, from local git snapshots.

    python benchmarks/wild/bring.py [--mirrors DIR] [--dest DIR] [--split dev|held|held2|held3] [REPO ...]

A snapshot is a bare git directory per repository (default: /work/.mirror/OWNER+NAME/repo, where the
development machine's snapshot tool puts them). Each repository is written at its pinned commit to
DEST/OWNER__NAME (default: benchmarks/wild/repos/, which git ignores). Blobs absent from a snapshot
(large files are left out of snapshots) are skipped and counted: they are never in scope anyway
(the candidate pass and the scanner read text files of at most 2 MiB).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# the halves of the set: developed against from the start, then each labelled later and scored once
SPLITS = ("dev", "held", "held2", "held3", "held4", "held5", "held6", "held7", "held8")


def read_repos(path: Path = HERE / "repos.tsv") -> list[dict[str, str]]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


def lay_out(git_dir: Path, sha: str, dest: Path) -> tuple[int, int]:
    """Write the tree of sha into dest; returns (files written, blobs missing)."""
    listing = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", "--full-tree", sha],
        check=True,
        capture_output=True,
    ).stdout
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, oid = meta.split()
        if kind == b"blob" and mode in (b"100644", b"100755"):
            entries.append((oid.decode(), name.decode("utf-8", "surrogateescape")))
    present = _present(git_dir, [oid for oid, _ in entries])
    written = missing = 0
    batch = subprocess.Popen(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert batch.stdin is not None and batch.stdout is not None
    for oid, name in entries:
        if oid not in present:
            missing += 1
            continue
        batch.stdin.write(oid.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        size = int(header[2])
        data = batch.stdout.read(size)
        batch.stdout.read(1)
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    batch.stdin.close()
    batch.wait()
    return written, missing


def _present(git_dir: Path, oids: list[str]) -> set[str]:
    out = subprocess.run(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch-check"],
        input="\n".join(oids).encode(),
        capture_output=True,
        check=False,
    ).stdout.decode()
    return {line.split()[0] for line in out.splitlines() if line and not line.endswith("missing")}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repos", nargs="*", help="owner/name (default: every repository of the split)")
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--dest", type=Path, default=HERE / "repos")
    parser.add_argument("--split", choices=SPLITS)
    args = parser.parse_args(argv)
    status = 0
    for row in read_repos():
        repo, sha = row["repo"], row["sha"]
        if (args.repos and repo not in args.repos) or (args.split and row["split"] != args.split):
            continue
        dest = args.dest / repo.replace("/", "__")
        if dest.exists():
            print(f"{repo}: already at {dest}")
            continue
        git_dir = args.mirrors / repo.replace("/", "+") / "repo"
        if not git_dir.exists():
            print(f"{repo}: no snapshot at {git_dir} (bring it first)", file=sys.stderr)
            status = 1
            continue
        written, missing = lay_out(git_dir, sha, dest)
        print(f"{repo}@{sha[:12]}: {written} files, {missing} absent from the snapshot")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
