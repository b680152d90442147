"""Recognizing model ids in strings: hub ids, hub URLs, hf:// and ollama:// URIs, Ollama tags.

A string in a *model slot* (a keyword argument, CLI flag or config key that names a model) is
accepted whatever its org; anywhere else only when its org is a known lab or redistributor.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from scanner.lazyregex import LazyPattern, lazy_compile
from scanner.records import RefType

# Hugging Face repo id rules: org and name of [A-Za-z0-9._-], not starting or ending with - or .,
# at most 96 characters each.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
HUB_ID = lazy_compile(rf"^({_PART})/({_PART})$")
OLLAMA_TAG = lazy_compile(
    r"^(?:(?:registry\.)?ollama\.(?:ai|com)/)?(?:library/)?([a-z0-9][a-z0-9._-]*):([A-Za-z0-9._-]+)$"
)
QUANT_TAG = lazy_compile(r"^(?:I?Q\d(?:_[A-Z0-9]+)*|[BF]?F16|F32|UD-[\w-]+)$", re.I)
# Ollama compares model names case-insensitively: given to Ollama, `Qwen2.5-14B-Instruct-GGUF:latest` is a name
OLLAMA_TAG_ANY_CASE = lazy_compile(
    r"^(?:(?:registry\.)?ollama\.(?:ai|com)/)?(?:library/)?([A-Za-z0-9][A-Za-z0-9._-]*):([A-Za-z0-9._-]+)$"
)
# Hugging Face cache folders spell the repo id: hub/models--Qwen--Qwen2.5-7B-Instruct/snapshots/<hash>
# (repo ids never hold "--", so the separator is unambiguous)
HF_CACHE_FOLDER = lazy_compile(
    r"(?:^|[/\\])models--((?:[A-Za-z0-9._]|-(?!-))+)--((?:[A-Za-z0-9._]|-(?!-))+)(?=$|[/\\])"
)
OLLAMA_USER_TAG = lazy_compile(r"^([a-z0-9][a-z0-9._-]*)/([a-z0-9][a-z0-9._-]*)(?::([A-Za-z0-9._-]+))?$")

# URL and URI prefixes that name a hub, with the hub they name.
_HUB_PREFIXES: tuple[tuple[LazyPattern[str], RefType], ...] = (
    (
        # the site's own pages are not repositories: huggingface.co/settings/tokens, /papers/2401.1, /collections/...
        lazy_compile(
            r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co|hf-mirror\.com)/(?!(?:datasets|spaces|docs|blog|papers|settings|login|join|pricing|learn|tasks|organizations|collections|posts|chat|enterprise|inference-endpoints|changelog|terms-of-service|privacy|new|welcome|oauth|billing|notifications|front|subscribe|avatars|static-proxy|buckets|api/datasets|api/spaces)(?:[/?#]|$))(?:api/models/)?",
            re.I,
        ),
        RefType.HUB_MODEL,
    ),
    (lazy_compile(r"^(?:hf|huggingface)://(?!datasets/|spaces/)(?:models/)?", re.I), RefType.HUB_MODEL),
    (
        # the model pages, the download API and API-Inference's per-model URLs (api-inference/v1/models/ORG/NAME);
        # the site's own pages are not repositories: modelscope.cn/my/myaccesstoken, /studios/ORG/NAME, /docs/...
        lazy_compile(
            r"^(?:https?://)?(?:www\.|api-inference\.)?modelscope\.(?:cn|ai)/"
            r"(?!(?:my|studios|datasets|docs|organization|mcp|aigc|learn|headlines|collections|brand|notebook|"
            r"dashboard|profile|search|login|register|home|topic|activity|competition|community)(?:[/?#]|$))"
            r"(?:api/v1/models/|models/|api-inference/v1/models/)?",
            re.I,
        ),
        RefType.MODELSCOPE_MODEL,
    ),
    (lazy_compile(r"^(?:ms|modelscope)://(?:models/)?", re.I), RefType.MODELSCOPE_MODEL),
)
_OLLAMA_PREFIX = lazy_compile(r"^ollama://", re.I)
_HF_URL_TAIL = lazy_compile(r"/(?:resolve|tree|blob|raw|commit|discussions|commits|repo)(?:[/?].*)?$")
# a repo id with one of its weight files after it: `org/name-GGUF/name.Q4_K_M.gguf`, `org/name/model.pt`
_REPO_FILE = lazy_compile(
    r"^([^/]+/[^/]+)/(?:[\w.-]+/)?[\w.-]+\.(?:gguf|safetensors|bin|pt|pth|ckpt|onnx|msgpack|h5|tflite)$", re.I
)

# Strings that look like org/name but are not models.
_NOT_ORGS = frozenset(
    {
        "datasets",
        "spaces",
        "docs",
        "api",
        "usr",
        "home",
        "tmp",
        "var",
        "etc",
        "opt",
        "mnt",
        "src",
        "lib",
        "bin",
        "data",
        "models",
        "model",
        "output",
        "outputs",
        "checkpoints",
        "checkpoint",
        "http:",
        "https:",
        "application",
        "text",
        "image",
        "audio",
        "video",
        "multipart",
        "font",
        "refs",
        "origin",
        "actions",
        "github",
        "node_modules",
        "test",
        "tests",
        "config",
        "configs",
        "static",
        "assets",
        "public",
        "build",
        "dist",
        "runs",
        "logs",
        "cache",
        "weights",
        "local",
        # API version segments of a path (`v1/embeddings`)
        "v1",
        "v2",
        "v3",
        "v4",
        # namespaces of an RL run's metric names (`actor/pg_clipfrac`, `critic/vf_clipfrac`; see also below)
        "actor",
        "critic",
        "rollout",
        "timing_s",
        "perf",
        # folders of one's own runs: LLaMA-Factory's saves/, exp/, results/, ...
        "saves",
        "save",
        "exp",
        "exps",
        "experiments",
        "results",
        "out",
        "artifacts",
        "ckpt",
        "ckpts",
        "adapters",
        "loras",
        "merged",
        "exports",
        "workspace",
        "downloads",
        "storage",
        "resources",
        # local folders where a project keeps weights it downloaded
        "pretrained_models",
        "pretrained",
        "autodl-tmp",  # AutoDL's data disk, where tutorials keep downloaded weights
        "model_zoo",
        "hf_models",
        "local_models",
        # Kubernetes resources named on a command line (kubectl rollout status deployment/NAME)
        "deployment",
        "deployments",
        "deploy",
        "statefulset",
        "statefulsets",
        "sts",
        "daemonset",
        "replicaset",
        "svc",
        "service",
        "services",
        "pod",
        "pods",
        "job",
        "jobs",
        "cronjob",
        "configmap",
        "cm",
        "secret",
        "secrets",
        "ingress",
        "pvc",
        "node",
        "nodes",
        "namespace",
        "ns",
        "crd",
        # namespaces of logged metrics (`loss/reduced_llm_loss`, `train/grad_norm`) and of a docs site's pages
        "loss",
        "losses",
        "metric",
        "metrics",
        "train",
        "eval",
        "val",
        "integrations",
        "asset",
    }
)
# words that fill an Ollama slot without naming a model (OLLAMA_MODEL_TAG=latest, model: "default")
_NOT_OLLAMA_NAMES = frozenset({"latest", "default", "none", "null", "true", "false", "auto", "custom", "local"})
FILE_SUFFIX = lazy_compile(
    r"\.(py|ipynb|json|jsonl|ya?ml|toml|txt|md|rst|csv|tsv|parquet|arrow|sh|cfg|ini|lock|html?|js|ts|"
    r"png|jpe?g|gif|svg|pdf|zip|gz|tgz|tar|whl|bin|pt|pth|ckpt|safetensors|gguf|onnx|pkl|npy|npz|h5|"
    r"xml|wav|mp3|mp4|flac|log|proto|go|rs|java|cpp|tsx|jsx|vue|css|conf|tflite|mlmodel|git|faiss)$",
    re.I,
)


class ModelId(NamedTuple):
    id: str
    ref_type: RefType
    quant_tag: str | None = None  # e.g. Q4_K_M from hf.co/org/name:Q4_K_M


class HostedName(NamedTuple):
    """A hosted API's model id taken apart: `@cf/meta/llama-3.1-8b-instruct` is prefix `@cf/` and served name
    `meta/llama-3.1-8b-instruct`; `anthropic/claude-3.5-sonnet:beta` is served name
    `anthropic/claude-3.5-sonnet` and variant `beta`."""

    prefix: str
    served: str
    variant: str


def hosted_name(text: str, prefixes: tuple[str, ...], variants: frozenset[str]) -> HostedName:
    """text without a hosted API's prefix and a router's variant suffix (vocabulary kinds hosted-prefixes and
    router-variants); either part is empty when text has none. A router's ids are lower case
    (`qwen/qwen3-32b:free`): `Qwen/Qwen3-32B:thinking` is a hub id with a project's own tag, not a variant."""
    lowered = text.lower()
    prefix = next((p for p in prefixes if lowered.startswith(p) and len(text) > len(p)), "")
    served, colon, variant = text[len(prefix) :].rpartition(":")
    if not colon or not served or variant not in variants or (not prefix and served != served.lower()):
        return HostedName(text[: len(prefix)], text[len(prefix) :], "")
    return HostedName(text[: len(prefix)], served, variant)


