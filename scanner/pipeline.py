"""discover -> extract -> resolve -> evaluate: one scan, as a function of its options."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner import __version__, budget
from scanner.dates import today as judged_today
from scanner.discover import SNIFF_BYTES, Candidate, Discovery, discover, sniff_binary
from scanner.errors import UserError
from scanner.evaluate.engine import Subject, evaluate
from scanner.evaluate.policy import load_policy
from scanner.extract import always_parse, extract_file, is_doc
from scanner.extract.base import Recognizer
from scanner.extract.prefilter import CODE_SUFFIXES, Prefilter
from scanner.knowledge import Knowledge, load_rules, normalize_package
from scanner.modelfiles import CARD_NAMES, looks_like_model_file, read_card_candidate, read_model_candidate
from scanner.online import wants_hub_metadata
from scanner.options import ScanOptions
from scanner.records import Coverage, ExtractResult, Finding, Model, ParseIssue, Reference, ScanReport, SkippedFile
from scanner.report import generated_report

if TYPE_CHECKING:
    from scanner.online.source import HubMetadata


def build_recognizer(kb: Knowledge) -> Recognizer:
    return Recognizer(
        known_orgs=kb.known_orgs,
        ollama_names=frozenset(e["name"].lower() for e in kb.section("ollama"))
        | frozenset(kb.vocabulary_list("ollama-names", "names")),
        endpoint_hosts=kb.endpoint_hosts,
        sdk_packages=frozenset(normalize_package(s["package"]) for s in kb.section("sdks")),
        sdk_imports={**{m: s["package"] for s in kb.section("sdks") for m in s.get("imports") or []}},
        loader_packages=frozenset(kb.loaders_by_package),
        hosted_pattern=kb.hosted_pattern,
        catalog_pattern=kb.catalog_name_pattern,
        legacy_pattern=kb.vocabulary_pattern("legacy-ids"),
        loader_call_pattern=kb.vocabulary_pattern("loader-calls"),
        loader_name_pattern=kb.vocabulary_pattern("loader-call-names"),
        prose_key_pattern=kb.vocabulary_pattern("prose-keys"),
        name_pattern_key_pattern=kb.vocabulary_pattern("name-pattern-keys"),
        prose_call_pattern=kb.vocabulary_pattern("prose-calls"),
        assertion_call_pattern=kb.vocabulary_pattern("assertion-calls"),
        output_call_pattern=kb.vocabulary_pattern("output-calls"),
        name_test_call_pattern=kb.vocabulary_pattern("name-test-calls"),
        modelscope_key_pattern=kb.vocabulary_pattern("modelscope-keys"),
        huggingface_key_pattern=kb.vocabulary_pattern("huggingface-keys"),
        model_name_pattern=kb.vocabulary_pattern("model-name-words"),
        not_model_pattern=kb.vocabulary_pattern("not-model-words"),
        dataset_name_pattern=kb.vocabulary_pattern("dataset-names"),
        record_path_pattern=kb.vocabulary_pattern("record-paths"),
        placeholder_pattern=kb.vocabulary_pattern("placeholders"),
        words=kb.recognition_words,
        weak_words=kb.model_name_words,
        model_keys=frozenset(kb.vocabulary_list("model-keys", "keys")),
        model_key_suffixes=tuple(kb.vocabulary_list("model-keys", "suffixes")),
        endpoint_keys=frozenset(kb.vocabulary_list("endpoint-keys", "keys")),
        endpoint_key_suffixes=tuple(kb.vocabulary_list("endpoint-keys", "suffixes")),
        unnamed_endpoint_words=frozenset(kb.vocabulary_list("endpoint-keys", "names")),
        model_flags=frozenset(kb.vocabulary_list("model-flags", "keys")),
        python_calls=kb.call_slots("python"),
        javascript_calls=kb.call_slots("javascript"),
        text_calls=tuple(kb.call_slots("text")),
        router_variants=kb.router_variants,
        hosted_prefixes=kb.hosted_prefixes,
        ollama_routes=kb.model_routes("ollama"),
        hub_routes=kb.model_routes("hub"),
        api_routes=kb.model_routes("api"),
        router_words=kb.model_routes("api", "hub", "router"),
        colon_routes=kb.model_routes("api", "hub", "router", "colon"),
        api_path_pattern=kb.vocabulary_pattern("api-paths"),
        ollama_hints=kb.file_hints("ollama"),
        api_hints=kb.file_hints("api"),
        ollama_client_calls=frozenset(kb.vocabulary_list("ollama-client-calls", "call_names")),
        dataset_calls=frozenset(kb.vocabulary_list("dataset-calls", "call_names")),
        dataset_call_suffixes=tuple(kb.vocabulary_list("dataset-calls", "call_suffixes")),
        not_model_keys=frozenset(kb.vocabulary_list("not-model-keys", "keys")),
        provider_keys=frozenset(kb.vocabulary_list("provider-keys", "keys")),
        lineage_keys=frozenset(kb.vocabulary_list("lineage-keys", "keys")),
        split_org_keys=frozenset(kb.vocabulary_list("split-id-keys", "keys")),
        split_name_keys=tuple(kb.vocabulary_list("split-id-keys", "names")),
        ollama_list_keys=frozenset(kb.vocabulary_list("ollama-list-keys", "keys")),
        ollama_verbs=frozenset(kb.vocabulary_list("ollama-verbs", "names")),
        setting_attribute_words=frozenset(kb.vocabulary_list("setting-attribute-words", "names")),
        shared_namespace_orgs=frozenset(kb.vocabulary_list("shared-namespace-orgs", "names")),
    )


def prefilter(recognizer: Recognizer) -> Prefilter:
    """The byte-level test every file with a possible reference passes; files failing it are not parsed."""
    return Prefilter(recognizer)


def scan(options: ScanOptions, metadata: HubMetadata | None = None) -> ScanReport:
    """One scan. metadata: where Hub metadata comes from (default: from the options and the lockfile)."""
    rules, rules_info = load_rules(options.rules_files)
    kb = Knowledge(rules)
    found = discover(options.paths) if options.paths or options.hf_cache is None else Discovery(Path.cwd(), (), ())
    policy, _source, policy_sha = load_policy(options.policy_file, found.root, options.profile)
    if options.fail_on:
        policy["fail_on"] = options.fail_on
    if options.fail_on_skipped:
        policy["fail_on_incomplete"] = True
    policy["disabled_checks"] = _disabled_checks(policy, options, kb)
    policy["sha256"] = policy_sha
    recognizer = build_recognizer(kb)

    references: list[Reference] = []
    issues: list[ParseIssue] = []
    own, candidates = _own_files(found, options)
    excluded, candidates = _excluded(candidates, [*policy.get("exclude", []), *options.exclude])
    found = found._replace(candidates=candidates)
    skipped: list[SkippedFile] = [*found.skipped, *own, *excluded]
    scanned = 0
    for candidate, (result, reason) in extract_all(found.candidates, recognizer, options):
        if reason is not None:
            skipped.append(SkippedFile(candidate.rel, reason))
            continue
        scanned += 1
        if result is not None:
            references.extend(result.references)
            issues.extend(result.issues)
    if options.hf_cache is not None:
        from scanner.modelfiles.hfcache import scan_cache

        cache = scan_cache(options.hf_cache)
        references.extend(cache.references)
        issues.extend(cache.issues)
        skipped.extend(cache.skipped)
        scanned += cache.scanned
    nothing = []
    if scanned == 0:  # an empty or documentation-only project is not a usage error (as ruff): said, exit 0
        why = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3]) + ("; ..." if len(skipped) > 3 else "")
        nothing.append(
            f"nothing to scan in {', '.join(str(p) for p in options.paths) or '.'}" + (f" ({why})" if why else "")
        )

    references.sort(key=lambda r: (r.path, r.line, r.column, r.id))
    if metadata is None and wants_hub_metadata(options.online, options.check_lock, options.lockfile, found.root):
        from scanner.online.source import metadata_for_scan

        metadata = metadata_for_scan(options, found.root)
    models, subjects = resolve_all(references, kb, metadata)
    unreached = _online_unreached(metadata) if options.online or options.check_lock else []
    findings = evaluate(subjects, kb, policy)
    checks = {c["id"]: c for c in kb.checks}
    findings, notes = _silence(findings, references, found.candidates, checks, options.baseline)
    findings.sort(key=lambda f: (-_rank(f.severity), f.rule_id, (f.model_id or "").lower(), f.path or "", f.line or 0))
    return ScanReport(
        tool_version=__version__,
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        rules=rules_info,
        policy=policy,
        references=tuple(references),
        models=tuple(models),
        findings=tuple(findings),
        coverage=Coverage(
            roots=tuple(str(p) for p in [*options.paths, *([options.hf_cache] if options.hf_cache else [])]),
            files_scanned=scanned,
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            parse_errors=tuple(issues),
        ),
        fail_on=policy["fail_on"],
        warnings=tuple(unreached)
        + tuple(nothing)
        + tuple(_rules_age_warning(rules_info.as_of, policy, _shortest_shelf_life(kb, models)))
        + tuple(_stale_warning(findings))
        + tuple(notes),
        online_unreached=bool(unreached),
        licenses={i: kb.licenses[i] for m in models for i in _license_ids(m) if i in kb.licenses},
        checks=checks,
        labs={i: kb.labs[i] for m in models for i in _lab_ids(m) if i in kb.labs},
    )


def read_and_extract(
    candidate: Candidate, recognizer: Recognizer, gate: Prefilter, options: ScanOptions
) -> tuple[ExtractResult | None, str | None]:
    """(result, None) when read, or (None, reason) when skipped. Whatever a file holds, it costs that file:
    past its time budget, too deep or too large for a parser, or raising where no parser expected it, it is
    a parse problem that leaves coverage incomplete, never the end of the scan."""
    try:
        return _read_and_extract(candidate, recognizer, gate, options)
    except budget.Overrun:
        message = f"not parsed: took longer than {budget.FILE_SECONDS:g} s"
        return ExtractResult((), (ParseIssue(candidate.rel, None, message, fallback="no references read"),)), None
    except (RecursionError, MemoryError) as exc:
        what = "nested too deeply" if isinstance(exc, RecursionError) else "too large to hold in memory"
        issue = ParseIssue(candidate.rel, None, f"not parsed: {what}", fallback="no references read from it")
        return ExtractResult((), (issue,)), None
    except Exception as exc:  # a bug of an extractor or a reader: reported as such
        message = f"not parsed: internal error {type(exc).__name__}: {exc} (a bug in modelorigin: please report it)"
        return ExtractResult((), (ParseIssue(candidate.rel, None, message, fallback="no references read"),)), None


def _read_and_extract(
    candidate: Candidate, recognizer: Recognizer, gate: Prefilter, options: ScanOptions
) -> tuple[ExtractResult | None, str | None]:
    name = candidate.rel.rsplit("/", 1)[-1]
    docs = is_doc(candidate.rel)
    if docs and name in CARD_NAMES:  # a model card describes the weights of its folder, docs or not
        card = read_card_candidate(Path(candidate.path), candidate.rel)
        if card is not None:
            return card, None
    if docs and not options.include_docs:
        return None, "documentation (scan with --include-docs)"
    suffixed = name.rfind(".") > 0
    if suffixed and looks_like_model_file(name):  # weights are read by their headers only, whatever their size
        model_file = read_model_candidate(Path(candidate.path), candidate.rel)
        if model_file is not None:
            return model_file, None
    try:
        data = read_bounded(candidate.path, options.max_file_size)
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or exc}"
    if not suffixed and (len(data) > options.max_file_size or sniff_binary(data)):
        # weights without a suffix (a GGUF blob in Ollama's store) are binary: text files are not sniffed
        model_file = read_model_candidate(Path(candidate.path), candidate.rel)
        if model_file is not None:
            return model_file, None
    if len(data) > options.max_file_size:
        return None, f"larger than {options.max_file_size:,} bytes (--max-file-size)"
    if sniff_binary(data):
        return None, "binary file"
    lowered = name.lower()
    if not gate.wants(data, code=lowered.endswith(CODE_SUFFIXES), python=lowered.endswith((".py", ".pyi"))) and (
        not always_parse(name)
    ):
        return NOTHING
    if generated_report(data):
        return None, "a report written by modelorigin (not source)"
    with budget.time_budget():
        result = extract_file(data, candidate.rel, recognizer, in_docs=docs, gate=gate)
    return (result, None) if result.references or result.issues else NOTHING


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # binary: Windows would translate line ends


def read_bounded(path: str, limit: int) -> bytes:
    """At most limit + 1 bytes of a file (more than limit: too large), by one open, fstat and read; of a
    binary file (a NUL in its first SNIFF_BYTES, as ripgrep and git tell), only those first bytes: an
    image or an archive is never read further, whatever its size.

    The buffer is sized by the file, not by the limit: allocating the 2 MB limit for every small
    file costs more than reading it. Plain descriptors: a file object per file costs a third more.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        size = os.fstat(fd).st_size
        wanted = min(size, limit) + 1
        if wanted > SNIFF_BYTES:
            data = os.read(fd, SNIFF_BYTES)
            if sniff_binary(data):
                return data
            data += os.read(fd, wanted - len(data))
        else:
            data = os.read(fd, wanted)
        if len(data) > size:  # the file grew since, or tells no size (a /proc file)
            data += os.read(fd, limit + 1 - len(data))
    finally:
        os.close(fd)
    return data


