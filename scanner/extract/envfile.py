""".env files and other KEY=value environment files (`.env`, `.env.example`, `*.env`, `.envrc`).

A key that names a model is a model slot (`EMBEDDING_MODEL=BAAI/bge-m3`); an Ollama key makes its value
an Ollama tag (`OLLAMA_MODEL=qwen2.5:7b`); any value is scanned for known ids and API hosts
(`OPENAI_BASE_URL=https://api.deepseek.com`); a hosted API's model name in a model key (`MODEL=gpt-4o`) is a
hosted_model reference. A setting commented out (`# MODEL=gpt-4o`) and a note name mentions: the template
offers them, nothing runs them.
"""

from __future__ import annotations

import re

from scanner.extract.base import (
    Collector,
    Recognizer,
    is_dataset_key,
    is_image_key,
    named_value,
    scan_line_text,
    talks_to_ollama,
)
from scanner.extract.ids import ollama_library_name
from scanner.extract.shell import Token, assignment
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, Reference, RefType

_LINE = lazy_compile(r"^\s*(?:export\s+|set\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*?)\s*$")


def extract_env(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "env")
    collector.ollama_hint = talks_to_ollama(recognizer, text)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):  # a setting commented out, or a note: what it names is a mention
            before = len(collector.references)
            _line(collector, recognizer, line.replace("#", " ", 1) if _COMMENTED_SETTING.match(line) else line, number)
            collector.references[before:] = [
                r._replace(mention=True) for r in collector.references[before:] if _named_on_its_own(r, recognizer)
            ]
            continue
        _line(collector, recognizer, line, number)
    return collector.result()


# `# OPENAI_MODEL=gpt-4o`: a setting of the template, commented out (not prose: no space inside the key)
_COMMENTED_SETTING = lazy_compile(r"^\s*#\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=")


def _named_on_its_own(ref: Reference, recognizer: Recognizer) -> bool:
    """A mention needs a name that reads as a model without its key: `# OLLAMA_EMULATING_MODEL_NAME=lightrag`
    commented out is no Ollama model, though an Ollama key makes any value one where it is set."""
    if ref.ref_type is not RefType.OLLAMA_MODEL:
        return True
    name, _, tag = ref.id.partition(":")
    return ollama_library_name(name, tag, recognizer.ollama_names)


def _line(collector: Collector, recognizer: Recognizer, line: str, number: int) -> None:
    m = _LINE.match(line)
    if not m:
        scan_line_text(collector, recognizer, line, number)
        return
    raw = m.group(2)
    value, raw_value, offset = _unquote(raw)
    token = Token(value, raw_value, number, m.start(2) + 1 + offset, quoted=offset > 0)
    before = len(collector.references)
    assignment(collector, recognizer, m.group(1), token)
    if (
        len(collector.references) == before
        and value
        and " " not in value
        and not _not_a_model_key(recognizer, m.group(1))
    ):
        # AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-35-turbo: a whole value is a model's name whatever its key, as in
        # YAML and JSON data (scan_value); a shell variable is code, where `X=o3` may be anything
        named = named_value(collector, recognizer, value)
        if named is not None:
            collector.add_model(named, number, token.column, value)


def _not_a_model_key(recognizer: Recognizer, key: str) -> bool:
    return is_dataset_key(key) or is_image_key(key) or recognizer.is_not_model_key(key)


def _unquote(raw: str) -> tuple[str, str, int]:
    """(value, value as written, offset of the value in raw): quotes and trailing comments removed."""
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        inner = raw[1:end] if end > 0 else raw[1:]
        return inner, inner, 1
    value = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
    return value, value, 0