def parse_model_id(
    value: str,
    *,
    in_slot: bool,
    known_orgs: frozenset[str],
    ollama_context: bool = False,
    ollama_names: frozenset[str] = frozenset(),
) -> ModelId | None:
    """Recognize value as a model reference, or return None.

    in_slot: the value sits where a model is expected (so an unknown org is accepted).
    ollama_context: the value is given to Ollama (so a bare name:tag or name is an Ollama model).
    """
    text = value.strip().strip("\"'`")
    if not text or len(text) > 300 or any(c.isspace() for c in text):
        return None
    if _OLLAMA_PREFIX.match(text):
        text = _OLLAMA_PREFIX.sub("", text)
        ollama_context = True
    for prefix, ref_type in _HUB_PREFIXES:
        if prefix.match(text):
            rest = _HF_URL_TAIL.sub("", prefix.sub("", text, count=1)).rstrip("/")
            rest, _, url_quant = rest.partition(":")
            rest = rest.split("?")[0].split("#")[0]
            parts = rest.split("/")
            if len(parts) == 2 and parts[1].endswith(".git"):  # git clone https://huggingface.co/org/name.git
                parts[1] = parts[1][: -len(".git")]
            if len(parts) >= 2 and HUB_ID.match(f"{parts[0]}/{parts[1]}") and parts[0].lower() not in _NOT_ORGS:
                return ModelId(f"{parts[0]}/{parts[1]}", ref_type, url_quant or None)
            return None
    if "://" in text:
        return None
    tag = (OLLAMA_TAG_ANY_CASE if ollama_context else OLLAMA_TAG).match(text)
    if (
        tag
        and (ollama_context or ollama_library_name(tag.group(1), tag.group(2), ollama_names))
        and tag.group(1).lower() not in _NOT_OLLAMA_NAMES
    ):
        return ModelId(f"{tag.group(1)}:{tag.group(2)}", RefType.OLLAMA_MODEL)
    if (
        ollama_context
        and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", text)
        and not FILE_SUFFIX.search(text)
        and text not in _NOT_OLLAMA_NAMES
    ):
        return ModelId(f"{text}:latest", RefType.OLLAMA_MODEL)
    if ollama_context:
        # a user namespace of the Ollama registry: user/name[:tag]
        # (an org of a hub lab is a hub id given to something Ollama-flavoured, not an Ollama user)
        user = OLLAMA_USER_TAG.match(text)
        if (
            user
            and user.group(1) not in known_orgs
            and user.group(1) not in _NOT_ORGS
            and not FILE_SUFFIX.search(user.group(2))
        ):
            return ModelId(f"{user.group(1)}/{user.group(2)}:{user.group(3) or 'latest'}", RefType.OLLAMA_MODEL)
    quant: str | None = None
    if ":" in text:  # llama.cpp `-hf org/name:Q4_K_M` names a quantization of a GGUF repo
        head, _, tail = text.rpartition(":")
        if QUANT_TAG.match(tail):
            text, quant = head, tail
    if "models--" in text:  # a cache folder spells the repo id, whatever the org
        cache = HF_CACHE_FOLDER.search(text)
        if cache and HUB_ID.match(f"{cache.group(1)}/{cache.group(2)}"):
            return ModelId(f"{cache.group(1)}/{cache.group(2)}", RefType.HUB_MODEL)
    repo_file = _REPO_FILE.match(text)
    if repo_file:
        text = repo_file.group(1)
    match = HUB_ID.match(text)
    if not match:
        return None
    org, name = match.group(1), match.group(2)
    if org.lower() in _NOT_ORGS or FILE_SUFFIX.search(name) or org.startswith(".") or name.startswith("."):
        return None
    if org.lower() in known_orgs:
        return ModelId(text, RefType.HUB_MODEL, quant)
    if in_slot and _plausible_unknown_org_id(org, name):
        return ModelId(text, RefType.HUB_MODEL, quant)
    return None


