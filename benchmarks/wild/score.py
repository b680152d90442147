"""Score the scanner on the wild set: recall, precision and origin accuracy against the frozen labels.

    python benchmarks/wild/score.py --split dev|held|held2|held3|held4 [--trees DIR] [--repo OWNER/NAME ...] [--misses]

Each repository of `repos.tsv` in the split is read from DIR/OWNER__NAME (default
benchmarks/wild/repos/, laid out by bring.py) and scanned the way `modelorigin scan` reads a tree
(discovery, prefilter, extraction, resolution). Dependency references are the labels' `model` rows;
the scanner's references marked `mention` are left out, as the labels' `mention` rows are.

A reference is found when the scanner reports the same id (case-insensitively) at the same path and
line (an id differing only by a route prefix, `openai/gpt-5` and `gpt-5`, is the same id); the kind
(hub, ModelScope, Ollama, endpoint, hosted) is scored apart as kind agreement, since labellers and scanner
may both be right about an id sent to a hosted API that also names a hub repo.
Origin accuracy compares the country the scanner resolves for each found reference with
`origins.tsv` (labelled by hand, by id): right / (right + wrong), with how many it left unknown. The
labels give the lab that trained the root of the lineage, so the scanner's side is the country of the
deepest ancestor it resolved (its origin when it resolved none): `sentence-transformers/all-MiniLM-L6-v2`
is a fine-tune of Microsoft's MiniLM (US), though its publisher is German.

Misses and extras are grouped by failure class (the classes of the detection issue):
  url-uri, ollama-tag, endpoint, hosted, hub-id (misses); wrong-place, dataset, mention, other (extras).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from bring import SPLITS  # noqa: E402

from scanner.discover import discover  # noqa: E402
from scanner.knowledge import Knowledge, load_rules  # noqa: E402
from scanner.pipeline import ScanOptions, build_recognizer, extract_all, resolve_all  # noqa: E402

SCORED_KINDS = frozenset({"hub_model", "modelscope_model", "ollama_model", "api_endpoint", "hosted_model"})


class Label(NamedTuple):
    path: str
    line: int
    token: str
    klass: str
    label: str
    kind: str
    id: str


def read_tsv(path: Path) -> list[dict[str, str]]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))


def labels_of(repo: str) -> list[Label]:
    out = []
    for r in read_tsv(HERE / "labels" / f"{repo.replace('/', '__')}.tsv"):
        out.append(
            Label(r["path"], int(r["line"]), r["token"], r["class"], r["label"], r.get("kind") or "", r.get("id") or "")
        )
    return out


def origins() -> dict[str, str]:
    path = HERE / "origins.tsv"
    return {r["id"].lower(): r["country"] for r in read_tsv(path)} if path.exists() else {}


class RepoScore(NamedTuple):
    repo: str
    expected: set[tuple[str, int, str]]
    found: set[tuple[str, int, str]]
    kinds_expected: dict[tuple[str, int, str], str]
    kinds_found: dict[tuple[str, int, str], str]
    countries: dict[str, str | None]  # id (lowercased) -> country the scanner resolved
    labels: dict[tuple[str, int, str], str]  # (path, line, id) -> label, for every labelled row
    model_lines: dict[tuple[str, str], set[int]]  # (path, id) -> lines labelled model


def score_repo(repo: str, tree: Path, subdirs: list[str], recognizer, kb) -> RepoScore:  # type: ignore[no-untyped-def]
    rows = labels_of(repo)
    expected = {(r.path, r.line, r.id.lower()) for r in rows if r.label == "model" and r.kind in SCORED_KINDS}
    kinds_expected = {(r.path, r.line, r.id.lower()): r.kind for r in rows if r.label == "model"}
    labels: dict[tuple[str, int, str], str] = {}
    for r in rows:
        key = (r.path, r.line, (r.id or r.token).lower())
        labels.setdefault(key, r.label)
    model_lines: dict[tuple[str, str], set[int]] = defaultdict(set)
    for r in rows:
        if r.label == "model":
            model_lines[(r.path, r.id.lower())].add(r.line)
    roots = [tree / s for s in subdirs] if subdirs else [tree]
    found_files = discover(roots, root=tree)
    options = ScanOptions(paths=roots, progress=False, jobs=1)
    references = []
    for _candidate, (result, _reason) in extract_all(found_files.candidates, recognizer, options):
        if result is not None:
            references.extend(r for r in result.references if not r.mention and r.ref_type.value in SCORED_KINDS)
    expected_at: dict[tuple[str, int], set[str]] = defaultdict(set)
    for path, line, label_id in expected:
        expected_at[(path, line)].add(label_id)

    def key(r) -> tuple[str, int, str]:  # type: ignore[no-untyped-def]
        """The scanner's reference as a label key: an id that differs from the label's at that place only by a
        route prefix (`openai/gpt-5` labelled, `gpt-5` reported, or `Pro/org/name` and `org/name`) is the same
        reference written two ways."""
        found_id = r.id.lower()
        for label_id in expected_at.get((r.path, r.line), ()):
            if label_id.endswith("/" + found_id) or found_id.endswith("/" + label_id):
                return (r.path, r.line, label_id)
        return (r.path, r.line, found_id)

    found = {key(r) for r in references}
    kinds_found = {key(r): r.ref_type.value for r in references}
    models, _subjects = resolve_all(list(references), kb)
    countries = {m.id.lower(): root_country(m) for m in models}
    for r in references:  # a reference matched to its label's id across a route prefix is judged as that id
        matched = key(r)[2]
        if matched != r.id.lower() and countries.get(matched) is None:
            countries[matched] = countries.get(r.id.lower())
    return RepoScore(repo, expected, found, kinds_expected, kinds_found, countries, labels, model_lines)


def root_country(model) -> str | None:  # type: ignore[no-untyped-def]
    """The country of the root of the model's lineage as the scanner resolves it (the deepest ancestor
    with a country), else of its origin: what origins.tsv labels (the lab that trained the root).
    A distillation teacher is not where the weights come from (DeepSeek-R1-Distill-Llama-8B's weights
    are Llama's): it counts only when the lineage has nothing else."""
    teachers: set[str] = set()
    for ancestor in model.lineage:  # a teacher and its own ancestors (each listed after its child)
        if ancestor.relation == "distill" or ancestor.parent in teachers:
            teachers.add(ancestor.id)
    ancestors = [a for a in model.lineage if a.id not in teachers] or list(model.lineage)
    for ancestor in reversed(ancestors):
        if ancestor.country:
            return str(ancestor.country)
    return model.origin.country  # type: ignore[no-any-return]


def miss_class(kind: str, token_or_id: str) -> str:
    if "://" in token_or_id or token_or_id.startswith(("http", "hf.co")):
        return "url-uri"
    return {"ollama_model": "ollama-tag", "api_endpoint": "endpoint", "hosted_model": "hosted"}.get(kind, "hub-id")


def extra_class(s: RepoScore, key: tuple[str, int, str]) -> str:
    path, _line, mid = key
    label = s.labels.get(key)
    if label in ("dataset", "mention"):
        return label
    if s.model_lines.get((path, mid)):
        return "wrong-place"
    return "other" if label is None or label == "other" else label


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=SPLITS, required=True)
    parser.add_argument("--trees", type=Path, default=HERE / "repos")
    parser.add_argument("--repo", action="append", default=[])
    parser.add_argument("--misses", action="store_true", help="list every miss and extra")
    args = parser.parse_args(argv)
    rules, _ = load_rules([])
    kb = Knowledge(rules)
    recognizer = build_recognizer(kb)
    truth = origins()
    scores = []
    for row in read_tsv(HERE / "repos.tsv"):
        if row["split"] != args.split or (args.repo and row["repo"] not in args.repo):
            continue
        tree = args.trees / row["repo"].replace("/", "__")
        if not tree.exists():
            print(f"{row['repo']}: no tree at {tree} (run bring.py)", file=sys.stderr)
            return 2
        subdirs = [s for s in (row.get("subdirs") or "").split(",") if s]
        scores.append(score_repo(row["repo"], tree, subdirs, recognizer, kb))

    print(f"{'repository':<42} {'expected':>8} {'found':>6} {'hits':>5} {'recall':>7} {'precision':>9}")
    tot_e = tot_f = tot_h = 0
    misses: Counter[str] = Counter()
    extras: Counter[str] = Counter()
    kind_agree = kind_total = 0
    right = wrong = unknown = untruthed = 0
    for s in scores:
        hits = s.expected & s.found
        tot_e, tot_f, tot_h = tot_e + len(s.expected), tot_f + len(s.found), tot_h + len(hits)
        recall = f"{len(hits) / len(s.expected):.1%}" if s.expected else "-"
        precision = f"{len(hits) / len(s.found):.1%}" if s.found else "-"
        print(f"{s.repo:<42} {len(s.expected):>8} {len(s.found):>6} {len(hits):>5} {recall:>7} {precision:>9}")
        for key in hits:
            kind_total += 1
            kind_agree += s.kinds_expected.get(key) == s.kinds_found.get(key)
            expected_country = truth.get(key[2])
            got = s.countries.get(key[2])
            if expected_country in (None, "", "unknown"):
                untruthed += 1
            elif got is None:
                unknown += 1
            elif got == expected_country:
                right += 1
            else:
                wrong += 1
                if args.misses:
                    print(f"    origin {key[0]}:{key[1]}  {key[2]}  scanner {got}, label {expected_country}")
        for key in sorted(s.expected - s.found):
            klass = miss_class(s.kinds_expected.get(key, ""), key[2])
            misses[klass] += 1
            if args.misses:
                print(f"    miss  [{klass}] {key[0]}:{key[1]}  {key[2]}  ({s.kinds_expected.get(key)})")
        for key in sorted(s.found - s.expected):
            klass = extra_class(s, key)
            extras[klass] += 1
            if args.misses:
                print(f"    extra [{klass}] {key[0]}:{key[1]}  {key[2]}  ({s.kinds_found.get(key)})")
    print()
    print(f"total: expected {tot_e}, found {tot_f}, hits {tot_h}")
    print(f"recall    {tot_h / tot_e:.1%}" if tot_e else "recall    -")
    print(f"precision {tot_h / tot_f:.1%}" if tot_f else "precision -")
    print(f"kind agreement on hits: {kind_agree}/{kind_total}")
    judged = right + wrong
    print(
        f"origin country on hits: {right}/{judged} right"
        + (f" ({right / judged:.1%})" if judged else "")
        + f", {unknown} left unknown by the scanner, {untruthed} without a labelled country"
    )
    print("misses by class: " + ", ".join(f"{k} {v}" for k, v in sorted(misses.items())))
    print("extras by class: " + ", ".join(f"{k} {v}" for k, v in sorted(extras.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
