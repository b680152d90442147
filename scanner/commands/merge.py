"""`modelorigin merge REPORT.json...`: many repositories' JSON reports as one organisation inventory.

Each report (`scan --format json`, one per repository, typically from a CI matrix) is read, folded into
the inventory (scanner.report.inventory) and dropped before the next is read: memory follows the
inventory, not the number of reports. A report that cannot be read (not JSON, cut short, not a modelorigin
report, another schema version) is what an unreadable file is to `scan`: it is named on standard error
with the reason, listed in the inventory as not merged, and the inventory says its coverage is incomplete.

Exit codes: 0 written; 1 with --fail-on-skipped, when a report could not be merged; 2 usage error, no
report could be merged, a bad --previous inventory, or a file that cannot be written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from scanner.commands import EXIT_FINDINGS, EXIT_OK, CliError, fail
from scanner.errors import UserError

FORMATS = ("markdown", "json", "html")


@click.command("merge")
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the inventory to FILE, in the format its extension says (.json, .md, .html). Default: "
    "Markdown on standard output.",
)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), help="Output format (default: from --output).")
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The last JSON inventory: add what changed since (new, removed and changed models, new findings).",
)
@click.option(
    "--due-within",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    metavar="DAYS",
    help="List the waivers that expire within DAYS of --today as coming due.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The date expiry is judged by (default: today, or MODELORIGIN_TODAY).",
)
@click.option("--timestamp", is_flag=True, help="Record when the inventory was made (by default it has no time).")
@click.option(
    "--fail-on-skipped",
    is_flag=True,
    help="Exit 1 when a report could not be merged (without it the inventory says its coverage is incomplete).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
def command(
    reports: tuple[Path, ...],
    output: Path | None,
    fmt: str | None,
    previous: Path | None,
    due_within: int,
    today: dt.datetime | None,
    timestamp: bool,
    fail_on_skipped: bool,
    quiet: bool,
) -> None:
    """Merge the JSON reports of many repositories into one inventory.

    Which repositories use which model and at which files, labs and countries, licenses and their open
    obligations, findings by severity, and the waivers and suppressions that accepted findings, with the
    waivers expiring within --due-within days. A repository is named by its report's path below the
    folder all the reports share, without `.json` (reports/api.json: api); when every report has the
    same file name, by its folder (api/modelorigin.json: api).
    """
    from scanner import __version__
    from scanner.commands.scan import emit
    from scanner.report.inventory import Inventory
    from scanner.report.inventory_trend import Previous

    fmt = fmt or _format_for(output)
    try:
        day = today.date() if today else _today()
    except UserError as exc:
        raise fail(exc) from None
    before = Previous(load_previous(previous), str(previous)) if previous else None
    inventory = Inventory(day, due_within, before)
    for path, name in repository_names(reports).items():
        try:
            report = load_report(path)
        except CliError as exc:
            inventory.refuse(name, str(path), exc.format_message())
            continue
        inventory.add(name, str(path), report)
        del report  # one report in memory at a time
    refused = inventory.not_merged
    if not inventory.repositories:
        if len(refused) == 1:
            raise CliError(refused[0]["error"])
        for entry in refused:
            click.echo(f"modelorigin: not merged: {entry['error']}", err=True)
        raise CliError(f"none of the {len(refused)} reports could be merged")
    for entry in refused:
        click.echo(f"modelorigin: warning: not merged: {entry['error']}", err=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if timestamp else None
    doc = inventory.as_dict(__version__, stamp)
    del inventory  # the aggregates: the document holds what is written
    emit(render(doc, fmt), output if output is not None and str(output) != "-" else None)
    if not quiet:
        click.echo(_summary_line(doc, output), err=True)
    sys.exit(EXIT_FINDINGS if fail_on_skipped and refused else EXIT_OK)


def render(doc: dict[str, Any], fmt: str) -> str | Iterator[str]:
    """The inventory in a format: JSON as pieces written as they are made (each repository, model, check or
    trend entry on its own lines), Markdown and HTML as one string."""
    if fmt == "json":
        from scanner.report import json_chunks

        return json_chunks(doc, expand=3)
    if fmt == "html":
        from scanner.report.inventory_html import render_inventory_html

        return render_inventory_html(doc)
    from scanner.report.inventory_markdown import render_inventory_markdown

    return render_inventory_markdown(doc)


def _format_for(output: Path | None) -> str:
    if output is None or str(output) == "-":
        return "markdown"
    from scanner.commands.scan import format_for

    fmt = format_for(output)
    if fmt not in FORMATS:
        raise CliError(f"{output}: an inventory is written as .json, .md or .html; give --format")
    return fmt


def _today() -> dt.date:
    from scanner.dates import today

    return today()


def repository_names(reports: tuple[Path, ...]) -> dict[Path, str]:
    """Each report (a file given twice counts once) and the name of its repository, in the order given."""
    given: dict[Path, Path] = {}
    for path in reports:
        given.setdefault(Path(os.path.abspath(path)), path)
    base = Path(os.path.commonpath([p.parent for p in given]))
    parents = {p.parent for p in given}
    same_name = len(given) > 1 and len({p.name for p in given}) == 1 and base not in parents
    names = {}
    for absolute, path in given.items():
        if same_name:
            names[path] = absolute.parent.relative_to(base).as_posix()
        else:
            relative = absolute.relative_to(base).as_posix()
            names[path] = relative[:-5] if relative.lower().endswith(".json") else relative
    return names


def load_report(path: Path) -> dict[str, Any]:
    """A JSON report, checked for what the inventory reads of it; CliError (one line naming the file) if not."""
    from scanner.commands.diff import load_report as load_json_report

    try:
        report = load_json_report(path)
    except CliError:
        if _is_inventory(path):
            raise CliError(f"{path}: an inventory, not a scan report (give it as --previous)") from None
        raise
    for index, ref in enumerate(report.get("references") or ()):
        if not (isinstance(ref, dict) and isinstance(ref.get("id"), str) and isinstance(ref.get("path"), str)):
            raise CliError(f"{path}: references[{index}] is not a reference entry of a report (it needs 'id', 'path')")
    return report


def _is_inventory(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return b'"modelorigin_inventory"' in stream.read(256)
    except OSError:
        return False


def load_previous(path: Path) -> dict[str, Any]:
    """The previous JSON inventory, checked for what the trend reads of it; CliError naming the file if not."""
    try:
        doc = json.loads(path.read_bytes())
    except OSError as exc:
        raise CliError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise CliError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})") from None
    except (ValueError, RecursionError):
        raise CliError(f"{path}: not a UTF-8 JSON inventory") from None
    version = doc.get("modelorigin_inventory") if isinstance(doc, dict) else None
    if not isinstance(version, str):
        raise CliError(f"{path}: not a modelorigin inventory (write one with `modelorigin merge -o inventory.json`)")
    if not version.startswith("1."):
        raise CliError(f"{path}: inventory version {version} is not supported (expected 1.x)")
    for key, valid in (("models", _previous_model), ("repositories", _previous_repository)):
        entries = doc.get(key)
        if not isinstance(entries, list):
            raise CliError(f"{path}: the inventory has no '{key}' list")
        for index, entry in enumerate(entries):
            if not (isinstance(entry, dict) and valid(entry)):
                raise CliError(f"{path}: {key}[{index}] is not a {key[:-1]} entry of an inventory")
    inventory: dict[str, Any] = doc
    return inventory


def _previous_model(entry: dict[str, Any]) -> bool:
    """What the trend reads of a model: its id, origin, license and repositories."""
    parts = (entry.get("origin"), entry.get("license"), entry.get("repositories"))
    return isinstance(entry.get("id"), str) and all(isinstance(p, (dict, list)) for p in parts)


def _previous_repository(entry: dict[str, Any]) -> bool:
    """What the trend reads of a repository: its name and the fingerprints of its open findings."""
    return isinstance(entry.get("name"), str) and isinstance(entry.get("fingerprints"), list)


def _summary_line(doc: dict[str, Any], output: Path | None) -> str:
    summary = doc["summary"]
    open_findings = sum(summary["open_findings"].values())
    where = f"; inventory written to {output}" if output is not None and str(output) != "-" else ""
    incomplete = f"; coverage incomplete: {summary['not_merged']} report(s) not merged" if summary["not_merged"] else ""
    return (
        f"modelorigin: merged {summary['merged']} report(s): {summary['models']} model(s), "
        f"{open_findings} open finding(s), {summary['waivers_due']} waiver(s) due within "
        f"{doc['due_within_days']} days, {summary['waivers_expired']} expired{incomplete}{where}"
    )
