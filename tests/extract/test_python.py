"""Python extraction through ast: loader calls, slots, constants, context flags, fallbacks."""

from __future__ import annotations

from scanner.extract.python import extract_python
from scanner.records import RefType


def refs(code: str, recognizer) -> list[tuple[str, int, str]]:
    return [(r.id, r.line, r.ref_type.value) for r in extract_python(code, "x.py", recognizer).references]


def test_from_pretrained_on_any_class_with_context(recognizer) -> None:
    code = (
        "from transformers import AutoModelForCausalLM, Qwen2VLForConditionalGeneration\n"
        "m = AutoModelForCausalLM.from_pretrained('THUDM/chatglm3-6b', trust_remote_code=True)\n"
        "v = Qwen2VLForConditionalGeneration.from_pretrained(\n"
        "    pretrained_model_name_or_path='someone/odd-vl-ft', revision='a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0')\n"
    )
    result = extract_python(code, "x.py", recognizer).references
    glm = next(r for r in result if r.id == "THUDM/chatglm3-6b")
    assert glm.trust_remote_code and not glm.revision_pinned and glm.line == 2
    odd = next(r for r in result if r.id == "someone/odd-vl-ft")
    assert odd.revision_pinned and odd.line == 4 and not odd.trust_remote_code


def test_calls_and_slots(recognizer) -> None:
    code = (
        "pipe = pipeline('text-generation', model='mistralai/Mistral-7B-Instruct-v0.3')\n"
        "p2 = pipeline('fill-mask', 'google-bert/bert-base-uncased')\n"
        "path = hf_hub_download(repo_id='bartowski/Qwen2.5-7B-Instruct-GGUF', filename='q4.gguf')\n"
        "snapshot_download('unsloth/DeepSeek-R1-Distill-Llama-8B-bnb-4bit')\n"
        "emb = SentenceTransformer('BAAI/bge-m3')\n"
        "llm = LLM(model='acme-corp/internal-llm-13b', tensor_parallel_size=2)\n"
    )
    found = refs(code, recognizer)
    assert ("mistralai/Mistral-7B-Instruct-v0.3", 1, "hub_model") in found
    assert ("google-bert/bert-base-uncased", 2, "hub_model") in found
    assert ("bartowski/Qwen2.5-7B-Instruct-GGUF", 3, "hub_model") in found
    assert ("unsloth/DeepSeek-R1-Distill-Llama-8B-bnb-4bit", 4, "hub_model") in found
    assert ("BAAI/bge-m3", 5, "hub_model") in found
    assert ("acme-corp/internal-llm-13b", 6, "hub_model") in found  # unknown org, in a model slot


def test_constants_fstrings_env_defaults_and_argparse(recognizer) -> None:
    code = (
        "import os, argparse\n"
        "ORG = 'Qwen'\n"
        "SIZE = '7B'\n"
        "MODEL_ID = f'{ORG}/Qwen2.5-{SIZE}-Instruct'\n"
        "BASE = os.getenv('BASE_MODEL', 'meta-llama/Llama-3.2-1B')\n"
        "tok = AutoTokenizer.from_pretrained(MODEL_ID)\n"
        "base = AutoModel.from_pretrained(BASE)\n"
        "ap = argparse.ArgumentParser()\n"
        "ap.add_argument('--model_name_or_path', default='deepseek-ai/deepseek-coder-6.7b-instruct')\n"
        "ap.add_argument('--output_dir', default='runs/exp1')\n"
    )
    found = refs(code, recognizer)
    # each where it is written (the f-string, the getenv default), not at the calls that use them
    assert ("Qwen/Qwen2.5-7B-Instruct", 4, "hub_model") in found
    assert ("meta-llama/Llama-3.2-1B", 5, "hub_model") in found
    assert ("deepseek-ai/deepseek-coder-6.7b-instruct", 9, "hub_model") in found
    assert not any(i == "runs/exp1" for i, _, _ in found)


def test_not_models(recognizer) -> None:
    code = (
        "ds = load_dataset('Qwen/some-dataset')\n"
        "f = hf_hub_download(repo_id='deepseek-ai/DeepSeek-Prover-data', repo_type='dataset')\n"
        "import os.path\n"
        "open('data/train.json')\n"
        "model = build(model='resnet50')\n"
        "x = {'output_dir': 'outputs/qwen'}\n"
        "'''Docstring mentioning Qwen/Qwen2.5-7B-Instruct is documentation.'''\n"
    )
    found = extract_python(code, "x.py", recognizer).references
    # the docstring's id is listed as a mention, never as a dependency
    assert [(r.id, r.line, r.mention) for r in found] == [("Qwen/Qwen2.5-7B-Instruct", 7, True)]


