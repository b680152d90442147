"""What every extractor shares: the recognizer built from the rules, and a reference collector."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, AnyStr, NamedTuple

from scanner.extract.ids import ModelId, parse_model_id
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, ParseIssue, Reference, RefType

# Keys, keyword arguments and variables whose value names a model.
MODEL_KEYS: frozenset[str] = frozenset(
    {
        "model",
        "model_name",
        "model_id",
        "model_path",
        "model_name_or_path",
        "model_repo",
        "base_model",
        "base_model_name",
        "base_model_name_or_path",
        "base_model_id",
        "pretrained_model_name_or_path",
        "pretrained_model",
        "pretrained",
        "repo_id",
        "tokenizer",
        "tokenizer_name",
        "tokenizer_name_or_path",
        "tokenizer_path",
        "tokenizer_id",
        "teacher_model",
        "student_model",
        "reward_model",
        "ref_model",
        "draft_model",
        "speculative_model",
        "embedding_model",
        "embed_model",
        "embedding_model_name",
        "reranker_model",
        "rerank_model",
        "llm_model",
        "chat_model",
        "vision_model",
        "text_model",
        "model_checkpoint",
        "hub_model_id",
        "served_model_name",
        "judge_model",
        "generator_model",
        "sentence_transformer_model",
        "encoder_model",
        "decoder_model",
        "model_name_hf",
        "hf_model",
        "hf_model_id",
        "hf_repo",
        "hf_repo_id",
        "llm",
        "llm_name",
        "adapter_name_or_path",
        "lora_model",
        "peft_model_id",
        "critic_model",
        "actor_model",
        "policy_model",
    }
)
DATASET_KEY = lazy_compile(r"data_?set|corpus|eval_data|train_data", re.I)
_CAMEL = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])")

# Route prefixes of LiteLLM-style model strings ("provider/model") that name a hosted API, not a hub org.
# ollama/ and ollama_chat/ route to Ollama; huggingface/, hosted_vllm/ and the like to a hub id.
OLLAMA_ROUTES = frozenset({"ollama", "ollama_chat"})
HUB_ROUTES = frozenset({"huggingface", "hosted_vllm", "vllm", "together_ai", "openrouter", "fireworks_ai", "deepinfra"})
API_ROUTES = frozenset(
    {
        "openai",
        "azure",
        "azure_ai",
        "anthropic",
        "bedrock",
        "vertex_ai",
        "gemini",
        "groq",
        "deepseek",
        "dashscope",
        "moonshot",
        "volcengine",
        "mistral",
        "cohere",
        "cohere_chat",
        "xai",
        "perplexity",
        "replicate",
        "sagemaker",
        "zhipuai",
        "watsonx",
        "nvidia_nim",
        "cerebras",
        "anyscale",
        "lm_studio",
        "text-completion-openai",
    }
)


def snake_key(key: str) -> str:
    """modelId / model-id / MODEL_ID -> model_id"""
    return _CAMEL.sub("_", key).lower().replace("-", "_")


@lru_cache(maxsize=4096)  # keys repeat: a CSV or log column, a kwarg in every call
def is_model_key(key: str) -> bool:
    k = snake_key(key)
    if DATASET_KEY.search(k):
        return False
    return k in MODEL_KEYS or k.endswith(("_model", "_model_name", "_model_id", "_model_path", "_model_repo"))


def is_dataset_key(key: str) -> bool:
    return bool(DATASET_KEY.search(snake_key(key)))


class Recognizer(NamedTuple):
    """The parts of the rules that extraction needs; small and picklable for worker processes."""

    known_orgs: frozenset[str]
    ollama_names: frozenset[str]
    endpoint_hosts: frozenset[str]
    sdk_packages: frozenset[str]  # PEP 503 normalized
    sdk_imports: dict[str, str]  # module imported -> package name
    loader_packages: frozenset[str]  # PEP 503 normalized

    def model_id(self, value: str, *, in_slot: bool, ollama_context: bool = False) -> ModelId | None:
        return parse_model_id(
            value,
            in_slot=in_slot,
            known_orgs=self.known_orgs,
            ollama_context=ollama_context,
            ollama_names=self.ollama_names,
        )


def slot_model_id(
    recognizer: Recognizer, value: str, *, ollama: bool = False, ollama_hint: bool = False
) -> ModelId | None:
    """A value written where a model is expected (whatever its org), LiteLLM routes understood.

    "ollama/qwen2.5" is an Ollama model, "huggingface/Qwen/Qwen3-8B" a hub id, "deepseek/deepseek-chat"
    a hosted API's model name (not a hub repo: no reference here, see `litellm_route_host`), "openai/gpt-oss-20b"
    a hub id of a known org.

    ollama: the slot is Ollama's (any name is an Ollama model). ollama_hint: the file talks to an Ollama server
    somewhere, so a bare name of the Ollama library (`llama3.1`, `nomic-embed-text`) in a model slot is one.
    """
    text = value.strip().strip("\"'`")
    head, sep, rest = text.partition("/")
    route = head.lower()
    if sep and rest:
        if route in OLLAMA_ROUTES:
            return recognizer.model_id(rest, in_slot=True, ollama_context=True)
        if route in HUB_ROUTES and "/" in rest:
            return recognizer.model_id(rest, in_slot=route in ("huggingface", "hosted_vllm", "vllm"))
        if route in API_ROUTES and route not in recognizer.known_orgs:
            return recognizer.model_id(rest, in_slot=False) if "/" in rest else None
    mid = recognizer.model_id(text, in_slot=True, ollama_context=ollama)
    if mid is None and ollama_hint and not ollama and text.partition(":")[0] in recognizer.ollama_names:
        mid = recognizer.model_id(text, in_slot=True, ollama_context=True)
    return mid


def litellm_route_host(recognizer: Recognizer, value: str) -> str | None:
    """The API host a LiteLLM route names: "deepseek/deepseek-chat" -> api.deepseek.com.

    Taken from the rules, not from a table of our own: the route must be the registrable name of exactly one
    known API host (deepseek -> api.deepseek.com). A route whose provider has several hosts (moonshot: .cn and
    .ai; dashscope: one per region) or none under its name (gemini, zhipuai) names no host: no reference.
    """
    head, sep, rest = value.strip().strip("\"'`").partition("/")
    route = head.lower()
    if not sep or not rest or "/" in rest or route not in API_ROUTES or route in recognizer.known_orgs:
        return None
    return _route_hosts(recognizer.endpoint_hosts).get(route.removesuffix("_ai"))


@lru_cache(maxsize=8)
def _route_hosts(hosts: frozenset[str]) -> dict[str, str]:
    """registrable name -> host, for names that only one known host carries (api.deepseek.com -> deepseek)."""
    by_name: dict[str, list[str]] = {}
    for host in hosts:
        labels = host.split(".")
        if host.startswith("*") or len(labels) < 2:
            continue
        by_name.setdefault(labels[-2], []).append(host)
    return {name: found[0] for name, found in by_name.items() if len(found) == 1}


# host names: labels of letters, digits and hyphens
_URL_HOST = lazy_compile(r"(?:https?|wss?)://([A-Za-z0-9.-]+\.[A-Za-z]{2,})(?::\d+)?", re.I)
_BARE_HOST = lazy_compile(r"(?<![\w.@/-])([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+\.[a-z]{2,})(?![\w-])", re.I)
_KNOWN_ID = lazy_compile(
    r"(?<![\w./-])((?:(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co|hf-mirror\.com|modelscope\.cn(?:/models)?)/|hf://|ollama://)?"
    r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(?::[A-Za-z0-9._-]+)?)"
)


def find_hosts(text: str, hosts: frozenset[str]) -> list[tuple[str, int]]:
    """(known host, offset) for each URL or bare host in text whose host (or parent) is known."""
    found: list[tuple[str, int]] = []
    seen: set[int] = set()
    for pattern in (_URL_HOST, _BARE_HOST):
        for m in pattern.finditer(text):
            host = m.group(1).lower().rstrip(".")
            if m.start(1) in seen:
                continue
            match = _known_host(host, hosts)
            if match:
                seen.add(m.start(1))
                found.append((host, m.start(1)))
    return found


def _known_host(host: str, hosts: frozenset[str]) -> bool:
    if host in hosts:
        return True
    parts = host.split(".")
    return any(".".join(parts[i:]) in hosts for i in range(1, len(parts) - 1))


def find_known_ids(text: str, recognizer: Recognizer) -> list[tuple[ModelId, int, str]]:
    """(model id, offset, raw) for each org/name of a known org, or hub URL, in free text."""
    out = []
    for m in _KNOWN_ID.finditer(text):
        raw = m.group(1).rstrip(".,;:")
        mid = recognizer.model_id(raw, in_slot=False)
        if mid is not None:
            out.append((mid, m.start(1), raw))
    return out


@dataclass
class Collector:
    """Collects references of one file; the same id twice on a line is one reference."""

    path: str
    extractor: str
    in_docs: bool = False
    ollama_hint: bool = False  # the file talks to an Ollama server (see slot_model_id)
    references: list[Reference] = field(default_factory=list)
    # shell-like assignments seen so far (NAME=value, Dockerfile ENV, CI env:), for `$NAME` in a model slot
    variables: dict[str, Any] = field(default_factory=dict)
    issues: list[ParseIssue] = field(default_factory=list)
    _seen: set[tuple[RefType, str, int]] = field(default_factory=set)

    def add(
        self,
        ref_id: str,
        ref_type: RefType,
        line: int,
        column: int,
        raw: str,
        *,
        trust_remote_code: bool = False,
        revision: str | None = None,
        version_spec: str | None = None,
    ) -> None:
        key = (ref_type, ref_id.lower(), line)
        if key in self._seen:
            if trust_remote_code or revision:  # keep the richer context of a duplicate on one line
                self.references = [
                    _with_context(r, trust_remote_code, revision) if (r.ref_type, r.id.lower(), r.line) == key else r
                    for r in self.references
                ]
            return
        self._seen.add(key)
        self.references.append(
            Reference(
                id=ref_id,
                ref_type=ref_type,
                path=self.path,
                line=line,
                column=column,
                raw=raw,
                extractor=self.extractor,
                trust_remote_code=trust_remote_code,
                revision=revision,
                version_spec=version_spec,
                in_docs=self.in_docs,
            )
        )

    def add_model(self, mid: ModelId, line: int, column: int, raw: str, **context: object) -> None:
        self.add(mid.id, mid.ref_type, line, column, raw, **context)  # type: ignore[arg-type]

    def issue(self, line: int | None, message: str, fallback: str | None = None) -> None:
        self.issues.append(ParseIssue(self.path, line, message, fallback))

    def result(self) -> ExtractResult:
        return ExtractResult(tuple(self.references), tuple(self.issues))


def _with_context(ref: Reference, trust_remote_code: bool, revision: str | None) -> Reference:
    return ref._replace(
        trust_remote_code=ref.trust_remote_code or trust_remote_code,
        revision=ref.revision or revision,
    )


def scan_line_text(collector: Collector, recognizer: Recognizer, text: str, line: int, col0: int = 1) -> None:
    """Find known-org ids, hub URLs and known API hosts in a piece of free text on one line."""
    if "/" in text:  # every id and hub URL has one
        for mid, offset, raw in find_known_ids(text, recognizer):
            collector.add_model(mid, line, col0 + offset, raw)
    if "." in text:  # every host has one
        for host, offset in find_hosts(text, recognizer.endpoint_hosts):
            collector.add(host, RefType.API_ENDPOINT, line, col0 + offset, host)


def parse_toml(collector: Collector, text: str, what: str, fallback: str | None) -> dict[str, Any] | None:
    """text as TOML, or None after recording on the collector why it does not parse (the caller then
    falls back as `fallback` says)."""
    from scanner.tomlutil import error_line
    from scanner.tomlutil import tomllib as load_tomllib

    tomllib = load_tomllib()
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        collector.issue(error_line(exc), f"{what} does not parse: {exc}", fallback)
        return None
    return data


def lines_of_offsets(text: AnyStr, offsets: Iterable[int]) -> list[int]:
    """The 1-based line of each of ascending offsets into text or bytes, counting newlines once."""
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    lines: list[int] = []
    line, counted_to = 1, 0
    for offset in offsets:
        line += text.count(newline, counted_to, offset)
        counted_to = offset
        lines.append(line)
    return lines


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1
