"""CycloneDX 1.6 ML-BOM through cyclonedx-python-lib (imported only for --format cyclonedx).

One `machine-learning-model` component per model, with a purl `pkg:huggingface/org/name@commit`
where the revision in use is pinned; its license (SPDX id when the license is one, its name
otherwise); its lineage as `pedigree.ancestors`; its origin, license terms and flags as
`modelorigin:*` properties. Hosted model APIs, and the models called by name on them (`qwen-max`), are
`services`; provider SDKs are `library` components. The scanned project is the BOM's subject and
depends on all of them. Models only mentioned (in comments, docstrings, messages) are not materials of
the project and are left out (the audit report and the JSON list them).

Who made what: the lab that trained a model (or an ancestor, or the provider behind an SDK or API) is its
`manufacturer` (`provider` for a service), an organizational entity with the lab's name, its country as
`address.country` and its Hugging Face organisations as `url`, as the rules know them. The `supplier` is
who the copy in use comes from: the org that re-published or quantized it (bartowski, unsloth, the Ollama
library), else the lab itself. A model component also gets a `modelCard` with what the scanner knows and
nothing else: the architecture its files declare, that loading runs the repository's own code, and the
terms and obligations of every license its lineage carries. cyclonedx-python-lib (11.x) does not model
`modelCard`, so the cards are added to the library's JSON before it is written; the BOM is still valid
under the strict CycloneDX 1.6 schema (the tests check it).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from scanner.records import Ancestor, Finding, Model, Reference, ScanReport, is_commit_hash
from scanner.report import LICENSE_FACTS, project_name

if TYPE_CHECKING:
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component
    from cyclonedx.model.contact import OrganizationalEntity
    from cyclonedx.model.license import DisjunctiveLicense
    from cyclonedx.model.service import Service

NS = "modelorigin"
MODEL_KINDS = frozenset({"hub_model", "modelscope_model", "ollama_model", "model_file"})
HUB_URLS = {
    "hub_model": "https://huggingface.co/{id}",
    "modelscope_model": "https://modelscope.cn/models/{id}",
}
HF_ORG_URL = "https://huggingface.co/{org}"
OLLAMA_LIBRARY = ("ollama library", "https://ollama.com/library")  # Model.uploader of an Ollama library tag


def render_cyclonedx(report: ScanReport) -> str:
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.tool import ToolRepository
    from cyclonedx.output.json import JsonV1Dot6

    project = Component(
        type=ComponentType.APPLICATION,
        name=project_name(report),
        bom_ref="project",
        properties=_props(
            ("scan:roots", ", ".join(report.coverage.roots)),
            ("scan:files_scanned", str(report.coverage.files_scanned)),
            ("scan:files_skipped", str(len(report.coverage.skipped))),
            ("rules:version", report.rules.version),
            ("rules:sha256", report.rules.sha256),
            ("policy:profile", str(report.policy.get("profile"))),
            ("policy:sha256", str(report.policy.get("sha256"))),
            ("gate:fail_on", report.fail_on),
            ("gate:passed", str(not report.gating_findings()).lower()),
        ),
    )
    bom = Bom()
    bom.metadata.timestamp = _timestamp(report.generated_at)
    bom.metadata.component = project
    bom.metadata.tools = ToolRepository(
        components=[Component(type=ComponentType.APPLICATION, name="modelorigin", version=report.tool_version)]
    )
    dependents: list[Any] = []
    cards: dict[str, dict[str, Any]] = {}
    for model in report.models:
        if model.mention_only:  # named in a comment or a message: not part of what the project is made of
            continue
        refs = [r for r in _references(report, model) if not r.mention]
        findings = [f for f in report.findings if f.model_id == model.id]
        if model.kind in ("api_endpoint", "hosted_model"):
            service = _service(model, refs, findings, report)
            bom.services.add(service)
            dependents.append(service)
        else:
            if model.kind in MODEL_KINDS:
                component = _model_component(model, refs, findings, report)
                card = _model_card(model, refs, report)
                if card:
                    cards[f"model:{model.id}"] = card
            else:
                component = _sdk_component(model, refs, findings, report)
            bom.components.add(component)
            dependents.append(component)
    bom.register_dependency(project, dependents)
    return _with_model_cards(str(JsonV1Dot6(bom).output_as_string(indent=2)), cards)


def _with_model_cards(bom_json: str, cards: dict[str, dict[str, Any]]) -> str:
    """The library's JSON with each model component's `modelCard` added (the library does not model it)."""
    if not cards:
        return bom_json + "\n"
    data = json.loads(bom_json)
    for component in data.get("components", []):
        card = cards.get(component.get("bom-ref"))
        if card:
            component["modelCard"] = card
    return json.dumps(data, indent=2) + "\n"


def _model_component(model: Model, refs: list[Reference], findings: list[Finding], report: ScanReport) -> Component:
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri
    from cyclonedx.model.component import Component, ComponentType, Pedigree

    group, name = _split(model.id) if model.kind in HUB_URLS else (None, model.id)  # a path or a tag has no org
    revision = _revision(refs)
    external = []
    if model.kind in HUB_URLS and "/" in model.id:
        external.append(
            ExternalReference(
                type=ExternalReferenceType.MODEL_CARD, url=XsUri(HUB_URLS[model.kind].format(id=model.id))
            )
        )
    if model.kind == "ollama_model":
        base = model.id.split(":", 1)[0]
        external.append(
            ExternalReference(type=ExternalReferenceType.DISTRIBUTION, url=XsUri(f"https://ollama.com/library/{base}"))
        )
    terms = report.licenses.get(model.license.id or "") or {}
    ancestors = [_ancestor(a, model, report) for a in model.lineage]
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"model:{model.id}",
        group=group,
        name=name,
        version=revision,
        purl=_purl(model, revision),
        manufacturer=_lab(model.origin.lab, report, model.origin.lab_name, model.origin.country),
        supplier=_supplier(model, report),
        licenses=_licenses(model.license.id, model.license.name, terms),
        external_references=external,
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        properties=[
            *_origin_props(model),
            *_license_props(model, terms),
            *_props(
                ("model:kind", model.kind),
                ("model:family", model.family),
                ("model:uploader", model.uploader),
                ("model:relation", model.relation),
                ("model:custom_code", str(model.custom_code).lower()),
            ),
            *_reference_props(refs),
            *_finding_props(findings),
        ],
    )


def _ancestor(ancestor: Ancestor, model: Model, report: ScanReport) -> Component:
    from cyclonedx.model.component import Component, ComponentType

    group, name = _split(ancestor.id)
    terms = report.licenses.get(ancestor.license or "") or {}
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"model:{model.id}#ancestor:{ancestor.id}",
        group=group,
        name=name,
        purl=_hub_purl(ancestor.id, None) if "/" in ancestor.id and " " not in ancestor.id else None,
        manufacturer=_lab(ancestor.lab, report, None, ancestor.country),
        licenses=_licenses(ancestor.license, terms.get("name"), terms) if ancestor.license else [],
        properties=_props(
            ("lineage:relation", ancestor.relation),
            ("lineage:base_of", getattr(ancestor, "parent", None) or model.id),
            ("origin:lab", ancestor.lab),
            ("origin:country", ancestor.country),
            ("license:id", ancestor.license),
            ("lineage:via", ancestor.via),
        ),
    )


def _sdk_component(model: Model, refs: list[Reference], findings: list[Finding], report: ScanReport) -> Component:
    from cyclonedx.model.component import Component, ComponentType
    from packageurl import PackageURL

    pins = {r.version_spec[2:].strip() for r in refs if r.version_spec and r.version_spec.startswith("==")}
    version = next(iter(pins)) if len(pins) == 1 else None
    return Component(
        type=ComponentType.LIBRARY,
        bom_ref=f"package:{model.id}",
        name=model.id,
        version=version,
        purl=PackageURL(type="pypi", name=model.id.lower(), version=version),
        manufacturer=_lab(model.origin.lab, report, model.origin.lab_name, model.origin.country),
        properties=[
            *_origin_props(model),
            *_props(("model:kind", model.kind)),
            *_reference_props(refs),
            *_finding_props(findings),
        ],
    )


def _service(model: Model, refs: list[Reference], findings: list[Finding], report: ScanReport) -> Service:
    from cyclonedx.model import XsUri
    from cyclonedx.model.service import Service

    hosted = model.kind == "hosted_model"  # a model served by a provider's API: the service is the model
    return Service(
        name=model.id,
        bom_ref=f"{'hosted-model' if hosted else 'service'}:{model.id}",
        provider=_lab(model.origin.lab, report, model.origin.lab_name, model.origin.country),
        endpoints=[] if hosted else [XsUri(f"https://{model.id}")],
        x_trust_boundary=True,
        properties=[
            *_origin_props(model),
            *_props(("model:kind", model.kind)),
            *_reference_props(refs),
            *_finding_props(findings),
        ],
    )


def _lab(lab_id: str | None, report: ScanReport, name: str | None, country: str | None) -> OrganizationalEntity | None:
    """The lab as an organizational entity: its name, country and Hugging Face organisations, from the rules."""
    from cyclonedx.model.contact import OrganizationalEntity, PostalAddress

    if not lab_id:
        return None
    entry = report.labs.get(lab_id) or {}
    country = entry.get("country") or country
    return OrganizationalEntity(
        name=str(entry.get("name") or name or lab_id),
        urls=[_url(HF_ORG_URL.format(org=org)) for org in entry.get("hf_orgs") or []],
        address=PostalAddress(country=str(country)) if country else None,
    )


def _supplier(model: Model, report: ScanReport) -> OrganizationalEntity | None:
    """Who the copy in use comes from: the org that re-published, quantized or fine-tuned it, else its lab;
    for a Hugging Face model, the organisation it is published under, with its page."""
    from cyclonedx.model.contact import OrganizationalEntity

    if model.uploader == OLLAMA_LIBRARY[0]:
        return OrganizationalEntity(name="Ollama library", urls=[_url(OLLAMA_LIBRARY[1])])
    group, _ = _split(model.id)
    page = [_url(HF_ORG_URL.format(org=group))] if model.kind == "hub_model" and group else None
    if model.uploader is None and model.origin.lab:
        lab = _lab(model.origin.lab, report, model.origin.lab_name, model.origin.country)
        if lab is not None and page:
            lab.urls = page  # of the lab's organisations, the one this copy is published under
        return lab
    name = model.uploader or (group if page else None)
    return OrganizationalEntity(name=name, urls=page if group == name else None) if name else None


def _model_card(model: Model, refs: list[Reference], report: ScanReport) -> dict[str, Any]:
    """The CycloneDX 1.6 modelCard of what the scanner knows: the architecture the files declare, that
    loading runs the repository's code, and the terms and obligations of every license the lineage carries."""
    from scanner.resolve.obligations import carried, checklist

    card: dict[str, Any] = {}
    architecture = _architecture(model, refs)
    if architecture:
        card["modelParameters"] = {"modelArchitecture": architecture}
    if model.custom_code:
        card["considerations"] = {
            "technicalLimitations": [
                "Loading needs trust_remote_code=True: the Python code published with the model runs at load time."
            ]
        }
    properties = []
    for group in carried(model):
        terms = report.licenses.get(group.license)
        if terms is None or group.superseded:
            continue
        for item in checklist(terms):
            kind = "license_term" if item["duty"] in LICENSE_FACTS else "obligation"
            mark = "" if item["verified"] else " (unverified)"
            properties.append(
                {
                    "name": f"{NS}:{kind}:{item['duty'].replace(' ', '_')}",
                    "value": f"{group.license}: {item['text']}{mark}",
                }
            )
    if properties:
        card["properties"] = properties
    return card


