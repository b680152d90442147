"""What every extractor shares: the recognizer built from the rules, and a reference collector."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, AnyStr, NamedTuple

from scanner.extract.ids import FILE_SUFFIX, HostedName, ModelId, hosted_name, ollama_library_name, parse_model_id
from scanner.lazyregex import NamePattern, lazy_compile
from scanner.records import ExtractResult, ParseIssue, Reference, RefType

DATASET_KEY = lazy_compile(r"data_?set|corpus|eval_data|train_data|(?:^|_)data_(?:path|source)(?:$|_)", re.I)
_CAMEL = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake_key(key: str) -> str:
    """modelId / model-id / MODEL_ID -> model_id"""
    return _CAMEL.sub("_", key).lower().replace("-", "_")


@lru_cache(maxsize=4096)  # keys repeat: a CSV or log column, a kwarg in every call
def _model_key(key: str, keys: frozenset[str], suffixes: tuple[str, ...], not_keys: frozenset[str]) -> bool:
    k = snake_key(key)
    if DATASET_KEY.search(k) or k in not_keys:  # served_model_name ends like a model key but is the project's own
        return False
    return k in keys or k.endswith(suffixes)


@lru_cache(maxsize=4096)  # asked of every keyword argument, dict key and assignment target of a file
def _endpoint_key(key: str, keys: frozenset[str], suffixes: tuple[str, ...]) -> bool:
    k = snake_key(key)
    return k in keys or k.endswith(suffixes)


def is_dataset_key(key: str) -> bool:
    return bool(DATASET_KEY.search(snake_key(key)))


def is_image_key(key: str) -> bool:
    """IMAGE_NAME, docker_image, baseImage: a container image, not a model (image_model is a model)."""
    parts = snake_key(key).split("_")
    return "image" in parts and "model" not in parts and "models" not in parts


class Recognizer(NamedTuple):
    """The parts of the rules that extraction needs; small and picklable for worker processes."""

    known_orgs: frozenset[str]
    ollama_names: frozenset[str]
    endpoint_hosts: frozenset[str]
    sdk_packages: frozenset[str]  # PEP 503 normalized
    sdk_imports: dict[str, str]  # module imported -> package name
    loader_packages: frozenset[str]  # PEP 503 normalized
    hosted_pattern: str = ""  # one regex source matching every catalogued hosted model name (rules/hosted.yaml)
    catalog_pattern: str = ""  # one regex source matching the name of every catalogued model (rules/models.yaml)
    legacy_pattern: str = ""  # org-less hub ids (bert-base-uncased, all-MiniLM-L6-v2; rules/vocabulary.yaml)
    loader_call_pattern: str = ""  # call names that make a call a model loader (rules/vocabulary.yaml)
    loader_name_pattern: str = ""  # call names that read as a model class or factory: weaker evidence
    prose_key_pattern: str = ""  # keys whose values are prose: what they name is a mention (rules/vocabulary.yaml)
    name_pattern_key_pattern: str = ""  # keys whose values are patterns of names (`patterns:`; vocabulary.yaml)
    prose_call_pattern: str = ""  # calls whose arguments are prose (print, logger.info; rules/vocabulary.yaml)
    assertion_call_pattern: str = ""  # calls whose arguments are expectations (expect, toBe; vocabulary.yaml)
    output_call_pattern: str = ""  # calls that name what they write (push_to_hub; rules/vocabulary.yaml)
    name_test_call_pattern: str = ""  # calls that test a name's prefix or part (startswith; rules/vocabulary.yaml)
    modelscope_key_pattern: str = ""  # keys whose id is ModelScope's (DownloadSource.MODELSCOPE, ms_hub_url)
    huggingface_key_pattern: str = ""  # keys whose id is Hugging Face's (DownloadSource.DEFAULT, hf_hub_url)
    model_name_pattern: str = ""  # what makes the name of an unknown org's id read as a model (vocabulary.yaml)
    not_model_pattern: str = ""  # what makes it read as a dataset or a code repository (vocabulary.yaml)
    dataset_name_pattern: str = ""  # whole names of well-known datasets, whatever the org (`openai/gsm8k`)
    record_path_pattern: str = ""  # paths of data files a run wrote (`eval_results/run.json`; vocabulary.yaml)
    placeholder_pattern: str = ""  # ids written to be replaced (`your-org/your-model`; vocabulary.yaml)
    words: frozenset[str] = frozenset()  # prefilter words of hosted names and org-less ids
    weak_words: frozenset[str] = frozenset()  # prefilter words of unknown orgs' ids whose names read as models
    model_keys: frozenset[str] = frozenset()  # keys, kwargs, flags and variables that name a model (snake case)
    model_key_suffixes: tuple[str, ...] = ()  # endings that make any key a model key (reward_model_name)
    endpoint_keys: frozenset[str] = frozenset()  # keys, kwargs and variables that hold a model API's base URL
    endpoint_key_suffixes: tuple[str, ...] = ()  # endings that make any key one (DEEPSEEK_BASE_URL)
    unnamed_endpoint_words: frozenset[str] = frozenset()  # words before such an ending that name no service
    model_flags: frozenset[str] = frozenset()  # CLI flags that name a model besides the model keys (-hf)
    # call name -> (position of the model argument or None, keyword names), per extractor language
    python_calls: dict[str, tuple[int | None, tuple[str, ...]]] = {}  # noqa: RUF012 (a NamedTuple default)
    javascript_calls: dict[str, tuple[int | None, tuple[str, ...]]] = {}  # noqa: RUF012
    text_calls: tuple[str, ...] = ()  # calls a line scan reads the first literal argument of
    router_variants: frozenset[str] = frozenset()  # `:free`, `:nitro` after a router's model id (vocabulary.yaml)
    hosted_prefixes: tuple[str, ...] = ()  # `@cf/`, `pro/` before the id of weights an API serves (vocabulary.yaml)
    # route words of LiteLLM-style model strings (vocabulary kind model-routes): `ollama/` to Ollama, `huggingface/`
    # to a hub id, `deepseek/` to a hosted API; router words start any one-hop route, colon routes `provider:model`
    ollama_routes: frozenset[str] = frozenset()
    hub_routes: frozenset[str] = frozenset()
    api_routes: frozenset[str] = frozenset()
    router_words: frozenset[str] = frozenset()
    colon_routes: frozenset[str] = frozenset()
    api_path_pattern: str = ""  # paths of model API operations (/v1/chat/completions; vocabulary kind api-paths)
    ollama_hints: tuple[str, ...] = ()  # words that make a file one that talks to Ollama (vocabulary kind file-hints)
    api_hints: tuple[str, ...] = ()  # words that make a file one that talks to a model API (file-hints)
    ollama_client_calls: frozenset[str] = frozenset()  # `chat(model, ...)` of Ollama's clients (vocabulary.yaml)
    dataset_calls: frozenset[str] = frozenset()  # load_dataset, MsDataset: nothing they name is a model
    dataset_call_suffixes: tuple[str, ...] = ()  # a project's dataset classes (ImageDataset, DatasetMeta)
    not_model_keys: frozenset[str] = frozenset()  # keys whose value is never a model (image, uses; snake case)
    provider_keys: frozenset[str] = frozenset()  # keys whose value `ollama` makes a mapping's models Ollama's
    lineage_keys: frozenset[str] = frozenset()  # a registry row's lineage metadata (base_model)
    split_org_keys: frozenset[str] = frozenset()  # a mapping's keys of an id's org ... (vocabulary split-id-keys)
    split_name_keys: tuple[str, ...] = ()  # ... and of its name, in order of preference
    ollama_list_keys: frozenset[str] = frozenset()  # under an Ollama key, lists of models (pull, run, create)
    ollama_verbs: frozenset[str] = frozenset()  # `ollama pull|run|... NAME`
    shared_namespace_orgs: frozenset[str] = frozenset()  # facebook, nvidia: also GitHub and image namespaces
    setting_attribute_words: frozenset[str] = frozenset()  # OLLAMA_MODEL_TAG, OLLAMA_MODELS_DIR: not a model

    def is_dataset_call(self, name: str | None) -> bool:
        """load_dataset(...), MsDataset.load(...), a project's DatasetMeta(...)/ImageDataset(...) registry entry."""
        return name is not None and (name in self.dataset_calls or name.endswith(self.dataset_call_suffixes))

    def is_not_model_key(self, key: str) -> bool:
        """image:, uses:, working-directory: a key whose value is never a model."""
        return snake_key(key) in self.not_model_keys

    def sends_to_ollama(self, key: str, value: str) -> bool:
        """provider: ollama (a sibling key that makes a mapping's model slots Ollama tags)."""
        return snake_key(key) in self.provider_keys and value.lower() in self.ollama_routes

    def is_setting_attribute(self, name: str) -> bool:
        """OLLAMA_MODEL_TAG, OLLAMA_MODELS_DIR, OLLAMA_MODEL_PATH: a setting of a model, not a model."""
        return snake_key(name).rsplit("_", 1)[-1] in self.setting_attribute_words

    def is_model_key(self, key: str) -> bool:
        """Does a key, keyword argument, flag or variable name a model (`model_id`, `modelId`, `reward_model`)?"""
        return _model_key(key, self.model_keys, self.model_key_suffixes, self.not_model_keys)

    def is_endpoint_key(self, key: str) -> bool:
        """Does a key, keyword argument or variable hold a model API's base URL (`base_url`, `baseURL`,
        `DEEPSEEK_BASE_URL`)?"""
        return _endpoint_key(key, self.endpoint_keys, self.endpoint_key_suffixes)

    def is_model_flag(self, key: str) -> bool:
        """A CLI flag's value names a model: a model key, a model flag (-hf), or a dotted override's last part
        (--actor.model_name_or_path)."""
        last = key.rsplit(".", 1)[-1]
        return key in self.model_flags or self.is_model_key(key) or (last != key and self.is_model_key(last))

    def is_prose_key(self, key: str) -> bool:
        return _whole_match(self.prose_key_pattern, snake_key(key))

    def is_name_pattern_key(self, key: str) -> bool:
        return _whole_match(self.name_pattern_key_pattern, snake_key(key))

    def is_assertion_call(self, name: str) -> bool:
        return _whole_match(self.assertion_call_pattern, name, ignore_case=False)

    def is_prose_call(self, name: str) -> bool:
        return _whole_match(self.prose_call_pattern, name)

    def hub_of_key(self, key: str) -> RefType | None:
        """The hub a key says its id is on (`DownloadSource.MODELSCOPE`, `ms_hub_url`), or None."""
        if _whole_match(self.modelscope_key_pattern, key, ignore_case=False):
            return RefType.MODELSCOPE_MODEL
        if _whole_match(self.huggingface_key_pattern, key, ignore_case=False):
            return RefType.HUB_MODEL
        return None

    def is_output_call(self, name: str) -> bool:
        return _whole_match(self.output_call_pattern, name)

    def is_name_test_call(self, name: str, subject: str = "") -> bool:
        """Does `subject.name(...)` or `name(subject, ...)` test one name's prefix or part? Not when the subject
        is a collection (`SUPPORTED.includes("gpt-4o")`, Go's `slices.Contains(models, ...)`): that is an exact
        name, a member of a list the code offers."""
        return _whole_match(self.name_test_call_pattern, name, ignore_case=False) and not _names_a_collection(subject)

    def is_loader_call(self, name: str) -> bool:
        return _whole_match(self.loader_call_pattern, name)

    def is_loader_name(self, name: str) -> bool:
        return _whole_match(self.loader_name_pattern, name)

    def catalogued_name(self, value: str) -> bool:
        """Is value, whole, the name of a catalogued model without its org (`qwen2.5-72b-instruct`, `bge-m3`)?"""
        return _id_like(value) and _whole_match(self.catalog_pattern, value)

    def legacy_id(self, value: str) -> ModelId | None:
        """value, when the whole of it is an org-less hub id the Hub still serves (`bert-base-uncased`)."""
        text = value.strip().strip("\"'`")
        return ModelId(text, RefType.HUB_MODEL) if _id_like(text) and _whole_match(self.legacy_pattern, text) else None

    def hosted_model(self, value: str) -> ModelId | None:
        """value, when the whole of it is a catalogued hosted model name (`qwen-max`, `gpt-4o-mini`)."""
        text = value.strip().strip("\"'`")
        if not _id_like(text) or FILE_SUFFIX.search(text):  # `MiniMax-M2.7-Q4_K_M.gguf` is a file, not an API's name
            return None
        return ModelId(text, RefType.HOSTED_MODEL) if _whole_match(self.hosted_pattern, text) else None

    def model_id(
        self, value: str, *, in_slot: bool, ollama_context: bool = False, literal: bool = False
    ) -> ModelId | None:
        """value as a model reference. in_slot: written where a model is expected (any org will do).
        literal: the whole of a string literal or value outside a slot, where an unknown org's id counts
        when its name reads as a model (`answerdotai/ModernBERT-base`; see `model_shaped`)."""
        mid = parse_model_id(
            value,
            in_slot=in_slot,
            known_orgs=self.known_orgs,
            ollama_context=ollama_context,
            ollama_names=self.ollama_names,
        )
        if mid is None and literal and not in_slot:
            mid = parse_model_id(value, in_slot=True, known_orgs=self.known_orgs)
            if mid is not None and not (mid.ref_type is RefType.HUB_MODEL and self.model_shaped(mid.id)):
                mid = None
        if (
            mid is not None
            and mid.ref_type is not RefType.OLLAMA_MODEL
            and (self.placeholder(mid.id) or self.dataset(mid.id))
        ):
            return None
        if mid is not None and not in_slot and mid.ref_type is RefType.HUB_MODEL and self._shared_namespace(mid.id):
            return None
        if mid is not None and mid.ref_type is RefType.HUB_MODEL:
            return self._routed(mid)
        return mid

    def _routed(self, mid: ModelId) -> ModelId | None:
        """A hub-shaped id whose first part is a router's provider word and no hub org (`sambanova/Qwen2.5-72B-
        Instruct`, `gemini/gemma-3-27b-it`, `ollama/llama3`: LiteLLM's routes): the model the provider serves under
        that name, or the Ollama model."""
        route, _, rest = mid.id.partition("/")
        route = route.lower()
        if route in self.known_orgs or "/" in rest:
            return mid
        if route in self.ollama_routes:
            return self.model_id(rest, in_slot=True, ollama_context=True)
        if route in self.api_routes:  # the provider's model, named as the provider names it (registry_name too)
            return ModelId(rest, RefType.HOSTED_MODEL)
        return mid

    def _shared_namespace(self, model_id: str) -> bool:
        """An id of an org whose name is also a code or image namespace (`facebook/react`, `nvidia/cuda`), written
        where no slot says it is a model, whose name neither reads as a model nor is a catalogued model's."""
        org, _, name = model_id.partition("/")
        return (
            org.lower() in self.shared_namespace_orgs
            and not self.model_shaped(model_id)
            and not self.catalogued_name(name)
        )

    def model_shaped(self, model_id: str) -> bool:
        """Does the name of org/name read as a model (an architecture, a size, a role) and not as a dataset
        or a code repository?"""
        name = model_id.rpartition("/")[2].lower()
        if _SIZE_ONLY.fullmatch(name):  # `context/1M`, `tier/7B`: a size alone names no model
            return False
        return _searches(self.model_name_pattern, name) and not _searches(self.not_model_pattern, name)

    def record(self, path: str) -> bool:
        """Is the file (a relative path) a record a run wrote (results, outputs, logs), whose ids are data?"""
        return _whole_match(self.record_path_pattern, path)

    def dataset(self, model_id: str) -> bool:
        """An id whose whole name is a well-known dataset's (`openai/gsm8k`, `allenai/c4`)."""
        return _whole_match(self.dataset_name_pattern, model_id.rpartition("/")[2])

    def placeholder(self, model_id: str) -> bool:
        """An id written to be replaced or made up for a test (`your-org/your-model`, `org/model`)."""
        return _whole_match(self.placeholder_pattern, model_id)


