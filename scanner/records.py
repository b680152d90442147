"""The typed records that flow through the pipeline.

discover -> extract -> resolve -> evaluate -> report

Every record is immutable. Stages add new records; none edits another stage's output; a changed copy
is made with `record._replace(field=value)`.

Records are typed NamedTuples rather than frozen dataclasses: as immutable and as light, but made
without generating code. A frozen dataclass compiles six methods when its class is created (about
1.3 ms each class on CPython 3.11), and a pre-commit run creates every record class at start-up:
with dataclasses the classes alone cost a quarter of the hook's budget. A NamedTuple is a tuple:
`meta` is compared along with the other fields, and a record holding a dict is not hashable.

No `from __future__ import annotations` here: typing.NamedTuple turns each string annotation into a
ForwardRef, which compiles it (about 0.7 ms for these classes); evaluated annotations cost less.
"""

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, NamedTuple


class RefType(str, Enum):
    """What kind of thing a reference names."""

    HUB_MODEL = "hub_model"  # Hugging Face id org/name
    MODELSCOPE_MODEL = "modelscope_model"  # ModelScope id org/name
    OLLAMA_MODEL = "ollama_model"  # name:tag from the Ollama library
    MODEL_FILE = "model_file"  # a GGUF / safetensors / pickle file on disk
    API_ENDPOINT = "api_endpoint"  # host of a hosted model API
    HOSTED_MODEL = "hosted_model"  # a model name sent to a hosted API (qwen-max, deepseek-chat), see rules/hosted.yaml
    SDK_PACKAGE = "sdk_package"  # a model provider's client package
    LOADER_PACKAGE = "loader_package"  # a model-loading library pinned in a manifest (torch, ...)


SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")


class PlainRecord:
    """A plain class compared, hashed and shown by its fields (FIELDS, in the order `__init__` takes them), for
    the records of the resolve and evaluate stages: making a dataclass costs half a millisecond and a NamedTuple
    class a third of one of every run that imports it (a pre-commit run); a subclass costs nothing more."""

    __slots__ = ()
    FIELDS: tuple[str, ...] = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if isinstance(other, type(self)) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({shown})"


def severity_rank(severity: str) -> int:
    """Order of a severity name: info=0 ... critical=4."""
    return SEVERITIES.index(severity)


class Reference(NamedTuple):
    """One occurrence of a model (or API, or SDK) in a scanned file."""

    id: str  # normalized: org/name (case as written), name:tag, host, or package name
    ref_type: RefType
    path: str  # relative to the scan root, '/'-separated
    line: int  # 1-based, in the file as stored
    column: int  # 1-based
    raw: str  # the text as written
    extractor: str  # which extractor found it
    trust_remote_code: bool = False
    revision: str | None = None  # revision= as written, when literal
    version_spec: str | None = None  # for packages: the version or specifier as written
    in_docs: bool = False
    # model files and folders: what their headers, card, config and LICENSE say (JSON-like; see scanner.modelfiles)
    meta: dict[str, Any] | None = None
    # written where nothing runs it (a comment, a docstring, a notebook's markdown or output): listed in the
    # inventory, never a dependency, never a finding
    mention: bool = False
    # the line of the call or slot that uses an id held in a variable (the reference itself is where the id is
    # written); None when the id is written in the slot itself
    used_at: int | None = None

    @property
    def revision_pinned(self) -> bool:
        """A revision pins the content only when it is a full or abbreviated commit hash."""
        return self.revision is not None and is_commit_hash(self.revision)


def is_commit_hash(revision: str) -> bool:
    return 7 <= len(revision) <= 40 and all(c in "0123456789abcdef" for c in revision.lower())


class Evidence(NamedTuple):
    """Which signal said what about a model attribute, and how sure it is."""

    attribute: str  # origin | license | lineage | family
    value: str
    signal: str  # catalog | org | family-pattern | model-card | gguf | config | hub-api | ...
    detail: str  # human-readable: which entry, file or key
    confidence: str = "high"  # high | medium | low
    verified: bool = True


class Origin(NamedTuple):
    lab: str | None  # lab id from the rules; None when unknown
    lab_name: str | None
    country: str | None  # ISO 3166-1 alpha-2
    via: str  # signal that decided it (see Evidence.signal), or "unknown"


class LicenseRef(NamedTuple):
    id: str | None  # license id from the rules; None when unknown
    name: str | None
    via: str


class Ancestor(NamedTuple):
    """One step up a model's lineage."""

    id: str
    relation: str  # finetune | adapter | quantized | merge | distill | reupload
    lab: str | None
    country: str | None
    license: str | None
    via: str
    parent: str | None = None  # id of the model this is a base of (None: of the model itself)