def _silence(
    findings: list[Finding],
    references: list[Reference],
    candidates: tuple[Candidate, ...],
    checks: dict[str, dict[str, Any]],
    baseline: Path | None,
) -> tuple[list[Finding], list[str]]:
    """Inline suppressions, then the baseline; with neither a finding nor a baseline there is nothing to do."""
    if not findings and baseline is None:
        return findings, []
    from scanner.evaluate.suppress import silence

    referenced = {r.path for r in references}  # suppression comments are read only where a finding can be
    sources = {c.rel: Path(c.path) for c in candidates if c.rel in referenced}
    return silence(findings, sources, checks, baseline)


def _excluded(
    candidates: tuple[Candidate, ...], patterns: list[str]
) -> tuple[list[SkippedFile], tuple[Candidate, ...]]:
    """(one line per exclude pattern that matched, with how many files; the candidates left)."""
    if not patterns:
        return [], candidates
    from scanner.discover.globs import compile_globs

    matchers = compile_globs(patterns)
    counts: dict[str, int] = {}
    rest = []
    for candidate in candidates:
        hit = next((pattern for pattern, match in matchers if match(candidate.rel)), None)
        if hit is None:
            rest.append(candidate)
        else:
            counts[hit] = counts.get(hit, 0) + 1
    listed = [SkippedFile(p, f"excluded by --exclude or the policy's exclude ({n} file(s))") for p, n in counts.items()]
    return listed, tuple(rest)


