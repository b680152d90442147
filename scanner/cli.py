"""The command line. Thin: parse options, call the pipeline, pick a formatter, choose the exit code.

Exit codes: 0 nothing at or above the threshold; 1 findings at or above it; 2 usage, rules or
policy error, or nothing could be scanned. No operational error exits 1.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from importlib import import_module

import click

from scanner import __version__
from scanner.commands import EXIT_ERROR

# the subcommands; each is the `command` of the module of scanner.commands with its name
COMMANDS = ("scan", "rules", "policy", "init", "baseline", "explain", "diff", "lock", "notice", "merge")


class LazyGroup(click.Group):
    """Imports a subcommand's module only when that subcommand runs (or help lists it): a
    pre-commit `scan` does not load diff, explain, lock and the rest."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command: click.Command = import_module(f"scanner.commands.{cmd_name}").command
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="modelorigin")
def cli() -> None:
    """Find the AI models a project depends on: origin lab and country, license obligations,
    export-control, data-residency and security flags."""


def main() -> None:
    # A short-lived process that builds many objects (syntax trees) and frees them together: collect
    # cycles less often. The default threshold (700) ran a collection every few statements of a large
    # file, 3% of a tree scan.
    gc.set_threshold(50_000, 20, 20)
    # At exit the interpreter runs full collections over every object still alive (the rules, their
    # indexes, the compiled patterns): a tenth of a pre-commit run. Frozen, they are not walked; the
    # process ends all the same. Exit handlers registered later (by a run) run before this one, and it runs
    # only at exit: a caller of main() in the same process sees nothing frozen.
    atexit.register(gc.freeze)
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
