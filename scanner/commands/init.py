"""`modelorigin init`: write a policy file (.modelorigin.yaml) from a bundled profile."""

from __future__ import annotations

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

# Are model outputs used to train, fine-tune or distill other models? Several licenses forbid it.
trains_models: {trains_models}

# Expected scale, compared with license thresholds (Llama 700M MAU, Qwen 100M MAU, Kimi K2 ...).
scale:
  mau: null
  # dau: null
  # monthly_revenue_usd: null
  # devices: null

# Lowest severity that fails the scan: info, low, medium, high, critical.
fail_on: {fail_on}

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
def command(profile: str, target: Path, force: bool) -> None:
    """Write a policy file from a bundled profile (default, us-federal-contractor, eu-deployer)."""
    from scanner.evaluate.policy import load_profile

    try:
        data = load_profile(profile)
    except UserError as exc:
        raise fail(exc) from None
    if target.exists() and not force:
        raise CliError(f"{target}: already exists (use --force to overwrite)")
    text = TEMPLATE.format(
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


def _yaml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
