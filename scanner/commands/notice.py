"""`modelorigin notice`: the attribution bundle a release needs for the models in use.

Runs the same scan as `scan`, takes the models the project uses (not those only mentioned), follows each
one's lineage to the licenses that bind it, and writes per model and per license what a release must
carry: license name and link, display strings, notices, naming duties for derivatives, other attribution
duties and whether the license text must travel with the weights (see scanner.report.notice).

Exit codes: 0 written, or --check found the file current; 1 --check found it stale or missing; 2 usage,
rules or policy error, a path that does not exist, a file that cannot be read or written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scanner.commands import EXIT_FINDINGS, EXIT_OK, CliError
from scanner.commands.scan import (
    emit,
    exclude_option,
    lockfile_option,
    online_option,
    refuse_unreached_hub,
    run_scan,
    scan_inputs,
    scan_options,
)
from scanner.report.notice import DEFAULT_FILE

if TYPE_CHECKING:
    from scanner.records import Model

FULL_TEXTS = "full"  # rules/license-texts/full/<license-id>.txt: complete license texts, when bundled


@click.command("notice")
@scan_inputs
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Write the notice to FILE (default: standard output; with --check, {DEFAULT_FILE}).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing: exit 1 when FILE (-o, default THIRD_PARTY_MODELS.md) is missing or differs from what "
    "would be written, 0 when it is current. For CI.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["markdown", "text"]),
    default=None,
    help="markdown (THIRD_PARTY_MODELS.md) or text (a plain NOTICE). Default: markdown, or text when --output "
    "does not end in .md.",
)
@click.option(
    "--timestamp",
    is_flag=True,
    help="Add a line with the time, tool and rules version (by default the output depends only on the models "
    "and their license terms; --check ignores this line).",
)
@exclude_option
@online_option
@lockfile_option
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors, not what was written or checked.")
def command(
    paths: tuple[Path, ...],
    output: Path | None,
    check: bool,
    fmt: str | None,
    timestamp: bool,
    exclude: tuple[str, ...],
    online: str | None,
    lockfile: Path | None,
    quiet: bool,
    rules_files: tuple[Path, ...],
    policy_file: Path | None,
    profile: str | None,
    include_docs: bool,
    max_file_size: int,
) -> None:
    """Write the attribution notice for the models PATHS use (default: the current directory).

    Per model, the licenses that bind it along its lineage (a fine-tune or quantization carries its
    base's license); per license, the link, display strings ("Built with Llama"), notices to reproduce,
    naming duties for derivatives, attribution duties and whether its text must ship with the weights.
    Models whose license is unknown are listed as such. The output is sorted and carries no timestamp
    (unless --timestamp): commit it, and run `modelorigin notice --check -o FILE` in CI.
    """
    target = output if output is not None and str(output) != "-" else None
    if check and target is None:
        target = Path(DEFAULT_FILE)
    fmt = fmt or ("markdown" if target is None or target.suffix.lower() in (".md", ".markdown") else "text")
    report = run_scan(
        scan_options(
            paths,
            rules_files,
            policy_file,
            profile,
            include_docs,
            max_file_size,
            exclude=exclude,
            online=online is not None,
            lockfile=lockfile,
        )
    )
    refuse_unreached_hub(report, online)
    from scanner.report.notice import build_notice, render_notice, without_stamp

    stamp = None
    if timestamp:
        stamp = (
            f"Generated {report.generated_at} by modelorigin {report.tool_version}, "
            f"rules {report.rules.version} (sha256 {report.rules.sha256[:12]})."
        )
    notice = build_notice(report, _license_texts({lic for m in report.models for lic in _licenses(m)}), stamp)
    text = render_notice(notice, fmt)
    unknown = notice.unknown_licenses()
    if check:
        assert target is not None
        current = _read_existing(target)
        if current is None:
            click.echo(f"modelorigin: {target} is missing: write it (the same command without --check)", err=True)
            sys.exit(EXIT_FINDINGS)
        if without_stamp(current) != without_stamp(text):
            click.echo(
                f"modelorigin: {target} is stale: it differs from the notice for the models in use now; "
                "regenerate it (the same command without --check)",
                err=True,
            )
            sys.exit(EXIT_FINDINGS)
        if not quiet:
            click.echo(f"modelorigin: {target} is up to date ({len(notice.models)} model(s))", err=True)
        sys.exit(EXIT_OK)
    if target is None:
        emit(text, None)
    else:
        from scanner.errors import write_atomically

        try:
            write_atomically(target, text)
        except OSError as exc:
            raise CliError(f"{target}: cannot write notice: {exc.strerror or exc}") from None
    if target is not None and not quiet:
        click.echo(
            f"modelorigin: notice for {len(notice.models)} model(s) and {len(notice.licenses)} license(s) "
            f"written to {target}",
            err=True,
        )
    if unknown:
        click.echo(
            f"modelorigin: license unknown for {len(unknown)} model(s) ({', '.join(unknown)}): listed as "
            "such; find their licenses before a release",
            err=True,
        )


def _licenses(model: Model) -> list[str]:
    return [i for i in (model.license.id, *(a.license for a in model.lineage)) if i]


def _license_texts(ids: set[str]) -> dict[str, str]:
    """The complete license texts the rules bundle (rules/license-texts/full/<id>.txt), by license id; never
    fetched. The fingerprint excerpts beside that folder are not license texts and are not used."""
    from scanner.modelfiles.licensetext import license_texts_dir

    folder = license_texts_dir() / FULL_TEXTS
    texts: dict[str, str] = {}
    for license_id in sorted(ids):
        if "/" in license_id or "\\" in license_id or license_id.startswith("."):
            continue  # not a rules id (those are slugs): never a path out of the folder
        path = folder / f"{license_id}.txt"
        if not path.is_file():
            continue
        try:
            texts[license_id] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"{path}: cannot read license text: {exc}") from None
    return texts


def _read_existing(path: Path) -> str | None:
    """The committed notice, or None when there is none; unreadable is an error (exit 2), not stale."""
    if not path.exists():
        return None
    if not path.is_file():
        raise CliError(f"{path}: not a regular file")
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{path}: cannot read notice: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CliError(f"{path}: notice is not UTF-8") from None