class Model(NamedTuple):
    """A distinct model (or hosted API, or SDK) after resolution."""

    id: str
    kind: str  # RefType value of the references that name it
    origin: Origin
    license: LicenseRef
    family: str | None = None
    uploader: str | None = None  # the org that published this copy, when not the origin lab
    relation: str | None = None  # how this copy relates to its origin (reupload, quantized, ...)
    lineage: tuple[Ancestor, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    custom_code: bool = False
    # facts from the model's own files and name: declared license, conflicts, imitated org (see scanner.resolve)
    meta: dict[str, Any] | None = None
    # every reference to it is a mention (a comment, a docstring, a message): in the inventory, never a finding
    mention_only: bool = False

    def identity(self) -> dict[str, Any]:
        """What this model is, as plain data (shared by the facts, explain and the reports)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "family": self.family,
            "uploader": self.uploader,
            "relation": self.relation,
            "custom_code": self.custom_code,
        }


class Location(NamedTuple):
    path: str
    line: int
    column: int = 1


class Finding(NamedTuple):
    rule_id: str
    rule_name: str
    title: str
    severity: str
    category: str
    message: str
    remediation: str
    model_id: str | None
    path: str | None
    line: int | None
    locations: tuple[Location, ...] = ()
    verified: bool = True  # False when it rests on a fact marked verified: false
    fingerprint: str = ""
    waived_by: str | None = None  # waiver or suppression that silences it


class SkippedFile(NamedTuple):
    path: str
    reason: str


class ParseIssue(NamedTuple):
    path: str
    line: int | None
    message: str
    fallback: str | None = None  # what was done instead (e.g. "line scan")


class ExtractResult(NamedTuple):
    references: tuple[Reference, ...] = ()
    issues: tuple[ParseIssue, ...] = ()


class Coverage(NamedTuple):
    roots: tuple[str, ...]
    files_scanned: int
    skipped: tuple[SkippedFile, ...]
    parse_errors: tuple[ParseIssue, ...]

    def not_read(self) -> tuple[str, ...]:
        """Files the scan meant to read and could not (unreadable, too large, not a regular file, a symlink
        loop, a parser's internal error): coverage is incomplete. Documentation, excluded folders, binary
        files and the tool's own reports are left out on purpose and do not count."""
        skipped = (s.path for s in self.skipped if s.reason.startswith(INCOMPLETE_REASONS))
        failed = (p.path for p in self.parse_errors if p.message.startswith("not parsed:"))
        return tuple(dict.fromkeys((*skipped, *failed)))


# reasons of SkippedFile that leave coverage incomplete (see Coverage.not_read)
INCOMPLETE_REASONS = ("unreadable", "larger than", "not a regular file", "symlink loop")


class RulesInfo(NamedTuple):
    version: str
    sha256: str
    as_of: str
    files: tuple[str, ...]


class ScanReport(NamedTuple):
    """Everything a formatter needs; formatters only format this."""

    tool_version: str
    generated_at: str
    rules: RulesInfo
    policy: dict[str, Any]
    references: tuple[Reference, ...]
    models: tuple[Model, ...]
    findings: tuple[Finding, ...]
    coverage: Coverage
    fail_on: str
    warnings: tuple[str, ...] = ()
    # From the rules, for formatters that explain rather than list (audit report, SARIF rule help):
    licenses: Mapping[str, dict[str, Any]] = MappingProxyType({})  # terms of every license in use, by id
    checks: Mapping[str, dict[str, Any]] = MappingProxyType({})  # every check's metadata, by id
    labs: Mapping[str, dict[str, Any]] = MappingProxyType({})  # every lab in the models' lineages, by id
    online_unreached: bool = False  # --online or --check-lock was asked for and no Hub lookup succeeded

    def passed(self) -> bool:
        """The gate's verdict: no gating finding, and, when the policy asks for it (fail_on_incomplete or
        --fail-on-skipped), every file the scan meant to read was read."""
        incomplete = bool(self.policy.get("fail_on_incomplete")) and bool(self.coverage.not_read())
        return not self.gating_findings() and not incomplete

    def gating_findings(self) -> tuple[Finding, ...]:
        """Findings that make the gate fail: verified, not waived, at or above the threshold."""
        threshold = severity_rank(self.fail_on)
        return tuple(
            f for f in self.findings if f.verified and f.waived_by is None and severity_rank(f.severity) >= threshold
        )
