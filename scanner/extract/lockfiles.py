"""Python dependency manifests and lock files: model SDKs and model-loading libraries they pull in.

uv.lock, poetry.lock, pylock.toml (`[[package]]`/`[[packages]]` name + version), Pipfile (TOML tables),
Pipfile.lock (JSON), setup.py (`install_requires=` / `extras_require=` literals), setup.cfg
(`[options] install_requires` and `[options.extras_require]`), conda environment files
(`dependencies:` with conda specs and a `pip:` list). Each reference is at the line that names it.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from scanner.extract.base import Collector, Recognizer, line_col, lines_of_offsets, parse_toml
from scanner.extract.requirements import add_requirement
from scanner.extract.text import line_scan
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult

_TOML_NAME = lazy_compile(r'^\s*name\s*=\s*"([^"]+)"', re.M)


def _line_of(text: str, offset: int) -> int:
    return line_col(text, offset)[0]


def extract_toml_lock(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    """uv.lock, poetry.lock, pylock.toml: every locked package with its exact version."""
    collector = Collector(path, "lockfile")
    data = parse_toml(collector, text, "lock file", "name scan")
    if data is None:
        for m in _TOML_NAME.finditer(text):
            add_requirement(collector, recognizer, m.group(1), _line_of(text, m.start(1)), 1)
        return collector.result()
    packages = data.get("package") or data.get("packages") or []
    if not isinstance(packages, list):
        return collector.result()
    # where each name is first written, as (line, column): newlines counted once over the file, not once per
    # package from its start (a uv.lock of 500 packages is a megabyte)
    names = list(_TOML_NAME.finditer(text))
    lines = lines_of_offsets(text, [m.start(1) for m in names])
    positions: dict[str, tuple[int, int]] = {}
    for m, line in zip(names, lines, strict=True):
        positions.setdefault(m.group(1).lower(), (line, m.start(1) - text.rfind("\n", 0, m.start(1))))
    for package in packages:
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            continue
        name = package["name"]
        version = package.get("version")
        requirement = f"{name}=={version}" if isinstance(version, str) and version else name
        line, column = positions.get(name.lower(), (1, 1))
        add_requirement(collector, recognizer, requirement, line, column)
    return collector.result()


def extract_pipfile(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "pipfile")
    data = parse_toml(collector, text, "Pipfile", "line scan")
    if data is None:
        line_scan(collector, recognizer, text)
        return collector.result()
    section_at = {m.group(1): m.end() for m in re.finditer(r"^\s*\[([^\]]+)\]", text, re.M)}
    for section, table in data.items():
        if section in ("source", "requires", "scripts", "pipenv") or not isinstance(table, dict):
            continue
        start = section_at.get(section, 0)
        for name, spec in table.items():
            version = spec if isinstance(spec, str) else (spec.get("version", "") if isinstance(spec, dict) else "")
            version = "" if version in ("*", "") else version
            m = re.compile(rf'^\s*"?{re.escape(name)}"?\s*=', re.M | re.I).search(text, start)
            line = _line_of(text, m.start()) if m else 1
            add_requirement(collector, recognizer, f"{name}{version}", line, 1)
    return collector.result()


def extract_pipfile_lock(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "pipfile-lock")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        problem = "nested too deeply" if isinstance(exc, RecursionError) else exc
        collector.issue(getattr(exc, "lineno", None), f"Pipfile.lock does not parse: {problem}", None)
        return collector.result()
    if not isinstance(data, dict):
        return collector.result()
    for section, table in data.items():
        if section == "_meta" or not isinstance(table, dict):
            continue
        start = text.find(f'"{section}"')
        for name, spec in table.items():
            version = spec.get("version", "") if isinstance(spec, dict) else ""
            at = text.find(f'"{name}"', max(start, 0))
            line = _line_of(text, at) if at >= 0 else 1
            add_requirement(collector, recognizer, f"{name}{version if isinstance(version, str) else ''}", line, 1)
    return collector.result()


def setup_py_requirements(collector: Collector, recognizer: Recognizer, text: str) -> None:
    """install_requires / extras_require / setup_requires / tests_require literals of setup(...)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return  # the Python extractor reports the parse error
    names: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names[node.targets[0].id] = node.value
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name != "setup":
            continue
        for kw in node.keywords:
            if kw.arg in ("install_requires", "setup_requires", "tests_require", "extras_require"):
                for item in _string_nodes(kw.value, names):
                    for requirement in str(item.value).splitlines():
                        if requirement.strip() and not requirement.strip().startswith("#"):
                            add_requirement(
                                collector, recognizer, requirement.strip(), item.lineno, item.col_offset + 2
                            )


def _string_nodes(node: ast.expr, names: dict[str, ast.expr], depth: int = 0) -> list[ast.Constant]:
    if depth > 5:
        return []
    if isinstance(node, ast.Name) and node.id in names:
        return _string_nodes(names[node.id], names, depth + 1)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [s for e in node.elts for s in _string_nodes(e, names, depth + 1)]
    if isinstance(node, ast.Dict):
        return [s for v in node.values for s in _string_nodes(v, names, depth + 1)]
    if isinstance(node, ast.BinOp):
        return _string_nodes(node.left, names, depth + 1) + _string_nodes(node.right, names, depth + 1)
    return []


def extract_setup_cfg(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "setup-cfg")
    line_scan(collector, recognizer, text)
    section = ""
    key: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        header = re.match(r"^\[([^\]]+)\]", stripped)
        if header:
            section, key = header.group(1).strip().lower(), None
            continue
        wanted = section == "options.extras_require" or section == "options"
        if not line[:1].isspace():
            name, sep, value = line.partition("=")
            if not sep:
                name, sep, value = line.partition(":")
            key = name.strip().lower() if sep else None
            if key is not None and wanted and _requirement_key(section, key) and value.strip():
                add_requirement(collector, recognizer, value.strip(), number, line.find(value.strip()) + 1)
            continue
        if key is not None and wanted and _requirement_key(section, key):
            add_requirement(collector, recognizer, stripped, number, line.find(stripped) + 1)
    return collector.result()


def _requirement_key(section: str, key: str) -> bool:
    return section == "options.extras_require" or key in ("install_requires", "setup_requires", "tests_require")


def conda_requirements(collector: Collector, recognizer: Recognizer, text: str, data: Any) -> None:
    """A conda environment file's dependencies (conda specs and the pip: list)."""
    if not isinstance(data, dict) or not isinstance(data.get("dependencies"), list):
        return
    specs: list[str] = []
    for item in data["dependencies"]:
        if isinstance(item, str):
            specs.append(item)
        elif isinstance(item, dict) and isinstance(item.get("pip"), list):
            specs.extend(p for p in item["pip"] if isinstance(p, str))
    lines = text.splitlines()
    cursor = 0
    for spec in specs:
        for index in range(cursor, len(lines)):
            if spec in lines[index]:
                cursor = index
                break
        else:
            continue
        requirement = spec.split("::")[-1]
        # conda's "pkg=1.2" and "pkg 1.2" pin forms
        requirement = re.sub(r"^([A-Za-z0-9._-]+)\s+(?=\d)", r"\1==", requirement)
        requirement = re.sub(r"^([A-Za-z0-9._-]+)=(?=[^=])", r"\1==", requirement)
        add_requirement(collector, recognizer, requirement, cursor + 1, lines[cursor].find(spec) + 1)
        cursor += 1


def is_conda_environment(name: str, data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("dependencies"), list):
        return False
    lowered = name.lower()
    return "channels" in data or "environment" in lowered or lowered.startswith(("conda", "env."))