def _names_a_collection(subject: str) -> bool:
    """A variable named like a list (`models`, `SUPPORTED`, `allowList`), not like one string (`name`, `m`)."""
    word = subject.rstrip("()").rsplit(".", 1)[-1]
    if not word:
        return False
    return (word.isupper() and any(c.isalpha() for c in word)) or word.lower().endswith(_COLLECTION_ENDINGS)


_COLLECTION_ENDINGS = ("s", "list", "set", "array", "map", "dict")


@lru_cache(maxsize=16)
def _vocabulary_regex(source: str, ignore_case: bool = True) -> re.Pattern[str]:
    return re.compile(source, re.I if ignore_case else 0)


@lru_cache(maxsize=64)
def _whole_name(source: str) -> NamePattern:
    """A vocabulary pattern for whole matches, compiled only when a text starts with one of its literal
    prefixes: the hosted-model names alone cost 4 ms to compile, more than a pre-commit run's scan."""
    return NamePattern(source, anchored=True)


_SIZE_ONLY = lazy_compile(r"\d+(?:\.\d+)?[kmbt]")


def _whole_match(source: str, text: str, *, ignore_case: bool = True) -> bool:
    """Does the whole of text match a vocabulary pattern from the rules (an empty pattern matches nothing)?"""
    if not source:
        return False
    if ignore_case:
        return _whole_name(source).fullmatch(text) is not None
    return _vocabulary_regex(source, ignore_case).fullmatch(text) is not None