def _disabled_checks(policy: dict[str, Any], options: ScanOptions, kb: Knowledge) -> list[str]:
    """Checks not run: the policy's `checks: {ID: off}`, then --ignore, or everything but --select. A check
    named that does not exist is a usage error (a typo would otherwise silently switch nothing off)."""
    known = {c["id"] for c in kb.checks}
    named = set(policy.get("disabled_checks") or ()) | set(options.ignore) | set(options.select)
    unknown = sorted(named - known)
    if unknown:
        raise UserError(f"no such check: {', '.join(unknown)} (see `modelorigin rules list`)")
    off = set(policy.get("disabled_checks") or ()) | set(options.ignore)
    if options.select:
        off |= known - set(options.select)
    return sorted(off)


# Hub failures that mean the Hub was not reached at all (not-found, gated: the Hub answered)
UNREACHED = frozenset({"network", "error", "rate-limited", "budget-exhausted", "disabled"})


def _online_unreached(metadata: HubMetadata | None) -> list[str]:
    """The warning when online resolution was asked for and none happened: every lookup failed without an
    answer from the Hub. Empty when there was nothing to ask, or when the Hub answered at least once."""
    from scanner.online.hub import HubFailure

    asked = list(metadata.fetched.values()) if metadata is not None else []
    failed = [a for a in asked if isinstance(a, HubFailure) and a.reason in UNREACHED]
    if not asked or len(failed) < len(asked):
        return []
    reasons = sorted({f.reason for f in failed})
    return [
        f"online resolution did not happen: {len(failed)} Hub lookup(s) failed ({', '.join(reasons)}); "
        "origins and licenses are what an offline scan determines"
    ]


