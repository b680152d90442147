"""Lineage signals and the lineage tree.

A model's base models come from several signals, each turned into a `BaseLink` here:
  - model-card front matter: `base_model` (a string or list) and `base_model_relation`;
  - Hub tags `base_model:<relation>:<id>` (and bare `base_model:<id>`);
  - GGUF keys `general.base_model.{i}.repo_url | organization + name`, and the source keys
    `general.source.repo_url`, `general.source.huggingface.repository`;
  - PEFT `adapter_config.json` (`base_model_name_or_path`: an adapter);
  - the catalog's `base:` entries (followed by the resolver);
  - distill and merge names (`X-Distill-Y`, `A-B-slerp`): family-level ancestors;
  - where the card's front matter states no base_model: the source its text names in the phrasing of
    card generators and quantizers ("a fine-tuned version of [X](url)", "Original model: url"), else the
    repository its license_link points into (both medium confidence);
  - local paths written where a hub id belongs (`base_model: /home/u/.cache/modelscope/hub/models/Qwen/
    Qwen3-14B`, an adapter's `base_model_name_or_path`): a Hugging Face or ModelScope cache folder names its
    repository; any other folder is matched by its last name (see `local_path_repo`).
The resolver walks every link up to the root with a depth bound and cycle protection; each
`Ancestor.parent` names the model it is a base of, so the chain can be shown as a tree.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.knowledge import Knowledge
from scanner.lazyregex import lazy_compile
from scanner.records import Ancestor, Model, PlainRecord

RELATIONS = ("finetune", "adapter", "quantized", "merge", "distill", "reupload")
_RELATION_ALIASES = {"fine-tune": "finetune", "fine_tune": "finetune", "quantization": "quantized", "lora": "adapter"}
_HUB_URL = lazy_compile(
    r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?!(?:datasets|spaces|docs|blog|papers|collections|organizations|api|learn|tasks|models|settings)/)"
    r"([^/\s?#]+)/([^/\s?#]+)"
)
_HUB_ID = lazy_compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")
# a Hugging Face cache folder (models--{org}--{name}) and a ModelScope cache folder (.../modelscope/hub/[models/]
# {org}/{name}, where ModelScope writes '.' in names as '___'), anywhere in a local path
_HF_CACHE_DIR = lazy_compile(r"(?:^|[/\\])models--(?P<org>[^/\\]+?)--(?P<name>[^/\\]+?)(?:[/\\]|$)")
_MS_CACHE_DIR = lazy_compile(
    r"(?:^|[/\\])modelscope[/\\](?:hub[/\\])?(?:models[/\\])?(?P<org>[^/\\.][^/\\]*)[/\\](?P<name>[^/\\]+?)[/\\]*$"
)
_DISTILL = lazy_compile(r"^(?P<teacher>.+?)[-_]distill(?:ed)?[-_](?P<student>.+)$", re.IGNORECASE)
_MERGE = lazy_compile(r"(?:^|[-_.])(merge|merged|slerp|ties|dare|della|frankenmerge|passthrough)(?:$|[-_.])", re.I)


class BaseLink(PlainRecord):
    """A base model a model names, and how."""

    __slots__ = ("confidence", "detail", "id", "relation", "via")
    FIELDS = ("id", "relation", "via", "detail", "confidence")

    def __init__(self, id: str, relation: str, via: str, detail: str, confidence: str = "high") -> None:
        self.id = id  # hub id org/name
        self.relation = relation  # one of RELATIONS
        self.via = via  # model-card | hub-tag | gguf | adapter-config | config
        self.detail = detail
        self.confidence = confidence  # medium: inferred, not stated (a license_link to another repository)


def relation_of(value: str | None, default: str = "finetune") -> str:
    if not value:
        return default
    lowered = value.strip().lower()
    lowered = _RELATION_ALIASES.get(lowered, lowered)
    return lowered if lowered in RELATIONS else default


def hub_id(value: str | None) -> str | None:
    """org/name from a hub id or a huggingface.co URL; None for anything else (local paths, names)."""
    if not value:
        return None
    text = value.strip()
    url = _HUB_URL.match(text)
    if url:
        text = f"{url.group(1)}/{url.group(2)}"
    elif "://" in text or text.startswith(("/", ".", "~")) or text.count("/") != 1:
        return None
    return text if _HUB_ID.match(text) else None


def links_from_card(card: dict[str, Any], where: str = "README.md") -> list[BaseLink]:
    # a quantizer's card says who quantized and often no relation: its base is what it quantized
    relation = relation_of(card.get("base_model_relation"), "quantized" if card.get("quantized_by") else "finetune")
    tagged = {link.id.lower(): link.relation for link in links_from_tags(card.get("tags") or [], via="model-card")}
    links = []
    for value in card.get("base_model") or []:
        found = hub_id(value)
        if found:
            # no base_model_relation: a typed tag for the same base says it (`base_model:adapter:<id>`, as TRL writes)
            how = relation if card.get("base_model_relation") else tagged.get(found.lower(), relation)
            links.append(BaseLink(found, how, "model-card", f"{where}: base_model {found}, relation {how}"))
    links.extend(links_from_tags(card.get("tags") or [], via="model-card"))
    if links or card.get("base_model"):
        return _unique(links)
    # never over an explicit base_model: only where the card states none
    stated = _text_source(card, where, relation)
    if stated is not None:
        links.append(stated)
    linked = hub_id(card.get("license_link"))
    if not links and linked:
        detail = f"{where}: license_link points at {linked}'s license (no base_model stated)"
        links.append(BaseLink(linked, "finetune", "model-card", detail, confidence="medium"))
    return _unique(links)


def _text_source(card: dict[str, Any], where: str, relation: str) -> BaseLink | None:
    """The first source the card's text names ("Original model: url", "a fine-tuned version of [X](url)")."""
    for source in card.get("text_sources") or []:
        found = hub_id(source.get("url"))
        if not found:
            continue
        phrase = str(source.get("phrase") or "")
        if "lora" in phrase or "adapter" in phrase:
            how = "adapter"
        elif phrase.startswith(("original model", "converted", "quantization")):
            how = relation if relation == "quantized" else "reupload"
        else:
            how = "finetune"
        detail = f"{where} text: '{phrase}' {found} (no base_model stated), relation {how}"
        return BaseLink(found, how, "model-card", detail, confidence="medium")
    return None


