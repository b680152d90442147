"""`modelorigin policy validate`: check a policy file against the policy schema, as a scan would read it."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.commands import CliError, fail
from scanner.errors import UserError


@click.group("policy")
def command() -> None:
    """Validate policy files (.modelorigin.yaml, [tool.modelorigin])."""


@command.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def policy_validate(file: Path | None) -> None:
    """Validate FILE (default: the policy a scan of the current folder would use) and say what is in force:
    the file, its profile, the failure threshold, the checks switched off. Exit 2 on the first problem."""
    from scanner.evaluate.policy import find_policy, load_policy

    try:
        if file is None:
            found = find_policy(Path.cwd().resolve())
            if found is None:
                raise CliError(
                    "no policy file here or above (up to the repository's root): the default profile applies"
                )
            file = found[0]
        if not file.is_file():
            raise CliError(f"{file}: no such file")
        policy, source, sha = load_policy(None if file.name == "pyproject.toml" else file, file.parent.resolve())
    except UserError as exc:
        raise fail(exc) from None
    off = ", ".join(policy.get("disabled_checks") or []) or "none"
    click.echo(
        f"{source}: valid (profile '{policy['profile']}', fails at {policy['fail_on']}, "
        f"{len(policy['waivers'])} waiver(s) in force, {len(policy['expired_waivers'])} expired, "
        f"checks off: {off}; sha256 {sha[:12]})"
    )
