"""Python source through `ast`: model-loading calls, model slots, constants, client base URLs, SDK imports.

Nothing is imported or executed. A file that does not parse falls back to a line scan and says so.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from scanner.extract.base import (
    URI_KEYS,
    Collector,
    Recognizer,
    add_base_url,
    figures_only,
    file_hints,
    is_dataset_key,
    key_may_name_model,
    lines_of_offsets,
    litellm_route_host,
    model_keys,
    names_its_uri,
    read_group,
    registry_name,
    scan_line_text,
    scan_value,
    slot_list,
    slot_model_id,
    split_id,
)
from scanner.extract.text import line_scan, scan_line_slots
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, RefType

if TYPE_CHECKING:
    from scanner.extract.prefilter import LineFocus

NON_MODEL_REPO_TYPES = frozenset({"dataset", "space"})
# Slots whose line may hold no prefilter word, which a focused walk must still visit: an Ollama client
# call (`chat(name, ...)` after `from ollama import chat`) and a client's base URL (`Client(base_url=URL)`,
# the rules' endpoint keys). (name, what follows it); found by a multi-literal search, several times faster
# here than a regex.
_FOLLOWED_BY = {"(": lazy_compile(r"\s*\("), "=": lazy_compile(r"\s*=(?!=)")}


def extract_python(
    text: str,
    path: str,
    recognizer: Recognizer,
    *,
    line_offset: int = 0,
    line_map: Sequence[int] | None = None,
    focus: LineFocus | None = None,
) -> ExtractResult:
    """line_map[i]: the line in the file as stored of source line i + 1 (a notebook cell's lines).

    focus: the lines that hold a prefilter word (see LineFocus): statements spanning none of them are
    only read for their assignments. Line-based, so not with line_offset or line_map.
    """
    collector = Collector(path, "python")
    if line_map is not None or line_offset:
        focus = None
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None)
        problem = "nested too deeply" if isinstance(exc, (RecursionError, MemoryError)) else getattr(exc, "msg", exc)
        collector.issue(
            _mapped(line, line_offset, line_map) if line else None,
            f"Python does not parse: {problem}",
            fallback="line scan",
        )
        if line_map is None and not line_offset:
            line_scan(collector, recognizer, text, focus)
        else:
            for number, source_line in enumerate(text.splitlines(), start=1):
                mapped = _mapped(number, line_offset, line_map)
                scan_line_text(collector, recognizer, source_line[:4000], mapped)
                scan_line_slots(collector, recognizer, source_line[:4000], mapped)
        for number, source_line in enumerate(text.splitlines(), start=1):
            if focus is None or number in focus:
                _import_line(collector, recognizer, source_line, _mapped(number, line_offset, line_map))
        return collector.result()
    visitor = _Visitor(collector, recognizer, line_offset, line_map)
    visitor.ollama_hint, collector.api_hint = file_hints(recognizer, text)
    collector.ollama_hint = visitor.ollama_hint
    if focus is not None:
        focus = focus.with_lines(
            lines_of_offsets(text, _unworded_slots(text, recognizer.ollama_client_calls, recognizer.endpoint_keys))
        )
    try:
        visitor.run(tree, focus)
    except RecursionError:  # an expression nested past what the walk follows (`x = 1+1+...` a thousand times)
        collector.issue(None, "Python expression nested too deeply to follow", fallback="line scan")
        line_scan(collector, recognizer, text, focus)
    if visitor.outputs:  # the repo a file pushes to is its own where it is only named (`assert url == ...`)
        collector.references = [
            r
            for r in collector.references
            if r.id.lower() not in visitor.outputs or (r.id.lower(), r.line) in visitor.loaded
        ]
    if visitor.multiline:
        _to_written_lines(collector, text, visitor.multiline, lambda n: _mapped(n, line_offset, line_map))
    return collector.result()


def _to_written_lines(
    collector: Collector, text: str, spans: list[tuple[int, int]], mapped: Callable[[int], int]
) -> None:
    """A reference found in a string literal of several lines (`os.system("vllm serve \\` ... `--model org/x")`,
    a triple-quoted command) is reported where its id is written, not where the literal starts."""
    lines = text.splitlines()
    starts = {mapped(first): (first, last) for first, last in spans}
    for index, ref in enumerate(collector.references):
        span = starts.get(ref.line)
        if span is None:
            continue
        first, last = span
        for needle in dict.fromkeys((ref.raw.lower(), ref.id.lower())):
            if needle in lines[first - 1].lower():
                break
            hit = next((n for n in range(first + 1, last + 1) if needle in lines[n - 1].lower()), None)
            if hit is not None:
                column = lines[hit - 1].lower().index(needle) + 1
                collector.references[index] = ref._replace(line=mapped(hit), column=column)
                break


def _unworded_slots(text: str, calls: frozenset[str], endpoint_keys: frozenset[str]) -> list[int]:
    """Offsets of the unworded slots' names used as such (a whole name, then `(` or `=`), ascending.
    calls: Ollama's client calls; endpoint_keys: the keys of a model API's base URL."""
    found = []
    slots = _unworded_slot_table(calls, endpoint_keys)
    names = sorted(slots)
    for index, start, end in _unworded_slot_searcher(calls, endpoint_keys).find_matches_as_indexes(text):
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        if _FOLLOWED_BY[slots[names[index]]].match(text, end):
            found.append(start)
    return found


@lru_cache(maxsize=4)
def _unworded_slot_table(calls: frozenset[str], endpoint_keys: frozenset[str]) -> dict[str, str]:
    return {**{name: "(" for name in calls}, **{key: "=" for key in endpoint_keys}}


@lru_cache(maxsize=4)
def _unworded_slot_searcher(calls: frozenset[str], endpoint_keys: frozenset[str]) -> Any:
    import ahocorasick_rs

    # leftmost-longest with whole-name checks: `embed` inside `embeddings(` is not a match of its own
    names = sorted(_unworded_slot_table(calls, endpoint_keys))
    return ahocorasick_rs.AhoCorasick(names, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)


def _mapped(line: int, line_offset: int, line_map: Sequence[int] | None) -> int:
    if line_map is not None and 1 <= line <= len(line_map):
        return line_map[line - 1]
    return line + line_offset


class _Visitor:
    # a plain class, not a dataclass: importing `dataclasses` and generating its methods costs a pre-commit run
    # more than a millisecond
    def __init__(
        self,
        collector: Collector,
        recognizer: Recognizer,
        line_offset: int = 0,
        line_map: Sequence[int] | None = None,
    ) -> None:
        self.collector = collector
        self.recognizer = recognizer
        self.line_offset = line_offset
        self.line_map = line_map
        self.bools: dict[str, bool] = {}
        self.modelscope_names: set[str] = set()
        self.ollama_names: set[str] = set()
        self.slot_nodes: set[int] = set()  # ids of string nodes already handled in a slot
        # variable -> (value, the strings it held when assigned) of each assignment that writes it a literal; the
        # strings are what a value that names the variable itself (`x = x + "-chat"`) stood for then (see _sites)
        self.literal_assignments: dict[str, list[tuple[ast.expr, list[str]]]] = {}
        # the file's assignments, read into bools and literal_assignments when a variable is first looked up
        # (most files' slots hold literals: a large file's hundreds of assignments are then never read)
        self.unread_assignments: list[ast.Assign | ast.AnnAssign] | None = None
        self.litellm = False  # the file imports LiteLLM: "provider/model" strings are LiteLLM routes
        self.ollama_hint = False  # the file talks to an Ollama server (an `ollama` name or string, port 11434)
        self.multiline: list[tuple[int, int]] = []  # (first, last) source lines of long strings
        self.outputs: set[str] = set()  # what the file pushes to a hub (lower case): its own repos
        self.loaded: set[tuple[str, int]] = set()  # (id lower case, line) of what slots load

    def _line(self, lineno: int) -> int:
        return _mapped(lineno, self.line_offset, self.line_map)

    def run(self, tree: ast.Module, focus: LineFocus | None = None) -> None:
        nodes = _gather(tree, self.recognizer, focus)  # one walk: walking is most of the cost on large files
        for statement in nodes.imports:
            self._import(statement)
        self.unread_assignments = nodes.assignments  # every constant is known before any call reads one
        self.slot_nodes.update(id(node) for node in nodes.name_tests)
        for site in nodes.slot_sites:
            if isinstance(site, ast.Call):
                self._call(site)
            elif isinstance(site, ast.Dict):
                self._dict(site)
            elif isinstance(site, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._parameters(site)
            else:
                self._assignment(site)
        self._free_strings(nodes.constants)  # after the calls: a dataset call marks its strings as handled
        self._siblings(nodes.groups)
        self._siblings(nodes.tables, table=True)
        self._docstrings(nodes.docstrings)
        self.multiline = [
            (node.lineno, node.end_lineno)
            for node in nodes.constants
            if isinstance(node.value, str) and node.end_lineno is not None and node.end_lineno > node.lineno
        ]

    # --- imports --------------------------------------------------------------------------------
    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            modules = [(alias.name, alias.asname or alias.name.split(".")[0]) for alias in node.names]
            for module, bound in modules:
                self._sdk_import(module, node)
                if module.split(".")[0] == "litellm":
                    self.litellm = True
                if module.split(".")[0] == "modelscope":
                    self.modelscope_names.add(bound)
                if module.split(".")[0] == "ollama":
                    self.ollama_names.add(bound)
            return
        module = node.module or ""
        if node.level == 0:  # `from . import x` is the project's own code
            self._sdk_import(module, node, [alias.name for alias in node.names])
        root = module.split(".")[0]
        if root == "litellm":
            self.litellm = True
        for alias in node.names:
            if root == "modelscope":
                self.modelscope_names.add(alias.asname or alias.name)
            if root == "ollama":
                self.ollama_names.add(alias.asname or alias.name)

    def _sdk_import(self, module: str, node: ast.stmt, names: Sequence[str] = ()) -> None:
        found = sdk_package(self.recognizer, module, names)
        if found:
            self.collector.add(found[0], RefType.SDK_PACKAGE, self._line(node.lineno), node.col_offset + 1, found[1])

    # --- constants ------------------------------------------------------------------------------
    def _read_assignments(self) -> None:
        """Read every assignment, in order, the first time a variable is looked up."""
        if self.unread_assignments is None:
            return
        assignments, self.unread_assignments = self.unread_assignments, None
        for assignment in assignments:
            self._collect_assignment(assignment)

    def _collect_assignment(self, node: ast.Assign | ast.AnnAssign) -> None:
        if node.value is None:
            return
        value = node.value
        for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
            name = _target_name(target)
            if name is None:
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                self.bools[name] = value.value
            texts = self._strings(value)
            if texts:  # writes a literal (not `model = model.eval()`)
                self.literal_assignments.setdefault(name, []).append((value, texts))

    def _strings(self, node: ast.expr | None, _seen: frozenset[str] = frozenset()) -> list[str]:
        """The literal string values an expression can take, as far as can be seen statically."""
        return list(dict.fromkeys(value for value, _site in self._sites(node, _seen)))

    def _composed(self, node: ast.expr, _seen: frozenset[str]) -> list[str]:
        """The values of a string built from pieces: an f-string or a `+` (at most 8 combinations)."""
        if isinstance(node, ast.JoinedStr):
            parts = [""]
            for value in node.values:
                if isinstance(value, ast.Constant):
                    parts = [p + str(value.value) for p in parts]
                elif isinstance(value, ast.FormattedValue):
                    options = self._strings(value.value, _seen)
                    if not options:
                        return []
                    parts = [p + o for p in parts for o in options][:8]
            return parts
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._strings(node.left, _seen), self._strings(node.right, _seen)
            return [a + b for a in left for b in right][:8]
        return []

    # --- slots ----------------------------------------------------------------------------------
    def _call(self, node: ast.Call) -> None:
        name = _call_name(node.func)
        if name and self.recognizer.is_prose_call(name):  # print(...), logger.info(...), ValueError(...)
            for arg in (*node.args, *(kw.value for kw in node.keywords)):
                if isinstance(arg, (ast.Constant, ast.JoinedStr, ast.BinOp)):  # the message, not a call in it
                    self._mention(arg)
            return
        if name and self.recognizer.is_name_test_call(name):  # model.startswith("grok-4"): a pattern of names
            self.slot_nodes.update(id(n) for arg in node.args for n in ast.walk(arg) if isinstance(n, ast.Constant))
            return
        if name and self.recognizer.is_output_call(name):  # push_to_hub("me/my-finetune"): what it writes
            constants = [n for n in ast.walk(node) if isinstance(n, ast.Constant)]
            self.slot_nodes.update(id(n) for n in constants)
            self.outputs.update(n.value.lower() for n in constants if isinstance(n.value, str))
            return
        root = _call_root(node.func)
        kwargs = {kw.arg: kw.value for kw in node.keywords if kw.arg}
        trust = self._trust_remote_code(node)
        revision = self._first_string(kwargs.get("revision")) or self._first_string(kwargs.get("code_revision"))
        repo_type = self._first_string(kwargs.get("repo_type"))
        if (
            (repo_type and repo_type.lower() in NON_MODEL_REPO_TYPES)
            or self.recognizer.is_dataset_call(name)
            or self.recognizer.is_dataset_call(root)  # MsDataset.load(...), Dataset.from_pretrained(...)
        ):
            # a dataset is not a model: nothing in this call is a reference, nor what its variables were assigned
            self.slot_nodes.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Constant))
            self._not_models([a for a in (*node.args, *kwargs.values()) if isinstance(a, (ast.Name, ast.Attribute))])
            return
        hub = (
            RefType.MODELSCOPE_MODEL
            if (root in self.modelscope_names or name in self.modelscope_names)
            else RefType.HUB_MODEL
        )
        ollama = (
            root in self.ollama_names
            or name in self.ollama_names
            or "ollama" in (name or "").lower()
            or "ollama" in (root or "").lower()
        )
        slot_args: list[ast.expr] = []
        spec = self.recognizer.python_calls.get(name or "")
        if spec is not None:
            position, keywords = spec
            if position is not None and len(node.args) > position:
                slot_args.append(node.args[position])
            slot_args.extend(kwargs[k] for k in keywords if k in kwargs)
        slot_args.extend(v for k, v in kwargs.items() if self.recognizer.is_model_key(k) and v not in slot_args)
        if (
            spec is None
            and node.args
            and name
            and (
                self.recognizer.is_loader_call(name)
                or (self.recognizer.is_loader_name(name) and self._loads(node.args[0]))
            )
        ):
            # a call named like a loader (download_artifacts, SparseEncoder): its first argument, when an id
            slot_args.append(node.args[0])
        if name in self.recognizer.ollama_client_calls and ollama and node.args and node.args[0] not in slot_args:
            slot_args.append(node.args[0])
        # argparse: add_argument("--model_name_or_path", default="org/name")
        if name == "add_argument" and node.args and "default" in kwargs:
            flags = [self._first_string(a) or "" for a in node.args]
            if any(self.recognizer.is_model_key(f.lstrip("-")) for f in flags):
                slot_args.append(kwargs["default"])
        for key, value in kwargs.items():
            if self.recognizer.is_prose_key(key):  # help="e.g. Qwen/Qwen3-8B": documentation
                self._mention(value)
            elif self.recognizer.is_not_model_key(key) or is_dataset_key(key):
                # served_model_name="my-chat": the project's own name; dataset_id="org/bench": data
                self.slot_nodes.update(id(n) for n in ast.walk(value) if isinstance(n, ast.Constant))
        self._split_id(kwargs)  # dict(org="stabilityai", name="stablelm-3b-4e1t")
        served = self._served_names(node, [v for v in kwargs.values() if v in slot_args])
        for arg in slot_args:
            if id(arg) not in served:
                self._slot(arg, hub, ollama=ollama, trust=trust, revision=revision)
        for key, value in kwargs.items():
            if self.recognizer.is_endpoint_key(key):
                self._endpoint(key, value)

    def _served_names(self, node: ast.Call, keyword_slots: list[ast.expr]) -> set[int]:
        """The positional strings of a call that name the model of one of its model keywords again
        (`EncoderModel("bert-base-uncased-yelp", model_id_or_path="textattack/bert-base-uncased-yelp")`): the
        name the call serves or registers it under, not a second reference (a two-hub registry's ids are both
        positional, and stay references). Their ids, marked handled."""
        named = {value.rpartition("/")[2].lower() for slot in keyword_slots for value in self._strings(slot)}
        served = {
            id(arg)
            for arg in node.args
            if named
            and isinstance(arg, ast.Constant)
            and isinstance(arg.value, str)
            and arg.value.rpartition("/")[2].lower() in named
        }
        self.slot_nodes.update(served)
        return served

    def _slot(self, arg: ast.expr, hub: RefType, *, ollama: bool, trust: bool, revision: str | None) -> None:
        """The model ids a slot's argument can hold, each reported where its literal is written (a constant
        assigned lines before the call is reported at the constant, with the call's line as `used_at`)."""
        use_line = self._line(arg.lineno)
        for value, site in self._sites(arg):
            mid = slot_model_id(
                self.recognizer, value, ollama=ollama, ollama_hint=self.ollama_hint, api_hint=self.collector.api_hint
            )
            line, column = self._line(site.lineno), site.col_offset + 1
            used_at = use_line if line != use_line else None
            host = litellm_route_host(self.recognizer, value) if self.litellm else None
            if host is not None:  # "deepseek/deepseek-chat": the provider's API, and its model when catalogued
                self.collector.add(host, RefType.API_ENDPOINT, line, column, value, used_at=used_at)
                if mid is None or mid.ref_type is not RefType.HOSTED_MODEL:
                    continue
            found = [(mid, 0, value)] if mid is not None else []
            if mid is None:  # MODEL_IDS = "org/a;org/b": a list in one value
                for part, offset in slot_list(value):
                    part_id = slot_model_id(self.recognizer, part, ollama=ollama, ollama_hint=self.ollama_hint)
                    if part_id is not None:
                        found.append((part_id, offset + 1, part))
            for model, offset, raw in found:
                self.loaded.add((model.id.lower(), line))
                ref_type = model.ref_type
                if ref_type is RefType.HUB_MODEL and hub is RefType.MODELSCOPE_MODEL:
                    ref_type = RefType.MODELSCOPE_MODEL
                self.collector.add(
                    model.id, ref_type, line, column + offset, raw, trust_remote_code=trust, revision=revision,
                    used_at=used_at,
                )  # fmt: skip
        if isinstance(arg, ast.Constant):
            self.slot_nodes.add(id(arg))

    def _sites(self, node: ast.expr | None, _seen: frozenset[str] = frozenset()) -> list[tuple[str, ast.expr]]:
        """The literal string values an expression can take, each with the node where it is written: a
        literal's own constant, through variables and defaults; a value built from pieces (f-string, `+`)
        is written at the expression."""
        if node is None:
            return []
        if isinstance(node, ast.Constant):
            return [(node.value, node)] if isinstance(node.value, str) else []
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in _seen:
                return []
            self._read_assignments()
            sites: list[tuple[str, ast.expr]] = []
            for value, texts in self.literal_assignments.get(name, ()):
                # a string built from the variable itself stands for what it was built to then; a value that
                # only passes the variable on (`name = name if ... else ...`) writes nothing new
                grown = isinstance(value, (ast.JoinedStr, ast.BinOp))
                sites += self._sites(value, _seen | {name}) or ([(text, value) for text in texts] if grown else [])
            return sites
        if isinstance(node, ast.Call):
            # os.environ.get("X", "default") / os.getenv("X", "default") / config.get("k", "default")
            if _call_name(node.func) in {"get", "getenv", "setdefault"} and len(node.args) >= 2:
                return self._sites(node.args[1], _seen)
            for kw in node.keywords:
                if kw.arg == "default":
                    return self._sites(kw.value, _seen)
            return []
        if isinstance(node, ast.IfExp):
            return self._sites(node.body, _seen) + self._sites(node.orelse, _seen)
        if isinstance(node, ast.BoolOp):
            return [s for v in node.values for s in self._sites(v, _seen)]
        return [(value, node) for value in self._composed(node, _seen)]

    def _mention(self, node: ast.expr) -> None:
        """The strings of node are prose: what they name is a mention."""
        for n in ast.walk(node):
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in self.slot_nodes:
                self.slot_nodes.add(id(n))
                scan_line_text(
                    self.collector, self.recognizer, n.value, self._line(n.lineno), n.col_offset + 2, mention=True
                )

    def _parameters(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """A parameter's default is a value under the parameter's name, as an assignment's is under its target's:
        `def __init__(self, model_name="acme/x", base_url="https://api.acme.ai/v1")`. A function about data
        (`def prepare_dataset(self, repo_id="lmms-lab/Video-MME")`, a `dataset_name` parameter) takes data."""
        node = function.args
        positional = [*node.posonlyargs, *node.args]
        pairs = [
            *zip(positional[len(positional) - len(node.defaults) :], node.defaults, strict=True),
            *((arg, default) for arg, default in zip(node.kwonlyargs, node.kw_defaults, strict=True) if default),
        ]
        if is_dataset_key(function.name) or any(is_dataset_key(arg.arg) for arg in (*positional, *node.kwonlyargs)):
            self.slot_nodes.update(
                id(n) for _, default in pairs for n in ast.walk(default) if isinstance(n, ast.Constant)
            )
            return
        for arg, default in pairs:
            name = arg.arg
            if self.recognizer.is_prose_key(name):
                self._mention(default)
            elif _is_model_variable(self.recognizer, name) and self._strings(default):
                self._slot(default, RefType.HUB_MODEL, ollama=False, trust=False, revision=None)
            elif self.recognizer.is_endpoint_key(name):
                self._endpoint(name, default)

    def _not_models(self, variables: list[ast.expr]) -> None:
        """The literals these variables were assigned are a dataset's (`repo_id = "org/corpus"` given to
        `hf_hub_download(repo_id=repo_id, repo_type="dataset")`): not references, wherever they were read first."""
        sites = [site for v in variables for _, site in self._sites(v)]
        if not sites:
            return
        self.slot_nodes.update(id(site) for site in sites)
        written = {(self._line(site.lineno), site.col_offset + 1) for site in sites}
        self.collector.references[:] = [r for r in self.collector.references if (r.line, r.column) not in written]

    def _assignment(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is None:
            return
        if any(is_dataset_key(_target_name(t) or "") for t in targets):  # DATASETS = {...}: not models
            self.slot_nodes.update(id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant))
            return
        if any(self.recognizer.is_prose_key(_target_name(t) or "") for t in targets):  # _CHECKPOINT_FOR_DOC = ...
            self._mention(node.value)
            return
        for target in targets:
            name = _target_name(target)
            if id(node.value) in self.slot_nodes:  # assigned a dataset's id (see `_not_models`)
                continue
            if name and _is_model_variable(self.recognizer, name) and self._strings(node.value):
                self._slot(node.value, RefType.HUB_MODEL, ollama=False, trust=False, revision=None)
            elif name and self.recognizer.is_endpoint_key(name):
                self._endpoint(name, node.value)

    def _dict(self, node: ast.Dict) -> None:
        # {"claude-3-5-haiku-20241022": {...}, "acme-chat-2": {...}}: a dict keyed by model names (its recognised
        # keys are found as any string is; the others are promoted here)
        if any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and key_may_name_model(k.value) for k in node.keys
        ):
            keys = [
                (k, k.value)
                for k, v in zip(node.keys, node.values, strict=False)
                if isinstance(k, ast.Constant) and isinstance(k.value, str) and not self._names_a_model(v)
            ]
            figures = figures_only(_number_or_table(v) for v in node.values)
            promoted = model_keys(self.recognizer, [text for _, text in keys], figures=figures)
            for k, text in keys:
                mid = registry_name(self.recognizer, text) if promoted.get(text) else None
                if mid is not None:
                    self.collector.add_model(mid, self._line(k.lineno), k.col_offset + 2, text)
        self._served_name(node)
        self._split_id({_key_text(k) or "": v for k, v in zip(node.keys, node.values, strict=False)})
        for key, value in zip(node.keys, node.values, strict=False):
            written = _key_text(key)
            if written is None:
                continue
            if is_dataset_key(written):  # {"datasets": [{"path": "org/name", ...}]}: what it holds is data
                self.slot_nodes.update(id(n) for n in ast.walk(value) if isinstance(n, ast.Constant))
                continue
            hub = self.recognizer.hub_of_key(written)  # {DownloadSource.MODELSCOPE: "org/name", ...}
            # a hub's value that is data already (SOURCE_DATASET_IDS = {HubType.MODELSCOPE: "org/bench"}) stays
            # data; a model key is a model setting wherever it sits (dataset_args = {"judge_model": "qwen-plus"})
            handled = isinstance(value, ast.Constant) and id(value) in self.slot_nodes
            if (hub is not None and not handled) or self.recognizer.is_model_key(written):
                self._slot(value, hub or RefType.HUB_MODEL, ollama=False, trust=False, revision=None)
            elif self.recognizer.is_endpoint_key(written):
                self._endpoint(written, value)

    def _split_id(self, entries: dict[str, ast.expr]) -> None:
        """An id written as an org and a name under two keys of one mapping (`split_id`), reported at its name."""
        if len(entries) < 2:
            return
        strings = {k: v.value for k, v in entries.items() if isinstance(v, ast.Constant) and isinstance(v.value, str)}
        found = split_id(self.recognizer, strings) if len(strings) >= 2 else None
        if found is None:
            return
        mid, key = found
        name = entries[key]
        if id(name) not in self.slot_nodes:
            self.slot_nodes.add(id(name))
            self.collector.add_model(mid, self._line(name.lineno), name.col_offset + 2, mid.id)

    def _served_name(self, node: ast.Dict) -> None:
        """`{"uri": MODEL_URI, "name": "facebook/opt-125m"}` whose URI is hf://facebook/opt-125m: the name is what
        the server calls the model (`names_its_uri`), handled here so that it is not a second reference."""
        entries = {_key_text(k): v for k, v in zip(node.keys, node.values, strict=False)}
        name = entries.get("name")
        uri = next((entries[k] for k in URI_KEYS if k in entries), None)
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str)) or uri is None:
            return
        if any(names_its_uri(self.recognizer, name.value, location) for location in self._strings(uri)):
            self.slot_nodes.add(id(name))

    def _names_a_model(self, value: ast.expr) -> bool:
        """Is value a dict with a model setting of its own (`{"model": "qwen-turbo", ...}`)?"""
        return isinstance(value, ast.Dict) and any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and self.recognizer.is_model_key(k.value)
            for k in value.keys
        )

    def _endpoint(self, key: str, node: ast.expr) -> None:
        """A base URL (`OpenAI(base_url=...)`, `API_BASE = ...`, `{"api_base": ...}`): a known host or an API root."""
        for value, site in self._sites(node):
            line, column = self._line(site.lineno), site.col_offset + 2
            scan_line_text(self.collector, self.recognizer, value, line, column)
            add_base_url(self.collector, self.recognizer, key, value, line, column)

    def _trust_remote_code(self, call: ast.Call) -> bool:
        for kw in call.keywords:
            if kw.arg == "trust_remote_code":
                return self._truthy(kw.value)
            if isinstance(kw.value, ast.Dict) and _dict_has_true(kw.value, "trust_remote_code"):
                return True
            if kw.arg is None and isinstance(kw.value, ast.Dict) and _dict_has_true(kw.value, "trust_remote_code"):
                return True
        return False

    def _truthy(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return node.value is True
        if isinstance(node, ast.Name):
            self._read_assignments()
            return self.bools.get(node.id, False)
        return False

    def _loads(self, arg: ast.expr) -> bool:
        """Is the first argument of a call named like a model class or factory a model? Weaker evidence than a
        loader's name: a literal id of an org the rules do not know counts only when its name reads as a model
        (`find_cached_model("concurrent/read-test")` is a test's key)."""
        if not _is_string(arg):
            return True  # a variable: what it holds is judged where it is assigned
        value = str(arg.value).strip()  # type: ignore[attr-defined]
        mid = self.recognizer.model_id(value, in_slot=True)
        if mid is None or mid.ref_type is not RefType.HUB_MODEL or "/" not in mid.id:
            return True
        org = mid.id.partition("/")[0].lower()
        return org in self.recognizer.known_orgs or self.recognizer.model_shaped(mid.id)

    def _first_string(self, node: ast.expr | None) -> str | None:
        values = self._strings(node)
        return values[0] if values else None

    def _docstrings(self, constants: list[ast.Constant]) -> None:
        """Docstrings (doctest examples too) name models as documentation: mentions, line by line."""
        for node in constants:
            if not isinstance(node.value, str) or "/" not in node.value:
                continue
            for offset, line in enumerate(node.value.splitlines()):
                if "/" in line and len(line) < 2000:
                    number = self._line(node.lineno + offset)
                    scan_line_text(self.collector, self.recognizer, line, number, 1, mention=True)

    def _siblings(self, groups: list[list[ast.Constant]], *, table: bool = False) -> None:
        """Each group of strings (a list, tuple, dict, call's arguments or class body; with table, a column of a
        table of calls), read as `read_group` says."""
        for group in groups:
            members = [
                (str(node.value), self._line(node.lineno), node.col_offset + 2, id(node) not in self.slot_nodes)
                for node in group
            ]
            read_group(self.collector, self.recognizer, members, table=table)

    # --- everything else: known orgs and hosts anywhere in string literals ----------------------
    def _free_strings(self, constants: list[ast.Constant]) -> None:
        for node in constants:
            if isinstance(node.value, str) and _DOCTEST.search(node.value) and id(node) not in self.slot_nodes:
                self._docstrings([node])  # a doc example kept in a variable (`EXAMPLE_DOC_STRING = """>>> ..."""`)
                continue
            if isinstance(node.value, str) and 1 < len(node.value) < 2000 and id(node) not in self.slot_nodes:
                line, column = self._line(node.lineno), node.col_offset + 2
                scan_value(self.collector, self.recognizer, node.value, line, column)
                if "--" in node.value:  # a command line in a string (`os.system("vllm serve --model org/x")`)
                    for i, part in enumerate(node.value.split("\n")):
                        offset = column - 1 if i == 0 else 0  # the literal's first line starts after its quote
                        scan_line_slots(self.collector, self.recognizer, part, self._line(node.lineno + i), offset)


class _Gathered:
    """The nodes the extractor reads, each list in the order of `ast.walk`."""

    def __init__(self) -> None:
        self.imports: list[ast.Import | ast.ImportFrom] = []
        self.assignments: list[ast.Assign | ast.AnnAssign] = []
        self.slot_sites: list[
            ast.Call | ast.Dict | ast.Assign | ast.AnnAssign | ast.FunctionDef | ast.AsyncFunctionDef
        ] = []
        self.constants: list[ast.Constant] = []  # docstrings and bare string statements left out
        self.docstrings: list[ast.Constant] = []  # docstrings and bare string statements
        # the strings of each list, tuple, set, dict and call's positional arguments that holds two or more
        self.groups: list[list[ast.Constant]] = []
        self.tables: list[list[ast.Constant]] = []  # the first positional strings of a list of calls of one function
        self.name_tests: list[ast.expr] = []  # `"deepseek-r1" in name.lower()`: part of a name


def _gather(tree: ast.Module, recognizer: Recognizer, focus: LineFocus | None = None) -> _Gathered:
    """Walk the tree once, breadth first like `ast.walk` (same order, about twice as fast), sorting out its nodes.

    With a focus, a statement that spans no line of it is skimmed (see _skim): nothing in it can be a
    reference, but a slot elsewhere may name one of its variables.
    """
    gathered = _Gathered()
    docstrings: set[int] = set()  # ids of bare string statements' strings (a statement is visited before its value)
    skimmed: set[int] = set()  # ids of statements to skim
    queue: list[ast.AST] = [tree]
    for node in queue:  # the queue grows while it is read
        if isinstance(node, ast.Constant):
            (gathered.docstrings if id(node) in docstrings else gathered.constants).append(node)
            continue  # a constant has no child nodes
        if isinstance(node, (ast.Name, ast.Attribute, ast.expr_context)):
            pass  # the most common nodes, none of those below: checked first for speed
        elif skimmed and id(node) in skimmed:
            _skim(node, gathered, queue, skimmed, recognizer)
            continue
        elif isinstance(node, (ast.Call, ast.Dict)):
            gathered.slot_sites.append(node)
            _group(gathered, node.args if isinstance(node, ast.Call) else node.values)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.args.defaults or any(node.args.kw_defaults):  # def __init__(self, base_url="https://...")
                gathered.slot_sites.append(node)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            _group(gathered, node.elts)
            _call_column(gathered, node.elts)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            gathered.assignments.append(node)
            gathered.slot_sites.append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            gathered.imports.append(node)
        elif isinstance(node, ast.ClassDef):  # class ModelType(Enum): GLM_4 = "glm-4" ...: its values are one group
            members = [stmt.value for stmt in node.body if isinstance(stmt, ast.Assign)]
            if len(members) >= 3:
                _group(gathered, members)
        elif isinstance(node, ast.Expr) and _is_string(node.value):
            docstrings.add(id(node.value))
        elif isinstance(node, ast.Compare) and _is_string(node.left) and _tests_part_of_name(node):
            gathered.name_tests.append(node.left)
        for name in node._fields:
            child = getattr(node, name, None)
            if isinstance(child, list):
                for item in child:
                    if isinstance(item, ast.AST):  # lists hold None (`{**x}` keys) and names too
                        queue.append(item)
                        if focus is not None and isinstance(item, ast.stmt) and not _spans_focus(item, focus):
                            skimmed.add(id(item))
            elif isinstance(child, ast.AST):
                queue.append(child)
    return gathered


def _group(gathered: _Gathered, items: Sequence[ast.expr | None], *, table: bool = False) -> None:
    strings = [item for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)]
    if len(strings) >= 2:
        (gathered.tables if table else gathered.groups).append(strings)


