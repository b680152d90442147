"""`modelorigin scan`: find model dependencies and evaluate them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner.commands import EXIT_FINDINGS, EXIT_OK, CliError, fail
from scanner.errors import UserError
from scanner.records import SEVERITIES


@click.command("scan")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", default="table", show_default=True, help="Output format: table, json.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option(
    "--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that fails (default: policy's, else high)."
)
@click.option("--exit-zero", is_flag=True, help="Report only: exit 0 even with findings.")
@click.option(
    "--rules",
    "rules_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Rules file layered over the bundled rules (repeatable).",
)
@click.option(
    "--policy",
    "policy_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Policy file (default: .modelorigin.yaml or [tool.modelorigin] at the scanned root).",
)
@click.option("--profile", help="Policy profile to apply: default, us-federal-contractor, eu-deployer.")
@click.option("--include-docs", is_flag=True, help="Also scan Markdown and reStructuredText (marked as docs).")
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=2 * 1024 * 1024,
    show_default=True,
    help="Skip text files larger than this many bytes.",
)
def command(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    exit_zero: bool,
    rules_files: tuple[Path, ...],
    policy_file: Path | None,
    profile: str | None,
    include_docs: bool,
    max_file_size: int,
) -> None:
    """Scan PATHS (default: the current directory) for model dependencies and evaluate them."""
    from scanner.pipeline import ScanOptions
    from scanner.pipeline import scan as run_scan
    from scanner.report import FORMATS, formatter

    if fmt not in FORMATS:
        raise click.BadParameter(f"'{fmt}' is not one of {', '.join(FORMATS)}", param_hint="--format")
    try:
        report = run_scan(
            ScanOptions(
                paths=list(paths) or [Path.cwd()],
                rules_files=list(rules_files),
                policy_file=policy_file,
                profile=profile,
                fail_on=fail_on,
                max_file_size=max_file_size,
                include_docs=include_docs,
            )
        )
    except UserError as exc:
        raise fail(exc) from None
    text = formatter(fmt)(report)
    _emit(text, output)
    gating = report.gating_findings()
    if output is not None:
        click.echo(
            f"modelorigin: {len(report.models)} model(s), {len(report.findings)} finding(s), "
            f"{len(gating)} at or above '{report.fail_on}'; report written to {output}",
            err=True,
        )
    sys.exit(EXIT_FINDINGS if gating and not exit_zero else EXIT_OK)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{output}: cannot write report: {exc.strerror}") from None