def _architecture(model: Model, refs: list[Reference]) -> str | None:
    """The architecture the model's own files name (config.json architectures or model_type, GGUF header)."""
    meta = model.meta or {}
    named = [str(a) for a in meta.get("architectures") or []] or (
        [str(meta["model_type"])] if meta.get("model_type") else []
    )
    if not named:
        headers = ((r.meta or {}).get("gguf") or {} for r in refs)
        named = list(
            dict.fromkeys(
                str(h["metadata"]["general.architecture"])
                for h in headers
                if (h.get("metadata") or {}).get("general.architecture")
            )
        )
    return ", ".join(named) or None


def _url(text: str) -> Any:
    from cyclonedx.model import XsUri

    return XsUri(text)


def _licenses(license_id: str | None, name: str | None, terms: dict[str, Any]) -> list[DisjunctiveLicense]:
    """SPDX id when the license is one (case as SPDX spells it), its name otherwise."""
    from cyclonedx.model import XsUri
    from cyclonedx.model.license import DisjunctiveLicense
    from cyclonedx.spdx import fixup_id

    if not license_id:
        return []
    spdx = fixup_id(str(terms["spdx"])) if terms.get("spdx") else None
    if spdx:
        return [DisjunctiveLicense(id=spdx)]
    source = str(terms.get("source") or "")
    url = XsUri(source) if source.startswith(("https://", "http://")) and " " not in source else None
    return [DisjunctiveLicense(name=name or str(terms.get("name") or license_id), url=url)]


