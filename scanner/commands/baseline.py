"""`modelorigin baseline`: record today's findings so that `scan --baseline` fails only on new ones."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.commands.scan import emit, run_scan, scan_inputs, scan_options

DEFAULT_BASELINE = Path(".modelorigin-baseline.json")


@click.command("baseline")
@scan_inputs
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="Where to write the baseline ('-' for standard output).",
)
def command(
    paths: tuple[Path, ...],
    output: Path,
    rules_files: tuple[Path, ...],
    policy_file: Path | None,
    profile: str | None,
    include_docs: bool,
    max_file_size: int,
) -> None:
    """Record the current findings of PATHS with their stable fingerprints.

    Commit the file; `modelorigin scan --baseline FILE` then reports the recorded findings as
    accepted and fails only on new ones. Policy findings (denies, expired waivers) are never
    recorded: a baseline cannot accept them.
    """
    from scanner.evaluate.suppress import baseline_document

    report = run_scan(scan_options(paths, rules_files, policy_file, profile, include_docs, max_file_size))
    doc = baseline_document(
        report.findings,
        tool_version=report.tool_version,
        generated_at=report.generated_at,
        rules_sha256=report.rules.sha256,
    )
    from scanner.report import json_text

    text = json_text(doc)  # one accepted finding per line: a baseline change reads as a diff
    if str(output) == "-":
        emit(text, None)
        return
    emit(text, output)
    skipped = sum(1 for f in report.findings if f.waived_by is None) - len(doc["findings"])
    note = f"; {skipped} policy finding(s) not recorded (a baseline cannot accept them)" if skipped else ""
    click.echo(f"modelorigin: recorded {len(doc['findings'])} finding(s) in {output}{note}", err=True)
