"""YAML reading that keeps line numbers for error messages, and refuses documents built to exhaust a reader.

Every YAML the tool reads (rules, policy, lockfile, baseline, scanned files, model-card front matter)
goes through `compose_documents` or `safe_load`: a document whose aliases expand to more than
MAX_EXPANDED_NODES nodes (an alias bomb: a kilobyte that expands to billions) or that nests deeper than
MAX_DEPTH levels is an error of that document, reported with its line like a syntax error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import yaml

from scanner.errors import UserError

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined,assignment,unused-ignore]
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, with dates that exist: `2024-02-30` is an error of the document at its line, not a
    ValueError out of the middle of a scan."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"impossible date {node.value!r} ({exc})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


MAX_EXPANDED_NODES = 200_000  # nodes a document stands for once every alias is expanded
MAX_DEPTH = 400  # nesting levels


class YamlLimitError(yaml.MarkedYAMLError):
    """A document over the expansion or depth limit."""


def _check_limits(root: yaml.Node | None) -> None:
    """Raise YamlLimitError when root expands past MAX_EXPANDED_NODES or nests past MAX_DEPTH.

    One pass over the distinct nodes (an alias is the anchored node itself, so the work is linear in the
    text), without recursion: each node's expanded size is its own plus its children's, memoized."""
    if root is None:
        return
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlLimitError(problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=node.start_mark)
        children = _children(node)
        if not children_done:
            if id(node) in sizes:
                continue
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)
            continue
        size = 1 + sum(sizes.get(id(child), 0) for child in children)
        if size > MAX_EXPANDED_NODES:
            raise YamlLimitError(
                problem=f"aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (an alias bomb?)",
                problem_mark=node.start_mark,
            )
        sizes[id(node)] = size


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def compose_documents(text: str) -> list[yaml.Node]:
    """The node trees of every document in text, each within the limits (YAMLError otherwise)."""
    documents = list(yaml.compose_all(text, Loader=_Loader))
    for document in documents:
        _check_limits(document)
    return documents


def safe_load(text: str) -> Any:
    """One document as Python data (safe types only), within the limits (YAMLError otherwise)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        _check_limits(node)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML safely; a syntax error becomes a UserError naming the file and line."""
    try:
        return safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise UserError(f"invalid YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise UserError(f"invalid YAML: {exc}", path) from None


def line_of(text: str, yaml_path: Sequence[str | int]) -> int | None:
    """1-based line of the node at yaml_path (keys and list indexes), or of its nearest parent."""
    try:
        documents = compose_documents(text)
    except yaml.YAMLError:
        return None
    node = documents[0] if documents else None
    best = node.start_mark.line + 1 if node is not None else None
    for step in yaml_path:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for key, value in node.value:
                if key.value == step:
                    nxt = value
                    best = key.start_mark.line + 1
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if 0 <= step < len(node.value) else None
            if node is not None:
                best = node.start_mark.line + 1
        else:
            node = None
        if node is None:
            break
    return best


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def impossible_dates(value: Any, where: tuple[str | int, ...] = ()) -> list[tuple[list[str | int], str]]:
    """(path, text) of every YYYY-MM-DD string in value that names no day (2024-02-30)."""
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in impossible_dates(v, (*where, k))]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in impossible_dates(v, (*where, i))]
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return [(list(where), value)]
    return []


def format_path(yaml_path: Sequence[str | int]) -> str:
    """labs[3].hf_orgs[0] style path for messages."""
    out = ""
    for step in yaml_path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top level)"