# the tool's own files: what they name is policy (waivers, denies) or a record of a scan, never a dependency
OWN_FILE_NAMES = frozenset({".modelorigin.yaml", "modelorigin.lock", ".modelorigin-baseline.json"})


def _own_files(found: Discovery, options: ScanOptions) -> tuple[list[SkippedFile], tuple[Candidate, ...]]:
    """(the tool's own files among the candidates, listed as not scanned; the other candidates)."""
    given = {str(p.resolve()) for p in (options.policy_file, options.baseline, options.lockfile) if p is not None}
    own: list[SkippedFile] = []
    rest: list[Candidate] = []
    for candidate in found.candidates:
        name = candidate.rel.rsplit("/", 1)[-1]
        if name in OWN_FILE_NAMES or (given and str(Path(candidate.path).resolve()) in given):
            own.append(SkippedFile(candidate.rel, "modelorigin's own file (policy, lockfile or baseline)"))
        else:
            rest.append(candidate)
    return own, tuple(rest)


def resolve_all(
    references: list[Reference], kb: Knowledge, metadata: HubMetadata | None = None
) -> tuple[list[Model], list[Subject]]:
    if not references:  # a pre-commit run over files that name no model does not even import the resolver
        return [], []
    from scanner.resolve.resolver import Resolver, model_key

    resolver = Resolver(kb, metadata=metadata)
    groups: dict[str, list[Reference]] = {}
    for ref in references:
        groups.setdefault(model_key(ref), []).append(ref)
    models: list[Model] = []
    subjects: list[Subject] = []
    for refs in groups.values():
        uses = tuple(r for r in refs if not r.mention)
        model = resolver.resolve((uses or refs)[0])
        if model is not None:
            models.append(model if uses else model._replace(mention_only=True))
        if uses:  # a model only mentioned is in the inventory; nothing is evaluated against it
            subjects.append(Subject(model, uses))
    models.sort(key=lambda m: (m.kind, m.id.lower()))
    return models, subjects


