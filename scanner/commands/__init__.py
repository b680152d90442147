"""One module per subcommand, each exposing `command`; scanner.cli registers them.

What every command shares: exit codes, and the error type that prints one line and exits 2.
"""

from __future__ import annotations

from typing import Any

import click

from scanner.errors import UserError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class CliError(click.ClickException):
    """An operational error: one line, exit 2 (Click's own ClickException would exit 1)."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"modelorigin: error: {self.format_message()}", err=True)


def fail(exc: UserError) -> CliError:
    return CliError(str(exc))