def _searches(source: str, text: str) -> bool:
    return bool(source) and _vocabulary_regex(source).search(text) is not None


def _id_like(text: str) -> bool:
    return 2 <= len(text) <= 100 and text[0].isalnum()


def slot_model_id(
    recognizer: Recognizer, value: str, *, ollama: bool = False, ollama_hint: bool = False, api_hint: bool = False
) -> ModelId | None:
    """A value written where a model is expected (whatever its org), LiteLLM routes understood.

    "ollama/qwen2.5" is an Ollama model, "huggingface/Qwen/Qwen3-8B" a hub id, "deepseek/deepseek-chat"
    a hosted API's model name (not a hub repo: no reference here, see `litellm_route_host`), "openai/gpt-oss-20b"
    a hub id of a known org.

    ollama: the slot is Ollama's (any name is an Ollama model). ollama_hint: the file talks to an Ollama server
    somewhere, so a bare name of the Ollama library (`llama3.1`, `nomic-embed-text`) in a model slot is one.
    api_hint: the file talks to a model API (`talks_to_api`), so the name of catalogued open weights without
    their org (`qwen2.5-72b-instruct`) is the model that API serves; elsewhere such a name is often a
    deployment's own name for what it serves.
    """
    text = value.strip().strip("\"'`")
    if ("/" in text or ":" in text) and not ollama:  # a route ending in a catalogued API name (openai/gpt-4o)
        hosted = route_hosted_model(recognizer, text)
        if hosted is not None:
            return hosted
    head, sep, rest = text.partition("/")
    route = head.lower()
    if sep and rest:
        if route in recognizer.ollama_routes:
            return recognizer.model_id(rest, in_slot=True, ollama_context=True)
        if route in recognizer.hub_routes and "/" in rest:
            return recognizer.model_id(rest, in_slot=route in ("huggingface", "hosted_vllm", "vllm"))
        if route in recognizer.api_routes and route not in recognizer.known_orgs:
            if "/" in rest:
                return recognizer.model_id(rest, in_slot=False)
            # sambanova/Qwen2.5-72B-Instruct: the provider's name for catalogued or model-shaped weights
            served = API_NAME.fullmatch(rest) is not None or recognizer.catalogued_name(rest)
            return recognizer.hosted_model(rest) or (ModelId(rest, RefType.HOSTED_MODEL) if served else None)
    mid = recognizer.model_id(text, in_slot=True, ollama_context=ollama)
    if mid is None and ollama_hint and not ollama and text.partition(":")[0] in recognizer.ollama_names:
        mid = recognizer.model_id(text, in_slot=True, ollama_context=True)
    if mid is None and not ollama:
        mid = recognizer.hosted_model(text) or recognizer.legacy_id(text)
    if (
        mid is None
        and api_hint
        and not ollama
        and "/" not in text
        and ":" not in text
        and recognizer.catalogued_name(text)
    ):
        # model="qwen2.5-72b-instruct" sent to DashScope or a vLLM server: catalogued open weights by their name
        mid = ModelId(text, RefType.HOSTED_MODEL)
    return mid


