"""YAML, JSON and TOML: values under model-named keys, and known ids and hosts in any value.

Keys under a dataset-named key are skipped: a dataset id is not a model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from scanner.extract.base import (
    DATASET_KEY,
    URI_KEYS,
    Collector,
    Recognizer,
    add_base_url,
    figures_only,
    is_image_key,
    key_may_name_model,
    labels_its_weights,
    litellm_route_host,
    model_keys,
    names_its_uri,
    parse_toml,
    recognized,
    registry_name,
    scan_line_text,
    scan_value,
    served_name,
    slot_model_id,
    snake_key,
    split_id,
    talks_to_ollama,
)
from scanner.extract.requirements import add_requirement
from scanner.extract.text import line_scan, scan_line_slots
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, RefType

if TYPE_CHECKING:
    import yaml  # imported where YAML is parsed: JSON and TOML files never load PyYAML

    from scanner.extract.prefilter import LineFocus


def _command_key(key: str | None) -> bool:
    """A key whose value is a command line (`"postCreateCommand": "ollama pull qwen2.5"`)."""
    lowered = (key or "").lower()
    return lowered in SCRIPT_KEYS or lowered in ARGV_KEYS or lowered.endswith(("command", "cmd", "script", "args"))


# keys whose value is shell: a script (CI steps) or one command's arguments (compose, Kubernetes)
SCRIPT_KEYS = frozenset({"run", "script", "before_script", "after_script", "commands", "pre_script", "post_script"})
ARGV_KEYS = frozenset({"command", "entrypoint", "args", "cmd"})
ENV_KEYS = frozenset({"environment", "env", "variables", "envs"})


Row = dict[str, tuple[list[str], bool]]  # a table's row: key -> (its string values, whether they are a list)
MODEL_COLUMN, LINEAGE = "model", "lineage"  # what a value is in a registry (see `_role`)


def _role(recognizer: Recognizer, key: object, table: frozenset[str]) -> str:
    """What a key's values are in a mapping that may be a registry's row: its model column, its lineage
    metadata (`baseModel: [Qwen/Qwen2.5-7B]`: about the row's model, not a model the project uses), or ("")
    anything else."""
    if key in table:
        return MODEL_COLUMN
    if table and isinstance(key, str) and snake_key(key) in recognizer.lineage_keys:
        return LINEAGE
    return ""


@dataclass
class _Yaml:
    collector: Collector
    recognizer: Recognizer
    lines: list[str]
    text: str = ""
    litellm: bool = False  # inside a LiteLLM proxy's `litellm_params:` ("provider/model" routes)
    # (node, key, context) already walked: an alias is its anchor's node, whose references are written (and
    # reported) where the anchor is; walking it again for each alias finds nothing new and costs per alias
    walked: set[tuple[int, str | None, bool, bool, str]] = field(default_factory=set)
    tables: _Tables = field(default_factory=lambda: _Tables())
    focus: LineFocus | None = None  # the lines holding a prefilter word (None: every line)


def extract_yaml(text: str, path: str, recognizer: Recognizer, focus: LineFocus | None = None) -> ExtractResult:
    """focus: the lines holding a prefilter word; in a large stream of documents only the documents holding
    one are parsed (see _documents_in_focus)."""
    import yaml

    from scanner.yamlutil import compose_documents, safe_load

    collector = Collector(path, "yaml")
    if dataset_registry(path):
        return collector.result()
    collector.ollama_hint = talks_to_ollama(recognizer, text)
    if focus is not None and len(text) > FOCUSED_YAML_CHARS:
        text = _documents_in_focus(text, focus)
    try:
        documents = compose_documents(text)
    except yaml.YAMLError as exc:
        templated = _without_template_actions(text)  # a Helm, Jinja or Ansible template of YAML
        parsed = _compose_or_none(templated) if templated != text else None
        if parsed is None:
            mark = getattr(exc, "problem_mark", None)
            collector.issue(
                mark.line + 1 if mark else None, f"YAML does not parse: {getattr(exc, 'problem', exc)}", "line scan"
            )
            line_scan(collector, recognizer, text)
            return collector.result()
        documents, text = parsed, templated
    state = _Yaml(collector, recognizer, text.splitlines(), text, focus=focus)
    name = path.rsplit("/", 1)[-1]
    for document in documents:
        if document is None:
            continue
        _walk_yaml(state, document, key=None, ollama=False)
        if isinstance(document, yaml.MappingNode) and any(
            isinstance(k, yaml.ScalarNode) and k.value == "dependencies" for k, _ in document.value
        ):
            from scanner.extract.lockfiles import conda_requirements, is_conda_environment

            try:
                data = safe_load(text) if len(documents) == 1 else None
            except yaml.YAMLError as exc:  # an impossible date: its dependencies are not read
                mark = getattr(exc, "problem_mark", None)
                problem = getattr(exc, "problem", None) or exc
                collector.issue(
                    mark.line + 1 if mark else None, f"YAML does not load: {problem}", "dependencies not read"
                )
                data = None
            if is_conda_environment(name, data):
                conda_requirements(collector, recognizer, text, data)
    return collector.result()


# a stream of documents larger than this is parsed only where its documents hold a prefilter word
FOCUSED_YAML_CHARS = 64 * 1024
# a line that starts a document (`---`, `--- # comment`, `--- !tag`): at column 0 it can be nothing else, as
# block scalars are indented and quoted scalars may not hold one
_DOCUMENT_START = lazy_compile(r"^---(?:[ \t]|$)", re.M)


def _documents_in_focus(text: str, focus: LineFocus) -> str:
    """text with every document that holds no line of focus blanked to empty lines (line numbers kept): a
    Kubernetes install bundle of 30 CRDs with a model in one Deployment is parsed one document deep.
    Anchors and aliases do not cross documents, so what is kept reads as it did in the whole stream."""
    starts = [0, *(m.start() for m in _DOCUMENT_START.finditer(text) if m.start() > 0), len(text)]
    if len(starts) < 4:  # one or two documents: nothing to skip
        return text
    pieces: list[str] = []
    line = 1
    for begin, end in pairwise(starts):
        piece = text[begin:end]
        lines = piece.count("\n")
        if focus.touches(line, line + lines):  # its lines, and the next one's marker line
            pieces.append(piece)
        else:  # its marker line kept, the rest empty
            marker = "---" if piece.startswith("---") else ""
            pieces.append(marker + "\n" * lines if lines else marker)
        line += lines
    return "".join(pieces)


# a template action or statement on one line: `{{ .Values.model }}`, `{{- include "x" . | nindent 4 }}`, `{% if x %}`
_TEMPLATE_ACTION = lazy_compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
# Go template actions that control the output rather than write a value
_CONTROL_ACTION = lazy_compile(r"\{\{-?\s*(?:(?:if|else|end|with|range|define|block)\b|/\*)")


def _compose_or_none(text: str) -> list[Any] | None:
    import yaml

    from scanner.yamlutil import compose_documents

    try:
        return compose_documents(text)
    except yaml.YAMLError:
        return None


def _without_template_actions(text: str) -> str:
    """A template of YAML with its actions blanked, lines and columns kept: an action that starts a line is
    control (`{{- if ... }}`, `{{- toYaml . | nindent 4 }}`) and becomes spaces; one after other text is a value
    and becomes a plain word of its length (`name: {{ .Release.Name }}` parses)."""
    if "{{" not in text and "{%" not in text:
        return text

    def blank(m: re.Match[str]) -> str:
        action = m.group(0)
        control = not m.string[: m.start()].strip() or action[1] != "{" or _CONTROL_ACTION.match(action) is not None
        return (" " if control else "_") * len(action)

    return "\n".join(_TEMPLATE_ACTION.sub(blank, line) if "{" in line else line for line in text.split("\n"))


def _scalar(node: yaml.Node) -> str | None:
    import yaml

    return node.value if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else None


def _served_name(state: _Yaml, named: dict[str | None, Any]) -> Any:
    """`{uri: hf://Qwen/Qwen2.5-7B-Instruct, name: Qwen/Qwen2.5-7B-Instruct}` (a KServe, KubeAI or llmaz model
    entry): the name repeating the id of the entry's URI is what the server calls the model, not a second
    reference; `{name: GLM-4.7, specs: [{model_id: zai-org/GLM-4.7-FP8}]}` (a serving platform's catalogue): the
    name titling the weights the entry holds is not one either. Returns that name's node, or None."""
    name, uri = named.get("name"), next((named[k] for k in URI_KEYS if k in named), None)
    written, location = _scalar(name) if name is not None else None, _scalar(uri) if uri is not None else None
    if not written:
        return None
    if location and names_its_uri(state.recognizer, written, location):
        return name
    entry = (v for k, v in named.items() if k != "name" and not (k and state.recognizer.is_prose_key(k)))
    return name if labels_its_weights(state.recognizer, written, _yaml_strings(entry)) else None


def _annotations(metadata: Any) -> Any:
    """The annotations of a Kubernetes object's metadata (where a model may be written), or an empty node."""
    import yaml

    if isinstance(metadata, yaml.MappingNode):
        for k, v in metadata.value:
            if _scalar(k) == "annotations":
                return v
    return yaml.MappingNode("tag:yaml.org,2002:map", [])


def _yaml_strings(nodes: Iterable[Any], limit: int = 400) -> Iterator[str]:
    """The string scalars under YAML nodes, depth first, at most `limit` of them (a catalogue entry is small)."""
    import yaml

    stack = list(reversed(list(nodes)))
    seen = 0
    while stack and seen < limit:
        node = stack.pop()
        seen += 1
        if isinstance(node, yaml.ScalarNode):
            value = _scalar(node)
            if value is not None:
                yield value
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(reversed([v for _, v in node.value]))


def _walk_yaml(
    state: _Yaml,
    node: yaml.Node,
    key: str | None,
    ollama: bool,
    table: frozenset[str] = frozenset(),
    registry: str = "",
) -> None:
    """table: the keys of this mapping that are a registry's model column; registry: what node is in a
    registry (`_role`)."""
    import yaml

    visit = (id(node), key, ollama, state.litellm, registry)
    if visit in state.walked:
        return
    state.walked.add(visit)
    lowered = (key or "").lower()
    if key is not None and (state.recognizer.is_not_model_key(key) or is_image_key(key)):
        return
    if lowered == "services" and isinstance(node, yaml.SequenceNode):  # GitLab CI: service images
        return
    if (lowered in SCRIPT_KEYS or lowered in ARGV_KEYS) and _shell_value(state, node, argv=lowered in ARGV_KEYS):
        return
    if isinstance(node, yaml.MappingNode):
        pairs = [(_scalar(k), v) for k, v in node.value]
        here = ollama or any(k is not None and state.recognizer.sends_to_ollama(k, _scalar(v) or "") for k, v in pairs)
        named = dict(pairs)
        env_name, env_value = named.get("name"), named.get("value")
        if env_name is not None and env_value is not None and _scalar(env_name) and _scalar(env_value) is not None:
            # Kubernetes env: {name: MODEL_ID, value: Qwen/...}
            _assign(state, _scalar(env_name) or "", env_value)
            return
        columns = state.tables.columns(state.recognizer, [v for _, v in pairs], _yaml_row)
        if lowered not in ENV_KEYS:
            _yaml_model_keys(state, node, ollama)
        served = _served_name(state, named)
        split = _split_id(state, pairs)  # {org: stabilityai, name: stablelm-3b-4e1t}: one id, reported at its name
        manifest = key is None and "apiVersion" in named and "kind" in named
        for name, v in pairs:
            if name is not None and DATASET_KEY.search(name):
                continue
            if v is served or v is split:
                continue
            if manifest and name == "metadata":  # a Kubernetes object's own name and labels name no model
                _walk_yaml(state, _annotations(v), "annotations", here)
                continue
            if lowered in ENV_KEYS and name is not None and _scalar(v) is not None and not _embedded_json(v.value):
                # env: {MODEL_ID: Qwen/...} (CI, compose): an assignment, remembered for `${{ env.MODEL_ID }}`
                _assign(state, name, v)
                continue
            outer, state.litellm = state.litellm, state.litellm or name == "litellm_params"
            in_ollama = here or (name is not None and "ollama" in name.lower())
            _walk_yaml(state, v, name, in_ollama, columns, registry=_role(state.recognizer, name, table))
            state.litellm = outer
    elif isinstance(node, yaml.SequenceNode):
        columns = state.tables.columns(state.recognizer, node.value, _yaml_row)
        for item in node.value:
            if lowered in ENV_KEYS and _scalar(item) and "=" in (_scalar(item) or ""):
                _env_item(state, item)
                continue
            _walk_yaml(state, item, key, ollama, columns, registry)
    elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        line = node.start_mark.line + 1
        column = node.start_mark.column + 1
        if not (registry or ollama or state.litellm) and _out_of_focus(state.focus, line, node.end_mark.line + 1):
            return  # no word in it nor in its key: nothing a value names alone (a registry's column is read whole)
        if state.litellm and key == "model":
            host = litellm_route_host(state.recognizer, node.value)
            if host is not None:
                quote = 1 if node.style in ("'", '"') else 0
                state.collector.add(host, RefType.API_ENDPOINT, line, column + quote, node.value)
                hosted = state.recognizer.hosted_model(node.value.partition("/")[2])
                if hosted is not None:
                    state.collector.add_model(hosted, line, column + quote, node.value)
                return
        data = _embedded_json(node.value)
        if data is not None:  # MODELS: > [{"id": "org/name", ...}, ...]: a JSON document held by a YAML value
            _walk_located(state.collector, state.recognizer, state.text, data, start=node.start_mark.index)
            return
        _value(
            state.collector,
            state.recognizer,
            node.value,
            key,
            line,
            column,
            quoted=node.style in ("'", '"'),
            ollama=ollama,
            registry=registry,
        )


def _split_id(state: _Yaml, pairs: list[tuple[str | None, yaml.Node]]) -> yaml.Node | None:
    """The node of a mapping's name whose org is under another key (`split_id`), reported there; or None."""
    strings = {k: value for k, v in pairs if k is not None and (value := _scalar(v))}
    found = split_id(state.recognizer, strings) if len(strings) >= 2 else None
    if found is None:
        return None
    mid, name_key = found
    node = next(v for k, v in pairs if k == name_key)
    quote = 1 if getattr(node, "style", None) in ("'", '"') else 0
    state.collector.add_model(mid, node.start_mark.line + 1, node.start_mark.column + 1 + quote, mid.id)
    return node


def _out_of_focus(focus: LineFocus | None, first: int, last: int) -> bool:
    return focus is not None and not focus.touches(first, last)


def _yaml_model_keys(state: _Yaml, node: yaml.MappingNode, ollama: bool) -> None:
    """The keys of a mapping that name models (`model_keys`), each reported where it is written."""
    import yaml

    if not any(
        isinstance(k, yaml.ScalarNode) and isinstance(k.value, str) and key_may_name_model(k.value)
        for k, _ in node.value
    ):
        return
    keys = [
        (k, k.value)
        for k, v in node.value
        if isinstance(k, yaml.ScalarNode)
        and isinstance(k.value, str)
        and not (isinstance(v, yaml.MappingNode) and _names_a_model(state.recognizer, (n.value for n, _ in v.value)))
    ]
    roles = model_keys(state.recognizer, [text for _, text in keys], figures=figures_only(map(_figures, node.value)))
    for k, text in keys:
        if text in roles:
            quoted = k.style in ("'", '"')
            line, column = k.start_mark.line + 1, k.start_mark.column + 1
            _value(
                state.collector,
                state.recognizer,
                text,
                None,
                line,
                column,
                quoted=quoted,
                ollama=ollama,
                registry=MODEL_COLUMN if roles[text] else "",
            )


def _figures(pair: tuple[yaml.Node, yaml.Node]) -> object:
    """A mapping's value as `figures_only` reads it: a number, a mapping of numbers, or None for anything else."""
    import yaml

    def number(node: yaml.Node) -> object:
        return 0 if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")) else None

    value = pair[1]
    if isinstance(value, yaml.MappingNode):
        return {i: number(item) for i, (_, item) in enumerate(value.value)}
    return number(value)


def _names_a_model(recognizer: Recognizer, keys: Iterable[object]) -> bool:
    """Do a mapping's keys hold a model setting of its own (`{model: ...}`)?"""
    return any(isinstance(k, str) and recognizer.is_model_key(k) for k in keys)


def _yaml_row(node: yaml.Node) -> Row | None:
    """A mapping's scalar values by key (a list of scalars too), for `registry_columns`; None for a non-mapping."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    row: Row = {}
    for k, v in node.value:
        name = _scalar(k)
        if name is None:
            continue
        is_list = isinstance(v, yaml.SequenceNode)
        values = v.value[:REGISTRY_CELLS] if is_list else [v]
        row[name] = ([text for text in (_scalar(item) for item in values) if text is not None], is_list)
    return row


def _folded_pieces(state: _Yaml, node: yaml.ScalarNode) -> list[tuple[str, int, int]] | None:
    """The physical pieces of a scalar YAML folds into one line (a plain or quoted scalar over several lines,
    a `>` block), each with its line and column in the file; None for one-line and `|` scalars."""
    start, end = node.start_mark, node.end_mark
    if node.style == "|":
        return None
    if node.style == ">":
        return _shell_lines(state, node)
    if end.line <= start.line or end.line >= len(state.lines):
        return None
    quote = 1 if node.style in ("'", '"') else 0
    pieces = []
    for index in range(start.line, end.line + 1):
        raw = state.lines[index]
        first = start.column + quote if index == start.line else 0
        last = end.column - quote if index == end.line else len(raw)
        body = raw[first:last]
        stripped = body.lstrip(" \t")
        if stripped.strip():
            pieces.append((stripped.rstrip(), index + 1, first + len(body) - len(stripped) + 1))
    return pieces


def _shell_lines(state: _Yaml, node: yaml.ScalarNode) -> list[tuple[str, int, int]]:
    """The physical lines of a scalar holding shell text, with their columns in the file."""
    if node.style in ("|", ">"):
        out = []
        for index in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(state.lines))):
            raw = state.lines[index]
            body = raw.lstrip(" \t")
            if body:
                out.append((body, index + 1, len(raw) - len(body) + 1))
        return out
    offset = 1 if node.style in ("'", '"') else 0
    parts = node.value.split("\n")
    return [
        (part, node.start_mark.line + 1 + i, (node.start_mark.column + 1 + offset) if i == 0 else 1)
        for i, part in enumerate(parts)
    ]


def _shell_value(state: _Yaml, node: yaml.Node, *, argv: bool) -> bool:
    """Scan a script or command value as shell; False when it is not shell-shaped (walk it instead)."""
    import yaml

    from scanner.extract.shell import Token, folded, scan_argv, scan_folded, scan_shell_lines

    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        pieces = _folded_pieces(state, node)
        if pieces is not None:  # `command: >` or a value over several lines: one command, folded
            scan_folded(state.collector, state.recognizer, pieces)
        else:
            scan_shell_lines(state.collector, state.recognizer, _shell_lines(state, node))
        return True
    if isinstance(node, yaml.SequenceNode) and all(isinstance(i, yaml.ScalarNode) for i in node.value):
        if argv:
            tokens = []
            for item in node.value:
                quoted = item.style in ("'", '"')
                if item.style == "|" and "\n" in str(item.value).rstrip("\n"):  # a script of several lines
                    scan_shell_lines(state.collector, state.recognizer, _shell_lines(state, item))
                    continue
                pieces = _folded_pieces(state, item)
                if pieces:  # ["sh", "-c", "a long script \n over two lines"]: keep each piece's line
                    text, segments = folded(pieces)
                    tokens.append(Token(text, text, pieces[0][1], pieces[0][2], quoted, segments))
                    continue
                column = item.start_mark.column + 1 + (1 if quoted else 0)
                tokens.append(Token(str(item.value), str(item.value), item.start_mark.line + 1, column, quoted))
            scan_argv(state.collector, state.recognizer, tokens)
        else:
            for item in node.value:
                scan_shell_lines(state.collector, state.recognizer, _shell_lines(state, item))
        return True
    return False


def _env_item(state: _Yaml, node: yaml.ScalarNode) -> None:
    """docker-compose `environment: [MODEL=Qwen/...]`"""
    from scanner.extract.shell import Token, assignment

    name, _, value = node.value.partition("=")
    offset = len(name) + 1 + (1 if node.style in ("'", '"') else 0)
    token = Token(value, value, node.start_mark.line + 1, node.start_mark.column + 1 + offset)
    assignment(state.collector, state.recognizer, name.strip(), token)


def _assign(state: _Yaml, name: str, node: yaml.Node) -> None:
    import yaml

    from scanner.extract.shell import Token, assignment

    value = _scalar(node) or ""
    offset = 1 if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"') else 0
    token = Token(value, value, node.start_mark.line + 1, node.start_mark.column + 1 + offset)
    assignment(state.collector, state.recognizer, name, token)


def _value(
    collector: Collector,
    recognizer: Recognizer,
    value: str,
    key: str | None,
    line: int,
    column: int,
    *,
    quoted: bool = True,
    ollama: bool = False,
    registry: str = "",
) -> None:
    if key is not None and recognizer.is_name_pattern_key(key):  # patterns: [qwen3, glm-5]: words to match, no model
        return
    if registry == LINEAGE:  # a registry row's base model: what its model was made from, a mention
        scan_line_text(collector, recognizer, value, line, column + (1 if quoted else 0), mention=True)
        return
    if registry == MODEL_COLUMN and "://" not in value:  # every name in a registry's model column is a model
        # (a URL in it is read as any value is: the model it names and the API host it is served from); a
        # bare name there is an Ollama tag only in an Ollama section, not because the file names Ollama elsewhere
        mid = slot_model_id(recognizer, value, ollama=ollama) or registry_name(recognizer, value)
        if mid is not None:
            collector.add_model(mid, line, column + (1 if quoted else 0), value)
        return
    if key is not None and recognizer.is_prose_key(key):  # description: "fine-tuned from Qwen/...": a mention
        for i, part in enumerate(value.splitlines() or [value]):
            scan_line_text(collector, recognizer, part, line + i, column + (1 if quoted and not i else 0), mention=True)
        return
    if key is not None and recognizer.is_endpoint_key(key):  # api_base: https://api.x.ai/v1
        add_base_url(collector, recognizer, key, value, line, column + (1 if quoted else 0))
    hub = recognizer.hub_of_key(key) if key is not None else None  # ms_hub_url: "org/name" is ModelScope's
    ollama_list = ollama and key is not None and snake_key(key) in recognizer.ollama_list_keys  # {pull: [qwen3]}
    if key is not None and (hub is not None or ollama_list or recognizer.is_model_key(key)):
        mid = slot_model_id(recognizer, value, ollama=ollama, ollama_hint=collector.ollama_hint)
        if mid is not None:
            if hub is RefType.MODELSCOPE_MODEL and mid.ref_type is RefType.HUB_MODEL:
                mid = mid._replace(ref_type=hub)
            collector.add_model(mid, line, column + (1 if quoted else 0), value)
            return
    if collector.extractor == "json" and " " in value.strip() and not _command_key(key):
        # a JSON string of several words is text (an issue body, a prompt, a record): what it names is a mention
        for i, part in enumerate(value.splitlines() or [value]):
            scan_line_text(collector, recognizer, part, line + i, column, mention=True)
        return
    if "\n" in value:  # block scalars: scan each line at its own line number, `model: org/x` of embedded YAML too
        for i, part in enumerate(value.splitlines()):
            scan_line_text(collector, recognizer, part, line + i + 1)
            scan_line_slots(collector, recognizer, part, line + i + 1)
        return
    scan_value(collector, recognizer, value, line, column + (1 if quoted else 0))


# a table is judged on its first rows and the first cells of each list in them, and a file's first tables only:
# a dataset of 100,000 records (each a table of turns) costs no more to judge than a registry of twenty models
REGISTRY_ROWS = 64
REGISTRY_CELLS = 8
REGISTRY_TABLES = 256


@dataclass
class _Tables:
    """The tables of one file left to judge for a model column (`registry_columns`)."""

    left: int = REGISTRY_TABLES

    def columns(self, recognizer: Recognizer, items: list[Any], row: Callable[[Any], Row | None]) -> frozenset[str]:
        """The model column of a table: the items of a list, or the values of a mapping, all mappings."""
        if len(items) < 3 or self.left <= 0:
            return frozenset()
        rows = []
        for item in items[:REGISTRY_ROWS]:
            cells = row(item)
            if cells is None:  # not a table: judging it spends nothing
                return frozenset()
            rows.append(cells)
        self.left -= 1
        return registry_columns(recognizer, rows)


def registry_columns(recognizer: Recognizer, rows: list[Row]) -> frozenset[str]:
    """The model column of a table (three or more mappings in one list, or the values of one mapping): a model
    registry, such as a provider's model list (`[{"name": "qwen-max", ...}, {"name": "deepseek-chat", ...}]`).
    A column qualifies when one value in four or more is a recognised model name, or when its key names a
    model (`llm_name`) and one is; under such a key, catalogued open weights named without their org
    (`deepseek-r1`, `bge-m3`: what an API serving them calls them) count as recognised. Every name in that
    column is a model, the ones no catalogue knows too: the table says so, not the name. One column per table,
    the one with the most recognised names, a column of single values before a column of lists (a registry's
    `name` before its `alias` list: one model, not three).
    """
    if len(rows) < 3:
        return frozenset()
    counts: dict[str, list[int]] = {}  # key -> [recognised, values, rows where it holds a list]
    model_keys: dict[str, bool] = {}
    for row in rows:
        for key, (values, is_list) in row.items():
            seen = counts.setdefault(key, [0, 0, 0])
            if key not in model_keys:
                model_keys[key] = recognizer.is_model_key(key)
            for value in values:
                seen[0] += recognized(recognizer, value) or (model_keys[key] and served_name(recognizer, value))
                seen[1] += 1
            seen[2] += is_list
    columns = [
        (not lists, hits, key)
        for key, (hits, total, lists) in counts.items()
        if (hits >= 3 and hits * 4 >= total) or (hits and model_keys[key])
    ]
    return frozenset({max(columns)[2]}) if columns else frozenset()


def dataset_registry(path: str) -> bool:
    """A file that registers datasets by its name (LLaMA-Factory's dataset_info.json, datasets.yaml): the ids
    in it, under hf_hub_url or ms_hub_url too, are datasets."""
    return DATASET_FILE.match(path.rsplit("/", 1)[-1].lower()) is not None


DATASET_FILE = re.compile(r"datasets?(?:[_.-](?:info|registry|config|list|catalog))?\.(?:json|ya?ml|toml)$")


def extract_json(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "json")
    if dataset_registry(path):
        return collector.result()
    collector.ollama_hint = talks_to_ollama(recognizer, text)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        problem = "nested too deeply" if isinstance(exc, RecursionError) else getattr(exc, "msg", exc)
        collector.issue(line, f"JSON does not parse: {problem}", "line scan")
        line_scan(collector, recognizer, text)
        return collector.result()
    _walk_located(collector, recognizer, text, data)
    if path.rsplit("/", 1)[-1] == "package.json":
        _package_json_dependencies(collector, recognizer, text, data)
    return collector.result()


def extract_toml(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "toml")
    collector.ollama_hint = talks_to_ollama(recognizer, text)
    data = parse_toml(collector, text, "TOML", "line scan")
    if data is None:
        line_scan(collector, recognizer, text)
        return collector.result()
    name = path.rsplit("/", 1)[-1]
    pyproject = name == "pyproject.toml"
    tool = data.get("tool")
    if pyproject and isinstance(tool, dict) and "modelorigin" in tool:  # the policy table: not project code
        data = {**data, "tool": {k: v for k, v in tool.items() if k != "modelorigin"}}
    if name == "Cargo.toml" and "features" in data:  # `openvino = ["ort/openvino"]`: a crate's features
        data = {k: v for k, v in data.items() if k != "features"}
    _walk_located(collector, recognizer, text, data)
    if pyproject:
        _pyproject_dependencies(collector, recognizer, text, data)
    return collector.result()


def _embedded_json(value: str) -> Any:
    """The JSON array or object a string value holds whole (an environment variable of a Helm chart or a
    compose file set to a JSON list of models), or None."""
    text = value.strip()
    if len(text) < 2 or text[0] + text[-1] not in ("[]", "{}"):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested too deeply to read: a plain value
        return None
    return data if isinstance(data, (list, dict)) and data else None


def _walk_located(collector: Collector, recognizer: Recognizer, text: str, data: Any, start: int = 0) -> None:
    """Walk parsed values in document order, finding each string's line in the raw text (from start: a JSON
    document held by a value of another file is searched from where that value is written)."""
    cursor = start
    # newlines are counted once, forward: a dataset has 100,000 strings, and a minified one is one line
    counted_to, line, line_start = start, text.count("\n", 0, start) + 1, text.rfind("\n", 0, start) + 1
    json_text = '"' in text
    for key, value, ollama, registry in _leaves(recognizer, data, None, False, _Tables()):
        at, length = _locate(text, value, cursor, json_text)
        if at < 0:  # written with escapes we do not rebuild: it lies after the previous value, say there
            at, length = cursor, 0
        cursor = at + length
        newlines = text.count("\n", counted_to, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted_to, at) + 1
        counted_to = at
        column = at - line_start + 1
        _value(collector, recognizer, value, key, line, column, quoted=False, ollama=ollama, registry=registry)


def _locate(text: str, value: str, cursor: int, json_text: bool) -> tuple[int, int]:
    """(offset, length) of a parsed string in the raw text, searched forward from cursor only (values come
    in document order; searching from the start for each would be quadratic): as written raw (UTF-8 or
    TOML), then with JSON's escapes, then with its ASCII escapes; (-1, 0) when none is there."""
    at = text.find(value, cursor)
    if at >= 0 or not json_text:
        return at, len(value)
    for ascii_only in (False, True):
        needle = json.dumps(value, ensure_ascii=ascii_only)[1:-1]
        if needle != value:
            at = text.find(needle, cursor)
            if at >= 0:
                return at, len(needle)
    return -1, 0


def _leaves(
    recognizer: Recognizer,
    data: Any,
    key: str | None,
    ollama: bool,
    tables: _Tables,
    table: frozenset[str] = frozenset(),
    registry: str = "",
) -> Iterator[tuple[str | None, str, bool, str]]:
    """(key, string, under Ollama, what it is in a registry) for every string of parsed data, in order.
    table: the keys of this mapping that are a registry's model column (`registry_columns`)."""
    if isinstance(data, dict):
        here = ollama or any(isinstance(k, str) and recognizer.sends_to_ollama(k, str(v)) for k, v in data.items())
        columns = tables.columns(recognizer, list(data.values()), _row)  # {"qwen-max": {"model": ...}, ...}
        roles: dict[str, bool] = {}
        if key not in ENV_KEYS and any(isinstance(k, str) and key_may_name_model(k) for k in data):
            names = [
                k
                for k, v in data.items()
                if isinstance(k, str) and not (isinstance(v, dict) and _names_a_model(recognizer, v))
            ]
            roles = model_keys(recognizer, names, figures=figures_only(data.values()))
        for k, v in data.items():
            if isinstance(k, str) and k in roles:
                yield None, k, here, MODEL_COLUMN if roles[k] else ""
            if isinstance(k, str) and (DATASET_KEY.search(k) or recognizer.is_not_model_key(k)):
                continue
            child_ollama = here or (isinstance(k, str) and "ollama" in k.lower())
            yield from _leaves(
                recognizer,
                v,
                k if isinstance(k, str) else key,
                child_ollama,
                tables,
                columns,
                registry=_role(recognizer, k, table),
            )
    elif isinstance(data, list):
        columns = tables.columns(recognizer, data, _row)
        for item in data:
            yield from _leaves(recognizer, item, key, ollama, tables, columns, registry)
    elif isinstance(data, str):
        yield key, data, ollama, registry


def _row(item: Any) -> Row | None:
    """A parsed mapping's string values by key (a list of strings too), for `registry_columns`."""
    if not isinstance(item, dict):
        return None
    row: Row = {}
    for k, v in item.items():
        if isinstance(k, str):
            values = v[:REGISTRY_CELLS] if isinstance(v, list) else [v]
            row[k] = ([x for x in values if isinstance(x, str)], isinstance(v, list))
    return row


NPM_DEPENDENCY_KEYS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def _package_json_dependencies(collector: Collector, recognizer: Recognizer, text: str, data: Any) -> None:
    """npm dependencies on model providers' SDKs (package.json)."""
    if not isinstance(data, dict):
        return
    for section in NPM_DEPENDENCY_KEYS:
        table = data.get(section)
        if not isinstance(table, dict):
            continue
        start = text.find(f'"{section}"')
        for name, spec in table.items():
            if not isinstance(name, str) or name.lower() not in recognizer.sdk_packages:
                continue
            at = text.find(json.dumps(name), max(start, 0))
            line = text.count("\n", 0, at) + 1 if at >= 0 else 1
            column = at - (text.rfind("\n", 0, at) + 1) + 2 if at >= 0 else 1
            collector.add(
                name.lower(),
                RefType.SDK_PACKAGE,
                line,
                column,
                name,
                version_spec=spec if isinstance(spec, str) else None,
            )


def _pyproject_dependencies(collector: Collector, recognizer: Recognizer, text: str, data: dict[str, Any]) -> None:
    """PEP 621 dependencies and optional-dependencies, and Poetry dependency tables."""
    project = _table(data, "project")
    requirements: list[str] = list(_list(project, "dependencies"))
    for group in _table(project, "optional-dependencies").values():
        requirements.extend(group if isinstance(group, list) else [])
    for group in _table(data, "dependency-groups").values():
        requirements.extend(r for r in (group if isinstance(group, list) else []) if isinstance(r, str))
    poetry = _table(_table(data, "tool"), "poetry")  # `[[tool]]` or `tool = 1` is not a table of tools
    tables = [_table(poetry, "dependencies"), _table(poetry, "dev-dependencies")]
    tables += [_table(g, "dependencies") for g in _table(poetry, "group").values()]
    for table in tables:
        for name, spec in table.items():
            version = spec if isinstance(spec, str) else (spec.get("version", "") if isinstance(spec, dict) else "")
            requirements.append(f"{name}{_poetry_spec(version)}")
    for requirement in requirements:
        if not isinstance(requirement, str):
            continue
        name = re.split(r"[\s\[<>=!~;(@]", requirement.strip(), maxsplit=1)[0]
        line = _declaration_line(text, name)
        add_requirement(collector, recognizer, requirement, line)


def _table(parent: Any, key: str) -> dict[str, Any]:
    """parent[key] when both are tables (TOML written another way than the spec says is not an error here)."""
    value = parent.get(key) if isinstance(parent, dict) else None
    return value if isinstance(value, dict) else {}


def _list(parent: dict[str, Any], key: str) -> list[Any]:
    value = parent.get(key)
    return value if isinstance(value, list) else []


def _declaration_line(text: str, name: str) -> int:
    """The line declaring a dependency: a quoted requirement or a `name =` key, after the first
    dependency table (not the first mention of the name in a description)."""
    start = max(text.find("dependencies"), 0)
    pattern = re.compile(rf"""(?im)(?:["']|^\s*){re.escape(name)}(?=\s*[\[<>=!~;"'(@ ]|\s*$)""")
    m = pattern.search(text, start) or pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _poetry_spec(version: str) -> str:
    version = version.strip()
    if not version or version == "*":
        return ""
    if version[0].isdigit():
        return f"=={version}"
    if version.startswith("^") or version.startswith("~"):
        return f">={version[1:]}"
    return version
