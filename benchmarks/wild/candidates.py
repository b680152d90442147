"""Broad candidate pass for labelling a repository by hand, independent of the scanner.

    python benchmarks/wild/candidates.py REPO_DIR [--subdir PATH] > candidates.tsv

Lists every token in the repository's files that *could* be a model reference, so that a person
decides each one (model / mention / dataset / other) without the scanner's help. It imports nothing
from `scanner`: the ground truth must not inherit the scanner's blind spots. It over-generates on
purpose; a candidate it misses is a reference the labels miss, so the classes are wide:

- hubid:   every `org/name`-shaped token (one slash), and `org/name/file.ext` for a model-file suffix
- url:     every hub URL or URI (huggingface.co, hf.co, hf-mirror.com, modelscope.cn/.ai, hf://,
           ollama://, ms://, modelscope://, models--org--name cache folders)
- tag:     every `name:tag` / `user/name:tag` token whose tag is not only digits (ports)
- host:    every URL whose host belongs to a model provider, a hub or an inference service
- hosted:  every token shaped like a hosted-API model name (gpt-4o, qwen-max, deepseek-chat, ...)
- legacy:  every quoted org-less legacy hub id (bert-base-uncased, gpt2, t5-small, ...)

Files in scope are those a default scan reads: not documentation (.md, .rst, ...), not binary
(a NUL byte in the first 8 KiB), at most 2 MiB, outside .git, node_modules, virtualenvs and caches.
Output columns: path, line, col, class, token, context (the line, stripped, at most 200 characters).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

EXCLUDED_DIRS = {
    ".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".venv", "venv", ".eggs", "site-packages", ".ipynb_checkpoints", ".cache", ".idea",
    ".vscode", ".gradle", "bower_components",
}  # fmt: skip
DOC_SUFFIXES = (".md", ".markdown", ".rst", ".adoc", ".mdx")
MAX_SIZE = 2 * 1024 * 1024
MODEL_FILE_SUFFIX = r"\.(?:pt|pth|bin|ckpt|safetensors|gguf|onnx|pkl|h5|msgpack|model|tflite)"

_SEG = r"[A-Za-z0-9][\w.-]{0,95}"
HUBID = re.compile(rf"(?<![\w./@:%$-])({_SEG}/{_SEG}(?:/[\w.-]+{MODEL_FILE_SUFFIX})?)(?![\w/-])")
URL = re.compile(
    r"(?i)(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co|hf-mirror\.com|modelscope\.(?:cn|ai)"
    r"|ollama\.(?:com|ai))/[^\s\"'`<>)\]},]+"
    r"|(?:hf|ollama|ms|modelscope)://[^\s\"'`<>)\]},]+"
    r"|models--[\w.-]+?--[\w.-]+"
)
TAG = re.compile(r"(?<![\w./@:-])((?:[a-z0-9][\w.-]*/)?[A-Za-z0-9][\w.-]*:(?![0-9]+(?![\w.-]))[\w.-]+)(?![\w:/-])")
HOST_WORDS = (
    "openai", "deepseek", "dashscope", "aliyuncs", "moonshot", "bigmodel", "z.ai", "minimax", "volces",
    "baidubce", "siliconflow", "lingyiwanwu", "baichuan", "stepfun", "hunyuan", "tencent", "xf-yun",
    "anthropic", "googleapis", "mistral.ai", "groq", "together", "openrouter", "cohere", "x.ai",
    "perplexity", "fireworks", "azure", "huggingface", "hf.co", "modelscope", "ollama", "sensenova",
    "360.cn", "xiaomimimo", "moonshot", "deepinfra", "replicate", "cerebras", "nvidia", "bedrock",
    "sambanova", "novita", "lepton", "anyscale", "volcengine", "kimi", "zhipu", "qwen", "ai.azure",
)  # fmt: skip
HOST = re.compile(r"(?i)\b(?:https?|wss?)://([a-z0-9.-]+\.[a-z]{2,})(?::\d+)?")
HOSTED = re.compile(
    r"(?i)(?<![\w./-])("
    r"gpt-?[345][\w.-]*|chatgpt-[\w.-]+|o[134](?:-mini|-preview|-pro)?(?:-[\d-]+)?|text-embedding-[\w.-]+"
    r"|text-davinci-\d+|davinci-\d+|whisper-1|tts-1[\w-]*|dall-e-\d|claude-[\w.-]+|gemini-[\w.-]+"
    r"|qwen-(?:max|plus|turbo|long|flash|coder|vl|audio|math|omni|mt)[\w.-]*|qwq-[\w.-]+|qvq-[\w.-]+"
    r"|qwen[\d.]*-(?:max|plus|turbo|flash|coder-plus)[\w.-]*"
    r"|deepseek-(?:chat|reasoner|coder)|moonshot-v1-[\w.-]+|kimi-[\w.-]+|glm-[\w.-]+|chatglm_[\w.-]+"
    r"|ernie-[\w.-]+|doubao-[\w.-]+|abab[\w.-]+|minimax-[\w.-]+|hunyuan-[\w.-]+|yi-(?:large|medium|lightning|spark|vision)[\w.-]*"
    r"|baichuan\d-[\w.-]+|step-\d[\w.-]*|mistral-(?:large|small|medium|tiny|embed)[\w.-]*|codestral[\w.-]*"
    r"|command-r[\w.-]*|command-a[\w.-]*|embed-(?:english|multilingual)[\w.-]*|grok-[\w.-]+|sonar[\w.-]*"
    r"|llama3?-[\w.-]+|mixtral-[\w.-]+|embedding-[23]|text-embedding-v\d|sensechat[\w.-]*|spark-?(?:lite|pro|max|ultra)[\w.-]*"
    r")(?![\w./-])"
)
LEGACY = re.compile(
    r"""(?<=["'])((?:bert|roberta|distilroberta|distilbert|albert|xlm-roberta|xlm|xlnet|gpt2|distilgpt2|t5|"""
    r"""bart|electra|deberta|camembert|flaubert|ctrl|openai-gpt|google-bert|facebook)(?:-[\w.-]+)?)(?=["'])"""
)


def in_scope(rel: str, path: Path) -> bool:
    if rel.lower().endswith(DOC_SUFFIXES):
        return False
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_SIZE:
            return False
        with path.open("rb") as handle:
            return b"\0" not in handle.read(8192)
    except OSError:
        return False


def files(root: Path) -> list[tuple[str, Path]]:
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in EXCLUDED_DIRS)
        for name in sorted(names):
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if in_scope(rel, path):
                out.append((rel, path))
    return out