def file_hints(recognizer: Recognizer, text: str) -> tuple[bool, bool]:
    """Does a file talk to an Ollama server, and to a model API? It names one of the vocabulary's file-hints words
    (Ollama: a client, OLLAMA_HOST, the port 11434; an API: an API key, a base URL, a model server)."""
    low = text.lower()
    return _names_any(text, low, recognizer.ollama_hints), any(word in low for word in recognizer.api_hints)


def _names_any(text: str, low: str, words: tuple[str, ...]) -> bool:
    """Does text (low: lowered) name one of words where it starts a word (no letter before it, or a capital
    of camel case)? `MicroLlama` holds "ollama" only as letters of another name; `langchain_ollama`,
    `OLLAMA_HOST` and `ChatOllama` name it. (The API's hints are looked for anywhere: `apiBaseUrl` lowers
    to letters around "baseurl".)"""
    aligned = len(low) == len(text)  # lowering kept every offset (it does but for a few Unicode letters)
    for word in words:
        at = low.find(word)
        while at >= 0:
            if not word[0].isalpha() or at == 0 or not low[at - 1].isalpha() or (aligned and text[at].isupper()):
                return True
            at = low.find(word, at + 1)
    return False


def talks_to_ollama(recognizer: Recognizer, text: str) -> bool:
    return file_hints(recognizer, text)[0]


def slot_list(value: str) -> list[tuple[str, int]]:
    """The items of a list written as one value of a model slot (`"org/a;org/b;"`, `"org/a,org/b"`), each
    with its offset in the value; [] for a value that is not such a list (one item, or words with spaces)."""
    if " " in value.strip() or not any(sep in value for sep in ";,"):
        return []
    items, start = [], 0
    for i, char in enumerate(value + ";"):
        if char in ";,":
            if i > start:
                items.append((value[start:i], start))
            start = i + 1
    return items if len(items) > 1 else []


_ROUTE_SEGMENT = lazy_compile(r"[a-z][a-z0-9_-]*")
_PARAMETER_COUNT = lazy_compile(r"(?:^|[-_.])\d+(?:\.\d+)?[bm](?:$|[-_.])", re.I)


def route_hosted_model(recognizer: Recognizer, text: str) -> ModelId | None:
    """The catalogued API model a router's route ends in: `litellm/openrouter/openai/gpt-4o` -> gpt-4o;
    LangChain's `openai:gpt-4o`; Google's `models/gemini-2.5-flash`. Every segment before it must be a
    lowercase provider word (not an org of a hub: `Qwen/qwen-max` is not)."""
    wrapped = hosted_name(text, recognizer.hosted_prefixes, recognizer.router_variants)
    if wrapped.prefix or wrapped.variant:
        return _wrapped_hosted_model(recognizer, text, wrapped)
    head, colon, tail = text.partition(":")
    if colon and head == "ft":  # an OpenAI fine-tune: ft:gpt-4o-mini:org:project:id
        return recognizer.hosted_model(tail.partition(":")[0])
    if colon and "/" not in head and head in recognizer.colon_routes:
        return recognizer.hosted_model(tail)
    if text.startswith("models/") and text.count("/") == 1:
        return recognizer.hosted_model(text[len("models/") :])
    *route, name = text.split("/")
    if not route or not all(_ROUTE_SEGMENT.fullmatch(segment) for segment in route):
        return None
    if len(route) == 1 and route[0] not in recognizer.router_words:  # zai-org/GLM-4.5 is a hub repo of the lab's org
        return None
    if len(route) == 1 and route[0] in recognizer.known_orgs and _PARAMETER_COUNT.search(name):
        return None  # google/gemma-7b-it: weights in the hub org of that name, though a reseller's API serves them
    return recognizer.hosted_model(name)


def _wrapped_hosted_model(recognizer: Recognizer, text: str, wrapped: HostedName) -> ModelId | None:
    """An id written with a hosted API's prefix or a router's variant (`@cf/meta/llama-3.1-8b-instruct`,
    `google/gemma-2-9b-it:free`): a hosted model whatever its org, since no hub spells ids so. Its id is the
    text as written, less a router's route before a catalogued API name (`anthropic/claude-2:beta` ->
    `claude-2:beta`, as `anthropic/claude-2` -> `claude-2`). The served part must read as a model: an org's
    id whose name does, or a catalogued API name."""
    served = wrapped.served
    if not wrapped.prefix:
        inner = route_hosted_model(recognizer, served) or recognizer.hosted_model(served)
        if inner is not None:
            return ModelId(f"{inner.id}:{wrapped.variant}", RefType.HOSTED_MODEL)
    if served.count("/") != 1 or not recognizer.model_shaped(served) or recognizer.placeholder(served):
        return None
    return ModelId(text, RefType.HOSTED_MODEL)


def litellm_route_host(recognizer: Recognizer, value: str) -> str | None:
    """The API host a LiteLLM route names: "deepseek/deepseek-chat" -> api.deepseek.com.

    Taken from the rules, not from a table of our own: the route must be the registrable name of exactly one
    known API host (deepseek -> api.deepseek.com). A route whose provider has several hosts (moonshot: .cn and
    .ai; dashscope: one per region) or none under its name (gemini, zhipuai) names no host: no reference.
    """
    head, sep, rest = value.strip().strip("\"'`").partition("/")
    route = head.lower()
    if not sep or not rest or "/" in rest or route not in recognizer.api_routes or route in recognizer.known_orgs:
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
    r"(?<![\w./@-])((?:(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co|hf-mirror\.com|(?:api-inference\.)?modelscope\.cn(?:/api/v1/models|/models|/api-inference/v1/models)?)/|hf://|ollama://)?"
    r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(?::[A-Za-z0-9._-]+)?)"
)


# hub and Ollama URIs written whole (`url: ollama://qwen2.5:7b`, `hf://org/name`, `modelscope://org/name`)
_MODEL_URI = lazy_compile(r"(?<![\w.-])((?:ollama|hf|huggingface|ms|modelscope)://[A-Za-z0-9][\w.:/-]*)", re.I)
# name:tag with nothing id-like glued to it (not a path, URL, image or host:port)
_TAG_TOKEN = lazy_compile(r"(?<![\w./:@$%{-])([a-z0-9][a-z0-9._-]*:[A-Za-z0-9][\w.-]*)(?![\w:/@.-]|\.\w)")


