"""The bundled rules: schema-valid, every fact sourced and dated, every cross-reference resolvable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from scanner.knowledge import Knowledge, bundled_rules_dir, schema_path

RULE_FILES = sorted(bundled_rules_dir().glob("*.yaml"))
SCHEMA = json.loads(schema_path().read_text())
FACT_SECTIONS = ("labs", "redistributors", "licenses", "models", "ollama", "listings", "endpoints", "sdks", "loaders")


def _doc(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_rules_file_is_schema_valid(path: Path) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(_doc(path))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_fact_has_source_and_as_of(path: Path) -> None:
    doc = _doc(path)
    for section in FACT_SECTIONS:
        for i, entry in enumerate(doc.get(section) or []):
            assert entry.get("source"), f"{path.name}: {section}[{i}] has no source"
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry.get("as_of", ""))), f"{path.name}: {section}[{i}] as_of"


def test_exactly_one_meta(kb: Knowledge) -> None:
    metas = [p.name for p in RULE_FILES if "meta" in _doc(p)]
    assert metas == ["meta.yaml"]
    assert kb.rules["meta"]["version"]


def test_cross_references_resolve(kb: Knowledge) -> None:
    labs = set(kb.labs)
    licenses = set(kb.licenses) | {"unknown"}
    problems = []
    for entry in kb.section("models"):
        if entry["lab"] not in labs:
            problems.append(f"models '{entry['name']}': lab {entry['lab']}")
        for lic in [entry["license"], *(d["license"] for d in entry.get("license_by_date") or [])]:
            if lic not in licenses:
                problems.append(f"models '{entry['name']}': license {lic}")
    for section in ("listings",):
        for entry in kb.section(section):
            problems += [f"{section} {entry['id']}: lab {lab}" for lab in entry["labs"] if lab not in labs]
    for section in ("endpoints", "sdks"):
        for entry in kb.section(section):
            if entry["lab"] not in labs:
                problems.append(f"{section} {entry.get('host') or entry.get('package')}: lab {entry['lab']}")
    assert not problems, "\n".join(problems)


def test_patterns_compile_and_ids_are_unique(kb: Knowledge) -> None:
    for entry in kb.section("models"):
        re.compile(entry["name"])
    for lab in kb.labs.values():
        for fam in lab.get("families") or []:
            re.compile(fam["pattern"])
    for section, key in (("labs", "id"), ("licenses", "id"), ("listings", "id"), ("checks", "id")):
        keys = [e[key] for e in kb.section(section)]
        assert len(keys) == len(set(keys)), f"duplicate {section} ids"


def test_an_org_belongs_to_one_lab(kb: Knowledge) -> None:
    seen: dict[str, str] = {}
    for lab in kb.labs.values():
        for org in (lab.get("hf_orgs") or []) + (lab.get("former_hf_orgs") or []):
            assert seen.setdefault(org.lower(), lab["id"]) == lab["id"], f"{org} in {seen[org.lower()]} and {lab['id']}"


def test_checks_render_their_docs(kb: Knowledge) -> None:
    from scanner.report.rule_doc import render_rule_doc

    for check in kb.checks:
        doc = render_rule_doc(check)
        assert check["id"] in doc and "## How to fix it" in doc
