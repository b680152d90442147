"""Model-name normalization: the name a quantization or format conversion was made from."""

from __future__ import annotations

import re

from scanner.lazyregex import lazy_compile

# Trailing tokens that say how weights were packaged, not what they are. Removed repeatedly.
_FORMAT_TOKEN = lazy_compile(
    r"""[-_.](
        gguf|ggml|awq|gptq|exl2|exl3|mlx|onnx|openvino|ov|coreml|tflite|hqq|eetq|marlin|
        fp4|nvfp4|fp8|fp16|bf16|fp32|f16|f32|int4|int8|nf4|mxfp4|imat|w4a16|w8a8|w8a16|w4a4|
        \d(?:\.\d+)?bits?|\d+bit|bnb|bnb-4bit|unsloth|unsloth-bnb|dynamic|fp8-dynamic|i1|imatrix|
        q\d(?:_[a-z0-9]+)*|iq\d(?:_[a-z0-9]+)*|k_m|k_s|k_l|gptq-int4|gptq-int8|awq-int4|quantized|
        quantized\.w4a16|quantized\.w8a8|llamafile|mlc(?:-\d+k|-b\d+)?|mlc-llm|q\d+f\d+(?:_\d+)?|ct2|ctranslate2|torchao|
        \d+bpw|h\d+|exl2-\d+bpw|safetensors|hf-gguf|gguf-\w+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def strip_format_suffixes(name: str) -> str:
    """'Qwen2.5-7B-Instruct-GGUF' -> 'Qwen2.5-7B-Instruct'; 'Llama-3.1-8B-Instruct-bnb-4bit' -> ..."""
    previous = None
    current = name
    while previous != current:
        previous = current
        current = _FORMAT_TOKEN.sub("", current)
    return current or name


def is_repackaged(name: str) -> bool:
    """The name carries quantization or format tokens: the weights are a repackaging."""
    return strip_format_suffixes(name) != name


def strip_org_prefix(name: str, known_orgs: frozenset[str]) -> str:
    """Re-uploaders that prefix the source org: 'deepseek-ai.DeepSeek-R1-Distill-Qwen-1.5B' -> the name."""
    head, dot, rest = name.partition(".")
    if dot and rest and head.lower() in known_orgs:
        return rest
    return name
