"""A hub model as the Hub (or the lockfile) describes it: the same lineage walk as for local model
folders, fed with the Hub's card data, tags and config, plus what only the Hub knows (revision,
gated and disabled state, file formats, its security scan) for the Hub-only checks.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from scanner.online.hub import HubFailure, HubRecord
from scanner.online.lockfile import Drift, file_formats
from scanner.records import Evidence, Model, RefType

if TYPE_CHECKING:
    from scanner.resolve.resolver import Resolver


def card_of(record: HubRecord) -> dict[str, Any]:
    card: dict[str, Any] = {}
    for key in ("license", "license_name", "license_link"):
        value = getattr(record, key)
        if value:
            card[key] = value
    if record.base_models:
        card["base_model"] = [base for _, base in record.base_models]
        relations = {rel for rel, _ in record.base_models}
        if len(relations) == 1:
            card["base_model_relation"] = relations.pop()
    return card


def tags_of(record: HubRecord) -> list[str]:
    return [f"base_model:{rel}:{base}" for rel, base in record.base_models]


def config_of(record: HubRecord) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if record.model_type:
        config["model_type"] = record.model_type
    if record.architectures:
        config["architectures"] = list(record.architectures)
    if record.auto_map:
        config["auto_map"] = {"AutoModel": "(custom code in the repo)"}
    return config


def hub_facts(record: HubRecord) -> dict[str, Any]:
    formats = file_formats(record.files)
    return {
        "status": "resolved",
        "revision": record.sha,
        "author": record.author,
        "gated": record.gated,
        "disabled": record.disabled,
        "formats": formats,
        "pickle_only": "pickle" in formats and not {"safetensors", "gguf", "onnx"} & set(formats),
        "auto_map": record.auto_map,
        "scans_done": record.scans_done,
        "files_with_issues": list(record.files_with_issues),
        "fetched_at": record.fetched_at,
        "declared_license": {
            "license": record.license,
            "license_name": record.license_name,
            "license_link": record.license_link,
        },
    }


def with_hub_record(model: Model, record: HubRecord, resolver: Resolver, drift: list[Drift]) -> Model:
    from scanner.resolve.local import resolve_hub_metadata

    enriched = resolve_hub_metadata(
        model.id, resolver, revision=record.sha, card=card_of(record), tags=tags_of(record), config=config_of(record)
    )
    detail = f"Hub metadata of {model.id} at revision {record.sha} (read {record.fetched_at})"
    meta = {**(enriched.meta or {}), "hub": hub_facts(record), "lock_drift": [asdict(d) for d in drift]}
    return enriched._replace(
        id=model.id,
        kind=RefType.HUB_MODEL.value,
        meta=meta,
        evidence=(*enriched.evidence, Evidence("hub", record.sha or "unknown", "hub-api", detail)),
    )


def with_hub_failure(model: Model, failure: HubFailure) -> Model:
    meta = {**(model.meta or {}), "hub": {"status": failure.reason, "detail": failure.detail}}
    detail = f"the Hub could not resolve {model.id}: {failure.reason} ({failure.detail})"
    return model._replace(meta=meta, evidence=(*model.evidence, Evidence("hub", failure.reason, "hub-api", detail)))