def find_ollama_tags(text: str, recognizer: Recognizer) -> list[tuple[ModelId, int, str]]:
    """(model id, offset, raw) for each `name:tag` of an Ollama library model in free text (`qwen2.5:3b`).

    A tag whose name is an Ollama library model is almost never anything else; a tag of digits alone is a
    port (`mistral:8080` is a host name) and is left alone."""
    out = []
    for m in _TAG_TOKEN.finditer(text):
        raw = m.group(1).rstrip(".")
        name, _, tag = raw.partition(":")
        if tag.isdigit() or not ollama_library_name(name, tag, recognizer.ollama_names):
            continue
        mid = recognizer.model_id(raw, in_slot=False)
        if mid is not None and mid.ref_type is RefType.OLLAMA_MODEL:
            out.append((mid, m.start(1), raw))
    if "registry.ollama.ai/" in text:  # `oci://registry.ollama.ai/library/llama3.2:1b`: any model of Ollama's own
        for m in _OLLAMA_REGISTRY.finditer(text):
            mid = recognizer.model_id(m.group(1), in_slot=True, ollama_context=True)
            if mid is not None and mid.ref_type is RefType.OLLAMA_MODEL:
                out.append((mid, m.start(1), m.group(1)))
    return out


# an image of Ollama's registry, pulled as an OCI artifact: the library's models and users' (user/name:tag)
_OLLAMA_REGISTRY = lazy_compile(
    r"registry\.ollama\.ai/(?!v2/)(?:library/)?([a-z0-9][\w.-]*(?:/[a-z0-9][\w.-]*)?(?::[\w.-]+)?)"
)


# a base URL: scheme, host, optional port and path, nothing after it (no query, no fragment, no spaces)
_BASE_URL = lazy_compile(r"^(?:https?|wss?)://([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?::\d+)?(/[^\s?#]*)?$", re.I)
# the root of a model API: /v1, /v1beta, /openai, /v3/openai, /api/v3, /api/paas/v4, /compatible-mode/v1, ...
_API_ROOT = lazy_compile(
    r"^(?:/[\w.-]+)*?/(?:v\d+(?:beta\d*|alpha\d*)?|openai|inference|serving-endpoints)/?$|^/?$", re.I
)
# hosts that are not a provider's: the machine itself, a cluster's or a container network's, examples
_LOCAL_HOST = lazy_compile(
    r"^(?:localhost|host\.docker\.internal|(?:\d+\.){3}\d+)$|\.(?:local|internal|localhost|svc|lan|test|example|invalid)$"
    r"|(?:^|\.)example\.(?:com|org|net)$",
    re.I,
)


def base_url_host(value: str, *, generic_key: bool) -> str | None:
    """The host of a model API's base URL written under an endpoint key (`base_url="https://api.x.ai/v1"`),
    whatever the host: lower case, None for a local or example host or a URL that is not an API root.
    generic_key: the key says only "url" or "host", so the path must show an API root (/v1, /openai)."""
    m = _BASE_URL.match(value.strip())
    if m is None:
        return None
    host, path = m.group(1).lower(), m.group(2) or ""
    if _LOCAL_HOST.search(host) or not _API_ROOT.match(path):
        return None
    if generic_key and path.strip("/") == "":
        return None
    return host


def api_call_host(recognizer: Recognizer, value: str) -> str | None:
    """The host of a URL that calls a model API's operation (`https://api.acme.ai/v1/chat/completions`,
    `.../v1/models`; vocabulary kind api-paths), whatever the host: lower case, None for a local or example
    host or any other URL."""
    m = _BASE_URL.match(value.strip())
    if m is None or not m.group(2) or not _whole_match(recognizer.api_path_pattern, m.group(2)):
        return None
    host = m.group(1).lower()
    return None if _LOCAL_HOST.search(host) else host


def add_base_url(collector: Collector, recognizer: Recognizer, key: str, value: str, line: int, column: int) -> None:
    """A URL under an endpoint key (`baseURL:`, `api_base=`, `LLM_BASE_URL=`) is a model API's endpoint.

    A bare host (`https://api.acme.ai`, no API root path) counts only under a key that names its service
    (`STABILITY_BASE_URL`): `base_url=`, `apiBase`, `url` are also how clients of any web API (GitHub,
    a docs site, a memory platform) are given their host."""
    snake = snake_key(key)
    named = "base" in snake and snake not in recognizer.endpoint_keys and _names_a_service(recognizer, snake)
    host = base_url_host(value, generic_key=not named)
    if host is not None:  # reported where the host is written, as a host found in any text is
        collector.add(host, RefType.API_ENDPOINT, line, column + max(value.lower().find(host), 0), value)


def _names_a_service(recognizer: Recognizer, snake: str) -> bool:
    """Do the words before an endpoint key's ending name a service (`stability_base_url`), not only say which
    URL it is (`default_base_url`, `custom_api_base`)?"""
    ending = next((s for s in recognizer.endpoint_key_suffixes if snake.endswith(s)), "")
    words = [w for w in snake[: len(snake) - len(ending)].split("_") if w]
    return bool(words) and not all(w in recognizer.unnamed_endpoint_words for w in words)


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
    if parts[0] == "mcp" or parts[0].startswith("mcp-"):  # an MCP tool server beside an API (mcp.api-inference...)
        return False
    return any(".".join(parts[i:]) in hosts for i in range(1, len(parts) - 1))


def find_known_ids(
    text: str, recognizer: Recognizer, *, literal: bool = False, quoted: bool = False
) -> list[tuple[ModelId, int, str]]:
    """(model id, offset, raw) for each org/name of a known org, hub URL or URI, or cache folder in free text.

    An id of an org the rules do not know counts where it is a whole literal and its name reads as a model
    (`Recognizer.model_shaped`): the whole of text when `literal`; with `quoted` (a line of code no parser
    read), a quoted string inside it."""
    out = []
    taken: set[int] = set()
    if "://" in text:
        for m in _MODEL_URI.finditer(text):
            raw = m.group(1).rstrip(".,;:")
            mid = recognizer.model_id(raw, in_slot=True)  # the scheme says what it is, whatever the org
            if mid is not None:
                taken.update(range(m.start(1), m.end(1)))
                out.append((mid, m.start(1), raw))
    if "models--" in text:
        for m in _CACHE_FOLDER.finditer(text):
            mid = recognizer.model_id(m.group(0), in_slot=False)
            if mid is not None:
                taken.update(range(m.start(), m.end()))
                out.append((mid, m.start(), m.group(0)))
    stripped = text.strip().strip("\"'`") if literal else ""
    for m in _KNOWN_ID.finditer(text):
        if m.start(1) in taken:
            continue
        raw = m.group(1).rstrip(".,;:")
        whole = raw == stripped or (quoted and _quoted(text, m.start(1), m.start(1) + len(raw)))
        mid = recognizer.model_id(raw, in_slot=False, literal=whole)
        if mid is not None:
            out.append((mid, m.start(1), raw))
    return out


