"""Recall and precision of discovery + extraction on a corpus with a hand-written expected-references table.

    python benchmarks/recall_precision.py [CORPUS_DIR EXPECTED_TSV] [--include-docs] [--quiet]
    python benchmarks/recall_precision.py --realworld

Defaults: tests/corpus/project and tests/corpus/expected.tsv; --realworld: tests/realworld/files and
tests/realworld/expected.tsv. A reference matches when path, line, id (case-insensitive) and kind agree.

Prints recall and precision overall, per reference kind and per file kind (the extractor that read the
file), every miss and extra, files the scan did not read, and files the byte prefilter rejected although
the table expects a reference in them (the prefilter must never lose a reference).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from scanner.discover import discover  # noqa: E402
from scanner.extract import extract_file, extractor_for  # noqa: E402
from scanner.knowledge import Knowledge, load_rules  # noqa: E402
from scanner.pipeline import ScanOptions, build_recognizer, extract_all, prefilter  # noqa: E402

Key = tuple[str, int, str, str]  # path, line, id (lowercased), kind

CORPUS = HERE.parent / "tests" / "corpus"
REALWORLD = HERE.parent / "tests" / "realworld"


@dataclass
class Measurement:
    expected: set[Key]
    found: set[Key]
    file_kinds: dict[str, str]  # path -> file kind (the extractor that reads it)
    skipped: dict[str, str] = field(default_factory=dict)  # path -> why it was not read
    prefilter_losses: dict[str, list[Key]] = field(default_factory=dict)  # path -> references the gate lost

    @property
    def hits(self) -> set[Key]:
        return self.expected & self.found

    @property
    def recall(self) -> float:
        return len(self.hits) / len(self.expected) if self.expected else 1.0

    @property
    def precision(self) -> float:
        return len(self.hits) / len(self.found) if self.found else 1.0

    def by(self, group: str) -> dict[str, tuple[int, int, int]]:
        """group 'kind' or 'file': name -> (expected, found, matched)."""

        def name(key: Key) -> str:
            return key[3] if group == "kind" else self.file_kinds.get(key[0], "?")

        expected, found, hits = Counter(map(name, self.expected)), Counter(map(name, self.found)), Counter()
        hits.update(map(name, self.hits))
        return {n: (expected[n], found[n], hits[n]) for n in sorted(set(expected) | set(found))}


def expected_table(path: Path) -> set[Key]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t")
    return {(r["path"], int(r["line"]), r["id"].lower(), r["kind"]) for r in reader}


def file_kind(rel: str) -> str:
    """A short name for the kind of a file: the extractor that reads it (python, shell, yaml, ...)."""
    name = rel.rsplit("/", 1)[-1]
    extractor = extractor_for(name, rel).__name__.removeprefix("extract_")
    return {"text": "other"}.get(extractor, extractor)


def measure(root: Path, table: Path, *, include_docs: bool = False, jobs: int | None = 1) -> Measurement:
    rules, _ = load_rules([])
    recognizer = build_recognizer(Knowledge(rules))
    options = ScanOptions(paths=[root], include_docs=include_docs, progress=False, jobs=jobs)
    expected = expected_table(table)
    found_files = discover([root])
    found: set[Key] = set()
    kinds: dict[str, str] = {}
    skipped: dict[str, str] = {r.path: r.reason for r in found_files.skipped}
    for candidate, (result, reason) in extract_all(found_files.candidates, recognizer, options):
        kinds[candidate.rel] = file_kind(candidate.rel)
        if reason is not None:
            skipped[candidate.rel] = reason
        if result is not None:
            found.update((r.path, r.line, r.id.lower(), r.ref_type.value) for r in result.references if not r.mention)
    for key in expected:
        kinds.setdefault(key[0], file_kind(key[0]))
    # references the byte prefilter lost: the extractor finds them when the gate is bypassed
    gate = prefilter(recognizer)
    losses: dict[str, list[Key]] = {}
    for path in sorted({key[0] for key in expected - found}):
        file = root / path
        if not file.is_file() or path in skipped:
            continue
        data = file.read_bytes()
        if gate.wants(data):
            continue
        ungated = extract_file(data, path, recognizer)
        keys = {(r.path, r.line, r.id.lower(), r.ref_type.value) for r in ungated.references}
        lost = sorted(keys & (expected - found))
        if lost:
            losses[path] = lost
    return Measurement(expected, found, kinds, skipped, losses)


def _table(rows: dict[str, tuple[int, int, int]], title: str) -> list[str]:
    out = [f"{title:<18} {'expected':>8} {'found':>6} {'matched':>7} {'recall':>7} {'precision':>9}"]
    for name, (expected, found, hits) in rows.items():
        recall = f"{hits / expected:.0%}" if expected else "-"
        precision = f"{hits / found:.0%}" if found else "-"
        out.append(f"{name:<18} {expected:>8} {found:>6} {hits:>7} {recall:>7} {precision:>9}")
    return out


def report(m: Measurement, root: Path, *, quiet: bool = False) -> str:
    lines = [
        f"corpus: {root}",
        f"files: {len(m.file_kinds)} ({len(m.skipped)} not read)",
        f"expected {len(m.expected)}, found {len(m.found)}, matched {len(m.hits)}",
        f"recall    {m.recall:.1%}",
        f"precision {m.precision:.1%}",
        "",
        *_table(m.by("kind"), "reference kind"),
        "",
        *_table(m.by("file"), "file kind"),
    ]
    if not quiet:
        lines.append("")
        lines += ["  missed: " + "\t".join(map(str, key)) for key in sorted(m.expected - m.found)]
        lines += ["  extra:  " + "\t".join(map(str, key)) for key in sorted(m.found - m.expected)]
        lines += [f"  not read: {path}: {reason}" for path, reason in sorted(m.skipped.items())]
        for path, keys in sorted(m.prefilter_losses.items()):
            lines.append(f"  PREFILTER rejected {path}, which holds {len(keys)} expected reference(s)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if "--realworld" in argv:
        root, table = REALWORLD / "files", REALWORLD / "expected.tsv"
    elif len(args) == 2:
        root, table = Path(args[0]), Path(args[1])
    elif not args:
        root, table = CORPUS / "project", CORPUS / "expected.tsv"
    else:
        print("usage: recall_precision.py [CORPUS_DIR EXPECTED_TSV | --realworld] [--include-docs] [--quiet]")
        return 2
    m = measure(root, table, include_docs="--include-docs" in argv)
    print(report(m, root, quiet="--quiet" in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
