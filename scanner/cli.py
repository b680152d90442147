"""The command line. Thin: parse options, call the pipeline, pick a formatter, choose the exit code.

Exit codes: 0 nothing at or above the threshold; 1 findings at or above it; 2 usage, rules or
policy error, or nothing could be scanned. No operational error exits 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from scanner import __version__
from scanner.errors import UserError
from scanner.records import SEVERITIES

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class CliError(click.ClickException):
    """An operational error: one line, exit 2 (Click's own ClickException would exit 1)."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"modelorigin: error: {self.format_message()}", err=True)


def _fail(exc: UserError) -> CliError:
    return CliError(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="modelorigin")
def cli() -> None:
    """Find the AI models a project depends on: origin lab and country, license obligations,
    export-control, data-residency and security flags."""


@cli.command()
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
def scan(
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
        raise _fail(exc) from None
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


@cli.group()
def rules() -> None:
    """List, show and validate checks and rules files."""


@rules.command("list")
@click.option("--rules", "rules_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path))
def rules_list(rules_files: tuple[Path, ...]) -> None:
    """List every check with its id, default severity and title."""
    from tabulate import tabulate

    kb, info = _knowledge(list(rules_files))
    rows = [[c["id"], c["name"], c["severity"], c["category"], c["title"]] for c in kb.checks]
    click.echo(tabulate(rows, headers=["id", "name", "severity", "category", "title"], tablefmt="simple"))
    click.echo(f"\nRules {info.version} as of {info.as_of}, sha256 {info.sha256}")


@rules.command("show")
@click.argument("check_id")
@click.option("--rules", "rules_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path))
def rules_show(check_id: str, rules_files: tuple[Path, ...]) -> None:
    """Explain a check: what it checks, why it matters, an example, how to fix it, sources."""
    kb, _ = _knowledge(list(rules_files))
    wanted = check_id.lower()
    check = next((c for c in kb.checks if wanted in (c["id"].lower(), c["name"].lower())), None)
    if check is None:
        raise CliError(f"no check '{check_id}' (see 'modelorigin rules list')")
    from scanner.report.rule_doc import render_rule_doc

    click.echo(render_rule_doc(check), nl=False)


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def rules_validate(files: tuple[Path, ...]) -> None:
    """Validate rules files against the schema; exit 2 on the first problem."""
    from scanner.knowledge.load import read_user_rules

    for f in files:
        try:
            doc, _ = read_user_rules(f)
        except UserError as exc:
            raise _fail(exc) from None
        counts = ", ".join(f"{len(v)} {k}" for k, v in doc.items() if isinstance(v, list))
        click.echo(f"{f}: valid ({counts or 'empty'})")


def _knowledge(rules_files: list[Path]) -> tuple[Any, Any]:
    from scanner.knowledge import Knowledge, load_rules

    try:
        data, info = load_rules(rules_files)
    except UserError as exc:
        raise _fail(exc) from None
    return Knowledge(data), info


def main() -> None:
    try:
        cli(prog_name="modelorigin")
    except SystemExit:
        raise
    except Exception as exc:  # an internal error must not look like "findings" (exit 1)
        if os.environ.get("MODELORIGIN_DEBUG"):
            raise
        click.echo(
            f"modelorigin: internal error: {type(exc).__name__}: {exc} (set MODELORIGIN_DEBUG=1 for a traceback)",
            err=True,
        )
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
