"""`modelorigin init`: write a policy file (.modelorigin.yaml) from a bundled profile."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from scanner.commands import CliError, fail
from scanner.errors import UserError

TEMPLATE = """\
# modelorigin policy: how this organisation judges the models its code depends on.
# Written by `modelorigin init --profile {profile}` from the bundled profile; every key is optional
# and overrides the profile's value. Validated against rules/schema/policy.schema.json on each scan.
profile: {profile}

# Is the project used commercially? Non-commercial and research-only licenses fail when true.
commercial_use: {commercial_use}

# Where the product is deployed or offered (ISO 3166-1 alpha-2 codes, or EU). Licenses that
# exclude a territory (e.g. Hunyuan: EU, UK, South Korea) fail when it overlaps these.
territories: {territories}

# Where the product's users are, when it matters beyond where it is deployed (ISO codes, or EU).
# Hunyuan's exclusion follows the users; Llama 4's (multimodal) only where you deploy and are based.
# Not declared: the territories above stand for the users too.
# users_in: [US, CA]

# How the models reach anyone: internal, saas, on-prem, on-device, weights (several allowed). License
# duties that attach to none of them are set aside, and the audit report says why (a copy of the
# license travels with redistributed weights; a SaaS product owes "Built with Llama" but not that).
# Not declared: every duty applies. Per path, with gitignore-style globs as in exclude:
#   distribution: {{"services/": [saas], "apps/mobile/": [on-device], "**": [internal]}}
# distribution: [saas]

# What the project does with the models besides running them: fine-tuning (changing their weights),
# training (their outputs train or improve other models). Duties of an activity not listed are set
# aside; [] says neither. Not declared: every duty applies.
# activities: [fine-tuning]

# Are model outputs used to train, fine-tune or distill other models? Several licenses forbid it.
# true is the same as listing training in activities.
trains_models: {trains_models}

# Expected scale, compared with license thresholds (Llama 700M MAU, Qwen 100M MAU, Kimi K2 ...).
scale:
  mau: null
  # dau: null
  # monthly_revenue_usd: null
  # devices: null

# Lowest severity that fails the scan: info, low, medium, high, critical.
fail_on: {fail_on}

# Paths not scanned: gitignore-style globs relative to this file's folder (--exclude adds more).
# Tests and fixtures are scanned by default: a model a test loads is still a model the code touches.
{exclude}

# Raise or lower single checks (see `modelorigin rules list`), e.g.:
severity: {{}}
#   MO110: medium   # PRC origin anywhere in the lineage

# Deny wins over everything and cannot be waived or suppressed.
deny:
  labs: []        # e.g. [deepseek]
  countries: []   # e.g. [CN]
  families: []    # e.g. ["Hunyuan*"]
  licenses: []    # e.g. [qwen-research-2024]
  models: []      # globs over model ids

# Pre-approved: license and origin findings for these are marked as allowed (security ones stay).
allow:
  models: []
  labs: []
  licenses: []

# Time-boxed decisions. An expired waiver becomes a finding itself (MO502).
waivers: []
#  - check: MO401
#    model: "THUDM/chatglm3-6b"
#    path: "services/legacy/*"
#    reason: "remote code reviewed at the pinned revision, see SEC-1234"
#    owner: security@example.com
#    expires: 2027-03-31
"""


@click.command("init")
@click.option("--profile", default="default", show_default=True, help="Bundled profile to start from.")
@click.option(
    "--path",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".modelorigin.yaml"),
    show_default=True,
)
@click.option("--force", is_flag=True, help="Overwrite an existing policy file.")
@click.option(
    "--exclude-tests/--keep-tests",
    default=None,
    help="Exclude the test and fixture folders found beside the policy file. Default: ask on a terminal, "
    "else keep them scanned (the exclude line is written commented out).",
)
def command(profile: str, target: Path, force: bool, exclude_tests: bool | None) -> None:
    """Write a policy file from a bundled profile (default, us-federal-contractor, eu-deployer)."""
    from scanner.evaluate.policy import load_profile

    try:
        data = load_profile(profile)
    except UserError as exc:
        raise fail(exc) from None
    if target.exists() and not force:
        raise CliError(f"{target}: already exists (use --force to overwrite)")
    found = test_folders(target.resolve().parent)
    if found and exclude_tests is None and interactive():
        exclude_tests = click.confirm(f"Exclude test and fixture folders from scans ({', '.join(found)})?")
    text = TEMPLATE.format(
        exclude=_exclude_line(found, bool(exclude_tests)),
        profile=profile,
        commercial_use=_yaml(data.get("commercial_use", True)),
        territories=_yaml(data.get("territories", [])),
        trains_models=_yaml(data.get("trains_models", False)),
        fail_on=data.get("fail_on", "high"),
    )
    from scanner.errors import write_atomically

    try:
        write_atomically(target, text)
    except OSError as exc:
        raise CliError(f"{target}: cannot write: {exc.strerror}") from None
    click.echo(f"wrote {target} from profile '{profile}'; edit it, then run: modelorigin scan")


# Folder names that hold tests and their fixtures, by the conventions of the ecosystems scanned
TEST_FOLDERS = frozenset(
    {"test", "tests", "testing", "__tests__", "spec", "e2e", "fixtures", "testdata", "test_data", "test-data"}
)
SKIP_FOLDERS = frozenset({"node_modules", "site-packages", "venv", "__pycache__"})


def test_folders(root: Path, depth: int = 2) -> list[str]:
    """Test and fixture folders within depth levels of root, as exclude globs ('tests/', 'pkg/tests/');
    a folder inside one already found is covered by it."""
    found: list[str] = []

    def walk(folder: Path, prefix: str, level: int) -> None:
        try:
            entries = [e for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
        except OSError:
            return
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith(".") or entry.name in SKIP_FOLDERS:
                continue
            if entry.name.lower() in TEST_FOLDERS:
                found.append(f"{prefix}{entry.name}/")
            elif level < depth:
                walk(Path(entry.path), f"{prefix}{entry.name}/", level + 1)

    walk(root, "", 1)
    return found


def interactive() -> bool:
    """Whether a person can answer a question (stdin is a terminal); CI and pre-commit cannot."""
    return sys.stdin.isatty()


def _exclude_line(found: list[str], chosen: bool) -> str:
    if not found:
        return "exclude: []"
    line = f"exclude: {_yaml(found)}"
    return line if chosen else f"exclude: []\n# {line}"


def _yaml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
