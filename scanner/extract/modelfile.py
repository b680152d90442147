"""Ollama Modelfiles: `FROM` and `ADAPTER` name the model (an Ollama tag, an hf.co id or a local file).

    FROM qwen2.5:7b                      -> Ollama model qwen2.5:7b
    FROM hf.co/bartowski/X-GGUF:Q4_K_M   -> hub model bartowski/X-GGUF
    FROM ./qwen2.5-7b-q4_k_m.gguf        -> model file, path relative to the scan root
    ADAPTER ./lora.safetensors           -> model file

Everything else (PARAMETER, TEMPLATE and SYSTEM text, LICENSE text, MESSAGE) is not a reference.
"""

from __future__ import annotations

import posixpath
import re

from scanner.extract.base import Collector, Recognizer
from scanner.lazyregex import lazy_compile
from scanner.records import ExtractResult, RefType

_INSTRUCTION = lazy_compile(r"^(\s*)(FROM|ADAPTER)(\s+)(\S+)", re.I)
_TRIPLE = '"""'
MODEL_FILE_SUFFIXES = (".gguf", ".ggml", ".bin", ".safetensors", ".pt", ".pth", ".ckpt", ".onnx")


def extract_modelfile(text: str, path: str, recognizer: Recognizer) -> ExtractResult:
    collector = Collector(path, "modelfile")
    in_block = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_block:
            if line.count(_TRIPLE) % 2 == 1:
                in_block = False
            continue
        if line.count(_TRIPLE) % 2 == 1:  # a multi-line TEMPLATE/SYSTEM/LICENSE text starts here
            in_block = True
            continue
        modelfile_line(collector, recognizer, line, number, 1)
    return collector.result()


def modelfile_line(collector: Collector, recognizer: Recognizer, line: str, number: int, col0: int) -> None:
    m = _INSTRUCTION.match(line)
    if not m:
        return
    value = m.group(4).strip("\"'")
    column = col0 + m.start(4) + (1 if m.group(4)[:1] in "\"'" else 0)
    if is_local_path(value):
        collector.add(
            model_file_id(collector.path, value), RefType.MODEL_FILE, number, column, value, version_spec=None
        )
        return
    if m.group(2).upper() == "ADAPTER":
        mid = recognizer.model_id(value, in_slot=True)
    else:
        mid = recognizer.model_id(value, in_slot=True, ollama_context=True)
    if mid is not None:
        collector.add_model(mid, number, column, value)


def is_local_path(value: str) -> bool:
    lowered = value.lower()
    return (
        value.startswith(("./", "../", "/", "~", ".\\"))
        or bool(re.match(r"^[A-Za-z]:[\\/]", value))
        or lowered.endswith(MODEL_FILE_SUFFIXES)
        or "\\" in value
    )


def model_file_id(modelfile_path: str, value: str) -> str:
    """The model file's path: relative to the scan root when written relative to the Modelfile."""
    value = value.replace("\\", "/")
    if value.startswith(("/", "~")) or re.match(r"^[A-Za-z]:/", value):
        return value
    folder = posixpath.dirname(modelfile_path)
    return posixpath.normpath(posixpath.join(folder, value))
