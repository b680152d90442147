"""Indexes over the merged rules, built once per run, for the lookups the pipeline makes."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from scanner.lazyregex import LazyPattern, NamePattern, lazy_compile

Entry = dict[str, Any]


class Knowledge:
    """Read-only view of the rules with lookups by org, name, host, package and id.

    A plain class, not a dataclass: making a dataclass costs half a millisecond of every run that
    imports it (a pre-commit run)."""

    def __init__(self, rules: dict[str, Any]) -> None:
        self.rules = rules
        self._family_cache: dict[str, tuple[Entry, str] | None] = {}

    def __repr__(self) -> str:
        return f"Knowledge(rules=<{len(self.rules)} sections>)"

    # --- plain sections -------------------------------------------------------------------------
    def section(self, name: str) -> list[Entry]:
        return list(self.rules.get(name) or [])

    def shelf_life(self, section: str) -> int | None:
        """Days a fact of section stays trusted after its `checked` date (rules meta), or None."""
        days = ((self.rules.get("meta") or {}).get("shelf_life_days") or {}).get(section)
        return int(days) if days else None

    @cached_property
    def labs(self) -> dict[str, Entry]:
        return {lab["id"]: lab for lab in self.section("labs")}

    @cached_property
    def licenses(self) -> dict[str, Entry]:
        return {lic["id"]: lic for lic in self.section("licenses")}

    @cached_property
    def checks(self) -> list[Entry]:
        return self.section("checks")

    # --- orgs -----------------------------------------------------------------------------------
    @cached_property
    def _hf_orgs(self) -> dict[str, tuple[Entry, bool]]:
        """lowercased org -> (lab, is_former_name)"""
        index: dict[str, tuple[Entry, bool]] = {}
        for lab in self.labs.values():
            for org in lab.get("hf_orgs") or []:
                index[org.lower()] = (lab, False)
            for org in lab.get("former_hf_orgs") or []:
                index.setdefault(org.lower(), (lab, True))
        return index

    @cached_property
    def _ms_orgs(self) -> dict[str, Entry]:
        return {org.lower(): lab for lab in self.labs.values() for org in lab.get("modelscope_orgs") or []}

    @cached_property
    def _redistributors(self) -> dict[tuple[str, str], Entry]:
        return {(r.get("hub", "huggingface"), r["org"].lower()): r for r in self.section("redistributors")}

    def lab_for_org(self, org: str, hub: str = "huggingface") -> tuple[Entry, bool] | None:
        """The lab owning an org, and whether the org is a former name."""
        key = org.lower()
        if hub == "modelscope":
            lab = self._ms_orgs.get(key)
            if lab is not None:
                return lab, False
        return self._hf_orgs.get(key)

    def redistributor(self, org: str, hub: str = "huggingface") -> Entry | None:
        return self._redistributors.get((hub, org.lower())) or self._redistributors.get(
            ("huggingface" if hub == "modelscope" else "modelscope", org.lower())
        )

    @cached_property
    def known_orgs(self) -> frozenset[str]:
        """Every lab and redistributor org, lowercased (for recognition and typosquat checks)."""
        return frozenset(self._hf_orgs) | frozenset(self._ms_orgs) | frozenset(org for _, org in self._redistributors)

    @cached_property
    def canonical_orgs(self) -> dict[str, str]:
        """lowercased org -> org as the rules spell it"""
        out: dict[str, str] = {}
        for lab in self.labs.values():
            for key in ("hf_orgs", "former_hf_orgs", "modelscope_orgs"):
                for org in lab.get(key) or []:
                    out.setdefault(org.lower(), org)
        for r in self.section("redistributors"):
            out.setdefault(r["org"].lower(), r["org"])
        return out

    # --- names ----------------------------------------------------------------------------------
    @cached_property
    def _families(self) -> list[tuple[NamePattern, Entry, str]]:
        return [
            (NamePattern(fam["pattern"], anchored=False), lab, fam["name"])
            for lab in self.labs.values()
            for fam in lab.get("families") or []
        ]

    def family_for_name(self, name: str) -> tuple[Entry, str] | None:
        """(lab, family name) whose family pattern matches a model name, or None."""
        key = name.lower()
        if key not in self._family_cache:
            refusable = name.isascii()  # what NamePattern refuses by, tested once per name, not per pattern
            self._family_cache[key] = next(
                (
                    (lab, fam)
                    for pattern, lab, fam in self._families
                    if not (refusable and pattern.prefixes and not key.startswith(pattern.prefixes))
                    and pattern.search(name)
                ),
                None,
            )
        return self._family_cache[key]

    @cached_property
    def _catalog(self) -> list[tuple[NamePattern, frozenset[str] | None, Entry]]:
        out = []
        for entry in self.section("models"):
            orgs = entry.get("orgs")
            out.append(
                (
                    NamePattern(entry["name"], anchored=True),
                    frozenset(o.lower() for o in orgs) if orgs else None,
                    entry,
                )
            )
        return out

    def catalog_entry(self, org: str | None, name: str) -> Entry | None:
        """The first catalog entry whose name pattern fully matches (and whose orgs allow org)."""
        lowered = org.lower() if org else None
        key, refusable = name.lower(), name.isascii()  # what NamePattern refuses by, once per name
        for pattern, orgs, entry in self._catalog:
            if orgs is not None and lowered not in orgs:
                continue
            if refusable and pattern.prefixes and not key.startswith(pattern.prefixes):
                continue
            if pattern.fullmatch(name):
                return entry
        return None

    # --- ollama ---------------------------------------------------------------------------------
    @cached_property
    def _ollama(self) -> dict[str, list[tuple[LazyPattern[str] | None, Entry]]]:
        out: dict[str, list[tuple[LazyPattern[str] | None, Entry]]] = {}
        for entry in self.section("ollama"):
            tag = entry.get("tag")
            out.setdefault(entry["name"].lower(), []).append(
                (lazy_compile(tag, re.IGNORECASE) if tag is not None else None, entry)
            )
        return out

    def ollama_entry(self, name: str, tag: str) -> Entry | None:
        for pattern, entry in self._ollama.get(name.lower(), []):
            if pattern is None or pattern.fullmatch(tag):
                return entry
        return None

    def is_ollama_name(self, name: str) -> bool:
        return name.lower() in self._ollama

    # --- licenses -------------------------------------------------------------------------------
    @cached_property
    def _declared(self) -> dict[tuple[str, str], str]:
        """('license'|'license_name'|'license_link', lowercased value) -> license id"""
        out: dict[tuple[str, str], str] = {}
        for lic in self.licenses.values():
            out.setdefault(("license", lic["id"].lower()), lic["id"])
            for key, values in (lic.get("declared_as") or {}).items():
                for value in values:
                    if key == "license" and value.lower() == "other":
                        continue  # 'other' says nothing on its own
                    out.setdefault((key, value.lower().rstrip("/")), lic["id"])
        return out

    def license_from_declaration(
        self, license: str | None, license_name: str | None = None, license_link: str | None = None
    ) -> str | None:
        """Map model-card front matter to a license id; the most specific field wins."""
        for key, value in (
            ("license_name", license_name),
            ("license_link", license_link),
            ("license", license),
        ):
            if value:
                found = self._declared.get((key, str(value).lower().rstrip("/")))
                if found:
                    return found
        return None

    # --- listings, endpoints, sdks, loaders -------------------------------------------------------
    @cached_property
    def listings_by_lab(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for listing in self.section("listings"):
            for lab in listing.get("labs") or []:
                out.setdefault(lab, []).append(listing)
        return out

    @cached_property
    def _endpoints(self) -> tuple[dict[str, Entry], list[tuple[str, Entry]]]:
        exact: dict[str, Entry] = {}
        wildcard: list[tuple[str, Entry]] = []
        for ep in self.section("endpoints"):
            host = ep["host"].lower()
            if host.startswith("*."):
                wildcard.append((host[1:], ep))
            else:
                exact[host] = ep
        return exact, wildcard

    def endpoint(self, host: str) -> Entry | None:
        host = host.lower().rstrip(".")
        exact, wildcard = self._endpoints
        if host in exact:
            return exact[host]
        return next((ep for suffix, ep in wildcard if host.endswith(suffix)), None)

    @cached_property
    def endpoint_hosts(self) -> frozenset[str]:
        exact, wildcard = self._endpoints
        return frozenset(exact) | frozenset(s.lstrip(".") for s, _ in wildcard)

    @cached_property
    def _hosted(self) -> list[tuple[LazyPattern[str], Entry]]:
        return [(lazy_compile(rf"(?:{e['pattern']})", re.I), e) for e in self.section("hosted")]

    def hosted(self, name: str) -> Entry | None:
        """The catalogue entry whose pattern matches the whole hosted model name."""
        return next((e for pattern, e in self._hosted if pattern.fullmatch(name.strip())), None)

    @cached_property
    def catalog_name_pattern(self) -> str:
        """One regular expression (source) that matches the name of every catalogued model, whole."""
        return "|".join(f"(?:{e['name']})" for e in self.section("models"))

    def file_hints(self, role: str) -> tuple[str, ...]:
        """The words that make a file one that talks to an Ollama server or a model API (vocabulary kind file-hints)."""
        return tuple(
            word
            for e in self.section("vocabulary")
            if e["kind"] == "file-hints" and e.get("role") == role
            for word in e.get("words") or ()
        )

    def model_routes(self, *roles: str) -> frozenset[str]:
        """The route words of model strings with one of roles (vocabulary kind model-routes: `ollama/`, a hub's
        `huggingface/`, an API's `deepseek/`, other router words, LangChain's colon words)."""
        return frozenset(
            name
            for e in self.section("vocabulary")
            if e["kind"] == "model-routes" and e.get("role") in roles
            for name in e.get("names") or ()
        )

    @cached_property
    def hosted_prefixes(self) -> tuple[str, ...]:
        """What hosted APIs write before the ids of weights they serve (`@cf/`, `pro/`; vocabulary.yaml)."""
        return tuple(self.vocabulary_list("hosted-prefixes", "prefixes"))

    @cached_property
    def router_variants(self) -> frozenset[str]:
        """The suffixes a router takes after a model id and a colon (`free`, `nitro`; vocabulary.yaml)."""
        return frozenset(self.vocabulary_list("router-variants", "names"))

    @cached_property
    def hosted_pattern(self) -> str:
        """One regular expression (source) that matches every catalogued hosted model name, whole."""
        return "|".join(f"(?:{e['pattern']})" for e in self.section("hosted"))

    def vocabulary_pattern(self, kind: str) -> str:
        """One regular expression (source) of every vocabulary entry of a kind (legacy-ids, loader-calls)."""
        return "|".join(f"(?:{e['pattern']})" for e in self.section("vocabulary") if e["kind"] == kind)

    def vocabulary_list(self, kind: str, field: str) -> list[Any]:
        """The items of a list field of every vocabulary entry of a kind (model-keys' keys, call-slots' calls)."""
        return [item for e in self.section("vocabulary") if e["kind"] == kind for item in e.get(field) or ()]

    def call_slots(self, language: str) -> dict[str, tuple[int | None, tuple[str, ...]]]:
        """call name -> (position of the model argument or None, its keyword names), for one language's extractor."""
        return {
            c["name"]: (c.get("position"), tuple(c.get("keywords") or ()))
            for c in self.vocabulary_list("call-slots", "calls")
            if language in c["languages"]
        }

    def legacy_org(self, model_id: str) -> str | None:
        """The org the Hub serves an org-less legacy id under (bert-base-uncased -> google-bert)."""
        for entry in self.section("vocabulary"):
            if entry["kind"] == "legacy-ids" and re.fullmatch(entry["pattern"], model_id, re.I):
                return str(entry["org"])
        return None

    def name_pattern_sources(self) -> list[str]:
        """Every pattern source made a NamePattern of: the families, the catalog, and the whole-name unions
        the recognizer holds (see prefix_table)."""
        kinds = dict.fromkeys(e["kind"] for e in self.section("vocabulary") if "pattern" in e)
        return [
            *(fam["pattern"] for lab in self.labs.values() for fam in lab.get("families") or []),
            *(entry["name"] for entry in self.section("models")),
            self.catalog_name_pattern,
            self.hosted_pattern,
            *(self.vocabulary_pattern(kind) for kind in kinds),
        ]

    @cached_property
    def recognition_words(self) -> frozenset[str]:
        """The prefilter's words for hosted model names and org-less ids (see rules/hosted.yaml, vocabulary.yaml)."""
        entries = [*self.section("hosted"), *(e for e in self.section("vocabulary") if e["kind"] == "legacy-ids")]
        return frozenset(w for e in entries for w in e.get("words") or ())

    @cached_property
    def model_name_words(self) -> frozenset[str]:
        """The prefilter's weak words for ids whose name reads as a model (vocabulary kind model-name-words):
        each passes a file only next to an id-shaped token."""
        entries = [e for e in self.section("vocabulary") if e["kind"] == "model-name-words"]
        return frozenset(w for e in entries for w in e.get("words") or ())

    @cached_property
    def _sdks(self) -> dict[str, Entry]:
        return {normalize_package(s["package"]): s for s in self.section("sdks")}

    @cached_property
    def sdk_imports(self) -> dict[str, Entry]:
        return {mod: s for s in self.section("sdks") for mod in s.get("imports") or []}

    def sdk(self, package: str) -> Entry | None:
        return self._sdks.get(normalize_package(package))

    @cached_property
    def loaders_by_package(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for loader in self.section("loaders"):
            out.setdefault(normalize_package(loader["package"]), []).append(loader)
        return out


_PACKAGE_SEP = lazy_compile(r"[-_.]+")


def normalize_package(name: str) -> str:
    """PEP 503 normalized name."""
    return _PACKAGE_SEP.sub("-", name).lower()
