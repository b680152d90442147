"""`modelorigin explain MODEL_ID_OR_PATH`: one model's lineage tree, origin, license terms and duties
(accumulated along the lineage: facts with their source, duties as a checklist), flags, and the evidence
behind each attribute; a hub model the rules do not settle gets a hint to ask the Hub (--online).

MODEL_ID_OR_PATH is a model file (GGUF, safetensors, pickle), a model folder, a Hugging Face or
ModelScope id or URL, an Ollama name:tag, an API host or an SDK package. Explaining is
informational: it exits 0 whatever the flags (use `scan` to gate), 2 on bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scanner.commands import fail
from scanner.errors import UserError
from scanner.records import ExtractResult, Reference, RefType


@click.command("explain")
@click.argument("target", metavar="MODEL_ID_OR_PATH")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--rules",
    "rules_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Rules file layered over the bundled rules (repeatable).",
)
@click.option(
    "--policy",
    "policy_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Policy file (default: .modelorigin.yaml or [tool.modelorigin] in the current directory).",
)
@click.option("--profile", help="Policy profile to apply: default, us-federal-contractor, eu-deployer.")
@click.option(
    "--online", is_flag=True, help="Ask the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN) what the rules do not settle."
)
def command(
    target: str, fmt: str, rules_files: tuple[Path, ...], policy_file: Path | None, profile: str | None, online: bool
) -> None:
    """Explain one model: lineage, origin, license duties, flags, and the evidence for each."""
    try:
        explanation = explain(target, list(rules_files), policy_file, profile, online=online)
    except UserError as exc:
        raise fail(exc) from None
    from scanner.report.explain import render_explain_json, render_explain_table

    text = render_explain_json(explanation) if fmt == "json" else render_explain_table(explanation, online=online)
    click.echo(text, nl=False)


def explain(
    target: str, rules_files: list[Path], policy_file: Path | None, profile: str | None, *, online: bool = False
) -> dict[str, Any]:
    from scanner.evaluate.engine import Subject, evaluate
    from scanner.evaluate.policy import load_policy
    from scanner.knowledge import Knowledge, load_rules
    from scanner.resolve.resolver import Resolver

    rules, rules_info = load_rules(rules_files)
    kb = Knowledge(rules)
    policy, _source, _sha = load_policy(policy_file, Path.cwd(), profile)
    references, issues = _references(target, kb)
    metadata = None
    if online:
        from scanner.online.source import HubMetadata, hub_client

        metadata = HubMetadata(client=hub_client())
    model = Resolver(kb, metadata=metadata).resolve(references[0])
    if model is None:
        raise UserError(f"'{target}' names nothing the rules know (no model, endpoint or SDK)")
    findings = evaluate([Subject(model, tuple(references))], kb, policy)
    checks = {c["id"]: c for c in kb.checks}
    local = model.kind == RefType.MODEL_FILE.value
    findings = [f for f in findings if local or checks.get(f.rule_id, {}).get("subject") != "reference"]
    from scanner.resolve.explanation import build_explanation

    return build_explanation(target, model, references, findings, issues, kb, rules_info, policy)


def _references(target: str, kb: Any) -> tuple[list[Reference], list[Any]]:
    path = Path(target).expanduser()
    if path.exists():
        result = _read_path(path)
        if result is None or not result.references:
            raise UserError("not a model file (GGUF, safetensors, pickle) or model folder", str(path))
        return list(result.references), list(result.issues)
    from scanner.pipeline import build_recognizer

    recognizer = build_recognizer(kb)
    found = recognizer.model_id(target, in_slot=True, ollama_context=":" in target and "/" not in target)
    if found is not None:
        return [_cli_reference(found.id, found.ref_type, target)], []
    if kb.endpoint(target.removeprefix("https://").removeprefix("http://").split("/")[0]):
        host = target.removeprefix("https://").removeprefix("http://").split("/")[0]
        return [_cli_reference(host, RefType.API_ENDPOINT, target)], []
    if kb.sdk(target):
        return [_cli_reference(target, RefType.SDK_PACKAGE, target)], []
    raise UserError(
        f"'{target}' is not a model id (org/name, a hub URL, name:tag), an API host, an SDK package, "
        "or an existing file or folder"
    )


def _read_path(path: Path) -> ExtractResult | None:
    from scanner.modelfiles import (
        CARD_NAMES,
        WEIGHT_SUFFIXES,
        cache_snapshot,
        read_card_candidate,
        read_model_candidate,
        sniff_format,
    )
    from scanner.modelfiles.folder import is_model_folder, read_folder

    path = path.resolve()
    if path.is_file():
        if path.name in CARD_NAMES:  # a model card names its folder's model
            return read_card_candidate(path, f"{path.parent.name}/{path.name}")
        rel = f"{path.parent.name}/{path.name}" if is_model_folder(path.parent, path.parent.parent) else path.name
        return read_model_candidate(path, rel)
    if not path.is_dir():
        return None
    refs: list[Reference] = []
    issues: list[Any] = []
    for child in sorted(path.iterdir()):
        if child.is_file() and child.suffix.lower() in WEIGHT_SUFFIXES and sniff_format(child):
            result = read_model_candidate(child, f"{path.name}/{child.name}")
            if result is not None:
                refs.extend(result.references)
                issues.extend(result.issues)
    if refs:
        return ExtractResult(tuple(refs), tuple(issues))
    if not is_model_folder(path, path.parent):
        return None
    folder = read_folder(path, path.parent, path.name)
    from scanner.records import ParseIssue

    meta = {"format": "folder", "error": None, "file": path.name, "folder": folder, **cache_snapshot(path)}
    ref = Reference(f"{path.name}/", RefType.MODEL_FILE, path.name, 1, 1, path.name, "folder", meta=meta)
    return ExtractResult((ref,), tuple(ParseIssue(i["path"], i.get("line"), i["message"]) for i in folder["issues"]))


def _cli_reference(model_id: str, ref_type: RefType, raw: str) -> Reference:
    return Reference(model_id, ref_type, "<command line>", 1, 1, raw, "explain")
