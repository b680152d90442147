"""YAML reading that keeps line numbers for error messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined,unused-ignore]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

from scanner.errors import UserError


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML safely; a syntax error becomes a UserError naming the file and line."""
    try:
        return yaml.load(text, Loader=_Loader)
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
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
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


def format_path(yaml_path: Sequence[str | int]) -> str:
    """labs[3].hf_orgs[0] style path for messages."""
    out = ""
    for step in yaml_path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top level)"
