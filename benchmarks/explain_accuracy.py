"""How often `modelorigin explain FOLDER` gets a real model folder right: the parent, the origin (lab and
country of the nearest known base) and the binding licenses, against the labels in
tests/data/real-folders/MANIFEST.yaml (metadata copied from public model cards, labelled by hand).

Run on purpose: `.venv/bin/python benchmarks/explain_accuracy.py [--verbose]`. Prints one percentage per
aspect and every miss (what explain said, what was expected); --verbose prints every folder's answers.
The comparison is the one tests/resolve/test_real_folders.py asserts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="print every folder's answers")
    args = parser.parse_args()

    from tests.resolve.test_real_folders import ASPECTS, expected, explained, load_manifest, measure, right, show

    fixtures = load_manifest()
    hits = dict.fromkeys(ASPECTS, 0)
    misses: list[str] = []
    for fixture in fixtures:
        got, want = measure(explained(fixture["id"])), expected(fixture)
        for aspect in ASPECTS:
            ok = right(aspect, got, want)
            hits[aspect] += ok
            if not ok:
                misses.append(
                    f"  {fixture['id']:<42} {aspect:<8} got {show(aspect, got)}; expected {show(aspect, want)}"
                )
            elif args.verbose:
                print(f"  {fixture['id']:<42} {aspect:<8} ok: {show(aspect, got)}")
    total = len(fixtures)
    print(f"explain on {total} real model folders ({Path('tests/data/real-folders/MANIFEST.yaml')})")
    for aspect, label in zip(ASPECTS, ("parent-right", "origin-right", "binding-licenses-right"), strict=True):
        print(f"  {label:<24} {hits[aspect]:>3}/{total}  {100 * hits[aspect] / total:5.1f}%")
    all_right = sum(all(right(a, measure(explained(f["id"])), expected(f)) for a in ASPECTS) for f in fixtures)
    print(f"  {'all three right':<24} {all_right:>3}/{total}  {100 * all_right / total:5.1f}%")
    print(f"misses ({len(misses)}):" if misses else "no misses")
    for line in misses:
        print(line)


if __name__ == "__main__":
    main()