def test_known_org_id_in_any_string_and_base_url(recognizer) -> None:
    code = (
        "CHOICES = ['Qwen/Qwen3-8B', 'zai-org/GLM-4.5']\n"
        "client = OpenAI(base_url='https://api.deepseek.com/v1', api_key=key)\n"
    )
    found = refs(code, recognizer)
    assert ("Qwen/Qwen3-8B", 1, "hub_model") in found and ("zai-org/GLM-4.5", 1, "hub_model") in found
    assert ("api.deepseek.com", 2, "api_endpoint") in found


def test_modelscope_and_ollama_contexts(recognizer) -> None:
    code = (
        "from modelscope import snapshot_download, AutoModelForCausalLM\n"
        "d = snapshot_download('qwen/Qwen2.5-7B-Instruct')\n"
        "m = AutoModelForCausalLM.from_pretrained('ZhipuAI/glm-4-9b-chat', trust_remote_code=True)\n"
        "import ollama\n"
        "ollama.chat(model='deepseek-r1:8b', messages=[])\n"
        "ollama.pull('qwen2.5')\n"
    )
    found = extract_python(code, "x.py", recognizer).references
    by_id = {r.id: r for r in found}
    assert by_id["qwen/Qwen2.5-7B-Instruct"].ref_type is RefType.MODELSCOPE_MODEL
    assert by_id["ZhipuAI/glm-4-9b-chat"].ref_type is RefType.MODELSCOPE_MODEL
    assert by_id["deepseek-r1:8b"].ref_type is RefType.OLLAMA_MODEL
    assert by_id["qwen2.5:latest"].ref_type is RefType.OLLAMA_MODEL


def test_same_id_twice_on_a_line_is_one_reference(recognizer) -> None:
    code = "a, b = AutoModel.from_pretrained('Qwen/Qwen3-8B'), AutoTokenizer.from_pretrained('Qwen/Qwen3-8B')\n"
    assert len(extract_python(code, "x.py", recognizer).references) == 1


def test_syntax_error_falls_back_to_line_scan_and_says_so(recognizer) -> None:
    code = "def broken(:\n    model = AutoModel.from_pretrained('Qwen/Qwen3-8B')\n"
    result = extract_python(code, "x.py", recognizer)
    assert result.issues and result.issues[0].fallback == "line scan" and result.issues[0].line == 1
    assert [r.id for r in result.references] == ["Qwen/Qwen3-8B"]


def test_hub_uris_and_urls(recognizer) -> None:
    code = (
        "a = from_pretrained('hf://Qwen/Qwen3-8B')\n"
        "b = 'https://huggingface.co/deepseek-ai/DeepSeek-R1/resolve/main/config.json'\n"
        "c = 'https://huggingface.co/datasets/Qwen/foo'\n"
    )
    found = refs(code, recognizer)
    assert ("Qwen/Qwen3-8B", 1, "hub_model") in found
    assert ("deepseek-ai/DeepSeek-R1", 2, "hub_model") in found
    assert len(found) == 2


def test_sdk_imports_by_dotted_path_or_prefix(recognizer) -> None:
    code = (
        "from google import genai\n"
        "from google.genai import types\n"
        "import google.genai as gg\n"
        "from google.colab import drive\n"  # a shared namespace: not the SDK
        "import google\n"
        "from tencentcloud.common import credential\n"
        "from tencentcloud.hunyuan.v20230901 import hunyuan_client, models\n"
        "from volcengine.maas.v2 import MaasService\n"
        "from . import genai\n"  # the project's own module
        "import dashscope, zhipuai as z\n"
    )
    assert refs(code, recognizer) == [
        ("google-genai", 1, "sdk_package"),
        ("google-genai", 2, "sdk_package"),
        ("google-genai", 3, "sdk_package"),
        ("tencentcloud-sdk-python-hunyuan", 7, "sdk_package"),
        ("volcengine", 8, "sdk_package"),
        ("dashscope", 10, "sdk_package"),
        ("zhipuai", 10, "sdk_package"),
    ]


