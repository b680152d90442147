"""JavaScript/TypeScript: model slots, Ollama calls, SDK imports, base URLs; comments are not read."""

from __future__ import annotations

from scanner.extract.javascript import extract_javascript


def refs(text: str, recognizer) -> set[tuple[str, int, str]]:
    return {(r.id, r.line, r.ref_type.value) for r in extract_javascript(text, "a.ts", recognizer).references}


def test_slots_calls_imports_and_hosts(recognizer) -> None:
    text = (
        'import OpenAI from "openai";\n'
        "const { pipeline } = require('@huggingface/transformers');\n"
        "// const old = pipeline('x', 'Xenova/commented-out');\n"
        "/* Qwen/in-a-block-comment */\n"
        'const client = new OpenAI({ baseURL: "https://api.moonshot.cn/v1", apiKey });\n'
        "const pipe = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');\n"
        "const tok = await AutoTokenizer.from_pretrained('acme/tokenizer-x');\n"
        'const r = await client.chat.completions.create({ model: "kimi-k2-0711-preview", messages });\n'
        'const cfg = { modelId: "someone/custom-llm", datasetId: "Qwen/not-a-model" };\n'
        "export const RERANK_MODEL = `jinaai/jina-reranker-v2-base-multilingual`;\n"
        'const url = "https://github.com/QwenLM/Qwen3";\n'
        "const choices = ['Qwen/Qwen3-8B', 'zai-org/GLM-4.5'];\n"
    )
    assert refs(text, recognizer) == {
        ("openai", 1, "sdk_package"),
        ("api.moonshot.cn", 5, "api_endpoint"),
        ("Xenova/all-MiniLM-L6-v2", 6, "hub_model"),
        ("acme/tokenizer-x", 7, "hub_model"),
        ("someone/custom-llm", 9, "hub_model"),
        ("jinaai/jina-reranker-v2-base-multilingual", 10, "hub_model"),
        ("kimi-k2-0711-preview", 8, "hosted_model"),
        ("Qwen/Qwen3-8B", 12, "hub_model"),
        ("zai-org/GLM-4.5", 12, "hub_model"),
    }


def test_ollama_calls_take_tags(recognizer) -> None:
    text = (
        "import ollama from 'ollama'\n"
        "const a = await ollama.chat({\n"
        "  model: 'qwen3:8b',\n"
        "  messages: [{ role: 'user', content: q }],\n"
        "});\n"
        "const llm = new ChatOllama({ model: 'deepseek-r1' });\n"
        "await ollama.pull('llama3.2:1b');\n"
        "await git.pull('origin');\n"
        "const other = { model: 'llama3' };\n"
        "const api = { model: 'gpt-4o' };\n"
    )
    # a bare name of the Ollama library in a model slot of a file that talks to Ollama is an Ollama model;
    # a hosted API's model name (gpt-4o) is a hosted_model, not an Ollama tag
    assert refs(text, recognizer) == {
        ("qwen3:8b", 3, "ollama_model"),
        ("deepseek-r1:latest", 6, "ollama_model"),
        ("llama3.2:1b", 7, "ollama_model"),
        ("llama3:latest", 9, "ollama_model"),
        ("gpt-4o", 10, "hosted_model"),
    }
    assert refs("const other = { model: 'llama3' };\n", recognizer) == set()


def test_scoped_sdk_import(recognizer) -> None:
    text = "import Anthropic from '@anthropic-ai/sdk/index.mjs';\nimport x from './local';\n"
    assert refs(text, recognizer) == {("@anthropic-ai/sdk", 1, "sdk_package")}


def test_a_keyword_before_the_callee_is_not_part_of_its_name(recognizer) -> None:
    """`await pipeline(...)`, `new Ollama(...)`, `await import(...)`: the slot is the call's, whatever precedes it."""
    code = (
        "const extractor = await pipeline('feature-extraction', 'acme/embedder-small');\n"
        "const { default: OpenAI } = await import('openai');\n"
        "const client = new OpenAI({ baseURL: 'https://api.deepseek.com' });\n"
        "const gen = await client\n  .models\n  ?.from_pretrained('acme/gen-7b');\n"
    )
    found = {(r.id, r.line) for r in extract_javascript(code, "app.ts", recognizer).references}
    assert {("acme/embedder-small", 1), ("openai", 2), ("api.deepseek.com", 3), ("acme/gen-7b", 6)} <= found


def test_an_array_of_names_mostly_of_one_api_lists_that_apis_models(recognizer) -> None:
    # the names the catalogue does not know are the API's newest, beside the ones it knows
    text = (
        "export const MODELS = [\n"
        '  "glm-4-plus", "glm-4-flash",\n'
        '  "moonshot-v1-8k", "acme-chat-v2",\n'
        "];\n"
        'export const FIELDS = ["model", "messages"];\n'
    )
    found = {(r.id, r.line) for r in extract_javascript(text, "models.ts", recognizer).references}
    assert found == {("glm-4-plus", 2), ("glm-4-flash", 2), ("moonshot-v1-8k", 3), ("acme-chat-v2", 3)}


def test_a_list_in_a_comment_after_code_is_not_read_as_a_group(recognizer) -> None:
    text = 'const m = pick(["glm-4-plus", "acme-chat-v2"]); // was: "glm-4-flash", "acme-chat-v1"\n'
    found = {(r.id, r.line) for r in extract_javascript(text, "pick.ts", recognizer).references}
    assert ("acme-chat-v1", 1) not in found and ("glm-4-flash", 1) not in found


def test_base_path_is_the_openai_clients_base_url(recognizer) -> None:
    # the OpenAI SDK's older `basePath` option (and a provider class's `this.basePath`) hold the API root
    text = (
        'this.basePath = "https://api.acme-llm.com/v1";\n'
        'const cfg = new Configuration({ basePath: "https://api.other-llm.ai/v1", apiKey });\n'
        'const basePath = "/srv/models";\n'
    )
    found = {(r.id, r.line, r.ref_type.value) for r in extract_javascript(text, "client.js", recognizer).references}
    assert found == {("api.acme-llm.com", 1, "api_endpoint"), ("api.other-llm.ai", 2, "api_endpoint")}