def candidates(line: str) -> list[tuple[int, str, str]]:
    found: dict[tuple[int, str], str] = {}
    for m in URL.finditer(line):
        found[(m.start(), m.group(0))] = "url"
    for m in HOST.finditer(line):
        host = m.group(1).lower()
        if any(word in host for word in HOST_WORDS):
            found.setdefault((m.start(), m.group(0)), "host")
    covered = [(start, start + len(tok)) for (start, tok) in found]

    def free(start: int) -> bool:
        return not any(a <= start < b for a, b in covered)

    for pattern, klass in ((HUBID, "hubid"), (TAG, "tag"), (HOSTED, "hosted"), (LEGACY, "legacy")):
        for m in pattern.finditer(line):
            token = m.group(1).rstrip(".")
            if free(m.start(1)) and (m.start(1), token) not in found:
                found[(m.start(1), token)] = klass
    return sorted((start + 1, klass, token) for (start, token), klass in found.items())


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    root = Path(argv[0])
    subdirs = [argv[i + 1] for i, a in enumerate(argv) if a == "--subdir"]
    out = sys.stdout
    out.write("path\tline\tcol\tclass\ttoken\tcontext\n")
    for rel, path in files(root):
        if subdirs and not any(rel == s or rel.startswith(s.rstrip("/") + "/") for s in subdirs):
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if len(line) > 4000:  # minified or data lines: scan, but keep the context short
                pass
            for col, klass, token in candidates(line):
                context = line.strip().replace("\t", " ")[:200]
                out.write(f"{rel}\t{number}\t{col}\t{klass}\t{token}\t{context}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