def local_path_repo(value: str | None) -> tuple[str, str] | None:
    """(hub id, which cache) when a local path lies in a Hugging Face or ModelScope cache folder, whose
    layout names the repository: `.../models--Qwen--Qwen3-14B/snapshots/<rev>`, `.../modelscope/hub/models/
    Qwen/Qwen3-14B`. None for anything else."""
    if not value:
        return None
    text = value.strip()
    for pattern, which in ((_HF_CACHE_DIR, "Hugging Face cache folder"), (_MS_CACHE_DIR, "ModelScope cache folder")):
        found = pattern.search(text)
        if found:
            repo = hub_id(f"{found.group('org')}/{found.group('name').replace('___', '.')}")
            return (repo, which) if repo else None
    return None


def local_path_name(value: str | None) -> str | None:
    """The folder name a local path (or a bare folder name) ends in, for a value that is not a hub id."""
    if not value or hub_id(value):
        return None
    text = value.strip().rstrip("/\\")
    if "://" in text:
        return None
    name = re.split(r"[/\\]", text)[-1]
    return name if name and name not in (".", "..", "~") else None


def links_from_tags(tags: list[str], via: str = "hub-tag") -> list[BaseLink]:
    """`base_model:<relation>:<id>` wins over a bare `base_model:<id>` for the same id."""
    typed: dict[str, BaseLink] = {}
    bare: list[str] = []
    for tag in tags:
        if not isinstance(tag, str) or not tag.startswith("base_model:"):
            continue
        rest = tag[len("base_model:") :]
        head, sep, tail = rest.partition(":")
        if sep and head.lower() in RELATIONS and hub_id(tail):
            typed.setdefault(tail.lower(), BaseLink(tail, head.lower(), via, f"tag {tag}"))
        elif hub_id(rest):
            bare.append(rest)
    links = list(typed.values())
    links += [BaseLink(b, "finetune", via, f"tag base_model:{b}") for b in bare if b.lower() not in typed]
    return _unique(links)


def links_from_gguf(metadata: dict[str, Any]) -> list[BaseLink]:
    """general.base_model.{i}: repo_url, else organization + name (as gguf-py writes them)."""
    try:
        count = int(metadata.get("general.base_model.count") or 0)
    except (TypeError, ValueError):
        count = 0
    links = []
    for i in range(min(count, 64)):
        prefix = f"general.base_model.{i}."
        found = hub_id(_s(metadata.get(prefix + "repo_url"))) or hub_id(_s(metadata.get(prefix + "url")))
        if not found:
            org, name = _s(metadata.get(prefix + "organization")), _s(metadata.get(prefix + "name"))
            if org and name:
                found = hub_id(f"{org_from_title(org)}/{name.replace(' ', '-')}")
        if found:
            links.append(BaseLink(found, "finetune", "gguf", f"GGUF key {prefix}* names {found}"))
    return _unique(links)


