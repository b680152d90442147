"""`modelorigin rules list | show | validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scanner.commands import CliError, fail
from scanner.errors import UserError


@click.group("rules")
def command() -> None:
    """List, show and validate checks and rules files."""


@command.command("list")
@click.option("--rules", "rules_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path))
def rules_list(rules_files: tuple[Path, ...]) -> None:
    """List every check with its id, default severity and title."""
    from tabulate import tabulate

    kb, info = _knowledge(list(rules_files))
    rows = [[c["id"], c["name"], c["severity"], c["category"], c["title"]] for c in kb.checks]
    click.echo(tabulate(rows, headers=["id", "name", "severity", "category", "title"], tablefmt="simple"))
    click.echo(f"\nRules {info.version} as of {info.as_of}, sha256 {info.sha256}")


@command.command("show")
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


@command.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def rules_validate(files: tuple[Path, ...]) -> None:
    """Validate rules files (or every *.yaml of a folder) against the schema; with none, the bundled rules.
    Exit 2 on the first problem, naming the file and line."""
    from scanner.knowledge.load import bundled_rule_files, read_user_rules

    chosen: list[Path] = []
    for given in files or tuple(bundled_rule_files()):
        if given.is_dir():
            found = sorted([*given.glob("*.yaml"), *given.glob("*.yml")])
            if not found:
                raise CliError(f"{given}: no *.yaml rules files in this folder")
            chosen.extend(found)
        elif not given.exists():
            raise CliError(f"{given}: no such file")
        else:
            chosen.append(given)
    for f in chosen:
        try:
            doc, _ = read_user_rules(f)
        except UserError as exc:
            raise fail(exc) from None
        counts = ", ".join(f"{len(v)} {k}" for k, v in doc.items() if isinstance(v, list))
        click.echo(f"{f}: valid ({counts or 'empty'})")


def _knowledge(rules_files: list[Path]) -> tuple[Any, Any]:
    from scanner.knowledge import Knowledge, load_rules

    try:
        data, info = load_rules(rules_files)
    except UserError as exc:
        raise fail(exc) from None
    return Knowledge(data), info