def _call_column(gathered: _Gathered, items: Sequence[ast.expr]) -> None:
    """[ModelInfo('qwen-turbo', ...), ModelInfo('qwen3-8b', ...), ...]: a list of three or more calls of one
    function is a table, whose first positional strings are one column (`read_group`'s table)."""
    calls = [item for item in items if isinstance(item, ast.Call)]
    if len(calls) < 3 or len({_call_name(call.func) for call in calls}) != 1:
        return
    _group(gathered, [call.args[0] for call in calls if call.args], table=True)


def _skim(node: ast.AST, gathered: _Gathered, queue: list[ast.AST], skimmed: set[int], recognizer: Recognizer) -> None:
    """A statement without a prefilter word: keep its assignments, queue the statements it holds
    (skimmed too), leave its expressions unvisited. Queued in the same order as a full walk would."""
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        gathered.assignments.append(node)
        for target in node.targets if isinstance(node, ast.Assign) else (node.target,):
            if _is_model_variable(recognizer, _target_name(target) or ""):  # whatever the words say
                gathered.slot_sites.append(node)
                break
        return
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        gathered.imports.append(node)
        return
    if not isinstance(node, _HOLDS_STATEMENTS):
        return
    for name in _STATEMENT_LISTS:
        for item in getattr(node, name, ()):
            queue.append(item)
            skimmed.add(id(item))


