"""`modelorigin scan`: find model dependencies and evaluate them."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from scanner.commands import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, CliError, fail
from scanner.errors import UserError
from scanner.records import SEVERITIES

if TYPE_CHECKING:
    from scanner.online.source import HubMetadata
    from scanner.options import ScanOptions
    from scanner.records import ScanReport

F = TypeVar("F", bound=Callable[..., Any])

FORMAT_HELP = (
    "Output format: table (terminal), json (the documented report), sarif (code scanning), "
    "cyclonedx (CycloneDX 1.6 ML-BOM), markdown or html (audit report)."
)


def scan_inputs(func: F) -> F:
    """The options that decide what a scan finds, shared by `scan` and `baseline`."""
    decorators = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option(
            "--rules",
            "rules_files",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help="Rules file layered over the bundled rules (repeatable).",
        ),
        click.option(
            "--policy",
            "policy_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Policy file (default: .modelorigin.yaml or [tool.modelorigin] at the scanned root).",
        ),
        click.option("--profile", help="Policy profile to apply: default, us-federal-contractor, eu-deployer."),
        click.option("--include-docs", is_flag=True, help="Also scan Markdown and reStructuredText (marked as docs)."),
        click.option(
            "--max-file-size",
            type=click.IntRange(min=1),
            default=2 * 1024 * 1024,
            show_default=True,
            help="Skip text files larger than this many bytes.",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


# options `scan` shares with `notice`: what to leave out, and Hub metadata beyond the bundled rules
exclude_option = click.option(
    "--exclude",
    "exclude",
    multiple=True,
    metavar="GLOB",
    help="Do not scan paths matching GLOB (gitignore-style, repeatable), beside the policy's exclude.",
)
online_option = click.option(
    "--online",
    is_flag=False,
    flag_value="strict",
    default=None,
    type=click.Choice(["strict", "best-effort"]),
    metavar="[=best-effort]",
    help="Ask the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN) about models the rules do not settle. When no "
    "lookup succeeds the command says so and exits 2, unless --online=best-effort.",
)
lockfile_option = click.option(
    "--lockfile",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Lockfile to read (default: modelorigin.lock at the scanned root, when present).",
)


def online_options(func: F) -> F:
    """--online, --check-lock and --lockfile: Hub metadata beyond the bundled rules."""
    check_lock = click.option(
        "--check-lock",
        is_flag=True,
        help="Ask the Hub about every locked model and report drift from modelorigin.lock.",
    )
    return online_option(check_lock(lockfile_option(func)))


def refuse_unreached_hub(report: ScanReport, online: str | None) -> None:
    """--online asked for the Hub and no lookup succeeded: say so, and exit 2 unless --online=best-effort
    (an offline result is not the verdict the user asked for)."""
    if report.online_unreached:
        click.echo(f"modelorigin: {report.warnings[0]}", err=True)
        if online != "best-effort":
            click.echo("modelorigin: exiting 2 (give --online=best-effort to accept an offline result)", err=True)
            sys.exit(EXIT_ERROR)


def run_scan(options: ScanOptions) -> ScanReport:
    """The pipeline, with a user's mistake turned into one line and exit 2."""
    return run_scan_with(options, None)


def run_scan_with(options: ScanOptions, metadata: HubMetadata | None) -> ScanReport:
    from scanner.pipeline import scan

    try:
        return scan(options, metadata)
    except UserError as exc:
        raise fail(exc) from None


def scan_options(
    paths: tuple[Path, ...],
    rules_files: tuple[Path, ...],
    policy_file: Path | None,
    profile: str | None,
    include_docs: bool,
    max_file_size: int,
    **extra: Any,
) -> ScanOptions:
    from scanner.options import ScanOptions

    return ScanOptions(
        paths=list(paths) or ([] if extra.get("hf_cache") else [Path.cwd()]),
        rules_files=tuple(rules_files),
        policy_file=policy_file,
        profile=profile,
        max_file_size=max_file_size,
        include_docs=include_docs,
        **extra,
    )