def test_imports_still_count_when_the_file_does_not_parse(recognizer) -> None:
    code = (
        "from http import HTTPStatus\n"
        "import dashscope\n"
        "from google import genai  # client\n"
        'dashscope.api_key="your_api_key\u201d\n'  # a typographic closing quote: a syntax error
    )
    result = extract_python(code, "qwen.py", recognizer)
    assert result.issues and result.issues[0].fallback == "line scan"
    assert {(r.id, r.line, r.ref_type.value) for r in result.references} == {
        ("dashscope", 2, "sdk_package"),
        ("google-genai", 3, "sdk_package"),
    }


def test_ollama_client_calls_take_the_model_first(recognizer) -> None:
    code = (
        "from ollama import chat, embed\n"
        "from mybot import reply\n"
        "r = chat('deepseek-r1:1.5b', messages=m)\n"
        "e = embed('nomic-embed-text', input='x')\n"
        "reply('hello there')\n"
    )
    assert refs(code, recognizer) == [
        ("deepseek-r1:1.5b", 3, "ollama_model"),
        ("nomic-embed-text:latest", 4, "ollama_model"),
    ]


def test_bare_ollama_names_in_model_variables_when_the_file_talks_to_ollama(recognizer) -> None:
    code = (
        "import os\n"
        "ollama_base_url = str(os.getenv('OLLAMA_BASE_URL'))\n"
        "embedding_model = 'BAAI/bge-small-en-v1.5'\n"
        "llm_model = 'llama3.1'\n"
        "chat_model = 'gpt-4o'\n"  # a hosted API's name, not in Ollama's library list
    )
    assert refs(code, recognizer) == [
        ("BAAI/bge-small-en-v1.5", 3, "hub_model"),
        ("llama3.1:latest", 4, "ollama_model"),
        ("gpt-4o", 5, "hosted_model"),
    ]
    assert refs("llm_model = 'llama3.1'\n", recognizer) == []


def test_litellm_routes_name_the_provider_api(recognizer) -> None:
    code = (
        "import litellm\n"
        "r = litellm.completion(model='deepseek/deepseek-chat', messages=m)\n"
        "s = litellm.completion(model='moonshot/kimi-k2', messages=m)\n"  # .cn or .ai: not decidable from the rules
        "t = litellm.completion(model='ollama/qwen2.5:7b', messages=m)\n"
    )
    # the route names the provider's API when the rules know one host for it, and the provider's model
    assert refs(code, recognizer) == [
        ("api.deepseek.com", 2, "api_endpoint"),
        ("deepseek-chat", 2, "hosted_model"),
        ("kimi-k2", 3, "hosted_model"),
        ("qwen2.5:7b", 4, "ollama_model"),
    ]
    # without LiteLLM a "provider/model" string is a router's name for the provider's model: the model only
    assert refs("client.chat(model='deepseek/deepseek-chat')\n", recognizer) == [("deepseek-chat", 1, "hosted_model")]


def test_a_constant_used_by_calls_is_one_reference_where_it_is_written(recognizer) -> None:
    code = (
        "ckpt_path = 'internlm/internlm-xcomposer2d5-7b'\n"
        "tok = AutoTokenizer.from_pretrained(ckpt_path, trust_remote_code=True)\n"
        "model = AutoModelForCausalLM.from_pretrained(\n"
        "    ckpt_path, trust_remote_code=True)\n"
        "other = 'internlm/internlm2_5-7b-chat'\n"  # named nowhere else: where it is written too
    )
    assert refs(code, recognizer) == [
        ("internlm/internlm-xcomposer2d5-7b", 1, "hub_model"),
        ("internlm/internlm2_5-7b-chat", 5, "hub_model"),
    ]
    first = extract_python(code, "app.py", recognizer).references[0]
    # the use keeps its context: the call's line and its trust_remote_code
    assert (first.used_at, first.trust_remote_code, first.column) == (2, True, 13)


def test_hugging_face_cache_folders_in_model_slots(recognizer) -> None:
    code = (
        "m = AutoModelForCausalLM.from_pretrained(\n"
        "    '/root/.cache/huggingface/hub/models--Qwen--Qwen3-8B/snapshots/9c925d64d727')\n"
        "d = load_from_disk('/data/datasets--acme--corpus/snapshots/1')\n"
        "print('see ~/.cache/huggingface/hub/models--acme--secret-7b')\n"  # a message: a mention
        "CACHED = 'hub/models--acme--other-7b/snapshots'\n"  # a cache folder spells its id wherever it is
    )
    found = extract_python(code, "x.py", recognizer).references
    assert [(r.id, r.line, r.mention) for r in found] == [
        ("Qwen/Qwen3-8B", 2, False),
        ("acme/secret-7b", 4, True),
        ("acme/other-7b", 5, False),
    ]