def _license_ids(model: Model) -> list[str]:
    return [i for i in (model.license.id, *(a.license for a in model.lineage)) if i]


def _lab_ids(model: Model) -> list[str]:
    return [i for i in (model.origin.lab, *(a.lab for a in model.lineage)) if i]


def _rank(severity: str) -> int:
    from scanner.records import severity_rank

    return severity_rank(severity)


def _rules_age_warning(as_of: str, policy: dict[str, object], shelf_life: int | None = None) -> list[str]:
    """The bundle is too old for the facts this scan uses: older than the policy allows, or than the
    shortest shelf life among the sections in use (listings: 90 days)."""
    try:
        age = (judged_today() - dt.date.fromisoformat(as_of)).days
    except ValueError:
        return []
    allowed = int(policy.get("rules_max_age_days", 365))  # type: ignore[call-overload]
    limit = min(allowed, shelf_life) if shelf_life else allowed
    if age > limit:
        why = f"policy allows {allowed}" if limit == allowed else f"the facts in use stay current {limit} days"
        return [
            f"the bundled rules are {age} days old (as of {as_of}; {why}): "
            "update modelorigin for current listings and licenses"
        ]
    return []


def _shortest_shelf_life(kb: Knowledge, models: list[Model]) -> int | None:
    """The shortest shelf life among the rules sections the models' facts come from."""
    used = set()
    for model in models:
        if model.mention_only:
            continue
        if model.origin.lab:
            used.add("labs")
            if kb.listings_by_lab.get(model.origin.lab):
                used.add("listings")
        if model.license.id:
            used.add("licenses")
        if model.kind == "api_endpoint":
            used.add("endpoints")
    lives = [days for section in used if (days := kb.shelf_life(section))]
    return min(lives) if lives else None