def gguf_source(metadata: dict[str, Any]) -> tuple[str, str] | None:
    """(hub id, key) of the repo these GGUF weights were converted from, when the header says so."""
    for key in ("general.source.repo_url", "general.source.url", "general.source.huggingface.repository"):
        found = hub_id(_s(metadata.get(key)))
        if found:
            return found, key
    return None


def gguf_names(metadata: dict[str, Any]) -> list[str]:
    """Model names a GGUF header gives, in the hub's spelling: basename-size-finetune-version, name."""
    names = []
    basename = _s(metadata.get("general.basename"))
    if basename:
        parts = [basename]
        for key in ("general.size_label", "general.finetune", "general.version"):
            value = _s(metadata.get(key))
            if value and value.lower() not in basename.lower():
                parts.append(value.replace(" ", "-"))
        names.append("-".join(parts))
    name = _s(metadata.get("general.name"))
    if name:
        names.append(name.strip().replace(" ", "-"))
    return list(dict.fromkeys(names))


def org_from_title(title: str) -> str:
    """gguf-py writes orgs as titles ('Deepseek Ai' for deepseek-ai, 'Meta Llama' for meta-llama)."""
    return "-".join(title.strip().split()).lower() if " " in title.strip() else title.strip()


def name_lineage(name: str, kb: Knowledge) -> list[tuple[dict[str, Any], str, str, str]]:
    """(lab, family, relation, name fragment) that a name states about its bases:
    `DeepSeek-R1-Distill-Qwen-7B` is distilled from DeepSeek-R1 into a Qwen base; `Qwen2.5-Llama3-slerp`
    merges two families; `Hermes-3-Llama-3.1-8B` and `Dolphin3.0-Qwen2.5-3b` are fine-tunes of the family
    their name embeds after its own (the first such family is the base; what follows it is its size or
    variant)."""
    out: list[tuple[dict[str, Any], str, str, str]] = []
    distill = _DISTILL.match(name)
    if distill:
        for part, relation in (("teacher", "distill"), ("student", "finetune")):
            found = kb.family_for_name(distill.group(part))
            if found:
                out.append((found[0], found[1], relation, distill.group(part)))
        return out
    boundaries = [m.end() for m in re.finditer(r"[-_.]", name)]
    if _MERGE.search(name):
        seen: set[str] = set()
        for start in [0, *boundaries]:
            found = kb.family_for_name(name[start:])
            if found and found[1] not in seen:
                seen.add(found[1])
                out.append((found[0], found[1], "merge", name[start:]))
        return out
    own = kb.family_for_name(name)
    for start in boundaries:
        found = kb.family_for_name(name[start:])
        # a family named with its version or size is a base (`Hermes-3-Llama-3.1-8B`); a bare family word
        # after a model's own name is its format (`Yi-34B-Llama`, `Qwen-7B-llamafied`)
        if found and not (own and found[0]["id"] == own[0]["id"]) and (not own or re.search(r"\d", name[start:])):
            out.append((found[0], found[1], "finetune", name[start:]))
            break
    return out


def fragment_license(fragment: str, lab_id: str, kb: Knowledge) -> str | None:
    """The catalog license of the model a name fragment names (`Qwen2.5-3b` -> the 3B's research license),
    when the catalog entry belongs to the same lab."""
    from scanner.resolve.names import strip_format_suffixes

    entry = kb.catalog_entry(None, strip_format_suffixes(fragment))
    if entry is None or entry["lab"] != lab_id or entry["license"] == "unknown" or entry.get("license_by_date"):
        return None
    return str(entry["license"])


def tree(model: Model) -> dict[str, Any]:
    """The lineage as a tree: {id, relation, lab, country, license, via, bases: [...]}, rooted at the model."""
    children: dict[str, list[Ancestor]] = {}
    for a in model.lineage:
        children.setdefault((a.parent or model.id).lower(), []).append(a)
    seen: set[str] = set()

    def node(a: Ancestor) -> dict[str, Any]:
        key = a.id.lower()
        first = key not in seen
        seen.add(key)
        return {
            "id": a.id,
            "relation": a.relation,
            "lab": a.lab,
            "country": a.country,
            "license": a.license,
            "via": a.via,
            "bases": [node(c) for c in children.get(key, [])] if first else [],
        }

    seen.add(model.id.lower())
    return {
        "id": model.id,
        "relation": model.relation,
        "lab": model.origin.lab,
        "country": model.origin.country,
        "license": model.license.id,
        "via": model.origin.via,
        "bases": [node(c) for c in children.get(model.id.lower(), [])],
    }


def _s(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _unique(links: list[BaseLink]) -> list[BaseLink]:
    out: dict[str, BaseLink] = {}
    for link in links:
        out.setdefault(link.id.lower(), link)
    return list(out.values())