@click.command("scan")
@scan_inputs
@click.option(
    "--format",
    "-f",
    "fmt",
    default=None,
    help=FORMAT_HELP + " Default: from --output's extension (.json, .sarif, .cdx.json, .md, .html), else table.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option(
    "--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that fails (default: policy's, else high)."
)
@click.option("--exit-zero", is_flag=True, help="Report only: exit 0 even with findings.")
@click.option(
    "--also",
    "also",
    multiple=True,
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report to FILE, in the format its extension says (repeatable): one scan gives the "
    "terminal table, report.sarif, report.json and audit.html.",
)
@click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    help="Show only findings at or above this severity in the table (the gate still counts all; see --fail-on).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the verdict line, warnings and errors.")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Show every model and finding in full. By default a large result starts with the decisions (one line "
    "per check) and shows the models and findings with the worst findings. A file (--output) gets everything.",
)
@click.option(
    "--verbose", "-v", is_flag=True, help="Also list every file not scanned, and how long the scan took (stderr)."
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour severities and the verdict on stdout; auto: on a terminal, unless NO_COLOR is set. "
    "Files are never coloured.",
)
@exclude_option
@click.option(
    "--select",
    "select",
    multiple=True,
    metavar="ID[,ID...]",
    help="Run only these checks (repeatable or comma-separated), e.g. --select MO101,MO301.",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="ID[,ID...]",
    help="Do not run these checks; policy key checks: {MO402: off}. Disabled checks are listed in the report.",
)
@click.option(
    "--fail-on-skipped",
    is_flag=True,
    help="Fail when a file meant to be read was not (unreadable, too large, not a regular file); "
    "policy key fail_on_incomplete.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Accept the findings recorded in FILE (see `modelorigin baseline`): only new ones fail.",
)
@click.option(
    "--hf-cache",
    "hf_cache",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[DIR]",
    help="Also scan the Hugging Face cache: DIR, or without DIR the user's cache (HF_HUB_CACHE, HF_HOME). "
    "Give it after PATHS or as --hf-cache=DIR.",
)
@online_options
def command(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    exit_zero: bool,
    also: tuple[Path, ...],
    min_severity: str | None,
    quiet: bool,
    verbose: bool,
    show_all: bool,
    color: str,
    exclude: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on_skipped: bool,
    baseline: Path | None,
    hf_cache: str | None,
    online: str | None,
    check_lock: bool,
    lockfile: Path | None,
    rules_files: tuple[Path, ...],
    policy_file: Path | None,
    profile: str | None,
    include_docs: bool,
    max_file_size: int,
) -> None:
    """Scan PATHS (default: the current directory, unless only --hf-cache is given) for model dependencies
    and evaluate them."""
    from scanner.report import FORMATS, rendered

    extra = [(path, format_for(path)) for path in also]  # an extension that names no format: refused before scanning
    fmt = fmt or format_for(output)
    if fmt not in FORMATS:
        raise click.BadParameter(f"'{fmt}' is not one of {', '.join(FORMATS)}", param_hint="--format")
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be given together")
    if baseline is not None and not baseline.is_file():
        raise CliError(f"{baseline}: baseline not found (write one with `modelorigin baseline -o {baseline}`)")
    started = time.monotonic()
    report = run_scan(
        scan_options(
            paths,
            rules_files,
            policy_file,
            profile,
            include_docs,
            max_file_size,
            fail_on=fail_on,
            fail_on_skipped=fail_on_skipped,
            exclude=exclude,
            select=_check_ids(select),
            ignore=_check_ids(ignore),
            baseline=baseline,
            hf_cache=_cache_dir(hf_cache),
            online=online is not None,
            check_lock=check_lock,
            lockfile=lockfile,
        )
    )
    text: str | Iterable[str]
    if fmt == "table":
        from scanner.report.table import render_table

        detail = "quiet" if quiet else "verbose" if verbose else "normal"
        text = render_table(
            report,
            min_severity=min_severity,
            color=use_color(color, output),
            detail=detail,
            everything=show_all or output is not None,
        )
    else:
        text = rendered(fmt, report)
    emit(text, output, color=color == "always")
    for path, extra_fmt in extra:
        emit(rendered(extra_fmt, report), path)
        click.echo(f"modelorigin: {extra_fmt} report written to {path}", err=True)
    gating = report.gating_findings()
    if verbose:
        cov = report.coverage
        if fmt != "table":  # the table lists them itself
            for skip in cov.skipped:
                click.echo(f"modelorigin: not scanned: {skip.path}: {skip.reason}", err=True)
        click.echo(
            f"modelorigin: scanned {cov.files_scanned} file(s) in {time.monotonic() - started:.2f} s "
            f"({len(cov.skipped)} not scanned, {len(cov.parse_errors)} parse problem(s))",
            err=True,
        )
    if output is not None:
        click.echo(
            f"modelorigin: {len(report.models)} model(s), {len(report.findings)} finding(s), "
            f"{len(gating)} at or above '{report.fail_on}'; report written to {output}",
            err=True,
        )
    refuse_unreached_hub(report, online)
    sys.exit(EXIT_FINDINGS if not report.passed() and not exit_zero else EXIT_OK)