# the fields that hold statements (and except handlers and match cases, which hold statements),
# and the nodes that have them
_STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")
_HOLDS_STATEMENTS = tuple(
    node
    for node in vars(ast).values()
    if isinstance(node, type) and issubclass(node, ast.AST) and set(node._fields) & set(_STATEMENT_LISTS)
)


def _spans_focus(statement: ast.stmt, focus: LineFocus) -> bool:
    first = statement.lineno
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        first = min([first, *(d.lineno for d in statement.decorator_list)])
    return focus.touches(first, statement.end_lineno or first)


def _tests_part_of_name(node: ast.Compare) -> bool:
    """`"deepseek-r1" in model_name.lower()`: a string tested as part of one name (a name, an id, a lowered
    string), not as a member of a list (`"gpt-4o" in SUPPORTED_MODELS` is an exact name)."""
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.In, ast.NotIn)):
        return False
    target = node.comparators[0]
    if isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute):
        return target.func.attr in ("lower", "upper", "casefold", "strip")
    written = _target_name(target) if isinstance(target, (ast.Name, ast.Attribute)) else None
    return written is not None and written.lower() in _NAME_VARIABLES


# variables that hold one model's name, where `in` tests part of it
_NAME_VARIABLES = frozenset(
    {"model", "name", "model_name", "model_id", "modelname", "modelid", "llm_name", "model_type"}
)


