"""The organisation's policy: where it deploys, whether it sells, its scale, deny/allow lists,
severity overrides, the failure threshold and waivers.

Read from `--policy FILE`, else `.modelorigin.yaml` at the scanned root, else `[tool.modelorigin]`
in the root's `pyproject.toml`; otherwise the `default` profile. A policy names a `profile` to start
from (bundled in rules/profiles/) and overrides what it must.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from scanner.errors import UserError, read_tool_file
from scanner.knowledge.load import bundled_rules_dir, read_compiled, sha256_hex

EU_MEMBERS = frozenset(  # the 27 member states
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
POLICY_FILE = ".modelorigin.yaml"


def profiles_dir() -> Path:
    return bundled_rules_dir() / "profiles"


def profile_names() -> list[str]:
    return sorted(p.stem for p in profiles_dir().glob("*.yaml"))


def bundled_profiles() -> dict[str, dict[str, Any]]:
    """Every bundled profile by name, read from the compiled cache (YAML is parsed once, on first use)."""
    files = sorted(profiles_dir().glob("*.yaml"))
    profiles, _digest = read_compiled(
        "profiles", files, lambda docs: {f.stem: dict(doc or {}) for f, doc in zip(files, docs, strict=True)}
    )
    return dict(profiles)


def load_profile(name: str) -> dict[str, Any]:
    profiles = bundled_profiles()
    if name not in profiles:
        raise UserError(f"unknown policy profile '{name}' (known: {', '.join(profile_names())})")
    return dict(profiles[name])


def find_policy(root: Path) -> tuple[Path, str, Any] | None:
    """(file, text, raw policy) of the nearest policy at root or above it, up to the repository's root (the
    folder holding .git) or the filesystem's: `modelorigin scan src` and a run inside src/ find the project's
    .modelorigin.yaml or [tool.modelorigin], as ruff and pre-commit find theirs. None when there is none."""
    for folder in (root, *root.parents):
        found = _policy_in(folder)
        if found is not None or (folder / ".git").exists():
            return found
    return None


def _policy_in(root: Path) -> tuple[Path, str, Any] | None:
    """(file, text, raw policy) in one folder, or None."""
    candidate = root / POLICY_FILE
    if candidate.is_file():
        from scanner.yamlutil import load_yaml

        text = read_tool_file(candidate, "policy file")
        return candidate, text, load_yaml(text, str(candidate))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        from scanner.tomlutil import error_line
        from scanner.tomlutil import tomllib as load_tomllib

        tomllib = load_tomllib()

        text = read_tool_file(pyproject, "pyproject.toml")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise UserError(f"invalid TOML: {exc}", str(pyproject), error_line(exc)) from None
        except RecursionError:
            raise UserError("invalid TOML: nested too deeply", str(pyproject)) from None
        tool = data.get("tool")  # `[[tool]]` makes it a list: then there is no [tool.modelorigin]
        section = tool.get("modelorigin") if isinstance(tool, dict) else None
        if section is not None:
            return pyproject, text, section
    return None


def load_policy(
    explicit: Path | None, root: Path, profile: str | None = None
) -> tuple[dict[str, Any], str | None, str]:
    """The effective policy, the file it came from, and the SHA-256 of what was read."""
    found: tuple[Path, str, Any] | None
    if explicit is not None:
        if not explicit.is_file():
            raise UserError("policy file not found", str(explicit))
        from scanner.yamlutil import load_yaml

        text = read_tool_file(explicit, "policy file")
        found = (explicit, text, load_yaml(text, str(explicit)))
    else:
        found = find_policy(root)
    raw: dict[str, Any] = {}
    source: str | None = None
    if found is not None:
        path, text, data = found
        source = str(path)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise UserError("a policy must be a mapping", source, 1)
        if path.name != "pyproject.toml":
            validate_policy(data, text, source)
        else:
            validate_policy(data, "", source)
        raw = data
    base = load_profile(profile or raw.get("profile") or "default")
    policy = merge_policy(base, raw)
    if profile:
        policy["profile"] = profile
    # the policy in force (the profile with the file's settings over it), canonical: the same policy has
    # the same hash whatever its file's layout, and a profile alone has its own (not the empty input's)
    from scanner.dates import dates_as_text

    in_force = json.dumps(dates_as_text(policy), sort_keys=True, separators=(",", ":"), default=str)
    policy["source"] = source
    return normalize(policy), source, sha256_hex(in_force.encode())


def validate_policy(data: dict[str, Any], text: str, path: str) -> None:
    import jsonschema

    from scanner.dates import dates_as_text

    schema = json.loads((bundled_rules_dir() / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
    plain = dates_as_text(data)  # YAML reads `expires: 2027-03-31` as a date; the schema checks its text
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(plain), key=lambda e: list(e.absolute_path))
    from scanner.errors import schema_message
    from scanner.yamlutil import format_path, impossible_dates, line_of

    if errors:
        err = errors[0]
        where = list(err.absolute_path)
        line = line_of(text, where + _unexpected(err)[:1]) if text else None
        raise UserError(f"policy schema violation at {format_path(where)}: {schema_message(err)}", path, line)
    for where, value in impossible_dates(plain):  # a quoted "2024-02-30" passes the schema's pattern
        line = line_of(text, where) if text else None
        raise UserError(f"impossible date {value!r} at {format_path(where)}", path, line)


def _unexpected(error: Any) -> list[str]:
    """The keys an `additionalProperties: false` error is about, so that its line is theirs, not the mapping's."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    known = error.schema.get("properties") or {}
    return [str(key) for key in error.instance if key not in known]


