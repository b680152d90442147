"""discover -> extract -> resolve -> evaluate: one scan, as a function of its options."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from scanner import __version__
from scanner.discover import DEFAULT_MAX_FILE_SIZE, Candidate, discover, sniff_binary
from scanner.errors import UserError
from scanner.evaluate.engine import Subject, evaluate
from scanner.evaluate.policy import load_policy
from scanner.evaluate.suppress import MISSING_REASON_CHECK, silence
from scanner.extract import extract_file, is_doc
from scanner.extract.base import MODEL_KEYS, Recognizer
from scanner.knowledge import Knowledge, load_rules, normalize_package
from scanner.records import Coverage, ExtractResult, Model, ParseIssue, Reference, ScanReport, SkippedFile
from scanner.resolve.resolver import Resolver, model_key


@dataclass(frozen=True)
class ScanOptions:
    paths: list[Path]
    rules_files: list[Path] = field(default_factory=list)
    policy_file: Path | None = None
    profile: str | None = None
    fail_on: str | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    include_docs: bool = False
    baseline: Path | None = None  # findings listed there are marked as accepted (scan --baseline)


def build_recognizer(kb: Knowledge) -> Recognizer:
    return Recognizer(
        known_orgs=kb.known_orgs,
        ollama_names=frozenset(e["name"].lower() for e in kb.section("ollama")),
        endpoint_hosts=kb.endpoint_hosts,
        sdk_packages=frozenset(normalize_package(s["package"]) for s in kb.section("sdks")),
        sdk_imports={**{m: s["package"] for s in kb.section("sdks") for m in s.get("imports") or []}},
        loader_packages=frozenset(kb.loaders_by_package),
    )


def prefilter(recognizer: Recognizer) -> re.Pattern[bytes]:
    """A byte pattern every file with a possible reference contains; files without it are not parsed."""
    words = {
        "model",
        "pretrained",
        "repo_id",
        "ollama",
        "huggingface",
        "hf.co",
        "hf://",
        "modelscope",
        "tokenizer",
        "checkpoint",
        "llm",
        "hf-mirror",
    }
    words |= {k for k in MODEL_KEYS if "model" not in k}
    words |= {f"{org}/" for org in recognizer.known_orgs}
    words |= set(recognizer.endpoint_hosts) | set(recognizer.sdk_imports) | set(recognizer.loader_packages)
    words |= {p for p in recognizer.sdk_packages} | {p.replace("-", "_") for p in recognizer.sdk_packages}
    alternation = b"|".join(re.escape(w.encode()) for w in sorted(words, key=len, reverse=True))
    return re.compile(b"(?i:" + alternation + b")")


def scan(options: ScanOptions) -> ScanReport:
    rules, rules_info = load_rules(options.rules_files)
    kb = Knowledge(rules)
    found = discover(options.paths)
    policy, _source, policy_sha = load_policy(options.policy_file, found.root, options.profile)
    if options.fail_on:
        policy["fail_on"] = options.fail_on
    policy["sha256"] = policy_sha
    recognizer = build_recognizer(kb)
    gate = prefilter(recognizer)

    references: list[Reference] = []
    issues: list[ParseIssue] = []
    skipped: list[SkippedFile] = list(found.skipped)
    scanned = 0
    for candidate in found.candidates:
        result, reason = read_and_extract(candidate, recognizer, gate, options)
        if reason is not None:
            skipped.append(SkippedFile(candidate.rel, reason))
            continue
        scanned += 1
        if result is not None:
            references.extend(result.references)
            issues.extend(result.issues)
    if scanned == 0:
        raise UserError(
            f"nothing could be scanned ({len(skipped)} file(s) skipped: "
            + "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
            + ("; ..." if len(skipped) > 3 else "")
            + ")",
            ", ".join(str(p) for p in options.paths) or ".",
        )

    references.sort(key=lambda r: (r.path, r.line, r.column, r.id))
    models, subjects = resolve_all(references, kb)
    findings = evaluate(subjects, kb, policy)
    findings, notes = silence(
        findings, {c.rel: c.path for c in found.candidates}, {c["id"]: c["name"] for c in kb.checks}, options.baseline
    )
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
            roots=tuple(str(p) for p in options.paths),
            files_scanned=scanned,
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            parse_errors=tuple(issues),
        ),
        fail_on=policy["fail_on"],
        warnings=tuple(_rules_age_warning(rules_info.as_of, policy)) + tuple(notes),
        licenses={i: kb.licenses[i] for m in models for i in _license_ids(m) if i in kb.licenses},
        checks={c["id"]: c for c in [*kb.checks, MISSING_REASON_CHECK]},
    )


def read_and_extract(
    candidate: Candidate, recognizer: Recognizer, gate: re.Pattern[bytes], options: ScanOptions
) -> tuple[ExtractResult | None, str | None]:
    """(result, None) when read, or (None, reason) when skipped."""
    name = candidate.rel.rsplit("/", 1)[-1]
    docs = is_doc(name)
    if docs and not options.include_docs:
        return None, "documentation (scan with --include-docs)"
    try:
        size = candidate.path.stat().st_size
        if size > options.max_file_size:
            return None, f"larger than {options.max_file_size:,} bytes (--max-file-size)"
        data = candidate.path.read_bytes()
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or exc}"
    if sniff_binary(data):
        return None, "binary file"
    if not gate.search(data):
        return ExtractResult(), None
    return extract_file(data, candidate.rel, recognizer, in_docs=docs), None


def resolve_all(references: list[Reference], kb: Knowledge) -> tuple[list[Model], list[Subject]]:
    resolver = Resolver(kb)
    groups: dict[str, list[Reference]] = {}
    for ref in references:
        groups.setdefault(model_key(ref), []).append(ref)
    models: list[Model] = []
    subjects: list[Subject] = []
    for refs in groups.values():
        model = resolver.resolve(refs[0])
        if model is not None:
            models.append(model)
        subjects.append(Subject(model, tuple(refs)))
    models.sort(key=lambda m: (m.kind, m.id.lower()))
    return models, subjects


def _license_ids(model: Model) -> list[str]:
    return [i for i in (model.license.id, *(a.license for a in model.lineage)) if i]


def _rank(severity: str) -> int:
    from scanner.records import severity_rank

    return severity_rank(severity)


def _rules_age_warning(as_of: str, policy: dict[str, object]) -> list[str]:
    try:
        age = (dt.date.today() - dt.date.fromisoformat(as_of)).days
    except ValueError:
        return []
    limit = int(policy.get("rules_max_age_days", 365))  # type: ignore[call-overload]
    if age > limit:
        return [
            f"the bundled rules are {age} days old (as of {as_of}; policy allows {limit}): "
            "update modelorigin for current listings and licenses"
        ]
    return []
