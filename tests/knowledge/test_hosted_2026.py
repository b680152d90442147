"""Hosted API names code written in 2025-2026 sends (rules/hosted.yaml): each is a hosted model of its lab, and the
plain words, versions and weights' spellings next to them are not."""

from __future__ import annotations

import pytest

from scanner.extract.base import Recognizer
from scanner.knowledge import Knowledge
from scanner.records import RefType

NEW_NAMES = [
    # Zhipu / Z.ai vision models
    ("glm-4.6v-flash", "zhipu"),
    ("glm-4.6v-flashx", "zhipu"),
    ("glm-4.1v-thinking-flash", "zhipu"),
    ("glm-4.1v-thinking-flashx", "zhipu"),
    # xAI
    ("grok-4.20-reasoning", "xai"),
    ("grok-4.20-non-reasoning", "xai"),
    ("grok-4.20-multi-agent", "xai"),
    ("grok-4.20-multi-agent-0309", "xai"),
    ("grok-build-0.1", "xai"),
    ("grok-imagine-image", "xai"),
    ("grok-imagine-image-quality", "xai"),
    ("grok-imagine-video", "xai"),
    # StepFun
    ("step-3.5-flash", "stepfun"),
    ("step-3.5-flash-2603", "stepfun"),
    # Meituan LongCat
    ("LongCat-2.0", "meituan"),
    # Xiaomi MiMo
    ("mimo-v2-flash", "xiaomi"),
    ("mimo-v2-pro", "xiaomi"),
    ("mimo-v2-omni", "xiaomi"),
    ("mimo-v2.5", "xiaomi"),
    ("mimo-v2.5-pro", "xiaomi"),
    ("mimo-v2.5-tts", "xiaomi"),
    ("mimo-v2.5-asr", "xiaomi"),
    # iFlytek Spark
    ("spark-x", "iflytek"),
    ("spark-x2.5", "iflytek"),
    ("spark-x2.5-4b", "iflytek"),
    # Baichuan
    ("Baichuan-M2", "baichuan"),
    ("Baichuan-M2-Plus", "baichuan"),
    ("Baichuan-M3-Plus", "baichuan"),
    # Tencent Hunyuan
    ("hunyuan-2.0-thinking-20251109", "tencent"),
    ("hunyuan-2.0-instruct", "tencent"),
    # MiniMax speech
    ("speech-02-hd", "minimax"),
    ("speech-02-turbo", "minimax"),
    ("speech-2.6-hd", "minimax"),
    # Google
    ("gemini-robotics-er-1.5-preview", "google"),
    ("gemini-robotics-er-1.6-preview", "google"),
    # OpenAI
    ("gpt-image-1.5", "openai"),
    ("gpt-image-1-mini", "openai"),
    ("gpt-image-2", "openai"),
]

NEAR_MISSES = [
    # plain words and versions: iFlytek's own `lite`, `general`, `x1` are left out on purpose
    "lite",
    "pro",
    "max",
    "general",
    "x1",
    "v1",
    "step-3",
    "step-3.5",
    "hunyuan-2.0",
    "mimo-v2",
    "speech-03",
    "spark-x1",
    # open weights' spellings (hub models, not these APIs' names)
    "GLM-4.6V-Flash",
    "Step-3.5-Flash",
    "MiMo-V2-Flash",
    "Spark-X2.5-4B",
    "baichuan-m2-32b",
]


@pytest.mark.parametrize(("name", "lab"), NEW_NAMES)
def test_2026_api_name_is_a_hosted_model_of_its_lab(name: str, lab: str, recognizer: Recognizer, kb: Knowledge) -> None:
    mid = recognizer.hosted_model(name)
    assert mid is not None and mid.ref_type is RefType.HOSTED_MODEL, name
    entry = kb.hosted(name)
    assert entry is not None and entry["lab"] == lab


@pytest.mark.parametrize("name", NEAR_MISSES)
def test_plain_words_versions_and_weights_names_are_not_hosted_models(
    name: str, recognizer: Recognizer, kb: Knowledge
) -> None:
    assert recognizer.hosted_model(name) is None
    assert kb.hosted(name) is None


@pytest.mark.parametrize(
    ("name", "lab", "country"),
    [
        ("cohere.command-r-plus-v1:0", "cohere", "CA"),
        ("mistral.mixtral-8x7b-instruct-v0:1", "mistral", "FR"),
        ("ai21.jamba-instruct-v1:0", "ai21", "IL"),
        ("us.deepseek.r1-v1:0", "deepseek", "CN"),  # a cross-region inference profile
        ("qwen.qwen3-32b-v1:0", "alibaba-qwen", "CN"),
        ("amazon.nova-pro-v1:0", "amazon", "US"),
    ],
)
def test_a_bedrock_id_comes_from_the_lab_its_prefix_names(name: str, lab: str, country: str, kb: Knowledge) -> None:
    """Bedrock serves other labs' models under `lab.model` ids: the model comes from that lab, whoever runs
    the API (the operator's country is a fact of its endpoint)."""
    from scanner.resolve.resolver import Resolver

    model = Resolver(kb).hosted(name)
    assert model is not None and model.kind == RefType.HOSTED_MODEL.value
    assert (model.origin.lab, model.origin.country) == (lab, country)
    assert "Amazon Bedrock" in model.evidence[0].detail