_CACHE_FOLDER = lazy_compile(r"models--(?:[A-Za-z0-9._]|-(?!-))+--(?:[A-Za-z0-9._]|-(?!-))+")
_QUOTES = "\"'`"


def _quoted(text: str, start: int, end: int) -> bool:
    """Is text[start:end] the whole of a quoted string (`"org/name"`)?"""
    return start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] == text[start - 1]


class Collector:
    """Collects references of one file; the same id twice on a line is one reference.

    A plain class, not a dataclass: a pre-commit run creates it at start-up, and `dataclasses` (its import
    and the methods it generates) costs more than a millisecond there."""

    def __init__(self, path: str, extractor: str, in_docs: bool = False) -> None:
        self.path = path
        self.extractor = extractor
        self.in_docs = in_docs
        self.ollama_hint = False  # the file talks to an Ollama server (see slot_model_id)
        self.api_hint = False  # the file talks to a model API (see slot_model_id)
        self.references: list[Reference] = []
        # shell-like assignments seen so far (NAME=value, Dockerfile ENV, CI env:), for `$NAME` in a model slot
        self.variables: dict[str, Any] = {}
        self.issues: list[ParseIssue] = []
        self._seen: set[tuple[RefType, str, int]] = set()

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
        mention: bool = False,
        used_at: int | None = None,
    ) -> None:
        key = (ref_type, ref_id.lower(), line)
        if key in self._seen:
            if trust_remote_code or revision or used_at or not mention:  # keep the richer context of a duplicate
                self.references = [
                    _with_context(r, trust_remote_code, revision, mention, used_at)
                    if (r.ref_type, r.id.lower(), r.line) == key
                    else r
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
                mention=mention,
                used_at=used_at,
            )
        )

    def add_model(self, mid: ModelId, line: int, column: int, raw: str, **context: object) -> None:
        self.add(mid.id, mid.ref_type, line, column, raw, **context)  # type: ignore[arg-type]

    def issue(self, line: int | None, message: str, fallback: str | None = None) -> None:
        self.issues.append(ParseIssue(self.path, line, message, fallback))

    def result(self) -> ExtractResult:
        return ExtractResult(tuple(self.references), tuple(self.issues))


def _with_context(
    ref: Reference, trust_remote_code: bool, revision: str | None, mention: bool, used_at: int | None
) -> Reference:
    """One reference from two sightings on a line: a use makes it a dependency, whichever came first."""
    return ref._replace(
        trust_remote_code=ref.trust_remote_code or trust_remote_code,
        revision=ref.revision or revision,
        mention=ref.mention and mention,
        used_at=ref.used_at or used_at,
    )


def scan_line_text(
    collector: Collector,
    recognizer: Recognizer,
    text: str,
    line: int,
    col0: int = 1,
    *,
    mention: bool = False,
    literal: bool = False,
    quoted: bool = False,
) -> None:
    """Find known-org ids, hub URLs, hf:// and ollama:// URIs, known API hosts and Ollama library tags
    (`qwen2.5:3b`) in a piece of free text on one line. mention: the text is prose (a comment, a docstring).
    literal, quoted: the text is the whole of one string value, or a line of code no parser read (see
    find_known_ids)."""
    if "/" in text:  # every id, URI and hub URL has one
        found = find_known_ids(text, recognizer, literal=literal and not mention, quoted=quoted and not mention)
        for mid, offset, raw in found:
            collector.add_model(mid, line, col0 + offset, raw, mention=mention)
    if "." in text:  # every host has one
        for host, offset in find_hosts(text, recognizer.endpoint_hosts):
            collector.add(host, RefType.API_ENDPOINT, line, col0 + offset, host, mention=mention)
    if ":" in text:
        for mid, offset, raw in find_ollama_tags(text, recognizer):
            collector.add_model(mid, line, col0 + offset, raw, mention=mention)


def scan_value(collector: Collector, recognizer: Recognizer, value: str, line: int, col0: int = 1) -> None:
    """A whole string value of code or data (a literal, a YAML/JSON value): a catalogued hosted model name
    when it is nothing else (`"qwen-max"`, a provider's model list), otherwise free text."""
    hosted = None
    if "," in value and " " not in value and "\n" not in value:  # "openai/gpt-4o,anthropic/claude-sonnet-4"
        offset = 0
        for part in value.split(","):
            if part:
                scan_value(collector, recognizer, part, line, col0 + offset)
            offset += len(part) + 1
        return
    if "\n" not in value and " " not in value:
        hosted = named_value(collector, recognizer, value)
    if hosted is not None:
        collector.add_model(hosted, line, col0, value)
        return
    if "://" in value and " " not in value:  # fetch("https://api.acme.ai/v1/models"): a model API, whatever its host
        host = api_call_host(recognizer, value)
        if host is not None:
            collector.add(host, RefType.API_ENDPOINT, line, col0 + max(value.lower().find(host), 0), value)
    scan_line_text(collector, recognizer, value, line, col0, literal=True, mention=is_sentence(value))


_FLAG = lazy_compile(r"(?:^|\s)--?[A-Za-z]")


def is_sentence(value: str) -> bool:
    """Is a string value prose (a sentence, a model card's text) rather than a command line or an id? Four or more
    words and no command-line flag: what it names is a mention (`"... finetuned from Qwen/Qwen3-8B."`)."""
    return value.count(" ") >= 3 and "\n" not in value and _FLAG.search(value) is None


def named_value(collector: Collector, recognizer: Recognizer, value: str) -> ModelId | None:
    """The model a whole one-word value names without an org: a catalogued hosted name (or a route ending
    in one), an org-less legacy id, or, in a file that talks to Ollama, an Ollama library name."""
    found = recognizer.hosted_model(value) or recognizer.legacy_id(value) or route_hosted_model(recognizer, value)
    if found is None and collector.ollama_hint:
        found = ollama_library_word(recognizer, value)
    return found