def merge_policy(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; lists and scalars in the override replace the profile's."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_policy(out[key], value)
        else:
            out[key] = value
    return out


def normalize(policy: dict[str, Any]) -> dict[str, Any]:
    """Defaults for every field, territories expanded, waivers split into active and expired."""
    from scanner.dates import today as judged_today

    today = judged_today()
    territories = [str(t).upper() for t in policy.get("territories") or []]
    users_in = [str(t).upper() for t in policy.get("users_in") or []]
    activities = policy.get("activities")
    if policy.get("trains_models") and activities is not None:  # trains_models: true is the activity training
        activities = [*activities, "training"]
    distribution = policy.get("distribution")
    waivers: list[dict[str, Any]] = []
    expired: list[dict[str, Any]] = []
    for w in policy.get("waivers") or []:
        expires = w.get("expires")
        if isinstance(expires, dt.datetime):
            expires = expires.date()
        elif isinstance(expires, str):
            expires = dt.date.fromisoformat(expires)
        entry = {**w, "expires": expires.isoformat() if expires else None}
        (expired if expires is not None and expires < today else waivers).append(entry)
    deny = {
        k: [str(v) for v in (policy.get("deny") or {}).get(k) or []]
        for k in ("labs", "countries", "families", "licenses", "models")
    }
    allow = {
        k: [str(v) for v in (policy.get("allow") or {}).get(k) or []]
        for k in ("labs", "countries", "families", "licenses", "models")
    }
    scale = {
        k: (policy.get("scale") or {}).get(k)
        for k in ("mau", "dau", "monthly_revenue_usd", "annual_revenue_usd", "devices")
    }
    return {
        "profile": policy.get("profile", "default"),
        "description": policy.get("description", ""),
        "source": policy.get("source"),
        "commercial_use": bool(policy.get("commercial_use", True)),
        "territories": sorted(territories),
        "territories_expanded": sorted(with_eu(territories)),
        "territories_declared": bool(territories),
        "users_in": sorted(users_in),
        "users_in_declared": bool(users_in),
        # None: not declared (every duty applies); a list for the whole project; or glob -> list in _paths
        "distribution": sorted(set(distribution)) if isinstance(distribution, list) else None,
        "distribution_paths": (
            {str(glob): sorted(set(modes)) for glob, modes in distribution.items()}
            if isinstance(distribution, dict)
            else {}
        ),
        "activities": sorted(set(activities)) if activities is not None else None,
        "trains_models": bool(policy.get("trains_models", False)) or "training" in (activities or []),
        "federal_contractor": bool(policy.get("federal_contractor", False)),
        "scale": scale,
        "scale_declared": any(v is not None for v in scale.values()),
        "fail_on": policy.get("fail_on", "high"),
        "fail_on_incomplete": bool(policy.get("fail_on_incomplete", False)),
        "severity": dict(policy.get("severity") or {}),
        "exclude": [str(p) for p in (*(policy.get("exclude") or []), *(policy.get("extend-exclude") or []))],
        "disabled_checks": sorted(k for k, v in (policy.get("checks") or {}).items() if v in ("off", False)),
        "deny": deny,
        "allow": allow,
        "waivers": waivers,
        "expired_waivers": expired,
        "rules_max_age_days": int(policy.get("rules_max_age_days", 365)),
    }


def with_eu(codes: list[str]) -> set[str]:
    """Region codes with the EU expanded: EU stands for its members, and a member stands for the EU (an
    exclusion of the EU covers Germany; one of Germany concerns a deployment in the EU)."""
    expanded = set(codes)
    if "EU" in expanded:
        expanded |= EU_MEMBERS
    if expanded & EU_MEMBERS:
        expanded.add("EU")
    return expanded
