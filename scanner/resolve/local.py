"""Model files and folders -> Model: what the weights on disk are, from their own headers, card,
config and LICENSE, resolved against the rules.

1. Identity: which hub model these weights are, or were converted from. Strongest first: the Hugging
   Face cache repo id; a card `base_model` with relation `quantized`; the GGUF source keys; the GGUF
   organization + name when the organization is a known org; a catalog name that the file or folder
   name matches exactly (a longer name, `Qwen2.5-7B-Instruct-abliterated`, is a derivative of it, not
   the lab's weights).
2. Lineage: the identity and its own lineage, then every base link the files state (card base_model,
   GGUF general.base_model.*, adapter base, distill and merge names), each walked to its root. A base
   written as a local path names its repository when it is a Hugging Face or ModelScope cache folder,
   or the catalogued model its folder is named exactly like. When the folder is a copy of a catalogued
   repository and its card is that repository's card (its title or license_link names it), the card's
   base_model describes the copied model: it is walked as the copy's base, not as a second parent.
3. License: the catalog's license for the identified weights wins; else the LICENSE text identified
   by fingerprint; else what the card or header declares. Every declaration is kept as evidence and in
   `meta.declared_license`; declarations that disagree are `meta.license_conflicts`. Where a catalogued
   license changed over time (`license_by_date`) and the files declare one of its earlier licenses, the
   files date the weights: that license is the one shown for the model or ancestor.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.lazyregex import lazy_compile
from scanner.records import Ancestor, Evidence, LicenseRef, Model, Origin, Reference, RefType
from scanner.resolve.lineage import (
    RELATIONS,
    BaseLink,
    fragment_license,
    gguf_names,
    gguf_source,
    hub_id,
    links_from_card,
    links_from_gguf,
    local_path_name,
    local_path_repo,
    name_lineage,
    org_from_title,
    relation_of,
)
from scanner.resolve.names import strip_format_suffixes
from scanner.resolve.resolver import UNKNOWN_LICENSE, UNKNOWN_ORIGIN, Resolver, _ancestor

_SHARD = lazy_compile(r"[-_.]?(?:\d{5}-of-\d{5}|part\d+of\d+|split-?\d+)$", re.IGNORECASE)
_WEIGHT_STEM = lazy_compile(
    r"^(?:model|pytorch_model|diffusion_pytorch_model|adapter_model|consolidated|weights)$", re.I
)
_QUANTIZED_FORMATS = frozenset({"gguf"})


def resolve_local(ref: Reference, resolver: Resolver) -> Model:
    return _Local(ref, resolver).model()


def resolve_hub_metadata(
    repo_id: str,
    resolver: Resolver,
    *,
    revision: str | None = None,
    card: dict[str, Any] | None = None,
    tags: list[str] | None = None,
    config: dict[str, Any] | None = None,
    kind: RefType = RefType.HUB_MODEL,
) -> Model:
    """A hub model resolved with what the Hub says about it (card data, tags such as
    `base_model:quantized:<id>`, config): the same walk as for local files, for `--online`."""
    from scanner.modelfiles.folder import card_facts, config_facts

    card_data = card_facts(card or {})
    card_data["tags"] = list(dict.fromkeys([*card_data["tags"], *(tags or [])]))
    meta = {
        "format": "hub",
        "error": None,
        "file": repo_id,
        "source": "hub-api",
        "repo_id": repo_id,
        "revision": revision,
        "folder": {"path": repo_id, "card": card_data, "config": config_facts(config) if config else None},
    }
    ref = Reference(repo_id, kind, "<hub>", 1, 1, repo_id, "hub-api", revision=revision, meta=meta)
    model = _Local(ref, resolver).model()
    return model._replace(kind=kind.value)


class _Local:
    def __init__(self, ref: Reference, resolver: Resolver) -> None:
        self.ref = ref
        self.resolver = resolver
        self.kb = resolver.kb
        self.meta: dict[str, Any] = ref.meta or {}
        self.fmt: str = self.meta.get("format") or "unknown"
        folder = self.meta.get("folder") or {}
        self.folder: dict[str, Any] = folder
        self.card: dict[str, Any] = folder.get("card") or {}
        self.config: dict[str, Any] = folder.get("config") or {}
        self.adapter: dict[str, Any] | None = folder.get("adapter")
        self.gguf: dict[str, Any] = (self.meta.get("gguf") or {}).get("metadata") or {}
        self.st: dict[str, Any] = (self.meta.get("safetensors") or {}).get("metadata") or {}
        self.evidence: list[Evidence] = []
        self.imitates: list[dict[str, Any]] = []

    # --- the model ------------------------------------------------------------------------------
    def model(self) -> Model:
        identity = self._identity()
        quantized_by = _s(self.gguf.get("general.quantized_by")) or _s(self.card.get("quantized_by"))
        origin, license_ref, family, uploader, relation = UNKNOWN_ORIGIN, UNKNOWN_LICENSE, None, None, None
        lineage: list[Ancestor] = []
        custom_code = bool(self.config.get("auto_map"))
        source_id: str | None = None
        if identity is not None:
            source_id, how, via, detail, confidence = identity
            hub = self.resolver.hub(source_id)
            self._collect_imitation(hub)
            origin = hub.origin
            license_ref = hub.license
            family = hub.family
            custom_code = custom_code or hub.custom_code
            self.evidence.append(Evidence("lineage", source_id, via, detail, confidence))
            self.evidence.extend(hub.evidence)
            if how == "same":
                uploader, relation = hub.uploader, hub.relation
                lineage = [_repoint(a, source_id, self.ref.id) for a in hub.lineage]
            else:
                repo_org = str(self.meta.get("repo_id") or "").partition("/")[0] or None
                uploader, relation = quantized_by or repo_org, how
                lineage = [_ancestor(hub, how, via, self.ref.id), *hub.lineage]
        elif quantized_by:
            uploader = quantized_by

        derived = self._base_links(identity, lineage)
        if identity is None and derived:
            relation = derived[0].relation
            origin = self._producer_origin()
        elif derived and relation is None:  # a repo of unknown name whose card or tags state its base
            relation = derived[0].relation
        if identity is None and not derived:
            lineage.extend(self._name_lineage())
            if lineage:
                relation = relation or "finetune"
        lineage = _drop_vague_families(lineage)
        self._architecture_evidence()

        declared = self._declarations()
        lineage = [self._dated(a, declared) for a in lineage]
        if source_id is not None and identity is not None and identity[1] in ("same", "reupload", "quantized"):
            dated = self._dated_license(source_id, license_ref.id, declared)
            if dated is not None:
                license_ref = LicenseRef(dated, self._license_name(dated), "model-card")
        texts = [f for f in self.folder.get("license_files") or [] if f.get("license")]
        if license_ref.id is None and texts:
            first = texts[0]
            license_ref = LicenseRef(first["license"], self._license_name(first["license"]), "license-file")
        elif license_ref.id is None and declared:
            best = next((d for d in declared if d["id"]), None)
            if best is not None:
                license_ref = LicenseRef(best["id"], self._license_name(best["id"]), best["via"])
        meta = {
            "format": self.fmt,
            "identity": {"id": source_id, "relation": identity[1], "via": identity[2]} if identity else None,
            "quantized_by": quantized_by,
            "declared_license": self._strongest_declaration(declared),
            "declarations": declared,
            "license_files": list(self.folder.get("license_files") or []),
            "license_conflicts": self._conflicts(declared, texts),
            "imitates": self.imitates,
            "architectures": list(self.config.get("architectures") or []),
            "model_type": self.config.get("model_type"),
            "auto_map": list(self.config.get("auto_map") or []),
            "files_read": list(self.folder.get("files_read") or []),
            "repo_id": self.meta.get("repo_id"),
            "revision": self.meta.get("revision"),
        }
        if custom_code and self.config.get("auto_map"):
            self.evidence.append(
                Evidence(
                    "custom_code",
                    "yes",
                    "config",
                    f"config.json auto_map names custom classes ({', '.join(self.config['auto_map'][:3])}): "
                    "loading needs trust_remote_code=True and runs the folder's Python files",
                )
            )
        if not any(e.attribute == "origin" for e in self.evidence):
            self.evidence.append(
                Evidence(
                    "origin", "unknown", "none", "no header, card or name of these files names a known model", "low"
                )
            )
        return Model(
            id=self.ref.id,
            kind=RefType.MODEL_FILE.value,
            origin=origin,
            license=license_ref,
            family=family,
            uploader=uploader,
            relation=relation,
            lineage=tuple(lineage),
            evidence=tuple(self.evidence),
            custom_code=custom_code,
            meta=meta,
        )

    # --- identity -------------------------------------------------------------------------------
    def _identity(self) -> tuple[str, str, str, str, str] | None:
        """(hub id, how these files relate to it: same | quantized | reupload, via, detail, confidence)."""
        conversion = "quantized" if self.fmt in _QUANTIZED_FORMATS or self.config.get("quantization") else "reupload"
        for link in self._card_links():
            if link.relation == "quantized":
                return link.id, "quantized", "model-card", f"{link.detail}: these files are its quantization", "high"
        repo = self.meta.get("repo_id")
        if repo:
            rev = self.meta.get("revision") or "?"
            if self.meta.get("source") == "hub-api":
                return repo, "same", "hub-api", f"Hub metadata of {repo} at {rev[:12]}", "high"
            return repo, "same", "hf-cache", f"Hugging Face cache snapshot of {repo} at {rev[:12]}", "high"
        source = gguf_source(self.gguf)
        if source is not None:
            found, key = source
            how = "same" if strip_format_suffixes(found.split("/")[1]) != found.split("/")[1] else conversion
            return found, how, "gguf", f"GGUF key {key} names {found}", "high"
        names = self._names()
        organization = _s(self.gguf.get("general.organization"))
        if organization:
            org = org_from_title(organization)
            if self.kb.lab_for_org(org) or self.kb.redistributor(org):
                for name in names:
                    if self.kb.catalog_entry(org, name) or self.kb.family_for_name(name):
                        return (
                            f"{org}/{name}",
                            conversion,
                            "gguf",
                            f"GGUF general.organization '{organization}' and name '{name}'",
                            "high",
                        )
        for name in names:
            own = self._lab_weights(name)
            if own is not None:
                return own, conversion, "name", f"the name '{name}' is exactly the catalog's {own}", "medium"
        return None

    def _names(self) -> list[str]:
        """Candidate model names, from the GGUF header, the card, the file name and the folder name."""
        names = list(gguf_names(self.gguf))
        if self.card.get("model_name"):
            names.append(str(self.card["model_name"]).replace(" ", "-"))
        title = self._title()
        if title and not self.card.get("base_model"):  # a card that states its base is not a copy's
            names.append(title)
        file_name = str(self.meta.get("file") or self.ref.path).rsplit("/", 1)[-1]
        stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
        stem = _SHARD.sub("", stem)
        if stem and not _WEIGHT_STEM.match(stem):
            names.append(stem)
        folder_path = str(self.folder.get("path") or "")
        if folder_path not in ("", "."):
            names.append(folder_path.rsplit("/", 1)[-1])
        out = []
        for n in names:
            stripped = strip_format_suffixes(n)
            if stripped and stripped not in out:
                out.append(stripped)
        return out

    def _lab_weights(self, name: str) -> str | None:
        """lab-org/name when name is exactly a catalog model (not a longer derivative name)."""
        entry = self.kb.catalog_entry(None, name)
        if entry is None:
            return None
        pattern = entry["name"]
        for tail in (r"([-_.].*)?", r"(-.*)?", r"([-_].*)?"):
            if pattern.endswith(tail):
                pattern = pattern[: -len(tail)]
                break
        try:
            if not re.fullmatch(pattern, name, re.IGNORECASE):
                return None
        except re.error:
            return None
        lab = self.kb.labs.get(entry["lab"])
        orgs = (lab or {}).get("hf_orgs") or []
        return f"{orgs[0]}/{name}" if orgs else None

    def _title(self) -> str | None:
        """The model name the card's title gives: '# all-MiniLM-L6-v2', '# mlx-community/Qwen2.5-7B-Instruct-4bit'."""
        title = str(self.card.get("title") or "").strip()
        for prefix in ("model card for ", "model card of "):
            if title.lower().startswith(prefix):
                title = title[len(prefix) :]
        name = title.strip().rsplit("/", 1)[-1] if title.count("/") <= 1 else ""
        name = "-".join(name.split())
        return name if name and re.fullmatch(r"[\w.-]+", name) else None

    def _card_describes(self, repo: str) -> bool:
        """The card is the card of repo (copied with its weights): its title or license_link names it."""
        name = repo.partition("/")[2].lower()
        title = self._title()
        if title and strip_format_suffixes(title).lower() == name:
            return True
        linked = hub_id(self.card.get("license_link"))
        return bool(linked and strip_format_suffixes(linked.partition("/")[2]).lower() == name)

    def _local_link(self, value: Any, relation: str, via: str, where: str) -> BaseLink | None:
        """A base written as a local path (or a bare folder name) instead of a hub id."""
        if not isinstance(value, str) or not value.strip() or hub_id(value):
            return None
        repo = local_path_repo(value)
        if repo is not None:
            found, which = repo
            confidence = "high" if which.startswith("Hugging Face") else "medium"
            return BaseLink(found, relation, via, f"{where} {value}: a {which} of {found}", confidence)
        name = local_path_name(value)
        own = self._lab_weights(strip_format_suffixes(name.replace("___", "."))) if name else None
        if own is None:
            return None
        detail = f"{where} {value}: a local folder named exactly like the catalog's {own}"
        return BaseLink(own, relation, via, detail, "medium")

    def _card_links(self) -> list[BaseLink]:
        """The card's base links, hub ids and local paths alike."""
        links = links_from_card(self.card)
        default = "quantized" if self.card.get("quantized_by") else "finetune"
        relation = relation_of(self.card.get("base_model_relation"), default)
        tags = [t for t in self.card.get("tags") or [] if isinstance(t, str)]
        for value in self.card.get("base_model") or []:
            how = next((r for r in RELATIONS if f"base_model:{r}:{value}" in tags), relation)
            link = self._local_link(value, how, "model-card", "README.md: base_model")
            if link is not None:
                links.append(link)
        return links

    # --- lineage --------------------------------------------------------------------------------
    def _base_links(self, identity: tuple[str, str, str, str, str] | None, lineage: list[Ancestor]) -> list[BaseLink]:
        """Walk the bases the files state; returns the links that were new (not already in the lineage)."""
        present = {a.id.lower() for a in lineage}
        if identity is not None:
            present.add(identity[0].lower())
        source = identity[0] if identity is not None and identity[1] != "same" else self.ref.id
        # a copy's card is the copied repository's card: its base_model is the copy's base, not a second parent
        copied = identity is not None and identity[1] == "reupload" and self._card_describes(identity[0])
        groups: list[tuple[list[BaseLink], str]] = [
            (self._card_links(), source if copied else self.ref.id),
            (links_from_gguf(self.gguf), source),  # a converted GGUF's base keys describe its source
        ]
        adapter_value = (self.adapter or {}).get("base_model")
        adapter_base = hub_id(adapter_value)
        where = "adapter_config.json base_model_name_or_path"
        adapter_link = (
            BaseLink(adapter_base, "adapter", "adapter-config", where)
            if adapter_base
            else self._local_link(adapter_value, "adapter", "adapter-config", where)
        )
        if adapter_link is not None:
            groups.append(([adapter_link], self.ref.id))
        if identity is None:
            value = self.config.get("name_or_path")
            name_or_path = hub_id(value)
            config_link = (
                BaseLink(name_or_path, "finetune", "config", f"config.json _name_or_path {name_or_path}")
                if name_or_path
                else self._local_link(value, "finetune", "config", "config.json _name_or_path")
            )
            if config_link is not None:
                groups.append(([config_link], self.ref.id))
        new: list[BaseLink] = []
        for links, parent in groups:
            for link in links:
                if link.id.lower() in present:
                    continue
                present.add(link.id.lower())
                new.append(link)
                base = self.resolver.hub(link.id)
                self._collect_imitation(base)
                lineage.append(_ancestor(base, link.relation, link.via, parent))
                lineage.extend(a for a in base.lineage if a.id.lower() not in present)
                present.update(a.id.lower() for a in base.lineage)
                self.evidence.append(Evidence("lineage", link.id, link.via, link.detail, link.confidence))
        return new

    def _name_lineage(self) -> list[Ancestor]:
        """No identity and no stated base: what the names say (a family's derivative, a distill, a merge)."""
        out: list[Ancestor] = []
        for name in self._names():
            stated = name_lineage(name, self.kb)
            lic = None
            if not stated:  # a derivative of one family: the catalog says which family, lab and license
                entry = self.kb.catalog_entry(None, name)
                found = self.kb.family_for_name(name)
                lab_entry = self.kb.labs.get(entry["lab"]) if entry else (found[0] if found else None)
                family_name = (entry.get("family") if entry else None) or (found[1] if found else None)
                lic = entry.get("license") if entry else None
                stated = [(lab_entry, family_name, "finetune", name)] if lab_entry and family_name else []
            for lab, family, relation, fragment in stated:
                lic = lic or fragment_license(fragment, lab["id"], self.kb)
                ancestor_id = f"{family} family"
                if any(a.id == ancestor_id for a in out):
                    continue
                out.append(
                    Ancestor(
                        ancestor_id,
                        relation,
                        lab["id"],
                        lab.get("country"),
                        lic if lic != "unknown" else None,
                        "name",
                        self.ref.id,
                    )
                )
                self.evidence.append(
                    Evidence(
                        "lineage",
                        ancestor_id,
                        "name",
                        f"the name '{name}' says it derives from the {family} family ({lab['name']}); "
                        "no header or card names the exact base",
                        "medium",
                    )
                )
            if out:
                break
        return out

    def _producer_origin(self) -> Origin:
        """A derivative's origin is its producer: the GGUF organization, when that is a known lab."""
        organization = _s(self.gguf.get("general.organization"))
        if organization:
            hit = self.kb.lab_for_org(org_from_title(organization))
            if hit:
                lab = hit[0]
                self.evidence.append(
                    Evidence(
                        "origin", lab["id"], "gguf", f"GGUF general.organization '{organization}' is {lab['name']}"
                    )
                )
                return Origin(lab["id"], lab["name"], lab.get("country"), "gguf")
            self.evidence.append(
                Evidence(
                    "origin",
                    "unknown",
                    "gguf",
                    f"GGUF general.organization '{organization}' is not a known lab; these are its derivative weights",
                    "medium",
                )
            )
        return UNKNOWN_ORIGIN

    def _architecture_evidence(self) -> None:
        for arch in [*(self.config.get("architectures") or []), self.config.get("model_type")]:
            if not arch:
                continue
            lab = next(
                (
                    lab
                    for lab in self.kb.labs.values()
                    if arch in (lab.get("architectures") or []) or arch in (lab.get("model_types") or [])
                ),
                None,
            )
            if lab is not None:
                self.evidence.append(
                    Evidence(
                        "family",
                        lab["id"],
                        "config",
                        f"config.json: {arch} is an architecture of {lab['name']}; an architecture alone does not "
                        "say who trained the weights",
                        "low",
                    )
                )
                return

    def _collect_imitation(self, model: Model) -> None:
        for item in (model.meta or {}).get("imitates") or []:
            if item not in self.imitates:
                self.imitates.append(item)

    # --- license --------------------------------------------------------------------------------
    def _declarations(self) -> list[dict[str, Any]]:
        """Every license the files declare: {id (None when not in the rules), raw, via, where}."""
        out: list[dict[str, Any]] = []
        card_name = next(
            (f for f in self.folder.get("files_read") or [] if f.lower().startswith("readme")), "README.md"
        )
        if any(self.card.get(k) for k in ("license", "license_name", "license_link")):
            out.append(
                self._declared(
                    self.card.get("license"),
                    self.card.get("license_name"),
                    self.card.get("license_link"),
                    "model-card",
                    f"model card ({card_name})",
                )
            )
        if any(self.gguf.get(k) for k in ("general.license", "general.license.name", "general.license.link")):
            out.append(
                self._declared(
                    _s(self.gguf.get("general.license")),
                    _s(self.gguf.get("general.license.name")),
                    _s(self.gguf.get("general.license.link")),
                    "gguf",
                    f"GGUF header ({self.ref.raw})",
                )
            )
        for key in ("license", "modelspec.license"):
            if _s(self.st.get(key)):
                out.append(self._declared(_s(self.st.get(key)), None, None, "safetensors", f"safetensors {key}"))
                break
        for item in out:
            self.evidence.append(
                Evidence(
                    "license",
                    item["id"] or "unknown",
                    item["via"],
                    f"{item['where']} declares {item['raw']}" + ("" if item["id"] else " (not a license in the rules)"),
                    "medium",
                )
            )
        for text in self.folder.get("license_files") or []:
            self.evidence.append(
                Evidence("license", text.get("license") or "unknown", "license-file", f"{text['file']}: {text['note']}")
            )
        return out

    def _declared(
        self, license_value: str | None, name: str | None, link: str | None, via: str, where: str
    ) -> dict[str, Any]:
        license_id = self.kb.license_from_declaration(license_value, name, link) or self._spdx(license_value)
        raw = ", ".join(f"{k}: {v}" for k, v in (("license", license_value), ("name", name), ("link", link)) if v)
        return {"id": license_id, "raw": raw, "via": via, "where": where}

    def _dated(self, ancestor: Ancestor, declared: list[dict[str, Any]]) -> Ancestor:
        dated = self._dated_license(ancestor.id, ancestor.license, declared)
        return ancestor._replace(license=dated) if dated is not None else ancestor

    def _dated_license(self, model_id: str, current: str | None, declared: list[dict[str, Any]]) -> str | None:
        """An earlier license of a model whose catalogued license changed over time, when the files declare it:
        they were made from weights of that period (a 2023 quantization of Yi-34B declares the Yi license)."""
        org, _, name = model_id.partition("/")
        entry = self.kb.catalog_entry(org, strip_format_suffixes(name)) if name else None
        dated = (entry or {}).get("license_by_date") or []
        if not entry or not dated:
            return None
        history = [entry["license"], *(d["license"] for d in dated)]
        found = next((d for d in declared if d["id"] and d["id"] in history and d["id"] != current), None)
        if found is None:
            return None
        periods = "; ".join(f"from {d['from']}: {d['license']}" for d in dated)
        detail = (
            f"{found['where']} declares {found['raw']}, a license {model_id} had before it changed ({periods}; "
            f"before: {entry['license']}): these files come from weights of that period"
        )
        evidence = Evidence("license", found["id"], found["via"], detail, "medium")
        if evidence not in self.evidence:  # the identity and its ancestor entry are the same model
            self.evidence.append(evidence)
        return str(found["id"])

    def _spdx(self, value: str | None) -> str | None:
        if not value:
            return None
        lowered = value.strip().lower()
        for lic in self.kb.licenses.values():
            if str(lic.get("spdx") or "").lower() == lowered or lic["id"].lower() == lowered:
                return str(lic["id"])
        return None

    def _license_name(self, license_id: str) -> str:
        lic = self.kb.licenses.get(license_id)
        return str(lic["name"]) if lic else license_id

    def _strongest_declaration(self, declared: list[dict[str, Any]]) -> dict[str, Any] | None:
        """The most permissive declaration (what a user would rely on), for the laundering check."""
        from scanner.resolve.obligations import rank

        known = [d for d in declared if d["id"]]
        if not known:
            return None
        best = min(known, key=lambda d: rank(self.kb.licenses.get(d["id"])))
        return {**best, "name": self._license_name(best["id"])}

    def _conflicts(self, declared: list[dict[str, Any]], texts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        signals = [(d["id"], d["where"]) for d in declared if d["id"]]
        signals += [(t["license"], t["file"]) for t in texts]
        out = []
        seen: set[frozenset[str]] = set()
        for i, (a_id, a_where) in enumerate(signals):
            for b_id, b_where in signals[i + 1 :]:
                pair = frozenset((a_id, b_id))
                if a_id == b_id or pair in seen:
                    continue
                seen.add(pair)
                out.append(
                    {
                        "id": f"{a_id}|{b_id}",
                        "a": a_id,
                        "a_where": a_where,
                        "a_name": self._license_name(a_id),
                        "b": b_id,
                        "b_where": b_where,
                        "b_name": self._license_name(b_id),
                    }
                )
        return out


def _drop_vague_families(lineage: list[Ancestor]) -> list[Ancestor]:
    """A name-based 'X family' ancestor says less than a stated base of the same lab: keep the base."""
    concrete = {a.lab for a in lineage if not (a.via == "name" and a.id.endswith(" family"))}
    return [a for a in lineage if not (a.via == "name" and a.id.endswith(" family") and a.lab in concrete)]


def _repoint(ancestor: Ancestor, old: str, new: str) -> Ancestor:
    """A cached snapshot is the repo itself: the repo's bases become the snapshot's."""
    if (ancestor.parent or "").lower() == old.lower():
        return Ancestor(
            ancestor.id, ancestor.relation, ancestor.lab, ancestor.country, ancestor.license, ancestor.via, new
        )
    return ancestor


def _s(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