# a doctest prompt at the start of a line: the string is documentation, whatever variable holds it
_DOCTEST = lazy_compile(r"(?m)^[ \t]*>>> ")


def _number_or_table(node: ast.expr | None) -> object:
    """A dict value as `figures_only` reads it: a number, a mapping of numbers, or None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Dict):
        return {i: v.value if isinstance(v, ast.Constant) else None for i, v in enumerate(node.values)}
    return None


def _is_string(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _key_text(key: ast.expr | None) -> str | None:
    """A dict key as written: a string, or a dotted name (`DownloadSource.MODELSCOPE`)."""
    if isinstance(key, ast.Constant):
        return key.value if isinstance(key.value, str) else None
    if isinstance(key, ast.Attribute) and isinstance(key.value, ast.Name):
        return f"{key.value.id}.{key.attr}"
    if isinstance(key, ast.Name):
        return key.id
    return None


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return None


def _is_model_variable(recognizer: Recognizer, name: str) -> bool:
    lowered = name.lower()
    return recognizer.is_model_key(lowered) or lowered.endswith(
        ("model_name", "model_id", "model_repo", "_repo_id", "checkpoint")
    )


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _call_root(func: ast.expr) -> str | None:
    while isinstance(func, (ast.Attribute, ast.Call)):
        func = func.value if isinstance(func, ast.Attribute) else func.func
    return func.id if isinstance(func, ast.Name) else None


def _dict_has_true(node: ast.Dict, key: str) -> bool:
    return any(
        isinstance(k, ast.Constant) and k.value == key and isinstance(v, ast.Constant) and v.value is True
        for k, v in zip(node.keys, node.values, strict=False)
    )


def sdk_package(recognizer: Recognizer, module: str, names: Sequence[str] = ()) -> tuple[str, str] | None:
    """(package, import as written) of a provider SDK imported as `module` (or `from module import names`).

    Import names in the rules may be dotted (google.genai, tencentcloud.hunyuan, volcengine.maas): an import
    matches when its full dotted path, or a prefix of it, is listed; `from google import genai` is google.genai.
    A shared namespace alone (`import google`, `from tencentcloud.common import credential`) matches nothing.
    """
    paths = [f"{module}.{name}" for name in names if name != "*"] + [module]
    for path in paths:
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            matched = ".".join(parts[:end])
            package = recognizer.sdk_imports.get(matched)
            if package:
                return package, matched
    return None


_IMPORT_LINE = lazy_compile(r"^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import\s+(.+?)|import\s+(.+?))\s*(?:#.*)?$")


def _import_line(collector: Collector, recognizer: Recognizer, line: str, number: int) -> None:
    """An import statement read from a line of a file that does not parse (the fallback line scan)."""
    m = _IMPORT_LINE.match(line)
    if not m:
        return
    if m.group(1):
        names = [n.split(" as ")[0].strip(" ()\\") for n in m.group(2).split(",")]
        found = sdk_package(recognizer, m.group(1), names)
        if found:
            collector.add(found[0], RefType.SDK_PACKAGE, number, line.find("from") + 1, found[1])
        return
    for part in m.group(3).split(","):
        module = part.split(" as ")[0].strip()
        found = sdk_package(recognizer, module)
        if found:
            collector.add(found[0], RefType.SDK_PACKAGE, number, line.find("import") + 1, found[1])
