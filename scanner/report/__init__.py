"""Formatters: each turns a ScanReport into text. No resolution or policy logic lives here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from pathlib import Path
from types import GeneratorType

from scanner.records import ScanReport

Formatter = Callable[[ScanReport], str]

# --format name -> (module, function); a formatter's module is imported only when it is chosen,
# so a default scan never pays for cyclonedx or the HTML renderer.
_FORMATTERS: dict[str, tuple[str, str]] = {
    "table": ("scanner.report.table", "render_table"),
    "json": ("scanner.report.json_report", "render_json"),
    "concise": ("scanner.report.concise", "render_concise"),
    "sarif": ("scanner.report.sarif", "render_sarif"),
    "cyclonedx": ("scanner.report.cyclonedx", "render_cyclonedx"),
    "markdown": ("scanner.report.markdown", "render_markdown"),
    "html": ("scanner.report.html", "render_html"),
}

FORMATS: tuple[str, ...] = tuple(_FORMATTERS)

# checklist entries (scanner.resolve.obligations.checklist) that state what a license is rather than ask for an
# action: explain prints them as facts under their source, the ML-BOM lists them apart from the obligations
LICENSE_FACTS = frozenset({"commercial use", "derivatives", "territory", "governing law"})


# formats that can be written as they are rendered (a large report is never held whole in memory)
_STREAMERS: dict[str, tuple[str, str]] = {"json": ("scanner.report.json_report", "stream_json")}


def rendered(name: str, report: ScanReport) -> Iterable[str]:
    """The report in a format, as pieces to write in order: streamed where the format allows it."""
    if name in _STREAMERS:
        module, function = _STREAMERS[name]
        stream: Callable[[ScanReport], Iterable[str]] = getattr(import_module(module), function)
        return stream(report)
    return [formatter(name)(report)]


def formatter(name: str) -> Formatter:
    """The formatter for a --format name (imported only when chosen)."""
    module, function = _FORMATTERS[name]
    render: Formatter = getattr(import_module(module), function)
    return render


def scan_root(report: ScanReport) -> Path:
    """The directory the report's paths are relative to: the one directory scanned, else the working
    directory (as discovery decides it)."""
    roots = [Path(r) for r in report.coverage.roots]
    return (roots[0] if len(roots) == 1 and roots[0].is_dir() else Path.cwd()).resolve()


def project_name(report: ScanReport) -> str:
    return scan_root(report).name or "project"


def generated_report(data: bytes) -> bool:
    """Whether a file is a report this tool wrote (JSON, SARIF, CycloneDX, baseline, audit report, lockfile,
    attribution notice, organisation inventory).

    Reports name every model they found; scanning them would report each model again at the
    report's path, so the scan skips them (and lists them as not read).
    """
    head = data[:4096]
    if b'"modelorigin_baseline"' in head:  # a baseline
        return True
    if b'"name": "modelorigin"' in head and (b'"schema_version"' in head or b'"driver"' in head):  # JSON, SARIF
        return True
    if head.startswith(b"# modelorigin.lock: "):  # the lockfile (read as a lock, not as source)
        return True
    if b"<title>AI model audit: " in head:  # HTML audit report
        return True
    if head.startswith(b"# AI model audit: ") and b"by modelorigin" in head:  # Markdown audit report
        return True
    if (
        head.startswith((b"# Third-party models\n", b"THIRD-PARTY MODELS\n"))
        and b"Written by modelorigin notice" in head
    ):
        return True  # the attribution notice (scanner.report.notice): it names every model it attributes
    if b'"modelorigin_inventory"' in head:  # the organisation inventory (modelorigin merge), JSON
        return True
    if b"<title>AI model inventory: " in head or (
        head.startswith(b"# AI model inventory: ") and b"Written by modelorigin merge" in head
    ):
        return True  # the inventory as HTML or Markdown
    return b'"bomFormat": "CycloneDX"' in data and b'"modelorigin:rules:sha256"' in data  # ML-BOM


def coverage_note(report: ScanReport) -> str:
    """What the verdict must say about files the scan meant to read and could not ('' when it read them all)."""
    not_read = report.coverage.not_read()
    if not not_read:
        return ""
    consequence = (
        "this fails the gate (fail_on_incomplete)"
        if report.policy.get("fail_on_incomplete")
        else "see 'not scanned'; --fail-on-skipped makes this fail"
    )
    return f"coverage incomplete: {len(not_read)} file(s) not read ({consequence})"


def json_text(value: object, expand: int = 2) -> str:
    """JSON for a person and a machine (see json_chunks), as one string."""
    return "".join(json_chunks(value, expand))


def json_chunks(value: object, expand: int = 2) -> Iterator[str]:
    """JSON for a person and a machine: containers indented two spaces down to `expand` levels, anything
    deeper on one line (one finding, one reference, one result per line: readable, greppable, diffable).
    Encoded by the C encoder, which json.dumps uses only without indent: several times faster on the
    report of a large tree than indent=2. A generator stands for a list and is consumed as it is
    written, so a report of 100,000 references is never held twice in memory."""
    import json

    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

    def render(item: object, level: int) -> Iterator[str]:
        if isinstance(item, GeneratorType) and level < expand:
            pad, inner = "  " * level, "  " * (level + 1)
            first = True
            for element in item:
                yield ("[\n" if first else ",\n") + inner
                yield from render(element, level + 1)
                first = False
            yield "[]" if first else f"\n{pad}]"
            return
        if isinstance(item, GeneratorType):
            item = list(item)
        if level >= expand or not isinstance(item, (dict, list)) or not item:
            yield encode(item)
            return
        pad, inner = "  " * level, "  " * (level + 1)
        if isinstance(item, dict):
            for index, (key, element) in enumerate(item.items()):
                yield ("{\n" if index == 0 else ",\n") + f"{inner}{encode(str(key))}: "
                yield from render(element, level + 1)
            yield f"\n{pad}}}"
            return
        for index, element in enumerate(item):
            yield ("[\n" if index == 0 else ",\n") + inner
            yield from render(element, level + 1)
        yield f"\n{pad}]"

    yield from render(value, 0)
    yield "\n"