def ollama_library_word(recognizer: Recognizer, value: str) -> ModelId | None:
    """A whole value that is an Ollama library name no other thing is called (`nomic-embed-text`, `qwen3`,
    `llama3.1`: a digit or a hyphen in it), in a file that talks to Ollama: that model's latest tag.
    One-word names (`mistral`, `llava`) also name providers and projects: only an Ollama slot takes them. Ollama
    writes its names in lower case: `Llama2` is a family's or a tokenizer's name (`case 'Llama2':`)."""
    text = value.strip()
    if text.lower() not in recognizer.ollama_names or not any(c.isdigit() or c == "-" for c in text):
        return None
    if text != text.lower():
        return None
    return ModelId(f"{text.lower()}:latest", RefType.OLLAMA_MODEL)


def recognized(recognizer: Recognizer, value: str) -> bool:
    """Is a whole string value a model reference without a slot's help (a known org's id, a hub URL, a
    catalogued hosted name or a router's route to one, an org-less legacy id, an id whose name reads as a model)?"""
    text = value.strip()
    if not text or len(text) > 300 or " " in text:
        return False
    return (
        recognizer.model_id(text, in_slot=False, literal=True) is not None
        or recognizer.hosted_model(text) is not None
        or recognizer.legacy_id(text) is not None
        or (("/" in text or ":" in text) and route_hosted_model(recognizer, text) is not None)
    )


def model_keys(recognizer: Recognizer, keys: list[str], *, figures: bool = False) -> dict[str, bool]:
    """The keys of one mapping (a dict, a YAML or JSON object) that name models: a recognised model name
    (`"qwen-plus": 1000000`, `"claude-3-5-haiku-20241022": {"input": 1.0}`) maps to False (read as any value
    is); when two or more keys and one in two are recognised, the mapping is keyed by model and every other
    key with a digit maps to True (a registry's name, `registry_name`). Keys without a digit, a hyphen or a
    slash (`chat`, `temperature`) are not looked at: a dataset's 100,000 records cost nothing here. The caller
    leaves out a key whose value holds its own model setting (`"qwen-turbo": {"model": "qwen-turbo"}`): that
    key is the entry's name, and the setting is the reference.

    figures: every value of the mapping is a number or a mapping of numbers (`figures_only`): a price or limits
    table, whose keys are what an API is called with. There catalogued open weights named without their org
    (`"qwen2.5-72b-instruct": {"prompt": 0.0006}`, `served_name`) count as names too; a mapping of such names to
    strings or settings is a project's presets (`"mistral-7b": "mistralai/Mistral-7B-v0.3"`), whose keys are its
    own names."""
    candidates = [k for k in keys if key_may_name_model(k)]
    if not candidates:
        return {}
    known = {k for k in candidates if _known_name(recognizer, k)}
    served = {k for k in candidates if k not in known and served_name(recognizer, k)} if figures else set()
    if not known and len(served) < 2:
        return {}
    keyed_by_model = len(known | served) >= 2 and len(known | served) * 2 >= len(keys)
    roles = dict.fromkeys(known, False)
    if keyed_by_model:
        roles.update({k: True for k in candidates if k not in known and any(c.isdigit() for c in k)})
    return roles


def split_id(recognizer: Recognizer, entries: dict[str, str]) -> tuple[ModelId, str] | None:
    """(the model, the key of its name) a mapping's string entries write as an org and a name under two keys
    (vocabulary split-id-keys: `{"org": "stabilityai", "name": "stablelm-3b-4e1t"}`), counted as an id written
    outside a slot is: a known org's, or one whose name reads as a model. None when a part is a template."""
    org = next((entries[k] for k in entries if snake_key(k) in recognizer.split_org_keys), None)
    if not org:
        return None
    lowered = {snake_key(k): k for k in entries}
    key = next((lowered[k] for k in recognizer.split_name_keys if k in lowered), None)
    name = entries[key] if key is not None else ""
    if not name or "/" in name or "/" in org or any(c in org + name for c in "{}$% "):
        return None
    if recognizer.hosted_model(name) is not None:  # Client(org="acme-billing", model="gpt-4o"): an account's org
        return None
    mid = recognizer.model_id(f"{org.strip()}/{name.strip()}", in_slot=False, literal=True)
    return (mid, key) if mid is not None and key is not None else None


def figures_only(values: Iterable[object]) -> bool:
    """Is every parsed value a number, or a mapping of numbers (`{"prompt": 0.0006, "completion": 0.0012}`)?"""
    values = list(values)
    return bool(values) and all(
        _figure(v) or (isinstance(v, dict) and v and all(map(_figure, v.values()))) for v in values
    )


