"""YAML, JSON and TOML: values under model-named keys, and known ids and hosts in any value.

Keys under a dataset-named key are skipped: a dataset id is not a model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml

from scanner.extract.base import DATASET_KEY, Collector, Recognizer, is_model_key, scan_line_text
from scanner.extract.requirements import add_requirement
from scanner.extract.text import line_scan
from scanner.records import ExtractResult

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined,unused-ignore]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

EXTRA_MODEL_KEYS = frozenset({"_name_or_path", "name_or_path", "base_model_name_or_path"})


def _slot_key(key: str) -> bool:
    return is_model_key(key) or key.lower() in EXTRA_MODEL_KEYS


def extract_yaml(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "yaml")
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        collector.issue(
            mark.line + 1 if mark else None, f"YAML does not parse: {getattr(exc, 'problem', exc)}", "line scan"
        )
        line_scan(collector, recognizer, text)
        return collector.result()
    for document in documents:
        if document is not None:
            _walk_yaml(collector, recognizer, document, key=None)
    return collector.result()


def _walk_yaml(collector: Collector, recognizer: Recognizer, node: yaml.Node, key: str | None) -> None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = str(k.value) if isinstance(k, yaml.ScalarNode) else None
            if name is not None and DATASET_KEY.search(name):
                continue
            _walk_yaml(collector, recognizer, v, name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _walk_yaml(collector, recognizer, item, key)
    elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        line = node.start_mark.line + 1
        column = node.start_mark.column + 1
        _value(collector, recognizer, node.value, key, line, column, quoted=node.style in ("'", '"'))


def _value(
    collector: Collector,
    recognizer: Recognizer,
    value: str,
    key: str | None,
    line: int,
    column: int,
    *,
    quoted: bool = True,
) -> None:
    if key is not None and _slot_key(key):
        mid = recognizer.model_id(value, in_slot=True)
        if mid is not None:
            collector.add_model(mid, line, column + (1 if quoted else 0), value)
            return
    if "\n" in value:  # block scalars (scripts in CI files): scan each line at its own line number
        for i, part in enumerate(value.splitlines()):
            scan_line_text(collector, recognizer, part, line + i + 1)
        return
    scan_line_text(collector, recognizer, value, line, column + (1 if quoted else 0))


def extract_json(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "json")
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        collector.issue(line, f"JSON does not parse: {getattr(exc, 'msg', exc)}", "line scan")
        line_scan(collector, recognizer, text)
        return collector.result()
    _walk_located(collector, recognizer, text, data)
    return collector.result()


def extract_toml(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
    collector = Collector(path, "toml")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        collector.issue(getattr(exc, "lineno", None), f"TOML does not parse: {exc}", "line scan")
        line_scan(collector, recognizer, text)
        return collector.result()
    _walk_located(collector, recognizer, text, data)
    if path.rsplit("/", 1)[-1] == "pyproject.toml":
        _pyproject_dependencies(collector, recognizer, text, data)
    return collector.result()


def _walk_located(collector: Collector, recognizer: Recognizer, text: str, data: Any) -> None:
    """Walk parsed values in document order, finding each string's line in the raw text."""
    cursor = 0
    for key, value in _leaves(data, None):
        needle = json.dumps(value)[1:-1] if '"' in text else value
        at = text.find(needle, cursor)
        if at < 0:
            at = text.find(value)
        if at < 0:
            continue
        cursor = at + len(needle)
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        _value(collector, recognizer, value, key, line, column, quoted=False)


def _leaves(data: Any, key: str | None) -> Iterator[tuple[str | None, str]]:
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(k, str) and DATASET_KEY.search(k):
                continue
            yield from _leaves(v, k if isinstance(k, str) else key)
    elif isinstance(data, list):
        for item in data:
            yield from _leaves(item, key)
    elif isinstance(data, str):
        yield key, data


def _pyproject_dependencies(collector: Collector, recognizer: Recognizer, text: str, data: dict[str, Any]) -> None:
    """PEP 621 dependencies and optional-dependencies, and Poetry dependency tables."""
    project = data.get("project") or {}
    requirements: list[str] = list(project.get("dependencies") or [])
    for group in (project.get("optional-dependencies") or {}).values():
        requirements.extend(group or [])
    for group in (data.get("dependency-groups") or {}).values():
        requirements.extend(r for r in group or [] if isinstance(r, str))
    poetry = (data.get("tool") or {}).get("poetry") or {}
    tables = [poetry.get("dependencies") or {}, poetry.get("dev-dependencies") or {}]
    tables += [(g or {}).get("dependencies") or {} for g in (poetry.get("group") or {}).values()]
    for table in tables:
        for name, spec in table.items():
            version = spec if isinstance(spec, str) else (spec.get("version", "") if isinstance(spec, dict) else "")
            requirements.append(f"{name}{_poetry_spec(version)}")
    for requirement in requirements:
        if not isinstance(requirement, str):
            continue
        name = requirement.split(";")[0].strip()
        at = text.find(name.split("[")[0].split("=")[0].split("<")[0].split(">")[0].split("~")[0].strip())
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        add_requirement(collector, recognizer, requirement, line)


def _poetry_spec(version: str) -> str:
    version = version.strip()
    if not version or version == "*":
        return ""
    if version[0].isdigit():
        return f"=={version}"
    if version.startswith("^") or version.startswith("~"):
        return f">={version[1:]}"
    return version