def _stale_warning(findings: list[Finding]) -> list[str]:
    stale = [f for f in findings if f.rule_id == "MO112"]
    if not stale:
        return []
    return [
        f"{len(stale)} model(s) rest on facts past their shelf life (check MO112): update modelorigin, or "
        "re-read their sources and update `checked` in your rules"
    ]


# --- the scan loop: serial on small trees, a process pool over the pure extractors on large ones -----

PARALLEL_MIN_FILES = 400  # below this, starting workers costs more than it saves
CHUNK_MIN_FILES = 24
MAX_JOBS = 8
EXTRACTION_GC_THRESHOLD = (50_000, 20, 20)  # gen0 allocations between collections while extracting

Outcome = tuple[ExtractResult | None, str | None]
NOTHING: Outcome = (ExtractResult(), None)  # read, and holding no reference: most files of a tree


def extract_all(
    candidates: tuple[Candidate, ...], recognizer: Recognizer, options: ScanOptions
) -> Iterator[tuple[Candidate, Outcome]]:
    """(candidate, (result, skip reason)) for each candidate, in order."""
    jobs = options.jobs if options.jobs is not None else _auto_jobs(len(candidates))
    progress = _Progress(len(candidates), options.progress)
    threshold = gc.get_threshold()
    # what is alive now (rules, recognizer, candidates) lives to the end: frozen, the collector never walks
    # it again and forked workers never copy its pages; extraction makes many short-lived objects (AST
    # nodes) and few cycles, so it collects less often (a tenth of the Python files' time)
    gc.freeze()
    gc.set_threshold(*EXTRACTION_GC_THRESHOLD)
    try:
        if jobs <= 1 or len(candidates) < 2:
            gate = prefilter(recognizer)
            for candidate in candidates:
                outcome = read_and_extract(candidate, recognizer, gate, options)
                progress.advance(1, outcome)
                yield candidate, outcome
            return
        outcomes = _extract_in_parallel(candidates, recognizer, options, jobs, progress)
        for index, candidate in enumerate(candidates):
            yield candidate, outcomes.get(index, NOTHING)
    finally:
        progress.close()
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _extract_in_parallel(
    candidates: tuple[Candidate, ...], recognizer: Recognizer, options: ScanOptions, jobs: int, progress: _Progress
) -> dict[int, Outcome]:
    """The outcomes other than NOTHING, by candidate index, from jobs processes: this one and jobs - 1 workers.

    The scan's own process extracts too, instead of waiting on its workers: one process fewer holds the
    rules, the recognizer and the candidates (a third less memory summed over the scan's processes), and
    nothing is sent back for its share. Every process claims the next range of candidate indexes (see
    chunk_ranges) from one shared counter, so that whichever is faster takes more."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    ranges = chunk_ranges(len(candidates), jobs)
    claimed = context.Value("i", 0)  # the index of the next range to extract
    # workers get the candidates once (inherited when forked), and claim ranges of their indexes themselves
    with ProcessPoolExecutor(
        max_workers=jobs - 1,
        mp_context=context,
        initializer=_init_worker,
        initargs=(candidates, recognizer, options, ranges, claimed),
    ) as pool:
        workers = [pool.submit(_extract_claimed) for _ in range(jobs - 1)]  # starts them before this one reads
        gate = prefilter(recognizer)
        outcomes: dict[int, Outcome] = {}
        with budget.worker_memory():  # this share is parsed under a worker's cap, as the workers' shares are
            for start, end in _claims(ranges, claimed):
                for index in range(start, end):
                    outcome = read_and_extract(candidates[index], recognizer, gate, options)
                    if outcome is not NOTHING:
                        outcomes[index] = outcome
                    if progress.enabled:  # the files of the ranges claimed before the last: done, or nearly
                        progress.advance(0, outcome, done=ranges[min(claimed.value, len(ranges)) - 1][0])
        _release_freed_memory()
        for worker in workers:
            for index, outcome in worker.result():
                outcomes[index] = outcome
                progress.advance(0, outcome)
    return outcomes


def _release_freed_memory() -> None:
    """Give the C heap's free pages back to the system after this process's share of the extraction: the
    trees of large files it parsed leave tens of megabytes free but held (glibc's malloc_trim; elsewhere
    nothing), on top of which resolution and the report would set the scan's peak."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return


