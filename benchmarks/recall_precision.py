"""Recall and precision of discovery on a corpus with an expected-references table.

    python benchmarks/recall_precision.py [CORPUS_DIR] [EXPECTED_TSV] [--include-docs]

Defaults: tests/corpus/project and tests/corpus/expected.tsv. A reference matches when path, line,
id (case-insensitive) and kind agree. Prints recall, precision, and every miss and extra.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from scanner.discover import discover  # noqa: E402
from scanner.knowledge import Knowledge, load_rules  # noqa: E402
from scanner.pipeline import ScanOptions, build_recognizer, extract_all  # noqa: E402

Key = tuple[str, int, str, str]


def expected_table(path: Path) -> set[Key]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t")
    return {(r["path"], int(r["line"]), r["id"].lower(), r["kind"]) for r in reader}


def found_references(root: Path, *, include_docs: bool = False) -> set[Key]:
    rules, _ = load_rules([])
    recognizer = build_recognizer(Knowledge(rules))
    options = ScanOptions(paths=[root], include_docs=include_docs, progress=False)
    found = discover([root])
    out: set[Key] = set()
    for _candidate, (result, _reason) in extract_all(found.candidates, recognizer, options):
        if result is not None:
            out.update((r.path, r.line, r.id.lower(), r.ref_type.value) for r in result.references)
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else HERE.parent / "tests" / "corpus" / "project"
    table = Path(args[1]) if len(args) > 1 else HERE.parent / "tests" / "corpus" / "expected.tsv"
    expected = expected_table(table)
    found = found_references(root, include_docs="--include-docs" in argv)
    hits = expected & found
    recall = len(hits) / len(expected) if expected else 1.0
    precision = len(hits) / len(found) if found else 1.0
    print(f"corpus: {root}")
    print(f"expected {len(expected)}, found {len(found)}, matched {len(hits)}")
    print(f"recall    {recall:.1%}")
    print(f"precision {precision:.1%}")
    for key in sorted(expected - found):
        print("  missed:", "\t".join(map(str, key)))
    for key in sorted(found - expected):
        print("  extra: ", "\t".join(map(str, key)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
