""".env files and other KEY=value environment files (`.env`, `.env.example`, `*.env`, `.envrc`).

A key that names a model is a model slot (`EMBEDDING_MODEL=BAAI/bge-m3`); an Ollama key makes its value
an Ollama tag (`OLLAMA_MODEL=qwen2.5:7b`); any value is scanned for known ids and API hosts
(`OPENAI_BASE_URL=https://api.deepseek.com`); a hosted API's model name in a model key (`MODEL=gpt-4o`) is a
hosted_model reference.
"""

from __future__ import annotations

import re

from scanner.extract.base import Collector, Recognizer, scan_line_text
from scanner.extract.python import ollama_hint
from scanner.extract.shell import Token, assignment
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult

_LINE = lazy_compile(r"^\s*(?:export\s+|set\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*?)\s*$")


def extract_env(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "env")
    collector.ollama_hint = ollama_hint(text)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            scan_line_text(collector, recognizer, line, number)
            continue
        raw = m.group(2)
        value, raw_value, offset = _unquote(raw)
        token = Token(value, raw_value, number, m.start(2) + 1 + offset, quoted=offset > 0)
        assignment(collector, recognizer, m.group(1), token)
    return collector.result()


def _unquote(raw: str) -> tuple[str, str, int]:
    """(value, value as written, offset of the value in raw): quotes and trailing comments removed."""
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        inner = raw[1:end] if end > 0 else raw[1:]
        return inner, inner, 1
    value = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
    return value, value, 0