def _figure(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def key_may_name_model(key: str) -> bool:
    """The cheap test `model_keys` starts with: a digit, a hyphen or a slash, one token of 3 to 100 characters.
    A mapping none of whose keys passes it is not looked at further."""
    if key.isalpha() or not 3 <= len(key) <= 100 or " " in key:  # most keys of data: words
        return False
    return _KEY_SHAPE.search(key) is not None


_KEY_SHAPE = lazy_compile(r"[\d/-]")


# keys of a model entry that hold where its weights are
URI_KEYS = ("uri", "url", "storageUri", "storage_uri", "modelUri", "model_uri", "source")


def names_its_uri(recognizer: Recognizer, name: str, uri: str) -> bool:
    """Does a model entry's name repeat the id of its URI (`{uri: hf://Qwen/Qwen2.5-7B-Instruct, name:
    Qwen/Qwen2.5-7B-Instruct}`, a KServe, KubeAI or llmaz entry)? Then the name is what the server calls the
    model, not a second reference."""
    if "://" not in uri:
        return False
    mid = recognizer.model_id(uri, in_slot=True)
    return mid is not None and mid.id.lower() == name.strip().lower()


def labels_its_weights(recognizer: Recognizer, name: str, values: Iterable[str]) -> bool:
    """Does a catalogue entry's name label weights the entry names by their hub id (`{name: GLM-4.7, specs:
    [{model_scope_model_id: ZhipuAI/GLM-4.7-FP8}]}`, a serving platform's model catalogue)? Then the name is the
    entry's title, not a second reference: the id's name is the name, or the name and a variant after it."""
    label = name.strip().lower()
    if not label or "/" in label or ":" in label:
        return False
    for value in values:
        if "/" not in value or len(value) > 200 or route_hosted_model(recognizer, value) is not None:
            continue  # `openai/gpt-4o-mini` routes to an API model: not weights the entry holds
        mid = recognizer.model_id(value, in_slot=True)
        if mid is None or mid.ref_type not in (RefType.HUB_MODEL, RefType.MODELSCOPE_MODEL):
            continue
        weights = mid.id.rsplit("/", 1)[-1].lower()
        if weights == label or (weights.startswith(label) and weights[len(label)] in "-_."):
            return True
    return False


def served_name(recognizer: Recognizer, text: str) -> bool:
    """Catalogued open weights named without their org (`deepseek-r1`, `Qwen2.5-72B-Instruct`): what an API
    serving those weights calls them. Alone, or beside other such names, it may also be a folder's, a
    template's or a deployment's own name: it counts only where a key says the value is a model."""
    return "/" not in text and ":" not in text and recognizer.catalogued_name(text)


def _known_name(recognizer: Recognizer, text: str) -> bool:
    """A catalogued hosted name (or a router's route to one, `anthropic/claude-opus-4.5`), an org-less legacy id or
    an id of a known org: what a key must be to name a model by itself (`loss/reduced_llm_loss` reads like an id
    of some org, but as a key it is a metric)."""
    return (
        recognizer.hosted_model(text) is not None
        or recognizer.legacy_id(text) is not None
        or recognizer.model_id(text, in_slot=False) is not None
        or (("/" in text or ":" in text) and route_hosted_model(recognizer, text) is not None)
    )


def registry_name(recognizer: Recognizer, value: str) -> ModelId | None:
    """A name in a registry's model column that no catalogue knows: a hosted model name as written (one token
    with a letter and a digit or a separator, not a URL, not a placeholder): `acme-embed-2`, not `auto`,
    `default` or `true`."""
    text = value.strip()
    if _REGISTRY_NAME.fullmatch(text) is None or "://" in text or not any(c.isalpha() for c in text):
        return None
    if not any(c.isdigit() or c in "-./:" for c in text):
        return None
    if "/" in text and recognizer.placeholder(text):
        return None
    route, _, name = text.partition("/")
    if name and "/" not in name and route.lower() in recognizer.router_words:
        text = name  # `anthropic/claude-x`: the provider's claude-x
    return ModelId(text, RefType.HOSTED_MODEL)


_REGISTRY_NAME = lazy_compile(r"[A-Za-z0-9][\w.:/@+-]{1,99}")


# a name an API takes: letters and digits with separators, two letters in a row and a digit somewhere
# (`glm-4.1v-thinking-flash`, `llama3.1-8b`), not a version (`v1.2`) or a date
API_NAME = lazy_compile(r"(?=.*[A-Za-z]{2})(?=.*\d)[A-Za-z0-9][\w.:@-]{2,80}")


def read_group(
    collector: Collector,
    recognizer: Recognizer,
    members: Sequence[tuple[str, int, int, bool]],
    *,
    table: bool = False,
) -> None:
    """The strings of one list, tuple, dict, call or class body, as (value, line, column, free): free when no
    slot has read it already. A string of hub-id shape beside a recognised model id is a model id too, whatever
    its org (`["Qwen/Qwen3-8B", "hfl/chinese-llama-2-7b"]`). A group whose recognised members are mostly
    catalogued API names (two or more, one in four) is a list of an API's models: its other names that read as
    a model's (letters and a digit, or a model word: `bge-large-en`) are that API's models too
    (`SUPPORTED = ["glm-4-plus", "glm-4.1v-thinking-flash"]`). A table's column (the first strings of a list
    of calls of one function, `[ModelInfo("qwen-turbo", ...), ...]`) is one already with two catalogued names:
    the calls make it one column of one kind, whatever share of it a catalogue knows; or with one, when three
    in four of its names read as a model's."""
    if not any(free for *_, free in members):
        return
    _read_base_urls(collector, recognizer, members)
    known = [recognized(recognizer, value) for value, *_ in members]
    if not any(known):
        return
    hosted = sum(
        recognizer.hosted_model(value) is not None
        for (value, *_), is_known in zip(members, known, strict=True)
        if is_known
    )
    api_list = hosted >= 2 and (table or hosted * 4 >= len(members))
    if table and not api_list and hosted:  # a column of model-shaped names, one of them catalogued
        shaped = sum(1 for value, *_ in members if _reads_as_api_name(recognizer, value))
        api_list = len(members) >= 3 and shaped * 4 >= len(members) * 3
    for (value, line, column, free), is_known in zip(members, known, strict=True):
        if not free:
            continue
        if api_list and not is_known and _reads_as_api_name(recognizer, value):
            mid = registry_name(recognizer, value)
            if mid is not None:
                collector.add_model(mid, line, column, value)
                continue
        add_sibling(collector, recognizer, value, line, column)


def _read_base_urls(
    collector: Collector, recognizer: Recognizer, members: Sequence[tuple[str, int, int, bool]]
) -> None:
    """A group of base URLs half or more of them known model APIs (a gateway's channel URLs, a provider-to-URL
    table): its other base URLs are model APIs too, whatever their hosts (`https://api.acme-llm.io/v1`)."""
    urls = [
        (value, line, column, free, host)
        for value, line, column, free in members
        if "://" in value and (host := base_url_host(value, generic_key=False)) is not None
    ]
    known = [_known_host(host, recognizer.endpoint_hosts) for *_, host in urls]
    if sum(known) < 2 or sum(known) * 2 < len(urls):
        return
    for (value, line, column, free, host), is_known in zip(urls, known, strict=True):
        if free and not is_known:
            collector.add(host, RefType.API_ENDPOINT, line, column + max(value.lower().find(host), 0), value)


def _reads_as_api_name(recognizer: Recognizer, value: str) -> bool:
    """A list's name that reads as a model's: letters and a digit (`glm-4-plus`), or a word of model names and
    nothing of a dataset's or a code repository's (`bge-large-en`, `code-llama`; not `sql-examples`). Not a
    prefix a name is tested by (`gpt-`, `claude-3.`)."""
    if value.endswith(("-", "_", ".", "/", ":")):
        return False
    if API_NAME.fullmatch(value):
        return True
    lowered = value.lower()
    return (
        _REGISTRY_NAME.fullmatch(value) is not None
        and _searches(recognizer.model_name_pattern, lowered)
        and not _searches(recognizer.not_model_pattern, lowered)
    )


def add_sibling(collector: Collector, recognizer: Recognizer, value: str, line: int, column: int) -> None:
    """A string beside a recognised model id in one list, table or call: a hub id whatever its org (not a
    placeholder, not a name that reads as a dataset or a code repository); a route to a catalogued API
    name (`openai/gpt-4o` beside `Qwen/Qwen3-8B`) is that API's model, never a hub repo."""
    if route_hosted_model(recognizer, value.strip()) is not None:
        return
    mid = recognizer.model_id(value, in_slot=True)
    routed = mid is not None and mid.ref_type is RefType.HOSTED_MODEL and "/" in value  # perplexity/sonar
    if mid is None or (mid.ref_type is not RefType.HUB_MODEL and not routed):
        return
    if _searches(recognizer.not_model_pattern, mid.id.rpartition("/")[2].lower()):
        return
    collector.add_model(mid, line, column, value)


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
    except RecursionError:
        collector.issue(None, f"{what} does not parse: nested too deeply", fallback)
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
