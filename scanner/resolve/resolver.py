"""Reference -> Model: origin lab and country, license, lineage, and the evidence for each.

Offline, from the rules alone. The order of signals, strongest first:
  1. the model catalog (exact family/version/size entries, with license and base models);
  2. the org: a lab's own org, a former name of it, or a known redistributor;
  3. the family name patterns of the labs (how re-uploads with other names are traced).
What cannot be resolved is `unknown`, never guessed silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scanner.extract.ids import hosted_name
from scanner.knowledge import Knowledge
from scanner.records import Ancestor, Evidence, LicenseRef, Model, Origin, Reference, RefType
from scanner.resolve.lineage import fragment_license, name_lineage
from scanner.resolve.names import strip_format_suffixes, strip_org_prefix
from scanner.resolve.typosquat import Imitation, imitated_org

if TYPE_CHECKING:
    from scanner.online.source import HubMetadata

UNKNOWN_ORIGIN = Origin(None, None, None, "unknown")
UNKNOWN_LICENSE = LicenseRef(None, None, "unknown")
MAX_DEPTH = 12

Entry = dict[str, Any]


def model_key(ref: Reference) -> str:
    """References that name the same model share a key (hub ids are case-insensitive)."""
    return ref.id.lower()


class Resolver:
    """Reference -> Model, through the rules (and Hub metadata when given), each model resolved once.
    A plain class, not a dataclass: making a dataclass costs half a millisecond of every run that
    imports it (a pre-commit run)."""

    def __init__(self, kb: Knowledge, *, metadata: HubMetadata | None = None) -> None:
        self.kb = kb
        self._cache: dict[str, Model] = {}
        self._active: set[str] = set()  # models being resolved: a base link back to one is a cycle
        # org as written -> the known org it imitates: compared with every known org once, not once per model
        # (a tree's hundreds of unknown-org models come from far fewer orgs)
        self._imitations: dict[str, Imitation | None] = {}
        self.metadata = metadata  # the lockfile and, with --online, the Hub

    def __repr__(self) -> str:
        return f"Resolver(kb={self.kb!r}, metadata={self.metadata!r})"

    def resolve(self, ref: Reference) -> Model | None:
        if ref.ref_type in (RefType.HUB_MODEL, RefType.MODELSCOPE_MODEL):
            return self.hub(ref.id, ref.ref_type)
        if ref.ref_type is RefType.MODEL_FILE:
            from scanner.resolve.local import resolve_local

            return resolve_local(ref, self)
        if ref.ref_type is RefType.OLLAMA_MODEL:
            return self.ollama(ref.id)
        if ref.ref_type is RefType.API_ENDPOINT:
            return self.endpoint(ref.id)
        if ref.ref_type is RefType.HOSTED_MODEL:
            return self.hosted(ref.id)
        if ref.ref_type is RefType.SDK_PACKAGE:
            return self.sdk(ref.id)
        return None  # loader packages are not models; model files come with their own resolver

    # --- hub models -----------------------------------------------------------------------------
    def hub(self, model_id: str, kind: RefType = RefType.HUB_MODEL, _depth: int = 0) -> Model:
        key = f"{kind.value}:{model_id.lower()}"
        if key in self._cache:
            return self._cache[key]
        if key in self._active:  # a cycle in base links: stop here, the walk above already has this model
            return _cycle_stub(model_id, kind)
        self._active.add(key)
        try:
            model = self._hub(model_id, kind, _depth)
            # the offline view is what the Hub-metadata walk below sees of this model itself
            self._cache[key] = model
            if self.metadata is not None and kind is RefType.HUB_MODEL:
                self._cache[key] = self._with_hub_metadata(model)
        finally:
            self._active.discard(key)
        return self._cache[key]

    def _with_hub_metadata(self, model: Model) -> Model:
        """The model as the lockfile or the Hub describe it (card, tags, config), when they are asked."""
        from scanner.online.hub import HubFailure
        from scanner.resolve.hub_record import with_hub_failure, with_hub_record

        assert self.metadata is not None
        record = self.metadata.record(model.id, settled=_settled(model))
        if record is None:
            return model
        if isinstance(record, HubFailure):
            return with_hub_failure(model, record)
        return with_hub_record(model, record, self, self.metadata.drift(model.id))

    def _hub(self, model_id: str, kind: RefType, depth: int) -> Model:
        org, _, name = model_id.partition("/")
        if not name:  # an org-less legacy id (bert-base-uncased): the org the Hub serves it under today
            org, name = self.kb.legacy_org(model_id) or "", model_id
        hub = "modelscope" if kind is RefType.MODELSCOPE_MODEL else "huggingface"
        base_name = strip_format_suffixes(strip_org_prefix(name, self.kb.known_orgs))
        repackaged = base_name != name
        evidence: list[Evidence] = []

        org_hit = self.kb.lab_for_org(org, hub)
        org_lab = org_hit[0] if org_hit else None
        if org_hit and org_hit[1]:
            evidence.append(
                Evidence(
                    "origin",
                    org_lab["id"] if org_lab else "",
                    "org",
                    f"'{org}' is a former name of an org of {org_lab['name'] if org_lab else ''}",
                )
            )
        redistributor = self.kb.redistributor(org, hub)
        entry = self.kb.catalog_entry(org, name) or (self.kb.catalog_entry(org, base_name) if repackaged else None)
        family = self.kb.family_for_name(base_name)
        family_lab = self.kb.labs.get(entry["lab"]) if entry else (family[0] if family else None)
        family_name = (entry.get("family") if entry else None) or (family[1] if family else None)

        origin = UNKNOWN_ORIGIN
        relation: str | None = None
        uploader: str | None = None
        weights_are_family = False  # the weights are the family lab's own (original, quantized or re-uploaded)
        if org_lab is not None and (family_lab is None or family_lab["id"] == org_lab["id"]):
            origin = _origin(org_lab, "org")
            relation = "quantized" if repackaged else None
            weights_are_family = True
            evidence.append(
                Evidence(
                    "origin",
                    org_lab["id"],
                    "org",
                    f"'{org}' is an org of {org_lab['name']}",
                    verified=_verified(org_lab),
                )
            )
        elif family_lab is not None and (redistributor is not None or repackaged):
            origin = _origin(family_lab, "catalog" if entry else "family-pattern")
            uploader, relation = org, ("quantized" if repackaged else "reupload")
            weights_are_family = True
            who = (
                f"known redistributor ({redistributor['kind']})"
                if redistributor
                else ("another lab" if org_lab else "an unvetted uploader")
            )
            evidence.append(
                Evidence(
                    "origin",
                    family_lab["id"],
                    origin.via,
                    f"'{name}' is a {family_name} model re-published by '{org}', {who}",
                    "high" if entry else "medium",
                    _verified(family_lab),
                )
            )
        elif family_lab is not None:
            # someone else's derivative of a known family: its producer is the org, its base the family
            if org_lab is not None:
                origin = _origin(org_lab, "org")
                evidence.append(
                    Evidence(
                        "origin",
                        org_lab["id"],
                        "org",
                        f"'{org}' is an org of {org_lab['name']}; the name says it derives from {family_name}",
                    )
                )
            else:
                evidence.append(
                    Evidence(
                        "origin",
                        "unknown",
                        "org",
                        f"'{org}' is not a known lab; the name says it derives from {family_name}",
                        "medium",
                    )
                )
            uploader, relation = org, "finetune"
        elif redistributor is not None:
            uploader, relation = org, "reupload"
            evidence.append(
                Evidence(
                    "origin",
                    "unknown",
                    "org",
                    f"'{org}' is a redistributor and '{name}' matches no known family",
                    "low",
                )
            )

        meta: dict[str, Any] | None = None
        if org_lab is None and redistributor is None:
            if org not in self._imitations:
                self._imitations[org] = imitated_org(org, self.kb.canonical_orgs)
            imitation = self._imitations[org]
            if imitation is not None and not imitation.lookalike and len(imitation.imitates) <= 5:
                # a short org one edit away (Owen, Qwen2) is often a person's own name: flag it only when
                # it publishes a name of the imitated lab's families
                imitated = self.kb.lab_for_org(imitation.imitates)
                if not (imitated and family_lab and family_lab["id"] == imitated[0]["id"]):
                    imitation = None
            if imitation is not None:
                meta = {"imitates": [self._imitation(imitation, model_id)]}
                evidence.append(Evidence("origin", "unknown", "typosquat", meta["imitates"][0]["detail"], "high", True))

        license_ref = UNKNOWN_LICENSE
        if entry is not None and weights_are_family:
            license_ref, license_evidence = self._catalog_license(entry)
            evidence.extend(license_evidence)
        lineage: list[Ancestor] = []
        if depth < MAX_DEPTH and family_lab is not None:
            lineage = self._lineage(
                org, name, base_name, entry, family_lab, family_name, relation, weights_are_family, depth
            )
        if depth < MAX_DEPTH and not (entry and entry.get("base")) and (entry is None or relation == "finetune"):
            lineage = self._name_lineage(model_id, base_name, lineage, evidence)
        if not evidence:
            evidence.append(
                Evidence("origin", "unknown", "none", f"no rule names org '{org}' or a family matching '{name}'", "low")
            )
        return Model(
            id=model_id,
            kind=kind.value,
            origin=origin,
            license=license_ref,
            family=family_name,
            uploader=uploader,
            relation=relation,
            lineage=tuple(lineage),
            evidence=tuple(evidence),
            custom_code=bool(entry and entry.get("custom_code")),
            meta=meta,
        )

    def _imitation(self, imitation: Imitation, model_id: str) -> dict[str, Any]:
        hit = self.kb.lab_for_org(imitation.imitates)
        lab = hit[0] if hit else None
        who = lab["name"] if lab else "a known redistributor"
        how = (
            "a look-alike spelling of"
            if imitation.lookalike
            else f"{imitation.distance} edit{'s' if imitation.distance > 1 else ''} away from"
        )
        return {
            "id": model_id,
            "org": imitation.org,
            "imitates": imitation.imitates,
            "lab": lab["id"] if lab else None,
            "lab_name": who,
            "distance": imitation.distance,
            "lookalike": imitation.lookalike,
            "detail": f"org '{imitation.org}' is {how} '{imitation.imitates}' ({who}): a possible typosquat",
        }

    def _name_lineage(
        self, model_id: str, base_name: str, lineage: list[Ancestor], evidence: list[Evidence]
    ) -> list[Ancestor]:
        """Family-level ancestors that a distill or merge name states (`X-Distill-Y`, `A-B-slerp`)."""
        stated = name_lineage(base_name, self.kb)
        if not stated:
            return lineage
        if any(rel == "distill" for _, _, rel, _ in stated):  # the name starts with the teacher, not the base
            lineage = [a for a in lineage if not (a.via == "name" and a.id.endswith(" family"))]
        present = {a.id.lower() for a in lineage}
        for lab, family, relation, fragment in stated:
            ancestor_id = f"{family} family"
            if ancestor_id.lower() in present:
                continue
            present.add(ancestor_id.lower())
            license_id = fragment_license(fragment, lab["id"], self.kb)
            lineage.append(Ancestor(ancestor_id, relation, lab["id"], lab.get("country"), license_id, "name", model_id))
            evidence.append(
                Evidence(
                    "lineage",
                    ancestor_id,
                    "name",
                    f"the name '{base_name}' says it is a {relation} of the {family} family ({lab['name']})",
                    "medium",
                    _verified(lab),
                )
            )
        return lineage

    def _lineage(
        self,
        org: str,
        name: str,
        base_name: str,
        entry: Entry | None,
        family_lab: Entry,
        family_name: str | None,
        relation: str | None,
        weights_are_family: bool,
        depth: int,
    ) -> list[Ancestor]:
        chain: list[Ancestor] = []
        this = f"{org}/{name}"
        if relation in ("quantized", "reupload") and weights_are_family:
            lab_org = (family_lab.get("hf_orgs") or [org])[0]
            original = f"{lab_org}/{base_name}"
            if original.lower() != this.lower():
                parent = self.hub(original, RefType.HUB_MODEL, depth + 1)
                chain.append(_ancestor(parent, relation, "name", this))
                chain.extend(parent.lineage)
                return chain
        if relation == "finetune":
            lic = entry.get("license") if entry else None
            chain.append(
                Ancestor(
                    f"{family_name or family_lab['name']} family",
                    "finetune",
                    family_lab["id"],
                    family_lab.get("country"),
                    lic if lic != "unknown" else None,
                    "name",
                    this,
                )
            )
        for link in (entry or {}).get("base") or []:
            if link["id"].lower() == this.lower():
                continue
            parent = self.hub(link["id"], RefType.HUB_MODEL, depth + 1)
            chain.append(_ancestor(parent, link["relation"], "catalog", this))
            chain.extend(a for a in parent.lineage if a.id.lower() not in {c.id.lower() for c in chain})
        return chain

    def _catalog_license(self, entry: Entry) -> tuple[LicenseRef, list[Evidence]]:
        license_id = entry["license"]
        detail = f"catalog entry '{entry['name']}' ({entry.get('source', 'no source')})"
        dated = sorted(entry.get("license_by_date") or [], key=lambda d: d["from"])
        if dated:
            license_id = dated[-1]["license"]
            history = "; ".join(f"from {d['from']}: {d['license']}" for d in dated)
            detail += (
                f"; the license changed over time ({history}; before: {entry['license']}) and the revision "
                "in use is not known offline, so the current one is shown"
            )
        if license_id == "unknown":
            return UNKNOWN_LICENSE, [
                Evidence("license", "unknown", "catalog", detail, verified=entry.get("verified", True))
            ]
        lic = self.kb.licenses.get(license_id)
        name = lic["name"] if lic else license_id
        return LicenseRef(license_id, name, "catalog"), [
            Evidence("license", license_id, "catalog", detail, verified=bool(entry.get("verified", True)))
        ]

    # --- other kinds ----------------------------------------------------------------------------
    def ollama(self, tag_id: str) -> Model:
        key = f"ollama:{tag_id.lower()}"
        if key in self._cache:
            return self._cache[key]
        name, _, tag = tag_id.partition(":")
        entry = self.kb.ollama_entry(name, tag or "latest")
        if entry is not None:
            hub_model = self.hub(entry["hub_id"])
            ev = Evidence(
                "lineage",
                entry["hub_id"],
                "ollama-library",
                f"Ollama '{name}:{tag}' is built from {entry['hub_id']} ({entry.get('source', '')})",
                "high" if entry.get("verified", True) else "medium",
                bool(entry.get("verified", True)),
            )
            model = Model(
                id=tag_id,
                kind=RefType.OLLAMA_MODEL.value,
                origin=hub_model.origin,
                license=hub_model.license,
                family=hub_model.family,
                uploader="ollama library",
                relation="reupload",
                lineage=(_ancestor(hub_model, "reupload", "ollama-library", tag_id), *hub_model.lineage),
                evidence=(ev, *hub_model.evidence),
                custom_code=False,
            )
        else:
            family = self.kb.family_for_name(name)
            if family is not None:
                lab, fam = family
                model = Model(
                    id=tag_id,
                    kind=RefType.OLLAMA_MODEL.value,
                    origin=_origin(lab, "family-pattern"),
                    license=UNKNOWN_LICENSE,
                    family=fam,
                    evidence=(
                        Evidence(
                            "origin",
                            lab["id"],
                            "family-pattern",
                            f"Ollama name '{name}' matches the {fam} family of {lab['name']}",
                            "medium",
                            _verified(lab),
                        ),
                    ),
                )
            else:
                model = Model(
                    id=tag_id,
                    kind=RefType.OLLAMA_MODEL.value,
                    origin=UNKNOWN_ORIGIN,
                    license=UNKNOWN_LICENSE,
                    evidence=(Evidence("origin", "unknown", "none", f"no rule names Ollama model '{name}'", "low"),),
                )
        self._cache[key] = model
        return model

    def endpoint(self, host: str) -> Model | None:
        entry = self.kb.endpoint(host)
        if entry is None:
            return None
        detail = f"{host} is {entry['provider']}, processed in {entry['hosted_in']}"
        return self._provider(entry, host, RefType.API_ENDPOINT, "endpoint", detail)

    def hosted(self, name: str) -> Model | None:
        """A hosted API's model name: the provider's own model (rules/hosted.yaml), or open weights an API
        serves under their own name (`qwen2.5-72b-instruct` on DashScope, a vLLM server's model): the
        catalogued model of that name, whoever serves it. A router's variant (`claude-2:beta`) and a hosted API's
        prefix (`@cf/meta/llama-3.1-8b-instruct`) are read through."""
        served = hosted_name(name, self.kb.hosted_prefixes, self.kb.router_variants).served
        entry = self.kb.hosted(served)
        if entry is None:
            return self._served_weights(name, served)
        detail = f"'{name}' is a model name of {entry['provider']}"
        maker = _maker(entry, served)
        if maker is not None and maker in self.kb.labs:  # Bedrock's `cohere.command-r-v1:0`: Cohere's model
            detail += f", whose id names the model of {self.kb.labs[maker]['name']}"
            entry = {**entry, "lab": maker}
        return self._provider(entry, name, RefType.HOSTED_MODEL, "hosted-catalog", detail)

    def _served_weights(self, name: str, served: str) -> Model | None:
        """An API's model named like catalogued open weights (`qwen2.5-72b-instruct`): those weights, read as
        the repository of that name in the lab's own org; the evidence says it was inferred from the name.
        served: the name without a hosted API's prefix or a router's variant; when it is an org's id
        (`@cf/qwen/qwen1.5-7b-chat-awq`), the weights are that id's, as the rules know it offline."""
        weights = self._hub(served, RefType.HUB_MODEL, 0) if served.count("/") == 1 else None
        if weights is None or weights.origin.lab is None:
            bare = served.rpartition("/")[2] if served.count("/") <= 1 else ""  # deepseek/deepseek-r1: its name
            entry = self.kb.catalog_entry(None, bare) if bare else None
            lab = self.kb.labs.get(entry["lab"]) if entry else None
            orgs = (lab or {}).get("hf_orgs") or []
            if not orgs:
                return None
            weights = self.hub(f"{orgs[0]}/{bare}")
        note = Evidence(
            "origin",
            weights.origin.lab or "",
            "catalog",
            f"'{name}' is served under the name of {weights.id}, catalogued open weights; the API serving it is "
            "named by the endpoint or SDK the code uses",
            "medium",
        )
        return weights._replace(id=name, kind=RefType.HOSTED_MODEL.value, evidence=(note, *weights.evidence))

    def sdk(self, package: str) -> Model | None:
        entry = self.kb.sdk(package)
        if entry is None:
            return None
        return self._provider(
            entry, package, RefType.SDK_PACKAGE, "sdk", f"{package} is the client of {entry['provider']}"
        )

    def _provider(self, entry: Entry, model_id: str, kind: RefType, via: str, detail: str) -> Model:
        """A hosted API or SDK: its origin is the provider's lab, with the lab's (the group's) country; the
        operator's own country and where requests are processed are facts of the endpoint; its terms are the
        provider's."""
        lab = self.kb.labs.get(entry["lab"])
        country = (lab or {}).get("country") or entry["country"]
        origin = Origin(entry["lab"], lab["name"] if lab else entry["provider"], country, via)
        ev = Evidence(
            "origin",
            entry["lab"],
            via,
            f"{detail} ({entry.get('source', '')})",
            verified=bool(entry.get("verified", True)),
        )
        return Model(
            id=model_id,
            kind=kind.value,
            origin=origin,
            license=LicenseRef(None, "provider terms of service", "not applicable"),
            evidence=(ev,),
        )


def _maker(entry: Entry, name: str) -> str | None:
    """The lab whose model a provider of other labs' models serves under `name` (`model_labs`: the id's first
    dotted part, or its second after a region's, `us.anthropic.claude-...`), or None."""
    labs = entry.get("model_labs")
    if not labs:
        return None
    parts = name.lower().split(".")
    found = labs.get(parts[0]) or (labs.get(parts[1]) if len(parts) > 2 else None)
    return found if isinstance(found, str) else None


def _settled(model: Model) -> bool:
    """The rules alone know these weights: a catalog license and a known lab, not someone's derivative."""
    return model.license.id is not None and model.origin.lab is not None and model.relation != "finetune"


def _origin(lab: Entry, via: str) -> Origin:
    return Origin(lab["id"], lab["name"], lab.get("country"), via)


def _verified(entry: Entry) -> bool:
    return bool(entry.get("verified", True))


def _ancestor(model: Model, relation: str, via: str, of: str | None = None) -> Ancestor:
    return Ancestor(model.id, relation, model.origin.lab, model.origin.country, model.license.id, via, of)


def _cycle_stub(model_id: str, kind: RefType) -> Model:
    """What a base link back to a model already being resolved yields: the id, nothing further."""
    return Model(
        id=model_id,
        kind=kind.value,
        origin=UNKNOWN_ORIGIN,
        license=UNKNOWN_LICENSE,
        evidence=(Evidence("lineage", model_id, "cycle", f"{model_id} is its own ancestor; the walk stops", "low"),),
    )