def use_color(choice: str, output: Path | None) -> bool:
    """--color: a report written to a file is never coloured; on stdout, always/never as said, and auto
    colours a terminal (not a pipe) unless NO_COLOR is set to anything non-empty (no-color.org). An
    explicit --color always wins over NO_COLOR."""
    if output is not None or choice == "never":
        return False
    return choice == "always" or (not os.environ.get("NO_COLOR") and sys.stdout.isatty())


def _check_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """MO101,mo301 MO402 -> (MO101, MO301, MO402)."""
    return tuple(part.strip().upper() for value in values for part in value.split(",") if part.strip())


def _cache_dir(value: str | None) -> Path | None:
    if value is None:
        return None
    from scanner.modelfiles.hfcache import default_cache_dir

    return Path(value).expanduser() if value else default_cache_dir()


# --output extensions that say the format (longest first: report.cdx.json is CycloneDX, not JSON)
FORMAT_BY_SUFFIX = (
    (".cdx.json", "cyclonedx"),
    (".bom.json", "cyclonedx"),
    (".sarif.json", "sarif"),
    (".sarif", "sarif"),
    (".json", "json"),
    (".md", "markdown"),
    (".markdown", "markdown"),
    (".html", "html"),
    (".htm", "html"),
    (".txt", "table"),
)


def format_for(output: Path | None) -> str:
    """The format an --output file's name asks for; table for the terminal. An extension that names no
    format is refused: writing a table into report.xml would pass for a report and be none."""
    if output is None:
        return "table"
    name = output.name.lower()
    for suffix, fmt in FORMAT_BY_SUFFIX:
        if name.endswith(suffix):
            return fmt
    if "." not in name:
        return "table"
    raise CliError(f"{output}: cannot tell the format from the extension; give --format")


def _batches(pieces: Iterable[str], size: int = 1 << 16) -> Iterable[str]:
    """Pieces joined into strings of about size characters: one write per batch, not per finding."""
    batch: list[str] = []
    held = 0
    for piece in pieces:
        batch.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(batch)
            batch, held = [], 0
    if batch:
        yield "".join(batch)


def emit(text: str | Iterable[str], output: Path | None, *, color: bool = False) -> None:
    """Print the report, or write it to output atomically; text is a string or pieces in order. color:
    keep ANSI styles even when stdout is not a terminal (--color always); otherwise click removes them."""
    if output is None:
        for piece in [text] if isinstance(text, str) else _batches(text):
            click.echo(piece, nl=False, color=color or None)
        return
    from scanner.errors import write_atomically

    try:
        write_atomically(output, text)
    except OSError as exc:
        raise CliError(f"{output}: cannot write report: {exc.strerror}") from None