def _origin_props(model: Model) -> list[Property]:
    return _props(
        ("origin:lab", model.origin.lab or "unknown"),
        ("origin:lab_name", model.origin.lab_name),
        ("origin:country", model.origin.country or "unknown"),
        ("origin:via", model.origin.via),
        *(("evidence", f"{e.attribute}={e.value} via {e.signal}: {e.detail}") for e in model.evidence),
    )


def _license_props(model: Model, terms: dict[str, Any]) -> list[Property]:
    thresholds = [f"{t['metric']} >= {t['value']:,}: {t['effect']}" for t in terms.get("thresholds") or []]
    return _props(
        ("license:id", model.license.id or "unknown"),
        ("license:via", model.license.via),
        ("license:class", terms.get("class")),
        ("license:commercial_use", terms.get("commercial_use")),
        ("license:governing_law", terms.get("governing_law")),
        ("license:territory_excluded", ", ".join(terms.get("territory_excluded") or []) or None),
        *(("license:threshold", t) for t in thresholds),
        *(("license:attribution", a) for a in terms.get("attribution") or []),
        ("license:naming", terms.get("naming")),
        ("license:registration", terms.get("registration")),
    )


def _reference_props(refs: list[Reference]) -> list[Property]:
    return _props(*(("reference", f"{r.path}:{r.line}") for r in refs))


