"""YAML that holds shell: CI run/script blocks, compose command/environment, Kubernetes env; images are not models."""

from __future__ import annotations

from scanner.extract.structured import extract_json, extract_yaml


def refs(text: str, recognizer, path: str = "ci.yml") -> set[tuple[str, int, str]]:
    return {(r.id, r.line, r.ref_type.value) for r in extract_yaml(text, path, recognizer).references}


def test_github_workflow(recognizer) -> None:
    text = (
        "jobs:\n"
        "  t:\n"
        "    container:\n"
        "      image: nvidia/cuda:12.4.1-runtime\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: huggingface/hf-action@v1\n"
        "      - run: |\n"
        "          pip install openai\n"
        "          hf download Qwen/Qwen3-8B\n"
        "          python x.py --model acme/x-7b \\\n"
        "            --dataset Qwen/not-a-model\n"
        "      - env:\n"
        "          JUDGE_MODEL: zai-org/GLM-4.5\n"
        "        run: python eval.py --model gpt-4o\n"
    )
    assert refs(text, recognizer) == {
        ("openai", 9, "sdk_package"),
        ("Qwen/Qwen3-8B", 10, "hub_model"),
        ("acme/x-7b", 11, "hub_model"),
        ("zai-org/GLM-4.5", 14, "hub_model"),
        ("gpt-4o", 15, "hosted_model"),
    }


def test_compose_and_kubernetes(recognizer) -> None:
    compose = (
        "services:\n"
        "  llm:\n"
        "    image: vllm/vllm-openai:v0.6.3\n"
        '    command: ["--model", "acme/served-14b", "--port", "8000"]\n'
        "    environment:\n"
        "      - HF_MODEL_ID=moonshotai/Kimi-K2-Instruct\n"
        "      - HF_HOME=/data\n"
        "  tgi:\n"
        "    command: --model-id 01-ai/Yi-1.5-9B-Chat --max-input-length 4096\n"
        "  ollama:\n"
        "    image: ollama/ollama\n"
    )
    assert refs(compose, recognizer, "docker-compose.yml") == {
        ("acme/served-14b", 4, "hub_model"),
        ("moonshotai/Kimi-K2-Instruct", 6, "hub_model"),
        ("01-ai/Yi-1.5-9B-Chat", 9, "hub_model"),
    }
    k8s = (
        "spec:\n  containers:\n    - image: lmsysorg/sglang:latest\n"
        "      env:\n        - name: MODEL_PATH\n          value: acme/audio-chat\n"
        "        - name: LOG_LEVEL\n          value: acme/not-a-model-key\n"
    )
    assert refs(k8s, recognizer, "deploy.yaml") == {("acme/audio-chat", 6, "hub_model")}


def test_gitlab_script_lists_and_service_images(recognizer) -> None:
    text = (
        "image: python:3.11\nservices:\n  - postgres:16\n"
        "test:\n  script:\n    - pip install modelscope\n"
        "    - modelscope download --model ZhipuAI/glm-4-9b-chat\n"
    )
    assert refs(text, recognizer, ".gitlab-ci.yml") == {
        ("modelscope", 6, "sdk_package"),
        ("ZhipuAI/glm-4-9b-chat", 7, "modelscope_model"),
    }


def test_ollama_provider_makes_model_slots_ollama_tags(recognizer) -> None:
    yaml_text = "models:\n  - provider: ollama\n    model: qwen2.5-coder\n  - provider: openai\n    model: gpt-4o\n"
    assert refs(yaml_text, recognizer, "config.yaml") == {
        ("qwen2.5-coder:latest", 3, "ollama_model"),
        ("gpt-4o", 5, "hosted_model"),
    }
    json_text = '{"models": [{"provider": "ollama", "model": "llama3.1:8b"}, {"model": "deepseek/deepseek-chat"}]}'
    found = {(r.id, r.ref_type.value) for r in extract_json(json_text, "config.json", recognizer).references}
    assert found == {("llama3.1:8b", "ollama_model"), ("deepseek-chat", "hosted_model")}


def test_litellm_routes(recognizer) -> None:
    text = (
        "a:\n  model: ollama/qwen2.5:7b\n"
        "b:\n  model: huggingface/acme/chat-7b\n"
        "c:\n  model: deepseek/deepseek-chat\n"
        "d:\n  model: together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo\n"
    )
    assert refs(text, recognizer, "litellm.yaml") == {
        ("qwen2.5:7b", 2, "ollama_model"),
        ("acme/chat-7b", 4, "hub_model"),
        ("Qwen/Qwen2.5-72B-Instruct-Turbo", 8, "hub_model"),
        ("deepseek-chat", 6, "hosted_model"),
    }


def test_ci_env_values_reach_model_slots_through_variables(recognizer) -> None:
    text = (
        "env:\n"
        '  FORCE_COLOR: "1"\n'
        '  LLM_FOR_TESTS: "orca-mini"\n'
        '  UNUSED_NAME: "mistral"\n'
        "jobs:\n"
        "  run:\n"
        "    services:\n"
        "      ollama:\n"
        "        image: ollama/ollama:latest\n"
        "    steps:\n"
        "      - name: Pull the LLM in the Ollama service\n"
        "        run: docker exec ollama ollama pull ${{ env.LLM_FOR_TESTS }}\n"
    )
    assert refs(text, recognizer, ".github/workflows/ollama.yml") == {("orca-mini:latest", 3, "ollama_model")}


def test_litellm_proxy_routes_name_the_provider_api(recognizer) -> None:
    text = (
        "model_list:\n"
        "  - model_name: chat\n"
        "    litellm_params:\n"
        "      model: deepseek/deepseek-chat\n"
        "      api_key: os.environ/DEEPSEEK_API_KEY\n"
        "  - model_name: local\n"
        "    litellm_params:\n"
        "      model: ollama/qwen2.5:7b\n"
    )
    assert refs(text, recognizer, "litellm_config.yaml") == {
        ("api.deepseek.com", 4, "api_endpoint"),
        ("deepseek-chat", 4, "hosted_model"),
        ("qwen2.5:7b", 8, "ollama_model"),
    }


def test_commands_folded_over_several_lines_keep_each_line(recognizer) -> None:
    text = (
        "spec:\n"
        "  containers:\n"
        "    - name: leader\n"
        "      image: vllm/vllm-openai:v0.8.5\n"
        "      command:\n"
        "        - sh\n"
        "        - -c\n"
        '        - "bash /vllm-workspace/multi-node-serving.sh leader --ray_cluster_size=$(LWS_GROUP_SIZE); \n'
        '           python3 -m vllm.entrypoints.api_server --model meta-llama/Llama-3.1-405B-Instruct"\n'
        "services:\n"
        "  sglang:\n"
        "    entrypoint: python3 -m sglang.launch_server\n"
        "    command:\n"
        "      --model-path meta-llama/Meta-Llama-3.1-8B-Instruct\n"
        "      --host 0.0.0.0\n"
        "  tgi:\n"
        "    command: >\n"
        "      --model-id\n"
        "      acme-labs/private-13b\n"
        "      --port 80\n"
    )
    # the flag and its value on different lines of a folded value are still one flag; each id at its own line
    assert refs(text, recognizer, "deploy.yaml") == {
        ("meta-llama/Llama-3.1-405B-Instruct", 9, "hub_model"),
        ("meta-llama/Meta-Llama-3.1-8B-Instruct", 14, "hub_model"),
        ("acme-labs/private-13b", 19, "hub_model"),
    }
