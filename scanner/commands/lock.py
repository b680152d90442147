"""`modelorigin lock`: record what the Hub says about every hub model, for offline, reproducible CI."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.commands import CliError
from scanner.commands.scan import run_scan_with, scan_inputs, scan_options


@click.command("lock")
@scan_inputs
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the lockfile (default: modelorigin.lock at the scanned root).",
)
def command(
    paths: tuple[Path, ...],
    output: Path | None,
    rules_files: tuple[Path, ...],
    policy_file: Path | None,
    profile: str | None,
    include_docs: bool,
    max_file_size: int,
) -> None:
    """Resolve every hub model in PATHS on the Hub and write modelorigin.lock (sorted YAML).

    Commit the lockfile: `scan` reads it offline, and `scan --check-lock` reports what changed upstream.
    """
    from scanner.online import LOCK_NAME
    from scanner.online.hub import HubRecord
    from scanner.online.lockfile import entry, write_lock
    from scanner.online.source import HubMetadata, hub_client

    metadata = HubMetadata(client=hub_client(), fetch_all=True)
    options = scan_options(paths, rules_files, policy_file, profile, include_docs, max_file_size)
    report = run_scan_with(options, metadata)
    models = {m.id.lower(): m for m in report.models}
    entries = {}
    failures = []
    for key, result in sorted(metadata.fetched.items()):
        if not isinstance(result, HubRecord):
            failures.append(f"{result.id}: {result.reason} ({result.detail})")
            continue
        model = models.get(key)
        license_id = model.license.id if model is not None else None
        entries[result.id] = entry(result, license_id, [a.id for a in model.lineage] if model else [])
    root = Path(report.coverage.roots[0]) if len(paths) == 1 and paths[0].is_dir() else Path.cwd()
    target = output or root / LOCK_NAME
    if not entries and failures:
        raise CliError(f"{target}: nothing to lock; the Hub resolved none of the models ({'; '.join(failures[:3])})")
    write_lock(target, entries)
    for failure in failures:
        click.echo(f"modelorigin: not locked: {failure}", err=True)
    click.echo(
        f"wrote {target}: {len(entries)} model(s) locked, {len(failures)} not resolved, "
        f"{metadata.requests_made} Hub request(s)"
    )