def _finding_props(findings: list[Finding]) -> list[Property]:
    return _props(
        *(
            (
                "finding" if f.waived_by is None else "finding:waived",
                f"{f.rule_id} {f.severity}: {f.title}" + ("" if f.verified else " (unverified)"),
            )
            for f in findings
        )
    )


def _props(*pairs: tuple[str, object]) -> list[Property]:
    from cyclonedx.model import Property

    return [Property(name=f"{NS}:{k}", value=str(v)) for k, v in pairs if v is not None and v != ""]


def _references(report: ScanReport, model: Model) -> list[Reference]:
    key = model.id.lower()
    return [r for r in report.references if r.id.lower() == key]


def _revision(refs: list[Reference]) -> str | None:
    """The commit in use, when every pinned reference agrees on one."""
    pins = {r.revision.lower() for r in refs if r.revision and is_commit_hash(r.revision)}
    return next(iter(pins)) if len(pins) == 1 else None


def _purl(model: Model, revision: str | None) -> Any:
    if model.kind == "hub_model" and "/" in model.id:
        return _hub_purl(model.id, revision)
    return None


def _hub_purl(model_id: str, revision: str | None) -> Any:
    from packageurl import PackageURL

    namespace, _, name = model_id.partition("/")
    return PackageURL(type="huggingface", namespace=namespace, name=name, version=revision)


def _split(model_id: str) -> tuple[str | None, str]:
    if "/" in model_id and not model_id.startswith(("/", ".")):
        group, _, name = model_id.partition("/")
        return group, name
    return None, model_id


def _timestamp(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.now(dt.timezone.utc)
