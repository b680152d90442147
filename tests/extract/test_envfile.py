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