# a tag that names a size or a quantization (7b, 0.5b, 8x7b, e4b, 3b-instruct-q4_K_M, latest)
_SIZE_TAG = lazy_compile(r"(?:\d+(?:\.\d+)?[bm]|\d+x\d+b|e\d+b|a\d+b)(?:-[\w.-]+)?|latest", re.I)
_FAMILY_STEM = lazy_compile(r"[a-z]+(?:-[a-z]+)*")


def ollama_library_name(name: str, tag: str, ollama_names: frozenset[str]) -> bool:
    """Is name:tag a tag of the Ollama library? Its name is a library name, or a new version of a library
    family (`qwen3.5:4b` beside `qwen3`, `llama3.2-vision:11b` beside `llama3`) with a size tag."""
    if name in ollama_names:
        return True
    if not any(c.isdigit() for c in name) or not _SIZE_TAG.fullmatch(tag):
        return False
    stem = _FAMILY_STEM.match(name)
    return stem is not None and stem.group(0) in _family_stems(ollama_names)


@lru_cache(maxsize=4)
def _family_stems(ollama_names: frozenset[str]) -> frozenset[str]:
    """The leading words of the library's versioned names: qwen2.5 -> qwen, deepseek-r1 -> deepseek-r."""
    stems = set()
    for known in ollama_names:
        m = _FAMILY_STEM.match(known)
        if m and any(c.isdigit() for c in known) and len(m.group(0)) >= 3:
            stems.add(m.group(0))
    return frozenset(stems)


def _plausible_unknown_org_id(org: str, name: str) -> bool:
    """An unknown org/name in a model slot: reject what reads like a path or module."""
    if org.isdigit() or name.isdigit():
        return False
    if re.fullmatch(r"v?\d+(\.\d+)*", name):  # "foo/1.2" is a version, not a repo
        return False
    return not (org.islower() and name.islower() and "_" in org and "_" in name and "-" not in name)
