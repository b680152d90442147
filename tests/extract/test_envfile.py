""".env files: model keys, Ollama keys, endpoints; API model names and datasets are not references."""

from __future__ import annotations

from scanner.extract.envfile import extract_env


def test_env_file(recognizer) -> None:
    text = (
        "# local\r\n"
        "OPENAI_BASE_URL=https://api.deepseek.com/v1\r\n"
        "LLM_MODEL=deepseek-chat\r\n"
        "OPENAI_MODEL = gpt-4o\r\n"
        'EMBEDDING_MODEL="BAAI/bge-large-zh-v1.5"  # embeddings\r\n'
        "export OLLAMA_MODEL='qwen2.5-coder:7b'\r\n"
        "RERANKER_MODEL=acme/reranker-v1 # ours\r\n"
        "DATASET_ID=Qwen/not-a-model\r\n"
        "CACHE_DIR=./models/Qwen/Qwen2.5-7B\r\n"
        "garbage line without equals Qwen/Qwen3-8B\r\n"
    )
    result = extract_env(text, ".env", recognizer)
    found = {(r.id, r.line, r.ref_type.value, r.column) for r in result.references}
    assert found == {
        ("api.deepseek.com", 2, "api_endpoint", 25),
        # hosted API model names are references of their own kind
        ("deepseek-chat", 3, "hosted_model", 11),
        ("gpt-4o", 4, "hosted_model", 16),
        ("BAAI/bge-large-zh-v1.5", 5, "hub_model", 18),
        ("qwen2.5-coder:7b", 6, "ollama_model", 22),
        ("acme/reranker-v1", 7, "hub_model", 16),
        ("Qwen/Qwen3-8B", 10, "hub_model", 29),
    }


def test_ollama_settings_that_are_not_models(recognizer) -> None:
    text = (
        "### Ollama Emulating Model and Tag\n"
        "# OLLAMA_EMULATING_MODEL_NAME=lightrag\n"
        "OLLAMA_EMULATING_MODEL_TAG=latest\n"
        "OLLAMA_MODELS_DIR=/data/ollama\n"
        "OLLAMA_LLM_NUM_CTX=32768\n"
        "OLLAMA_MODEL_PREF=llama2\n"
        "OLLAMA_MODEL=qwen2.5:7b\n"
    )
    found = {(r.id, r.line, r.ref_type.value) for r in extract_env(text, "env.example", recognizer).references}
    assert found == {("llama2:latest", 6, "ollama_model"), ("qwen2.5:7b", 7, "ollama_model")}


def test_a_setting_commented_out_and_a_note_name_mentions(recognizer) -> None:
    # the template offers what is commented out; nothing runs it: mentions, not dependencies
    text = (
        "LLM_MODEL=glm-4-plus\n"
        "# LLM_MODEL=moonshot-v1-8k\n"
        "#EMBEDDING_MODEL='BAAI/bge-m3'\n"
        "# OLLAMA_MODEL=qwen2.5:7b\n"
        "# OLLAMA_SERVED_MODEL_NAME=my-assistant\n"
        "# the default base is https://api.deepseek.com/v1\n"
    )
    found = {
        (r.id, r.line, r.ref_type.value, r.mention) for r in extract_env(text, ".env.example", recognizer).references
    }
    assert found == {
        ("glm-4-plus", 1, "hosted_model", False),
        ("moonshot-v1-8k", 2, "hosted_model", True),
        ("BAAI/bge-m3", 3, "hub_model", True),
        ("qwen2.5:7b", 4, "ollama_model", True),
        ("api.deepseek.com", 6, "api_endpoint", True),
    }


def test_a_whole_value_that_is_a_models_name_counts_whatever_its_key(recognizer) -> None:
    # as in YAML and JSON data: Azure names a deployment after its model; a version or a path is no name
    text = (
        "AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-4o-mini\n"
        "AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT='text-embedding-3-small'\n"
        "OPENAI_API_VERSION=2024-02-15-preview\n"
        "EVAL_DATASET=glm-4-plus\n"
        "OUTPUT=./runs/qwen-max\n"
    )
    found = {(r.id, r.line, r.ref_type.value) for r in extract_env(text, ".env", recognizer).references}
    assert found == {("gpt-4o-mini", 1, "hosted_model"), ("text-embedding-3-small", 2, "hosted_model")}