def _claims(ranges: list[tuple[int, int]], claimed: Any) -> Iterator[tuple[int, int]]:
    """The ranges this process claims, one at a time, until none is left."""
    while True:
        with claimed.get_lock():
            next_range = claimed.value
            claimed.value = next_range + 1
        if next_range >= len(ranges):
            return
        yield ranges[next_range]


def chunk_ranges(count: int, jobs: int) -> list[tuple[int, int]]:
    """(start, end) index ranges for the workers, each a share of what is left (guided scheduling): a
    few large ranges first, small ones at the end so that the workers finish together. Every claim of a
    range takes the shared counter's lock; fixed chunks of 48 files made 125 of them on 6,000 files."""
    ranges: list[tuple[int, int]] = []
    start = 0
    while start < count:
        end = min(count, start + max(CHUNK_MIN_FILES, (count - start) // (jobs * 4)))
        ranges.append((start, end))
        start = end
    return ranges


def _auto_jobs(count: int) -> int:
    if count < PARALLEL_MIN_FILES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


# Per worker process: what every range needs, built once when the worker starts.
_WORKER: dict[str, object] = {}


def _init_worker(
    candidates: tuple[Candidate, ...],
    recognizer: Recognizer,
    options: ScanOptions,
    ranges: list[tuple[int, int]],
    claimed: Any,
) -> None:
    budget.limit_worker_memory()
    gc.set_threshold(*EXTRACTION_GC_THRESHOLD)  # a spawned worker does not inherit the parent's
    _WORKER.update(
        candidates=candidates,
        recognizer=recognizer,
        options=options,
        gate=prefilter(recognizer),
        ranges=ranges,
        claimed=claimed,
    )


def _extract_claimed() -> list[tuple[int, Outcome]]:
    """(index, outcome) of the candidates of every range this worker claims, leaving out NOTHING: most
    files, not sent back."""
    candidates: tuple[Candidate, ...] = _WORKER["candidates"]  # type: ignore[assignment]
    recognizer: Recognizer = _WORKER["recognizer"]  # type: ignore[assignment]
    options: ScanOptions = _WORKER["options"]  # type: ignore[assignment]
    gate: Prefilter = _WORKER["gate"]  # type: ignore[assignment]
    ranges: list[tuple[int, int]] = _WORKER["ranges"]  # type: ignore[assignment]
    found = []
    for start, end in _claims(ranges, _WORKER["claimed"]):
        for index in range(start, end):
            outcome = read_and_extract(candidates[index], recognizer, gate, options)
            if outcome is not NOTHING:
                found.append((index, outcome))
    return found


class _Progress:
    """`files done / total, models found` on stderr, only on a terminal and not in CI; erased at the end."""

    DELAY = 0.5  # seconds before the first line: short scans print nothing
    INTERVAL = 0.1

    def __init__(self, total: int, enabled: bool | None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty() and not os.environ.get("CI")
        self.enabled = enabled
        self.total = total
        self.done = 0
        self.models: set[str] = set()
        self.started = time.monotonic()
        self.shown = 0.0
        self.printed = False

    def advance(self, count: int, outcome: Outcome, done: int | None = None) -> None:
        """count more files done (or done, where it is known as a total), outcome the last one's."""
        if not self.enabled:
            return
        self.done = max(self.done + count, done or 0)
        result = outcome[0]
        if result is not None:
            self.models.update(r.id.lower() for r in result.references)
        now = time.monotonic()
        if now - self.started < self.DELAY or now - self.shown < self.INTERVAL:
            return
        self.shown = now
        self.printed = True
        sys.stderr.write(f"\rmodelorigin: {self.done:,}/{self.total:,} files, {len(self.models):,} models found")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.printed:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
