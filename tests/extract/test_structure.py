"""Recognition by structure and vocabulary: the failure classes seen on repositories nobody labelled.

Each test is built from examples written for it (not lines of the evaluation set) and checks both that a
reference is found and that its look-alike stays quiet.
"""

from __future__ import annotations

from scanner.extract import extract_file
from scanner.extract.mentions import comment_style, in_comment
from scanner.extract.prefilter import Prefilter


def found(text: str, path: str, recognizer) -> set[tuple[str, int, str, bool]]:
    result = extract_file(text.encode(), path, recognizer)
    return {(r.id, r.line, r.ref_type.value, r.mention) for r in result.references}


def deps(text: str, path: str, recognizer) -> set[tuple[str, int, str]]:
    return {(i, line, kind) for i, line, kind, mention in found(text, path, recognizer) if not mention}


# --- hosted API model names (class 5) -------------------------------------------------------------


def test_hosted_names_in_slots_and_whole_values_are_references_of_their_own_kind(recognizer) -> None:
    code = (
        "from openai import OpenAI\n"
        "client = OpenAI(base_url='https://api.moonshot.cn/v1')\n"
        "r = client.chat.completions.create(model='moonshot-v1-32k', messages=[])\n"
        "CHOICES = ['glm-4-plus', 'ernie-4.0-8k']\n"
        "print('we tried gpt-4o and liked it')\n"  # prose: not a whole value
    )
    got = deps(code, "svc.py", recognizer)
    assert {("moonshot-v1-32k", 3, "hosted_model"), ("glm-4-plus", 4, "hosted_model")} <= got
    assert ("ernie-4.0-8k", 4, "hosted_model") in got
    assert not any(i == "gpt-4o" for i, _, _ in got)


def test_an_open_weight_name_is_not_a_hosted_name(recognizer) -> None:
    # glm-4-9b-chat is weights on a hub, not Zhipu's API model; a family word alone is nothing
    assert deps("M = 'glm-4-9b-chat'\nN = 'step-by-step'\n", "x.py", recognizer) == set()


def test_router_routes_name_the_hosted_model(recognizer) -> None:
    got = deps("cfg:\n  model: openrouter/anthropic/claude-sonnet-4-5\n", "cfg.yaml", recognizer)
    assert ("claude-sonnet-4-5", 2, "hosted_model") in got


def test_a_routers_variant_and_a_hosted_apis_prefix_name_a_hosted_model(recognizer) -> None:
    # a router's `:free`/`:nitro` after its lower-case id and a hosted API's `@cf/` or `Pro/` before the weights'
    # id say "hosted" whatever the org; a hub id in its own spelling with a project's tag stays a hub id, and
    # a variant word after an id that reads as nothing is nothing
    go = (
        "package p\n"
        "\n"
        'var A = "anthropic/claude-3.5-haiku:nitro"\n'
        'var B = "mistralai/mixtral-8x7b-instruct:free"\n'
        'var C = "@cf/qwen/qwen1.5-14b-chat-awq"\n'
        'var D = "Pro/THUDM/glm-4-9b-chat"\n'
        'var E = "acme/tools:free"\n'
    )
    assert deps(go, "relay/models.go", recognizer) == {
        ("claude-3.5-haiku:nitro", 3, "hosted_model"),
        ("mistralai/mixtral-8x7b-instruct:free", 4, "hosted_model"),
        ("@cf/qwen/qwen1.5-14b-chat-awq", 5, "hosted_model"),
        ("Pro/THUDM/glm-4-9b-chat", 6, "hosted_model"),
    }
    py = "OPTIONS = [{'value': 'Qwen/Qwen3-32B:thinking'}]\nM = 'deepseek/deepseek-r1:floor'\n"
    got = deps(py, "config.py", recognizer)
    assert ("deepseek/deepseek-r1:floor", 2, "hosted_model") in got
    assert not any(kind == "hosted_model" and "Qwen3-32B" in i for i, _, kind in got)


def test_a_group_of_base_urls_mostly_of_known_apis_names_its_other_apis_too(recognizer) -> None:
    # a gateway's channel URLs and a provider-to-URL table: the unknown hosts beside known model APIs are model
    # APIs; a local server, a page that is not an API root, and a list of mostly other sites are not
    go = (
        "package channel\n"
        "\n"
        "var BaseURLs = []string{\n"
        '\t"https://api.deepseek.com",\n'
        '\t"https://api.acme-llm.io",\n'
        '\t"http://localhost:8000",\n'
        '\t"https://api.moonshot.cn",\n'
        '\t"https://relay.example-gpt.net/v1",\n'
        '\t"https://status.acme-llm.io/incidents",\n'
        "}\n"
    )
    got = {(i, line) for i, line, kind in deps(go, "channel/url.go", recognizer) if kind == "api_endpoint"}
    assert got == {
        ("api.deepseek.com", 4),
        ("api.acme-llm.io", 5),
        ("api.moonshot.cn", 7),
        ("relay.example-gpt.net", 8),
    }
    py = (
        "URLS = {\n"
        "    Provider.A: 'https://api.deepseek.com/v1',\n"
        "    Provider.B: 'https://llm.acme.cn/v1',\n"
        "    Provider.C: 'https://api.moonshot.cn/v1',\n"
        "}\n"
    )
    assert ("llm.acme.cn", 3, "api_endpoint") in deps(py, "providers.py", recognizer)
    links = (
        "LINKS = ['https://api.deepseek.com', 'https://docs.acme.dev', 'https://blog.acme.dev', 'https://acme.dev']\n"
    )
    assert {i for i, *_ in deps(links, "links.py", recognizer)} == {"api.deepseek.com"}


def test_a_hosted_id_of_served_weights_resolves_to_the_weights_origin(kb) -> None:
    from scanner.records import Reference, RefType
    from scanner.resolve.resolver import Resolver

    def origin(name: str) -> tuple[str | None, str | None] | None:
        ref = Reference(name, RefType.HOSTED_MODEL, "a.go", 1, 1, name, "text")
        model = Resolver(kb).resolve(ref)
        return None if model is None else (model.origin.lab, model.origin.country)

    assert origin("@cf/qwen/qwen1.5-14b-chat-awq") == ("alibaba-qwen", "CN")
    assert origin("Pro/THUDM/glm-4-9b-chat") == ("zhipu", "CN")
    assert origin("claude-3.5-haiku:nitro") == ("anthropic", "US")
    assert origin("deepseek/deepseek-r1:free") == ("deepseek", "CN")  # the router's org, the catalogued name
    assert origin("acme/acme-chat-v2:free") is None


def test_hosted_models_resolve_to_the_provider(kb) -> None:
    from scanner.records import Reference, RefType
    from scanner.resolve.resolver import Resolver

    ref = Reference("deepseek-reasoner", RefType.HOSTED_MODEL, "a.py", 1, 1, "deepseek-reasoner", "python")
    model = Resolver(kb).resolve(ref)
    assert model is not None and (model.origin.lab, model.origin.country) == ("deepseek", "CN")
    assert Resolver(kb).resolve(ref._replace(id="my-own-model")) is None


# --- org-less legacy ids and loader-shaped calls (class 1) ------------------------------------------


def test_org_less_legacy_ids_in_slots_and_lists(recognizer) -> None:
    code = (
        "enc = SentenceTransformer('all-MiniLM-L12-v2')\n"
        "BASELINES = ['roberta-large', 'distilgpt2']\n"
        "mode = 'bert-like'\n"  # not an id
    )
    got = deps(code, "bench.py", recognizer)
    assert got == {
        ("all-MiniLM-L12-v2", 1, "hub_model"),
        ("roberta-large", 2, "hub_model"),
        ("distilgpt2", 2, "hub_model"),
    }


def test_legacy_ids_resolve_through_the_org_that_serves_them(kb) -> None:
    from scanner.records import Reference, RefType
    from scanner.resolve.resolver import Resolver

    ref = Reference("gpt2-medium", RefType.HUB_MODEL, "a.py", 1, 1, "gpt2-medium", "python")
    model = Resolver(kb).resolve(ref)
    assert model is not None and model.origin.country == "US"


def test_calls_named_like_loaders_take_an_unknown_orgs_id(recognizer) -> None:
    code = (
        "m = SpladeEncoder('acme-lab/splade-tiny')\n"
        "w = download_weights('acme-lab/ranker-v2')\n"
        "p = os.path.join('acme-lab/ranker-v3')\n"  # not a loader
    )
    assert deps(code, "load.py", recognizer) == {
        ("acme-lab/splade-tiny", 1, "hub_model"),
        ("acme-lab/ranker-v2", 2, "hub_model"),
    }


# --- URIs and Ollama tags outside Ollama calls (classes 2, 3) ---------------------------------------


def test_model_uris_in_values_and_go_strings(recognizer) -> None:
    helm = "backends:\n  - url: ollama://phi3:mini\n  - url: 'hf://acme-lab/embedder'\n"
    assert deps(helm, "values.yaml", recognizer) == {
        ("phi3:mini", 2, "ollama_model"),
        ("acme-lab/embedder", 3, "hub_model"),
    }
    go = 'package main\nconst artifact = "huggingface://acme-lab/llm-3b"\n'
    assert deps(go, "main.go", recognizer) == {("acme-lab/llm-3b", 2, "hub_model")}


def test_ollama_library_tags_anywhere_but_not_hosts_or_images(recognizer) -> None:
    workflow = "env:\n  CHAT: llama3.2:3b\n  CACHE: redis:7\n  API: mistral:8080\n  IMG: ollama/ollama:0.5.1\n"
    assert deps(workflow, ".github/workflows/t.yml", recognizer) == {("llama3.2:3b", 2, "ollama_model")}


# --- where a reference is (class 6) -----------------------------------------------------------------


def test_an_id_in_a_variable_is_reported_where_it_is_written_with_its_use(recognizer) -> None:
    code = "EMB = 'acme-lab/embedder-v1'\n\n\nmodel = SentenceTransformer(EMB)\n"
    (ref,) = extract_file(code.encode(), "e.py", recognizer).references
    assert (ref.line, ref.column, ref.used_at) == (1, 7, 4)


# --- what is not a model: datasets, prose, pages (classes 7, 8) -------------------------------------


def test_dataset_named_tables_hold_no_models(recognizer) -> None:
    code = "EVAL_DATASETS = {'qa': 'Qwen/eval-set', 'code': 'BAAI/code-set'}\nM = 'Qwen/Qwen3-8B'\n"
    assert deps(code, "d.py", recognizer) == {("Qwen/Qwen3-8B", 2, "hub_model")}


def test_prose_keys_and_help_texts_are_mentions(recognizer) -> None:
    yaml_text = "model: Qwen/Qwen3-8B\ndescription: fine-tuned from deepseek-ai/DeepSeek-V3\n"
    assert found(yaml_text, "card.yaml", recognizer) == {
        ("Qwen/Qwen3-8B", 1, "hub_model", False),
        ("deepseek-ai/DeepSeek-V3", 2, "hub_model", True),
    }
    code = "p.add_argument('--base', help='for example Qwen/Qwen3-8B')\n"
    assert found(code, "cli.py", recognizer) == {("Qwen/Qwen3-8B", 1, "hub_model", True)}


def test_comments_and_pages_are_mentions(recognizer) -> None:
    yaml_text = "# try Qwen/Qwen3-8B\nmodel: THUDM/glm-4-9b  # not deepseek-ai/DeepSeek-V3\nurl: 'a#Qwen/Qwen2-7B'\n"
    assert deps(yaml_text, "c.yaml", recognizer) == {
        ("THUDM/glm-4-9b", 2, "hub_model"),
        ("Qwen/Qwen2-7B", 3, "hub_model"),
    }
    go = 'package x\n// default: Qwen/Qwen3-8B\nvar m = "THUDM/glm-4-9b" // or deepseek-ai/DeepSeek-V3\n'
    assert found(go, "m.go", recognizer) == {
        ("Qwen/Qwen3-8B", 2, "hub_model", True),
        ("THUDM/glm-4-9b", 3, "hub_model", False),
        ("deepseek-ai/DeepSeek-V3", 3, "hub_model", True),
    }
    ts = "// uses Qwen/Qwen3-8B\nconst m = 'THUDM/glm-4-9b'; // ok\n"
    assert deps(ts, "a.ts", recognizer) == {("THUDM/glm-4-9b", 2, "hub_model")}  # the tokenizer skips comments
    html = "<td>Qwen/Qwen3-8B</td>\n"
    assert found(html, "docs/models.html", recognizer) == {("Qwen/Qwen3-8B", 1, "hub_model", True)}


def test_comment_detection_follows_quotes() -> None:
    assert in_comment("x = 'a # b' # c Qwen", 18, "#")
    assert not in_comment("x = 'a # Qwen'", 10, "#")
    assert not in_comment("url: a#b Qwen", 10, "#")  # `#` glued to a word opens no YAML comment
    assert in_comment(" * Qwen/Qwen3", 4, "//") and not in_comment("s = '//' + Qwen", 13, "//")
    assert comment_style("Dockerfile") == "#" and comment_style("main.rs") == "//" and comment_style("x.json") is None


# --- the prefilter knows the new words ---------------------------------------------------------------


def test_the_prefilter_passes_hosted_names_and_legacy_ids(recognizer) -> None:
    gate = Prefilter(recognizer)
    assert gate.wants(b"m = 'moonshot-v1-8k'\n")
    assert gate.wants(b"enc = SentenceTransformer('all-MiniLM-L6-v2')\n")
    assert not gate.wants(b"def add(a, b):\n    return a + b\n")


def test_a_variable_grown_from_itself_is_followed_to_its_literal(recognizer) -> None:
    code = "name = 'acme-lab/'\nname = name + 'llm-7b'\nckpt = name\nm = AutoModel.from_pretrained(ckpt)\n"
    (ref,) = extract_file(code.encode(), "grow.py", recognizer).references
    assert (ref.id, ref.line, ref.used_at) == ("acme-lab/llm-7b", 2, 4)


def test_an_id_both_used_and_mentioned_on_a_line_is_a_dependency(recognizer) -> None:
    code = "p.add_argument('--model', default='Qwen/Qwen3-8B', help='default Qwen/Qwen3-8B')\n"
    assert found(code, "cli.py", recognizer) == {("Qwen/Qwen3-8B", 1, "hub_model", False)}


# --- unknown orgs' ids whose names read as models (class 1) -----------------------------------------


def test_an_unknown_orgs_id_whose_name_reads_as_a_model_counts_as_a_whole_literal(recognizer) -> None:
    rust = (
        'let root = fetch_weights("zetalab/retro-bert-small", None)?;\n'  # a project's own helper
        'let repo = "zetalab/website";\n'  # a code repository: the name does not read as a model
        "// compare with zetalab/other-bert-base some day\n"  # a comment: a mention
    )
    got = found(rust, "tests/embed.rs", recognizer)
    assert ("zetalab/retro-bert-small", 1, "hub_model", False) in got
    assert not any(i == "zetalab/website" for i, *_ in got)
    assert ("zetalab/other-bert-base", 3, "hub_model", False) not in got
    shell = "python train.py --pretrain zetalab/Mamba-3b-sft-mix --save_path ./ckpt\n"
    assert deps(shell, "train.sh", recognizer) == {("zetalab/Mamba-3b-sft-mix", 1, "hub_model")}
    yaml_text = "matrix:\n  checkpoint_dir: zetalab/dialog-data-20k\n  weights: [zetalab/tiny-embed-v2]\n"
    assert deps(yaml_text, "ci.yaml", recognizer) == {("zetalab/tiny-embed-v2", 3, "hub_model")}


def test_placeholders_are_never_references(recognizer) -> None:
    code = (
        "a = AutoModel.from_pretrained('your-org/your-model')\n"
        "b = snapshot_download(repo_id='org/model')\n"
        "c = SentenceTransformer('test-repo/test-model-7b')\n"
        "d = AutoModel.from_pretrained('zetalab/real-model-7b')\n"
    )
    assert deps(code, "t.py", recognizer) == {("zetalab/real-model-7b", 4, "hub_model")}


def test_messages_are_mentions_and_push_targets_are_not_references(recognizer) -> None:
    code = (
        "logger.info('loading Qwen/Qwen2.5-7B-Instruct')\n"
        "model.push_to_hub('zetalab/my-finetune-7b')\n"
        "raise ValueError(f'use deepseek-ai/DeepSeek-V3 instead of {name}')\n"
        "m = AutoModel.from_pretrained('Qwen/Qwen2.5-7B-Instruct')\n"
    )
    got = found(code, "t.py", recognizer)
    assert ("Qwen/Qwen2.5-7B-Instruct", 1, "hub_model", True) in got
    assert ("deepseek-ai/DeepSeek-V3", 3, "hub_model", True) in got
    assert ("Qwen/Qwen2.5-7B-Instruct", 4, "hub_model", False) in got
    assert not any(i.startswith("zetalab/") for i, *_ in got)


def test_cache_folders_weight_files_and_modelscope_api_urls_name_their_repo(recognizer) -> None:
    code = (
        "CACHE = os.path.join(root, 'hub/models--zetalab--Speech-1/snapshots')\n"
        "m = Llama(model_path=hf_hub_download_path('zetalab/foo-GGUF/foo.Q4_K_M.gguf'))\n"
        "llm = LMStudio(model='zetalab/bar-GGUF/bar-Q8_0.gguf')\n"
        "URL = 'https://www.modelscope.cn/api/v1/models/iic/SenseVoiceSmall/repo?Revision=master'\n"
    )
    got = deps(code, "t.py", recognizer)
    assert ("zetalab/Speech-1", 1, "hub_model") in got
    assert ("zetalab/bar-GGUF", 3, "hub_model") in got
    assert ("iic/SenseVoiceSmall", 4, "modelscope_model") in got


# --- Ollama tags of new versions of library families (class 3) --------------------------------------


def test_a_new_version_of_an_ollama_family_with_a_size_tag_is_an_ollama_tag(recognizer) -> None:
    env = "GENERATION_MODEL=qwen9.5:14b\nVISION=llama9.1-vision:11b\nRUNTIME=python:3.12\nCACHE=redis:7b\n"
    assert deps(env, ".env", recognizer) == {
        ("qwen9.5:14b", 1, "ollama_model"),
        ("llama9.1-vision:11b", 2, "ollama_model"),
    }


# --- hosted names as providers spell them (class 5) --------------------------------------------------


def test_bedrock_groq_and_provider_prefixed_hosted_names(recognizer) -> None:
    code = (
        "a = client.converse(modelId='us.anthropic.claude-sonnet-9-20990101-v1:0')\n"
        "b = init_chat_model('anthropic:claude-opus-9')\n"
        "c = genai_client.models.generate_content(model='models/gemini-9.5-pro')\n"
        "d = Groq().chat.completions.create(model='llama-3.1-8b-instant')\n"
        "e = vllm_serve(model='openai/gpt-oss-20b')\n"  # open weights of a known org: a hub id
        "f = settings.get('label', 'zetalab:claude-opus-9')\n"  # not a provider word before the colon
    )
    got = deps(code, "t.py", recognizer)
    assert ("us.anthropic.claude-sonnet-9-20990101-v1:0", 1, "hosted_model") in got
    assert ("claude-opus-9", 2, "hosted_model") in got
    assert ("gemini-9.5-pro", 3, "hosted_model") in got
    assert ("llama-3.1-8b-instant", 4, "hosted_model") in got
    assert ("openai/gpt-oss-20b", 5, "hub_model") in got
    assert not any(line == 6 for _, line, _ in got)


# --- records, pages and JSON text name models without using them ----------------------------------


def test_records_and_json_text_are_mentions_but_a_pages_choice_is_not(recognizer) -> None:
    jsonl = '{"question": "q", "model": "Qwen/Qwen2.5-7B-Instruct"}\n'
    assert found(jsonl, "eval/gold.jsonl", recognizer) == {("Qwen/Qwen2.5-7B-Instruct", 1, "hub_model", True)}
    issue = '{"title": "t", "body": "it breaks with deepseek-ai/DeepSeek-V3 on 8 GPUs", "model": "Qwen/Qwen3-8B"}'
    assert found(issue, "triage/issues.json", recognizer) == {
        ("deepseek-ai/DeepSeek-V3", 1, "hub_model", True),
        ("Qwen/Qwen3-8B", 1, "hub_model", False),
    }
    page = '<select>\n<option value="qwen-max">Qwen Max</option>\n</select>\n<p>We like qwen-plus.</p>\n'
    got = found(page, "public/options.html", recognizer)
    assert ("qwen-max", 2, "hosted_model", False) in got
    assert not any(i == "qwen-plus" and not mention for i, _, _, mention in got)


# --- two-hub registries and dataset registries (classes 1, 7, 9) --------------------------------------


def test_a_two_hub_registry_names_each_ids_hub_whatever_the_org(recognizer) -> None:
    code = (
        "register_model_group(models={\n"
        "    'Zeta-7B': {\n"
        "        DownloadSource.DEFAULT: 'zetalab/Zeta-7B',\n"
        "        DownloadSource.MODELSCOPE: 'zeta-ms/Zeta-7B',\n"
        "    },\n"
        "})\n"
        "register_dataset(DatasetMeta(hf_hub_url='zetalab/zeta-corpus', ms_hub_url='zeta-ms/zeta-corpus'))\n"
    )
    assert deps(code, "constants.py", recognizer) == {
        ("zetalab/Zeta-7B", 3, "hub_model"),
        ("zeta-ms/Zeta-7B", 4, "modelscope_model"),
    }
    yaml_text = "model:\n  hf_hub_url: zetalab/Zeta-7B\n  ms_hub_url: zeta-ms/Zeta-7B\n"
    assert deps(yaml_text, "models.yaml", recognizer) == {
        ("zetalab/Zeta-7B", 2, "hub_model"),
        ("zeta-ms/Zeta-7B", 3, "modelscope_model"),
    }
    registry = '{"zeta": {"hf_hub_url": "zetalab/zeta-corpus", "ms_hub_url": "zeta-ms/zeta-corpus"}}'
    assert deps(registry, "data/dataset_info.json", recognizer) == set()


def test_other_ecosystems_lock_files_name_no_models(recognizer) -> None:
    lock = '"@google/genai": ["@google/genai@1.0.0", "", {}],\n"meta-llama/llama-stack-client": ["x"]\n'
    assert deps(lock, "bun.lock", recognizer) == set()
    assert deps("golang.org/x/net v0.6.1/go.mod h1:abc\n", "go.sum", recognizer) == set()


# --- siblings, Ollama library words, dotted flags and CI expressions -----------------------------------


def test_an_id_beside_a_recognised_model_id_is_a_model_id_whatever_its_org(recognizer) -> None:
    code = (
        "PAIRS = [('Qwen/Qwen2.5-7B', 'hfl/chinese-alpaca-x'), ('zetalab/a', 'zetalab/b')]\n"
        "engine = Registry('deepseek-ai/DeepSeek-V3', 'zeta-ms/deepseek-v3-mirror')\n"
        "PATHS = ['outputs/run1', 'zetalab/notes']\n"  # nothing recognised beside them: quiet
    )
    got = deps(code, "registry.py", recognizer)
    assert ("hfl/chinese-alpaca-x", 1, "hub_model") in got
    assert ("zeta-ms/deepseek-v3-mirror", 2, "hub_model") in got
    assert not any(i.startswith("zetalab/") for i, _, _ in got)


def test_ollama_library_words_in_files_that_talk_to_ollama(recognizer) -> None:
    ts = 'import ollama from "ollama";\nconst EMBED = { "nomic-embed-text": 768, "mistral": 1 };\nrun("qwen3");\n'
    got = deps(ts, "providers/ollama.ts", recognizer)
    assert {("nomic-embed-text:latest", 2, "ollama_model"), ("qwen3:latest", 3, "ollama_model")} <= got
    assert not any(i == "mistral:latest" for i, _, _ in got)  # a one-word name is also a provider's
    assert deps('const EMBED = { "nomic-embed-text": 768 };\n', "providers/embed.ts", recognizer) == set()
    values = "ollama:\n  models:\n    pull:\n      - moondream\n"
    assert deps(values, "values.yaml", recognizer) == {("moondream:latest", 4, "ollama_model")}
    # Ollama writes its names in lower case: a capitalised family or tokenizer name is neither
    switch = "switch (tokenizer) {\n  case 'Llama2':\n    return A;\n  case 'llama3.2':\n    return B;\n}\n"
    got = deps('import ollama from "ollama";\n' + switch, "tokenizers.js", recognizer)
    assert got == {("llama3.2:latest", 5, "ollama_model")}
    # the hint is "ollama" as a word (OLLAMA_HOST, langchain_ollama, ChatOllama), not letters of another name
    norm = 'configs = [dict(name="MicroLlama", norm_qk_type="olmo2")]\n'
    assert deps(norm, "config.py", recognizer) == set()
    assert deps("from x import ChatOllama\n" + norm, "config.py", recognizer) == {("olmo2:latest", 2, "ollama_model")}


def test_dotted_model_flags_and_ci_expression_defaults(recognizer) -> None:
    script = "deepspeed train.py \\\n   --actor.model_name_or_path zetalab/Zeta-8b-sft \\\n   --lr 1e-5\n"
    assert deps(script, "train.sh", recognizer) == {("zetalab/Zeta-8b-sft", 2, "hub_model")}
    workflow = "env:\n  MODEL: ${{ github.event.inputs.model || 'microsoft/Phi-4-mini-instruct' }}\n"
    assert deps(workflow, ".github/workflows/e2e.yaml", recognizer) == {
        ("microsoft/Phi-4-mini-instruct", 2, "hub_model")
    }


def test_short_names_fine_tune_ids_and_comma_lists_of_hosted_names(recognizer) -> None:
    code = (
        "REASONING = ['o1', 'o3']\n"
        "assert is_openai('ft:gpt-4o-mini:acme:proj:abc123')\n"
        "MODELS = os.getenv('MODELS', 'openai/gpt-4o,anthropic/claude-sonnet-9')\n"
        "SIZES = ['xl', 'o9']\n"  # not OpenAI names
    )
    got = deps(code, "t.py", recognizer)
    assert {("o1", 1, "hosted_model"), ("o3", 1, "hosted_model")} <= got
    assert ("gpt-4o-mini", 2, "hosted_model") in got
    assert {("gpt-4o", 3, "hosted_model"), ("claude-sonnet-9", 3, "hosted_model")} <= got
    assert not any(line == 4 for _, line, _ in got)


def test_sentences_doc_constants_and_example_attributes_are_mentions(recognizer) -> None:
    code = (
        "CARD = 'This is a model finetuned from Qwen/Qwen2.5-7B-Instruct on our data.'\n"
        "_CHECKPOINT_FOR_DOC = 'bigscience/bloom-560m'\n"
        "CMD = 'vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000 --tp 2'\n"  # a command line: a use
    )
    got = found(code, "card.py", recognizer)
    assert ("Qwen/Qwen2.5-7B-Instruct", 1, "hub_model", True) in got
    assert ("bigscience/bloom-560m", 2, "hub_model", True) in got
    assert ("Qwen/Qwen2.5-7B-Instruct", 3, "hub_model", False) in got
    rust = '#[schema(example = "BAAI/bge-m3")]\nlet id = "BAAI/bge-m3";\n'
    assert found(rust, "src/lib.rs", recognizer) == {
        ("BAAI/bge-m3", 1, "hub_model", True),
        ("BAAI/bge-m3", 2, "hub_model", False),
    }
    shell = "kubectl rollout status deployment/workspace-mistral-7b --timeout=300s\n"
    assert deps(shell, "ci.sh", recognizer) == set()


def test_the_hubs_own_pages_are_not_repositories(recognizer) -> None:
    code = (
        "TOKEN_PAGE = 'https://huggingface.co/settings/tokens'\n"
        "PAPER = 'https://huggingface.co/papers/2502.01234'\n"
        "SET = 'https://hf.co/collections/acme-lab/small-models-66aa'\n"
        "M = 'https://huggingface.co/acme-lab/tiny-llm-1b'\n"  # a repository page: the model it shows
        "PRO = 'https://huggingface.co/subscribe/pro?from=app'\n"
        "LOGO = 'https://huggingface.co/front/assets/logo-llm.svg'\n"
    )
    assert deps(code, "links.py", recognizer) == {("acme-lab/tiny-llm-1b", 4, "hub_model")}


def test_a_well_known_datasets_name_is_a_dataset_whatever_the_org(recognizer) -> None:
    code = (
        "grader = Grader(judge='openai/gsm8k')\n"
        "corpus = Corpus(source='allenai/c4')\n"
        "old = Loader(name='databricks/dolly-v2-3b')\n"  # a model named after its data: still a model
    )
    got = {i for i, _, _ in deps(code, "cfg.py", recognizer)}
    assert "databricks/dolly-v2-3b" in got
    assert not {"openai/gsm8k", "allenai/c4"} & got


def test_quarto_r_markdown_and_page_templates_are_documentation() -> None:
    from scanner.extract import is_doc

    assert all(is_doc(n) for n in ("guide.qmd", "report.Rmd", "tool-serve.1.md.in", "index.rst.in"))
    assert all(is_doc(n) for n in ("LICENSE", "MODEL_LICENSE", "LICENSE.txt", "LICENSE-APACHE", "COPYING"))
    assert not any(is_doc(n) for n in ("train.py", "values.yaml", "notes.txt", "main.in", "license_check.py"))
    # a template of a document renders a document (README.md.tpl filled in by a generator script)
    assert all(is_doc(n) for n in ("README.md.tpl", "index.md.j2", "guide.rst.jinja", "CHANGES.md.template"))
    assert not any(is_doc(n) for n in ("deployment.yaml.tpl", "config.json.j2", "values.yaml.tmpl", "run.sh.j2"))


def test_a_table_of_models_makes_every_name_in_its_model_column_a_model(recognizer) -> None:
    # a provider's model list: some names are catalogued, the rest are known only because of where they stand
    registry = (
        '{"providers": [{"name": "Acme Cloud", "models": [\n'
        '  {"id": "qwen-max", "aliases": ["qwen-max-latest"], "context": 32768},\n'
        '  {"id": "deepseek-chat", "aliases": [], "context": 65536},\n'
        '  {"id": "acme-sparrow-large", "aliases": ["sparrow"], "context": 8192},\n'
        '  {"id": "moonshot-v1-8k", "aliases": [], "context": 8192},\n'
        '  {"id": "Qwen/Qwen3-8B", "aliases": [], "context": 32768}\n'
        "]}]}\n"
    )
    got = deps(registry, "providers.json", recognizer)
    assert ("acme-sparrow-large", 4, "hosted_model") in got  # uncatalogued, but in the model column
    assert ("Qwen/Qwen3-8B", 6, "hub_model") in got
    assert not {i for i, _, _ in got} & {"sparrow", "Acme Cloud"}  # an uncatalogued alias, the provider's name

    same_in_yaml = "models:\n" + "".join(
        f"  - name: {n}\n    kind: chat\n" for n in ("glm-4-plus", "deepseek-chat", "acme-wren-2", "qwen-turbo")
    )
    assert ("acme-wren-2", 6, "hosted_model") in deps(same_in_yaml, "models.yaml", recognizer)


def test_a_column_keyed_as_a_model_counts_open_weights_named_without_their_org(recognizer) -> None:
    # an inference API's model list under `llm_name`: catalogued open weights by their bare names make it a
    # registry though no name is an API's own, and the file's Ollama section does not turn them into Ollama
    # tags; the same names in a column no model key heads (a template list) stay nothing
    registry = (
        '{"factories": [\n'
        ' {"name": "Acme Cloud", "llm": [\n'
        '  {"llm_name": "deepseek-r1", "max_tokens": 65792},\n'
        '  {"llm_name": "qwen2.5-72b-instruct", "max_tokens": 32768},\n'
        '  {"llm_name": "acme-sparrow-2", "max_tokens": 8192}\n'
        " ]},\n"
        ' {"name": "Ollama", "llm": []}\n'
        "]}\n"
    )
    assert {(i, line, kind) for i, line, kind in deps(registry, "factories.json", recognizer)} == {
        ("deepseek-r1", 3, "hosted_model"),
        ("qwen2.5-72b-instruct", 4, "hosted_model"),
        ("acme-sparrow-2", 5, "hosted_model"),
    }
    templates = "".join(f"  - template: {n}\n    sep: x\n" for n in ("deepseek-r1", "qwen2.5-72b-instruct", "plain-3"))
    assert deps("templates:\n" + templates, "chat.yaml", recognizer) == set()


def test_a_table_that_is_not_a_registry_promotes_nothing(recognizer) -> None:
    # CI steps and a dataset's records: a model name in one row does not make the column a model column
    steps = "steps:\n" + "".join(f"  - name: {n}\n    run: make {n}\n" for n in ("lint", "build", "qwen-max", "unit"))
    records = (
        '[{"model": "gpt-4o", "score": "high"}, {"model": "gpt-4o", "score": "low"}, {"model": "x", "score": "mid"}]'
    )
    assert {i for i, _, _ in deps(steps, "ci.yaml", recognizer)} <= {"qwen-max"}
    assert {i for i, _, _ in deps(records, "results.json", recognizer)} <= {"gpt-4o"}


def test_minified_json_reports_each_id_at_its_column(recognizer) -> None:
    records = [{"n": i, "model": "Qwen/Qwen3-8B" if i % 2 else "BAAI/bge-m3"} for i in range(4)]
    text = __import__("json").dumps(records)  # one line
    result = extract_file(text.encode(), "runs.json", recognizer)
    columns = sorted((r.id, r.column) for r in result.references)
    assert columns == sorted(
        {(i, text.index(i, at) + 1) for i, at in (("Qwen/Qwen3-8B", 0), ("BAAI/bge-m3", 0))}
    )  # where each id is first written on the line (one reference per id and line)
    multi = '{\n  "a": "x",\n    "model": "Qwen/Qwen3-8B"\n}\n'
    assert [(r.line, r.column) for r in extract_file(multi.encode(), "m.json", recognizer).references] == [(3, 15)]


def test_a_dataset_of_many_small_tables_is_judged_on_its_first_tables_only(recognizer, monkeypatch) -> None:
    from scanner.extract import structured

    calls = []
    judge = structured.registry_columns
    monkeypatch.setattr(structured, "registry_columns", lambda rec, rows: calls.append(1) or judge(rec, rows))
    turns = [{"turns": [{"from": "human", "value": "hi"}] * 3} for _ in range(structured.REGISTRY_TABLES * 4)]
    extract_file(__import__("json").dumps(turns).encode(), "chats.json", recognizer)
    assert len(calls) == structured.REGISTRY_TABLES


def test_a_model_named_column_needs_one_recognised_name_and_provider_routes_are_dropped(recognizer) -> None:
    factory = (
        '{"factories": [{"name": "Acme", "llm": [\n'
        '  {"llm_name": "deepseek-chat", "model_type": "chat"},\n'
        '  {"llm_name": "acme-embed-2", "model_type": "embedding"},\n'
        '  {"llm_name": "anthropic/acme-sonnet-9", "model_type": "chat"}\n'
        "]}]}\n"
    )
    got = deps(factory, "factories.json", recognizer)
    assert {("acme-embed-2", 3, "hosted_model"), ("acme-sonnet-9", 4, "hosted_model")} <= got
    unnamed = factory.replace("llm_name", "label")  # the same table under a key that says nothing: one name in three
    assert {i for i, _, _ in deps(unnamed, "factories.json", recognizer)} == {"deepseek-chat"}


def test_json_a_run_wrote_records_the_model_it_ran_as_a_mention(recognizer) -> None:
    run = '{"model": "deepseek-chat", "score": 0.71}\n'
    for path in ("eval_results/summary.json", "bench/outputs/q.json", "runs_2026-03-01_10-22.json", "predictions.json"):
        assert found(run, path, recognizer) == {("deepseek-chat", 1, "hosted_model", True)}, path
    for path in ("config/models.json", "catalog.json", "app/settings.json"):  # configuration: what runs
        assert found(run, path, recognizer) == {("deepseek-chat", 1, "hosted_model", False)}, path


def test_javascript_messages_and_expected_values_are_mentions_but_configured_values_are_not(recognizer) -> None:
    spec = (
        'expect(client.model).toBe("deepseek-chat");\n'
        'console.warn("falling back to qwen-max");\n'
        'expect(build()).toEqual({ model: "glm-4-plus" });\n'
        'const llm = new OpenAI({ model: "moonshot-v1-8k" });\n'
    )
    got = found(spec, "client.test.ts", recognizer)
    assert ("deepseek-chat", 1, "hosted_model", True) in got
    assert ("glm-4-plus", 3, "hosted_model", False) in got
    assert ("moonshot-v1-8k", 4, "hosted_model", False) in got
    assert not any(i == "qwen-max" and not mention for i, _, _, mention in got)


def test_the_values_of_a_mapping_of_models_are_a_table_too(recognizer) -> None:
    config = (
        "models:\n"
        "  max:\n    type: dashscope\n    model: qwen-max\n"
        "  plus:\n    type: dashscope\n    model: qwen-plus\n"
        "  open:\n    type: dashscope\n    model: qwen1.5-32b-chat\n"  # an open-weight name, hosted here
        "  chat:\n    type: deepseek\n    model: deepseek-chat\n"
    )
    assert ("qwen1.5-32b-chat", 10, "hosted_model") in deps(config, "models.yaml", recognizer)
    settings = "server:\n  host: a\n  port: b\nlogging:\n  level: info\ncache:\n  dir: x\n"  # no model anywhere
    assert deps(settings, "settings.yaml", recognizer) == set()


def test_modelscope_api_inference_urls_name_their_model(recognizer) -> None:
    code = "URL = 'https://api-inference.modelscope.cn/api-inference/v1/models/acme-lab/tts_zh-cn_16k'\n"
    assert ("acme-lab/tts_zh-cn_16k", 1, "modelscope_model") in deps(code, "tools.py", recognizer)


def test_a_base_url_with_an_api_root_is_a_model_api_whatever_its_host(recognizer) -> None:
    py = (
        "from openai import OpenAI\n"
        "client = OpenAI(base_url='https://api.acme-inference.io/v1', api_key=k)\n"
        "local = OpenAI(base_url='http://localhost:8000/v1')\n"  # the machine itself
        "GITHUB = httpx.Client(base_url='https://api.github.com/repos/acme')\n"  # not an API root
    )
    assert {i for i, _, k in deps(py, "client.py", recognizer) if k == "api_endpoint"} == {"api.acme-inference.io"}
    ts = 'const providers = [{ label: "Acme", baseUrl: "https://llm.acme.dev/openai" }, { baseUrl: "" }];\n'
    assert ("llm.acme.dev", 1, "api_endpoint") in deps(ts, "providers.ts", recognizer)
    env = "ACME_BASE_URL=https://gw.acme.cn/api/v3\nDOCS_URL=https://acme.cn/docs\n"
    assert {i for i, _, _ in deps(env, ".env", recognizer)} == {"gw.acme.cn"}
    yaml_text = "llm:\n  url: https://infer.acme.ai/v1\n  homepage: https://acme.ai\nsite:\n  url: https://acme.ai\n"
    assert {i for i, _, _ in deps(yaml_text, "config.yaml", recognizer)} == {"infer.acme.ai"}


def test_a_bare_host_is_a_model_api_only_under_a_key_that_names_its_service(recognizer) -> None:
    """`base_url=`, `apiBase`, `BASE_URL` give clients of any web API their host (a code host, a docs site,
    a memory platform): without an API root path the URL is no model API. A key that names the service
    (`ACME_BASE_URL`) says what the host is, path or not."""
    py = (
        "backend = Backend(base_url='https://api.acme-memory.io')\n"
        "BASE_URL = 'https://docs.acme-memory.io/'\n"
        "self.api_base = 'https://api.acme-git.com'\n"
        "ACME_BASE_URL = 'https://api.acme-llm.io'\n"
        "ACMEVOICE_API_BASE = 'https://api.acmevoice.ai'\n"
        "DEFAULT_BASE_URL = 'https://ilink.acme-chat.com'\n"  # words that name no service: a plain base URL
        "CUSTOM_API_BASE = 'https://api.acme-bot.com'\n"
    )
    found = {(i, line) for i, line, kind in deps(py, "providers.py", recognizer) if kind == "api_endpoint"}
    assert found == {("api.acme-llm.io", 4), ("api.acmevoice.ai", 5)}
    ts = 'this.apiBase = "https://api.acme-git.com";\nexport const ACME_BASE_URL = "https://api.acme-llm.io";\n'
    assert {(i, line) for i, line, _ in deps(ts, "constant.ts", recognizer)} == {("api.acme-llm.io", 2)}


def test_a_price_table_keyed_by_open_weights_names_names_the_models_an_api_serves(recognizer) -> None:
    """Keys of a table of figures (prices, context lengths) are what an API is called with, catalogued open
    weights named without their org among them. The same names mapped to ids or settings are a project's
    presets: their own names, the ids being the references."""
    py = (
        "HOSTED_PRICES = {\n"
        '    "qwen2.5-72b-instruct": {"prompt": 0.0006, "completion": 0.0012},\n'
        '    "deepseek-r1": {"prompt": 0.0005, "completion": 0.002},\n'
        '    "acme-chat-7b": {"prompt": 0, "completion": 0},\n'
        "}\n"
        "PRESETS = {\n"
        '    "qwen2.5-7b-instruct": "Qwen/Qwen2.5-7B-Instruct",\n'
        '    "deepseek-r1": "deepseek-ai/DeepSeek-R1",\n'
        "}\n"
    )
    found = {(i, line) for i, line, _ in deps(py, "costs.py", recognizer)}
    assert {("qwen2.5-72b-instruct", 2), ("deepseek-r1", 3), ("acme-chat-7b", 4)} <= found
    assert {line for _, line in found if line >= 6} == {7, 8}  # the presets' ids, not their names
    assert ("qwen2.5-7b-instruct", 7) not in found
    json_text = '{"context": {"qwen2.5-72b-instruct": 131072, "deepseek-r1": 65536, "acme-chat-7b": 8192}}\n'
    assert {i for i, _, _ in deps(json_text, "limits.json", recognizer)} >= {"qwen2.5-72b-instruct", "acme-chat-7b"}
    yaml_text = "prices:\n  qwen2.5-72b-instruct: {input: 0.6, output: 1.2}\n  deepseek-r1: {input: 0.5, output: 2}\n"
    assert {i for i, _, _ in deps(yaml_text, "prices.yaml", recognizer)} == {"qwen2.5-72b-instruct", "deepseek-r1"}


def test_a_keyword_or_table_named_for_a_dataset_holds_data_but_its_model_settings_are_models(recognizer) -> None:
    """`dataset_id="org/bench"` given to a project's own registry call, and a hub table assigned to a dataset's
    name, hold datasets, whatever their orgs; a model key inside a dataset's arguments is still a setting."""
    py = (
        "from modelscope import snapshot_download\n"
        "@register_benchmark(BenchmarkMeta(name='acme_qa', dataset_id='allenai/acme-qa-bench', subset='test'))\n"
        "class AcmeQA:\n"
        "    SOURCE_DATASET_IDS = {\n"
        "        HubType.MODELSCOPE: 'AI-ModelScope/acme-video',\n"
        "        HubType.HUGGINGFACE: 'Qwen/acme-video',\n"
        "    }\n"
        "dataset_args = {'acme_qa': {'extra_params': {'judge_model': 'qwen-plus'}}}\n"
    )
    found = {(i, line) for i, line, _ in deps(py, "benchmarks/acme_qa.py", recognizer)}
    assert found == {("modelscope", 1), ("qwen-plus", 8)}  # the SDK import and the judge


def test_an_id_written_as_an_org_and_a_name_under_two_keys_is_one_model(recognizer) -> None:
    """A registry that writes each repository it downloads as `dict(org=..., name=...)` (vocabulary split-id-keys)
    names those repositories; a template is not joined, nor an account's org beside a hosted name."""
    py = (
        "configs = [\n"
        '    dict(name="tiny-1b", hf_config=dict(org="acme-lab", name="tiny-llm-1b-instruct"), n_layer=2),\n'
        '    {"hf_config": {"org": "stabilityai", "name": "stablelm-3b-4e1t"}},\n'
        '    dict(name="Qwen2.5-{}B", hf_config=dict(org="Qwen", name="Qwen2.5-{}B{}")),\n'
        '    dict(org="acme", name="server"),\n'
        "]\n"
        'client = OpenAI(api_key=key, org="acme-billing", model="gpt-4o")\n'
    )
    found = {(i, line) for i, line, _ in deps(py, "litgpt/config.py", recognizer)}
    assert found == {("acme-lab/tiny-llm-1b-instruct", 2), ("stabilityai/stablelm-3b-4e1t", 3), ("gpt-4o", 7)}
    yaml_text = "models:\n  - org: acme-lab\n    name: tiny-llm-1b-instruct\n  - org: acme\n    name: server\n"
    assert deps(yaml_text, "models.yaml", recognizer) == {("acme-lab/tiny-llm-1b-instruct", 3, "hub_model")}


def test_webllm_prebuilt_ids_are_mlc_ai_conversions_of_their_family(recognizer, kb) -> None:
    """WebLLM's model ids (`CreateMLCEngine("Qwen2.5-1.5B-Instruct-q4f16_1-MLC")`) are mlc-ai's conversions on the
    Hub (rules/vocabulary.yaml legacy-ids); their origin is the family's, context variants (`-MLC-1k`) too."""
    from scanner.resolve.resolver import Resolver

    ts = (
        'import * as webllm from "@mlc-ai/web-llm";\n'
        'const selectedModel = "Qwen2.5-1.5B-Instruct-q4f16_1-MLC";\n'
        "const engine = await webllm.CreateMLCEngine(selectedModel, { initProgressCallback });\n"
        'const small = await webllm.CreateMLCEngine("Llama-3.2-1B-Instruct-q4f32_1-MLC-1k");\n'
        'const label = "Instruct-MLC";\n'  # no quantization: not an id
    )
    result = extract_file(ts.encode(), "examples/chat.ts", recognizer)
    found = {(r.id, r.line, r.ref_type.value) for r in result.references}
    assert found == {
        ("Qwen2.5-1.5B-Instruct-q4f16_1-MLC", 2, "hub_model"),
        ("Llama-3.2-1B-Instruct-q4f32_1-MLC-1k", 4, "hub_model"),
    }
    resolver = Resolver(kb)
    origins = {r.id: resolver.resolve(r) for r in result.references}
    qwen, llama = origins["Qwen2.5-1.5B-Instruct-q4f16_1-MLC"], origins["Llama-3.2-1B-Instruct-q4f32_1-MLC-1k"]
    assert (qwen.origin.country, qwen.relation) == ("CN", "quantized")
    assert (llama.origin.lab, llama.relation) == ("meta", "quantized")


def test_a_routers_provider_word_before_a_name_is_that_providers_model_not_a_hub_org(recognizer, kb) -> None:
    """LiteLLM-style routes (`sambanova/Qwen2.5-72B-Instruct`, `gemini/gemma-3-27b-it`, `ollama/llama3.1`) in a
    slot or a list name the model the provider serves: a hosted model whose origin is the weights' lab, or an
    Ollama model; a hub org of the same word (`google/gemma-2-9b-it`) stays a hub id."""
    from scanner.resolve.resolver import Resolver

    py = (
        'llm = LLM(model="sambanova/Qwen2.5-72B-Instruct")\n'
        'MODELS = {"gemini": ["gemini/gemma-3-27b-it", "google/gemma-2-9b-it"], "local": ["ollama/llama3.1"]}\n'
    )
    result = extract_file(py.encode(), "crew/constants.py", recognizer)
    found = {(r.id, r.line, r.ref_type.value) for r in result.references}
    assert found == {  # named as the provider names them, as a registry's routed names are
        ("Qwen2.5-72B-Instruct", 1, "hosted_model"),
        ("gemma-3-27b-it", 2, "hosted_model"),
        ("google/gemma-2-9b-it", 2, "hub_model"),
        ("llama3.1:latest", 2, "ollama_model"),
    }
    # beside a recognised id, a route to a name no catalogue knows is the provider's model too
    listed = 'MODELS = ["Qwen/Qwen3-8B", "perplexity/acme-sonar-9"]\n'
    assert deps(listed, "models.py", recognizer) == {
        ("Qwen/Qwen3-8B", 1, "hub_model"),
        ("acme-sonar-9", 1, "hosted_model"),
    }
    resolver = Resolver(kb)
    origins = {r.id: resolver.resolve(r) for r in result.references}
    qwen, gemma = origins["Qwen2.5-72B-Instruct"], origins["gemma-3-27b-it"]
    assert qwen is not None and (qwen.origin.lab, qwen.origin.country) == ("alibaba-qwen", "CN")
    assert gemma is not None and gemma.origin.lab == "google"


def test_an_id_inside_a_string_of_several_lines_is_reported_where_it_is_written(recognizer) -> None:
    code = (
        "import os\n"
        'os.system("vllm serve \\\n'  # a backslash-newline inside the literal: the value is one line
        " --model=acme-lab/tiny-llm-1b \\\n"
        ' --port 8090")\n'
        'ARGS = """\n'
        "train \\\\\n"
        "  --model_name_or_path Qwen/Qwen3-8B\n"
        '"""\n'
    )
    result = extract_file(code.encode(), "serve.py", recognizer)
    assert not result.issues  # parsed as Python, not read line by line after a syntax error
    placed = {(r.id, r.line, r.column) for r in result.references}
    assert ("acme-lab/tiny-llm-1b", 3, 10) in placed
    assert ("Qwen/Qwen3-8B", 7, 24) in placed


def test_a_registry_of_model_urls_reports_each_model_and_the_api_serving_it(recognizer) -> None:
    base = "https://api-inference.modelscope.cn/api-inference/v1/models"
    tools = (
        "{\n" + ",\n".join(f'  "t{i}": {{"url": "{base}/acme-lab/tool_{i}", "use": false}}' for i in range(3)) + "\n}\n"
    )
    got = deps(tools, "tools.json", recognizer)
    for i in range(3):
        assert (f"acme-lab/tool_{i}", i + 2, "modelscope_model") in got
        assert ("api-inference.modelscope.cn", i + 2, "api_endpoint") in got


def test_lists_in_one_slot_value_yaml_inside_a_block_and_ollama_registry_images(recognizer) -> None:
    env = 'ENV = {\n    "EMBED_MODEL_ID": "acme-lab/embed-small-v1;acme-lab/rerank-base-v2;",\n}\n'
    assert {i for i, _, _ in deps(env, "deploy.py", recognizer)} == {
        "acme-lab/embed-small-v1",
        "acme-lab/rerank-base-v2",
    }
    block = "config: |\n  - name: painter\n    parameters:\n      model: acme-lab/diffuse-xl-1\n"
    assert ("acme-lab/diffuse-xl-1", 4, "hub_model") in deps(block, "aikitfile.yaml", recognizer)
    oci = "models:\n  - source: oci://registry.ollama.ai/library/qwen2.5:3b\n"
    assert ("qwen2.5:3b", 2, "ollama_model") in deps(oci, "aikitfile.yaml", recognizer)
    prose = 'note = "see https://example.com/a;b and more"\n'  # words with spaces: not a list of ids
    assert deps(prose, "x.py", recognizer) == set()


def test_the_repo_a_file_pushes_to_is_its_own_where_it_is_only_named(recognizer) -> None:
    code = (
        "from sentence_transformers import SentenceTransformer\n"
        "model = SentenceTransformer('acme-lab/tiny-embed-v1')\n"  # loaded: a dependency
        "url = model.push_to_hub('acme-lab/tiny-embed-v1-ft')\n"
        "assert url == 'https://huggingface.co/acme-lab/tiny-embed-v1-ft/commit/1'\n"  # its own output, named
    )
    assert {i for i, _, _ in deps(code, "test_push.py", recognizer)} == {"acme-lab/tiny-embed-v1"}


def test_a_registry_column_does_not_make_models_of_setting_words(recognizer) -> None:
    runs = '[{"model": "deepseek-chat"}, {"model": "auto"}, {"model": "default"}, {"model": "acme-chat-2"}]'
    assert {i for i, _, _ in deps(runs, "matrix.json", recognizer)} == {"deepseek-chat", "acme-chat-2"}


def test_unset_model_values_and_ci_working_folders_are_not_models(recognizer) -> None:
    code = "class EmbeddingInput(BaseModel):\n    model: str = 'default/not-specified'\n"
    assert deps(code, "schemas.py", recognizer) == set()
    ci = "jobs:\n  test:\n    steps:\n      - run: make test\n        working-directory: libs/llm_package\n"
    assert deps(ci, ".github/workflows/ci.yaml", recognizer) == set()


def test_a_registry_rows_base_model_is_lineage_metadata_a_mention(recognizer) -> None:
    catalog = "models:\n" + "".join(
        f"- name: acme-lab/qwen-{n}b-ft\n  baseModel:\n  - Qwen/Qwen2.5-{n}B\n  license: mit\n" for n in (1, 3, 7)
    )
    got = found(catalog, "model_catalog.yaml", recognizer)
    assert ("acme-lab/qwen-1b-ft", 2, "hub_model", False) in got
    assert ("Qwen/Qwen2.5-1B", 4, "hub_model", True) in got  # the row's base: named, not used
    config = "base_model: Qwen/Qwen2.5-1B\nmodel_type: AutoModelForCausalLM\n"  # a training config: used
    assert deps(config, "train.yaml", recognizer) == {("Qwen/Qwen2.5-1B", 1, "hub_model")}


def test_a_router_prefixed_api_name_beside_hub_ids_is_the_apis_model_not_a_repo(recognizer) -> None:
    code = "CANDIDATES = ['internlm/internlm3-8b-instruct', 'anthropic/claude-opus-4-1', 'google/gemini-2.0-flash']\n"
    got = deps(code, "bench.py", recognizer)
    assert {("claude-opus-4-1", 1, "hosted_model"), ("gemini-2.0-flash", 1, "hosted_model")} <= got
    assert ("internlm/internlm3-8b-instruct", 1, "hub_model") in got
    assert not any(kind == "hub_model" and i.startswith(("anthropic/", "google/")) for i, _, kind in got)


def test_api_aliases_and_vertex_version_spellings_are_hosted_names(recognizer) -> None:
    code = (
        "PRICES = {'claude-opus-4-1@20250805': 15.0}\nFAST = 'gemini-flash-lite-latest'\nBAD = 'gemini-fast-latest'\n"
    )
    got = deps(code, "cost.py", recognizer)
    assert {("claude-opus-4-1@20250805", 1, "hosted_model"), ("gemini-flash-lite-latest", 2, "hosted_model")} <= got
    assert not any(line == 3 for _, line, _ in got)


def test_modelscope_site_pages_and_mcp_servers_are_not_models_or_model_apis(recognizer) -> None:
    code = (
        "TOKEN_PAGE = 'https://www.modelscope.cn/my/overview'\n"
        "APP = 'https://modelscope.cn/studios/someone/voice-demo'\n"
        "WEIGHTS = 'https://modelscope.cn/models/iic/SenseVoiceSmall'\n"
        "TOOLS = {'type': 'sse', 'url': 'https://mcp.api-inference.modelscope.cn/sse/ab12'}\n"
        "LLM = {'base_url': 'https://api-inference.modelscope.cn/v1'}\n"
    )
    got = deps(code, "agent.py", recognizer)
    assert got == {
        ("iic/SenseVoiceSmall", 3, "modelscope_model"),
        ("api-inference.modelscope.cn", 5, "api_endpoint"),
    }


def test_a_relative_path_under_a_cloud_data_disk_is_a_local_folder(recognizer) -> None:
    script = "python train.py --model_name_or_path autodl-tmp/glm-4-9b --tokenizer THUDM/glm-4-9b\n"
    got = deps(script, "train.sh", recognizer)
    assert not any(i.startswith("autodl-tmp/") for i, _, _ in got)


def test_dashscope_image_and_speech_api_names_are_hosted_but_the_open_weights_stay_hub_models(recognizer) -> None:
    code = (
        "from dashscope import ImageSynthesis\n"
        "img = ImageSynthesis.call(model='wanx2.1-t2i-turbo', prompt=p)\n"
        "voice = SpeechSynthesizer.call(model='sambert-zhiqi-v1', text=t)\n"
        "LOCAL = 'Wan-AI/Wan2.2-T2V-A14B'\n"
        "NOT_A_MODEL = 'sambert-notes'\n"
    )
    got = deps(code, "media.py", recognizer)
    assert {("wanx2.1-t2i-turbo", 2, "hosted_model"), ("sambert-zhiqi-v1", 3, "hosted_model")} <= got
    assert ("Wan-AI/Wan2.2-T2V-A14B", 4, "hub_model") in got
    assert not any(line == 5 for _, line, _ in got)


def test_a_script_folded_into_one_argument_reports_each_id_on_its_own_line(recognizer) -> None:
    manifest = (
        "containers:\n"
        "  - command: [sh, -c]\n"
        "    args:\n"
        "      - >\n"
        "        nvidia-smi &&\n"
        "        python -m sglang.launch_server\n"
        "          --model-path THUDM/glm-4-9b-chat --port 30000\n"
    )
    assert ("THUDM/glm-4-9b-chat", 7, "hub_model") in deps(manifest, "deploy.yaml", recognizer)


def test_an_open_weight_id_of_a_provider_org_is_a_hub_model_not_the_resellers_api_name(recognizer) -> None:
    code = "base = (\n    'google/gemma-7b-it'  # needs a recent transformers\n)\nfast = 'google/gemini-2.5-flash'\n"
    got = deps(code, "cfg.py", recognizer)
    assert ("google/gemma-7b-it", 2, "hub_model") in got
    assert ("gemini-2.5-flash", 4, "hosted_model") in got
    assert not any(i == "gemma-7b-it" for i, _, _ in got)


def test_a_literal_script_argument_with_continuations_reports_the_id_on_its_line(recognizer) -> None:
    manifest = (
        "args:\n"
        "  - |\n"
        "    vllm serve \\\n"
        "    --port 8000 \\\n"
        "    --model internlm/internlm2_5-7b-chat \\\n"
        "    --served-model-name chat\n"
    )
    assert ("internlm/internlm2_5-7b-chat", 5, "hub_model") in deps(manifest, "pod.yaml", recognizer)


def test_a_tag_of_an_ollama_library_name_the_rules_do_not_map_is_still_an_ollama_model(recognizer) -> None:
    code = 'const CHOICES = ["mistral-nemo:12b", "command-r7b:latest"];\nconst IMAGE = "nginx:1.27";\n'
    got = deps(code, "models.ts", recognizer)
    assert {("mistral-nemo:12b", 1, "ollama_model"), ("command-r7b:latest", 1, "ollama_model")} <= got
    assert not any(line == 2 for _, line, _ in got)


def test_a_short_name_keyed_to_a_model_url_is_that_models_alias_not_a_second_model(recognizer) -> None:
    conf = '[aliases]\n  "qwen3:8b" = "hf://unsloth/Qwen3-8B-GGUF"\ndefault = "qwen3:8b"\n'
    got = deps(conf, "aliases.conf", recognizer)
    assert ("unsloth/Qwen3-8B-GGUF", 2, "hub_model") in got
    assert ("qwen3:8b", 3, "ollama_model") in got
    assert not any(line == 2 and kind == "ollama_model" for _, line, kind in got)


def test_helm_charts_file_paths_and_open_weight_video_models_are_not_api_models(recognizer) -> None:
    script = (
        "helm repo add nvidia https://helm.ngc.nvidia.com/nvidia\n"
        "helm upgrade --install gpu-operator nvidia/gpu-operator --namespace gpu\n"
        "vllm serve nvidia/Llama-3.1-Nemotron-Nano-8B-v1\n"
    )
    assert deps(script, "setup.sh", recognizer) == {("nvidia/Llama-3.1-Nemotron-Nano-8B-v1", 3, "hub_model")}
    code = "XML = 'openvino/openvino_model.xml'\nAPI = 'cogvideox-flash'\nLOCAL = 'cogvideox-5b'\n"
    got = deps(code, "video.py", recognizer)
    assert ("cogvideox-flash", 2, "hosted_model") in got
    assert not any(line in (1, 3) for _, line, _ in got)


def test_api_specifications_metrics_dumps_and_recorded_outputs_name_models_as_mentions(recognizer) -> None:
    spec = "paths:\n  /v1/chat:\n    post:\n      requestBody:\n        example: {model: Qwen/Qwen2.5-7B-Instruct}\n"
    metrics = 'vllm:num_requests_running{model_name="deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"} 0.0\n'
    output = '{"id": "x", "model": "qwen2.5:7b", "choices": []}\n'
    for text, path in ((spec, "api/serving.openapi.yaml"), (metrics, "hack/mock/metrics.txt"), (output, "r.output")):
        got = found(text, path, recognizer)
        assert got and all(mention for *_, mention in got), path
    config = "model: Qwen/Qwen2.5-7B-Instruct\n"
    assert found(config, "deploy/values.yaml", recognizer) == {("Qwen/Qwen2.5-7B-Instruct", 1, "hub_model", False)}


def test_keys_of_a_mapping_keyed_by_model_names_are_models(recognizer) -> None:
    store = (
        "providers:\n"
        "  moonshot:\n"
        "    favorite:\n"
        "      moonshot-v1-8k: 8000\n"
        "      kimi-k2-turbo-preview: 256000\n"
        "      acme-writer-3: 32000\n"
        "metrics:\n"
        "  loss/reduced_llm_loss: 0.01\n"
        "  grad-norm-1: 0.2\n"
    )
    got = deps(store, "store.yaml", recognizer)
    assert {("moonshot-v1-8k", 4, "hosted_model"), ("acme-writer-3", 6, "hosted_model")} <= got
    assert not any(line >= 8 for _, line, _ in got)
    prices = 'PRICES = {"glm-4-plus": {"in": 5}, "glm-4-air": {"in": 1}, "acme-lite-2": {"in": 0.1}}\n'
    assert ("acme-lite-2", 1, "hosted_model") in deps(prices, "cost.py", recognizer)


def test_a_key_naming_an_entry_with_its_own_model_setting_is_not_a_second_reference(recognizer) -> None:
    config = '{\n  "qwen-plus": {\n    "type": "dashscope",\n    "model": "qwen-plus"\n  }\n}\n'
    assert deps(config, "models.json", recognizer) == {("qwen-plus", 4, "hosted_model")}


def test_a_json_list_of_models_held_by_a_yaml_value_is_read_as_json(recognizer) -> None:
    values = (
        "env:\n"
        "  TITLE: chat\n"
        "  MODELS: >\n"
        "    [\n"
        '      { "id": "THUDM/glm-4-9b-chat", "name": "GLM" },\n'
        '      { "id": "acme-lab/Acme-Chat-70B", "name": "Acme" },\n'
        '      { "id": "Qwen/Qwen3-8B", "name": "Qwen" }\n'
        "    ]\n"
        "  NOT_JSON: '[draft] notes'\n"
    )
    got = deps(values, "chart/values.yaml", recognizer)
    assert got == {
        ("THUDM/glm-4-9b-chat", 5, "hub_model"),
        ("acme-lab/Acme-Chat-70B", 6, "hub_model"),
        ("Qwen/Qwen3-8B", 7, "hub_model"),
    }


def test_an_enum_or_list_of_an_apis_models_makes_its_uncatalogued_names_models(recognizer) -> None:
    code = (
        "class ZhipuModel(Enum):\n"
        "    PLUS = 'glm-4-plus'\n"
        "    AIR = 'glm-4-air'\n"
        "    VISION = 'glm-4.9v-thinking-flash'\n"
        "    DEFAULT_TIMEOUT = 'thirty'\n"
        "    RELEASE = 'v1.2'\n"
        "VERSIONS = ['v1.2', 'v2.0', 'release-3']\n"
    )
    got = deps(code, "types.py", recognizer)
    assert {("glm-4-plus", 2, "hosted_model"), ("glm-4.9v-thinking-flash", 4, "hosted_model")} <= got
    assert not any(line in (5, 6, 7) for _, line, _ in got)


def test_a_shell_string_continued_over_lines_reports_each_id_on_its_line(recognizer) -> None:
    script = (
        'train_args="\\\n'
        "    --output_dir ./out \\\n"
        "    --embedder_name_or_path BAAI/bge-m3 \\\n"
        "    --reranker_name_or_path BAAI/bge-reranker-v2-m3 \\\n"
        '"\n'
        "torchrun run.py $train_args\n"
    )
    got = deps(script, "finetune.sh", recognizer)
    assert got == {("BAAI/bge-m3", 3, "hub_model"), ("BAAI/bge-reranker-v2-m3", 4, "hub_model")}


def test_open_weights_named_without_their_org_in_an_api_call_are_that_models_api_use(recognizer, kb) -> None:
    from scanner.records import Reference, RefType
    from scanner.resolve.resolver import Resolver

    code = (
        "llm_cfg = {'model': 'qwen2.5-72b-instruct', 'model_server': 'dashscope', 'api_key': KEY}\n"
        "other = {'model': 'acme-chat-7b'}\n"
    )
    assert deps(code, "agent.py", recognizer) == {("qwen2.5-72b-instruct", 1, "hosted_model")}
    # without an API in the file, such a name is often a deployment's own name for what it serves
    assert deps("cfg = {'model': 'qwen2.5-72b-instruct'}\n", "names.py", recognizer) == set()
    ref = Reference("qwen2.5-72b-instruct", RefType.HOSTED_MODEL, "agent.py", 1, 1, "x", "python")
    model = Resolver(kb).resolve(ref)
    assert model is not None and (model.origin.lab, model.origin.country) == ("alibaba-qwen", "CN")
    assert model.id == "qwen2.5-72b-instruct" and model.license.id is not None


def test_voyage_and_cohere_rerank_4_names_are_their_apis_models(recognizer, kb) -> None:
    from scanner.records import Reference, RefType
    from scanner.resolve.resolver import Resolver

    code = (
        "import voyageai\n"
        "v = voyageai.Client()\n"
        "e = v.embed(texts, model='voyage-3.5')\n"
        "r = co.rerank(model='rerank-v4.0-pro', query=q, documents=d)\n"
        "bad = pick(model='voyage-beta')\n"
    )
    got = deps(code, "search.py", recognizer)
    assert {("voyageai", 1, "sdk_package"), ("voyage-3.5", 3, "hosted_model")} <= got
    assert ("rerank-v4.0-pro", 4, "hosted_model") in got
    assert not any(line == 5 for _, line, _ in got)
    ref = Reference("voyage-3.5", RefType.HOSTED_MODEL, "search.py", 3, 1, "x", "python")
    model = Resolver(kb).resolve(ref)
    assert model is not None and (model.origin.lab, model.origin.country) == ("voyage-ai", "US")


def test_image_settings_and_a_loader_named_calls_test_keys_are_not_models(recognizer) -> None:
    workflow = "env:\n  IMAGE_NAME: acme-ai/chat-llm\n  EMBED_MODEL: acme-ai/embed-v2-small\n"
    assert deps(workflow, ".github/workflows/release.yml", recognizer) == {("acme-ai/embed-v2-small", 3, "hub_model")}
    code = (
        "cached = find_local_model('warm/read-test', root)\n"
        "model = load_model('acme-ai/chat-llm-7b')\n"
        "other = get_model('Qwen/Qwen2.5-0.5B')\n"
    )
    got = deps(code, "test_cache.py", recognizer)
    assert {("acme-ai/chat-llm-7b", 2, "hub_model"), ("Qwen/Qwen2.5-0.5B", 3, "hub_model")} <= got
    assert not any(line == 1 for _, line, _ in got)


def test_the_internlm_and_sambanova_apis_are_model_apis_and_internlm_is_prc_hosted(recognizer, kb) -> None:
    from scanner.records import Reference, RefType
    from scanner.resolve.resolver import Resolver

    code = (
        "client = OpenAI(base_url='https://internlm-chat.intern-ai.org.cn/puyu/api/v1', api_key=key)\n"
        "r = client.chat.completions.create(model='internlm3-latest', messages=m)\n"
        "samba = OpenAI(base_url='https://api.sambanova.ai/v1')\n"
        "DOCS = 'https://internlm.intern-ai.org.cn/api/document'\n"
    )
    got = deps(code, "chat.py", recognizer)
    assert {("internlm-chat.intern-ai.org.cn", 1, "api_endpoint"), ("internlm3-latest", 2, "hosted_model")} <= got
    assert ("api.sambanova.ai", 3, "api_endpoint") in got
    assert not any(line == 4 for _, line, _ in got)
    host = Reference("internlm-chat.intern-ai.org.cn", RefType.API_ENDPOINT, "chat.py", 1, 1, "x", "python")
    model = Resolver(kb).resolve(host)
    assert model is not None and model.origin.country == "CN"


def test_a_quoted_argument_continued_over_lines_reports_each_id_at_its_column(recognizer) -> None:
    script = 'python train.py "--model Qwen/Qwen2.5-7B \\\n  --ref THUDM/glm-4-9b-chat"\n'
    result = extract_file(script.encode(), "train.sh", recognizer)
    got = {(r.id, r.line, r.column) for r in result.references}
    assert got == {("Qwen/Qwen2.5-7B", 1, 26), ("THUDM/glm-4-9b-chat", 2, 9)}


def test_a_yaml_value_nested_too_deeply_to_read_as_json_does_not_cost_the_rest_of_the_file(recognizer) -> None:
    text = "model: Qwen/Qwen2.5-7B\nMODELS: '" + "[" * 50_000 + "]" * 50_000 + "'\n"
    result = extract_file(text.encode(), "values.yaml", recognizer)
    assert not result.issues
    assert [(r.id, r.line) for r in result.references] == [("Qwen/Qwen2.5-7B", 1)]


def test_a_name_tested_by_its_prefix_or_part_is_a_pattern_not_a_reference(recognizer) -> None:
    # the code routes by family (`name.startswith("glm-4")`): nothing is loaded or called by those strings;
    # an exact name the code sends, or a member of a list of names, stays a reference
    python = (
        "def route(model_id):\n"
        "    if model_id.startswith(('qwen-max', 'qwen-plus')):\n"
        "        return 'dashscope'\n"
        "    if 'moonshot-v1' in model_id.lower() or 'ernie-4.0-8k' in model_id:\n"
        "        return 'other'\n"
        "    if 'glm-4-plus' in ALLOWED:\n"
        "        return client.chat.completions.create(model='glm-4-flash', api_key=KEY)\n"
    )
    assert deps(python, "route.py", recognizer) == {
        ("glm-4-plus", 6, "hosted_model"),
        ("glm-4-flash", 7, "hosted_model"),
    }
    typescript = (
        "export const pick = (m: string) =>\n"
        "  m.startsWith('qwen-max') || m.includes('glm-4-plus') ? 'cn' : call({ model: 'moonshot-v1-8k' });\n"
    )
    assert deps(typescript, "pick.ts", recognizer) == {("moonshot-v1-8k", 2, "hosted_model")}
    go = (
        "func provider(name string) string {\n"
        '\tif strings.HasPrefix(name, "qwen-max") || strings.Contains(name, "glm-4-plus") {\n'
        '\t\treturn "cn"\n'
        "\t}\n"
        '\treturn Request{Model: "moonshot-v1-8k"}.Send()\n'
        "}\n"
    )
    assert deps(go, "provider.go", recognizer) == {("moonshot-v1-8k", 5, "hosted_model")}


def test_deepseeks_v4_api_names_are_its_hosted_models_and_the_weights_stay_hub_models(recognizer, kb) -> None:
    from scanner.records import Reference, RefType
    from scanner.resolve.resolver import Resolver

    code = (
        "client = OpenAI(base_url='https://api.deepseek.com', api_key=KEY)\n"
        "r = client.chat.completions.create(model='deepseek-v4-pro', messages=[])\n"
        "FAST = ['deepseek-flash', 'deepseek-v4-flash']\n"
        "w = AutoModel.from_pretrained('deepseek-ai/DeepSeek-V4-Flash')\n"
    )
    got = deps(code, "svc.py", recognizer)
    assert {
        ("deepseek-v4-pro", 2, "hosted_model"),
        ("deepseek-flash", 3, "hosted_model"),
        ("deepseek-v4-flash", 3, "hosted_model"),
        ("deepseek-ai/DeepSeek-V4-Flash", 4, "hub_model"),
    } <= got
    ref = Reference("deepseek-flash", RefType.HOSTED_MODEL, "a.py", 1, 1, "deepseek-flash", "python")
    model = Resolver(kb).resolve(ref)
    assert model is not None and (model.origin.lab, model.origin.country, model.kind) == (
        "deepseek",
        "CN",
        "hosted_model",
    )
    assert recognizer.hosted_model("DeepSeek-V4-Flash") is None  # the weights' name, capitalised


def test_what_a_dataset_key_holds_in_a_python_dict_or_a_data_path_variable_is_data(recognizer) -> None:
    # a training config written as a Python dict (`"datasets": [{"path": ...}]`) and a recipe's `data_path`
    # name datasets, whatever org they are under; the model beside them stays a model
    code = (
        "cfg = {\n"
        "    'base_model': 'Qwen/Qwen2.5-0.5B',\n"
        "    'datasets': [{'path': 'Qwen/code-sft-mix', 'type': 'alpaca'}],\n"
        "    'test_datasets': ['microsoft/orca-eval-pairs'],\n"
        "}\n"
        "data_path = 'google/recipe-qa-20k'\n"
        "model_path = 'google/gemma-2-2b-it'\n"
    )
    assert deps(code, "train_cfg.py", recognizer) == {
        ("Qwen/Qwen2.5-0.5B", 2, "hub_model"),
        ("google/gemma-2-2b-it", 7, "hub_model"),
    }


def test_metric_names_docs_pages_and_git_repositories_are_not_models(recognizer) -> None:
    # shaped like org/name, but a logged metric, a page of a docs site, a git remote and a local asset folder
    code = (
        "THRESHOLDS = {'loss/lm_loss_reduced': 1e-6, 'train/grad_norm': 5.0}\n"
        "cur = data['eval/acc_mean']\n"
        "NAV = ['integrations/langchain-qwen', 'integrations/ollama-llama3']\n"
        "HINT = 'git clone git@github.com:QwenLM/Qwen2.5-VL.git'\n"
        "ckpt_path = 'asset/gpt-7b'\n"
        "model_id = 'Qwen/Qwen2.5-VL-7B-Instruct'\n"
    )
    assert deps(code, "train_utils.py", recognizer) == {("Qwen/Qwen2.5-VL-7B-Instruct", 6, "hub_model")}


def test_claude_fable_and_mythos_are_anthropics_api_models(recognizer) -> None:
    code = "r = anthropic.Anthropic().messages.create(model='claude-fable-5', max_tokens=10)\nALT = 'claude-mythos-5'\n"
    assert deps(code, "agent.py", recognizer) == {
        ("claude-fable-5", 1, "hosted_model"),
        ("claude-mythos-5", 2, "hosted_model"),
    }
    assert recognizer.hosted_model("Claude-Fable-5") is None  # a display name, not the API's lower-case id


def test_a_list_of_quoted_names_in_a_file_no_parser_reads_is_a_group(recognizer) -> None:
    # a Go gateway's model list: mostly catalogued API names, so its other names are that API's too; a hub id
    # of an unknown org beside a known one is a hub id; a list of field names stays nothing
    go = (
        "package relay\n"
        "\n"
        "var ModelList = []string{\n"
        '\t"glm-4-plus", "glm-4-flash",\n'
        '\t"moonshot-v1-8k", "acme-chat-v2",\n'
        "}\n"
        'var Hub = []string{"Qwen/Qwen2.5-7B-Instruct", "nlpgroup/Mistral-7B-sft-v2"}\n'
        'var Fields = []string{"model", "messages", "stream-v2"}\n'
    )
    assert deps(go, "relay/models.go", recognizer) == {
        ("glm-4-plus", 4, "hosted_model"),
        ("glm-4-flash", 4, "hosted_model"),
        ("moonshot-v1-8k", 5, "hosted_model"),
        ("acme-chat-v2", 5, "hosted_model"),
        ("Qwen/Qwen2.5-7B-Instruct", 7, "hub_model"),
        ("nlpgroup/Mistral-7B-sft-v2", 7, "hub_model"),
    }


def test_the_first_strings_of_a_list_of_calls_of_one_function_are_a_column(recognizer) -> None:
    # a provider's table of ModelInfo(...) records: its names are one group, as a list of them would be
    code = (
        "model_info_list = [\n"
        "    ModelInfo('glm-4-plus', 'chat', LLM, credential),\n"
        "    ModelInfo('moonshot-v1-8k', 'chat', LLM, credential),\n"
        "    ModelInfo('acme-chat-v2', 'chat', LLM, credential),\n"
        "]\n"
        "fields = [Field('name-v1'), Field('size-v2'), Field('kind-v3')]\n"
    )
    assert deps(code, "provider.py", recognizer) == {
        ("glm-4-plus", 2, "hosted_model"),
        ("moonshot-v1-8k", 3, "hosted_model"),
        ("acme-chat-v2", 4, "hosted_model"),
    }


def test_a_table_of_calls_is_a_column_with_two_catalogued_names_whatever_their_share(recognizer) -> None:
    # a local server's long table of built-in names: two catalogued among many unknown ones still make the
    # column a list of models; a name without a digit reads as one by a model word (`-base`, `llama`), a
    # word alone (`fastest`) or a prefix a name is tested by (`acme-`) does not
    rows = ["glm-4-plus", "moonshot-v1-8k", "acme-embed-base", "tinyllama-chat", "fastest", "acme-"]
    rows += [f"acme-ranker-v{i}" for i in range(1, 9)]  # the catalogued names are 2 of 14, under one in four
    code = "builtin = [\n" + "".join(f"    Spec({name!r}, '', EMBED),\n" for name in rows) + "]\n"
    got = deps(code, "provider.py", recognizer)
    names = {name for name, *_ in got}
    assert {"glm-4-plus", "moonshot-v1-8k", "acme-embed-base", "tinyllama-chat", "acme-ranker-v1"} <= names
    assert ("acme-embed-base", 4, "hosted_model") in got
    assert "fastest" not in names and "acme-" not in names
    # the same names as a plain list stay under the one-in-four rule: a list is not a table
    plain = "names = [" + ", ".join(repr(name) for name in rows) + "]\n"
    assert {name for name, *_ in deps(plain, "provider.py", recognizer)} == {"glm-4-plus", "moonshot-v1-8k"}


def test_a_name_in_a_comment_after_a_list_line_is_not_a_member(recognizer) -> None:
    go = 'var Models = []string{\n\t"glm-4-plus", "glm-4-flash", // "acme-chat-v1" is retired\n\t"acme-chat-v2",\n}\n'
    got = found(go, "models.go", recognizer)
    assert ("acme-chat-v2", 3, "hosted_model", False) in got
    assert not any(i == "acme-chat-v1" for i, *_ in got)  # not even a mention: only the list promotes it


def test_a_mapping_keyed_by_quoted_names_in_javascript_or_go_names_models_by_its_keys(recognizer) -> None:
    # a context-window table: mostly catalogued names, so its other keys with a digit are models too;
    # a mapping of settings keeps its keys to itself
    js = (
        "const CONTEXT = {\n"
        '  "glm-4-plus": 128000,\n'
        '  "moonshot-v1-8k": 8000,\n'
        '  "acme-chat-v2": 32000,\n'
        "};\n"
        'const OPTS = {\n  "max-tokens-2": 1,\n  "top-p-1": 2,\n};\n'
    )
    assert deps(js, "limits.js", recognizer) == {
        ("glm-4-plus", 2, "hosted_model"),
        ("moonshot-v1-8k", 3, "hosted_model"),
        ("acme-chat-v2", 4, "hosted_model"),
    }
    go = 'var Ratio = map[string]float64{\n\t"glm-4-plus": 1.0,\n\t"moonshot-v1-8k": 0.5,\n\t"acme-chat-v2": 2,\n}\n'
    assert ("acme-chat-v2", 4, "hosted_model") in deps(go, "ratio.go", recognizer)


def test_a_served_name_repeating_its_entrys_uri_is_not_a_second_reference(recognizer) -> None:
    # a model-serving resource names the model it serves after its weights: one reference, at the URI;
    # a name that differs from the URI, or an entry without one, keeps its own reference
    yaml_text = (
        "spec:\n"
        "  model:\n"
        "    uri: hf://Qwen/Qwen2.5-7B-Instruct\n"
        "    name: Qwen/Qwen2.5-7B-Instruct\n"
        "---\n"
        "model:\n"
        "  url: hf://Qwen/Qwen2.5-0.5B-Instruct\n"
        "  name: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B\n"
    )
    assert deps(yaml_text, "serve.yaml", recognizer) == {
        ("Qwen/Qwen2.5-7B-Instruct", 3, "hub_model"),
        ("Qwen/Qwen2.5-0.5B-Instruct", 7, "hub_model"),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", 8, "hub_model"),
    }


def test_a_name_tested_as_a_member_of_a_list_stays_a_reference(recognizer) -> None:
    # `includes`/`Contains` test a part of one name, or membership of a list the code offers: only the first
    # is a pattern of names
    typescript = (
        "const SUPPORTED = ['glm-4-plus', 'moonshot-v1-8k'];\n"
        "if (SUPPORTED.includes('glm-4-flash') || name.includes('qwen-max')) go();\n"
    )
    got = deps(typescript, "gate.ts", recognizer)
    assert ("glm-4-flash", 2, "hosted_model") in got and not any(i == "qwen-max" for i, _, _ in got)
    go = (
        "func ok(name string, models []string) bool {\n"
        '\treturn slices.Contains(models, "glm-4-flash") || strings.Contains(name, "qwen-max")\n'
        "}\n"
    )
    got = deps(go, "gate.go", recognizer)
    assert ("glm-4-flash", 2, "hosted_model") in got and not any(i == "qwen-max" for i, _, _ in got)


def test_a_copy_of_a_configuration_file_to_fill_in_is_read_as_the_file_it_copies(recognizer) -> None:
    # `settings.yaml.example` is YAML: its model setting beside an Ollama base URL is an Ollama tag, as it is in
    # settings.yaml; a Go template of a manifest is not the YAML it renders, and `.env.example` stays an env file
    from scanner.extract import extract_env, extract_text, extract_yaml, extractor_for

    text = "llm:\n  api_base: http://localhost:11434/v1\n  model: qwen2.5\n"
    for name in ("settings.yaml", "settings.yaml.example", "conf/settings.yml.sample"):
        assert deps(text, name, recognizer) == {("qwen2.5:latest", 3, "ollama_model")}, name
    assert extractor_for("settings.yaml.example") is extract_yaml
    assert extractor_for("deployment.yaml.tpl") is extract_text
    assert extractor_for(".env.example") is extract_env
    assert extractor_for("config.example") is extract_text


def test_a_parameters_default_is_read_under_the_parameters_name(recognizer) -> None:
    # a client's constructor defaults its API and model; a keyword-only default too; a function about data takes
    # data whatever its parameters are called; a parameter named for prose holds a mention
    code = (
        "class AcmeChat(Base):\n"
        "    def __init__(self, key, model_name='nlpgroup/Mistral-7B-sft-v2', base_url='https://api.acme-llm.io/v1'):\n"
        "        super().__init__(key, model_name, base_url)\n"
        "\n"
        "async def embed(texts, *, embed_model='glm-embedding-3', api_base='https://llm.acme.cn/v1'):\n"
        "    pass\n"
        "\n"
        "def prepare_dataset(self, name='Video-Bench', repo_id='videolab/VideoChat2-7B'):\n"
        "    pass\n"
        "\n"
        "def describe(example='see Qwen/Qwen3-8B for a model'):\n"
        "    pass\n"
    )
    got = found(code, "acme.py", recognizer)
    assert {
        ("nlpgroup/Mistral-7B-sft-v2", 2, "hub_model", False),
        ("api.acme-llm.io", 2, "api_endpoint", False),
        ("llm.acme.cn", 5, "api_endpoint", False),
    } <= got
    assert not any(i.startswith("videolab/") for i, *_ in got)
    assert ("Qwen/Qwen3-8B", 11, "hub_model", True) in got


def test_a_positional_name_repeating_a_model_keywords_model_is_the_name_it_is_served_under(recognizer) -> None:
    # the first argument names the server's model, the keyword the weights it loads: one reference; a two-hub
    # registry's positional ids stay two references, and a different positional name stays what it is
    code = (
        "model = HuggingfaceEncoderModel(\n"
        "    'roberta-base-sst2',\n"
        "    model_id_or_path='textattack/roberta-base-SST2',\n"
        ")\n"
        "other = HuggingfaceEncoderModel('Qwen/Qwen3-8B', model_id_or_path='BAAI/bge-m3')\n"
        "Model('AI-ModelScope/chinese-llama-2-7b', 'hfl/chinese-llama-2-7b')\n"
    )
    got = deps(code, "test_server.py", recognizer)
    assert ("textattack/roberta-base-SST2", 3, "hub_model") in got
    assert not any(line == 2 for _, line, _ in got)
    assert {("Qwen/Qwen3-8B", 5, "hub_model"), ("BAAI/bge-m3", 5, "hub_model")} <= got
    assert {i for i, line, _ in got if line == 6} == {"AI-ModelScope/chinese-llama-2-7b", "hfl/chinese-llama-2-7b"}


def test_a_python_entrys_name_repeating_its_uri_is_the_served_name(recognizer) -> None:
    # as in a KServe resource written in YAML: the URI is the reference, the name repeating its id is what the
    # server calls it, also when the URI comes from a constant; a name beside a URI of another model stays one
    code = (
        'MODEL_URI = os.environ.get("MODEL_URI", "hf://facebook/opt-125m")\n'
        "CASES = {\n"
        '    "opt": {"model": {"uri": MODEL_URI, "name": "facebook/opt-125m"}},\n'
        '    "qwen": {"model": {"uri": "hf://Qwen/Qwen2.5-0.5B-Instruct", "name": "Qwen/Qwen2.5-0.5B-Instruct"}},\n'
        '    "other": {"model": {"uri": "hf://facebook/opt-125m", "name": "Qwen/Qwen3-8B"}},\n'
        "}\n"
    )
    got = deps(code, "fixtures.py", recognizer)
    assert ("facebook/opt-125m", 1, "hub_model") in got
    assert ("Qwen/Qwen2.5-0.5B-Instruct", 4, "hub_model") in got  # once: the URI's
    assert ("facebook/opt-125m", 3, "hub_model") not in got
    assert ("Qwen/Qwen3-8B", 5, "hub_model") in got
    result = extract_file(code.encode(), "fixtures.py", recognizer)
    assert [r.column for r in result.references if r.line == 4 and not r.mention] == [32]  # hf://..., not the name


def test_moonshots_2026_api_names_are_its_hosted_models(recognizer, kb) -> None:
    from scanner.records import Reference, RefType
    from scanner.resolve.resolver import Resolver

    code = (
        "client = OpenAI(base_url='https://api.moonshot.ai/v1')\n"
        "a = client.chat.completions.create(model='kimi-k2.6', messages=m)\n"
        "b = client.chat.completions.create(model='kimi-k2.7-code-highspeed', messages=m)\n"
        "c = client.chat.completions.create(model='kimi-for-coding', messages=m)\n"
    )
    got = deps(code, "agent.py", recognizer)
    assert {("kimi-k2.6", 2, "hosted_model"), ("kimi-k2.7-code-highspeed", 3, "hosted_model")} <= got
    assert ("kimi-for-coding", 4, "hosted_model") in got
    model = Resolver(kb).resolve(Reference("kimi-k2.6", RefType.HOSTED_MODEL, "agent.py", 2, 1, "kimi-k2.6", "python"))
    assert model is not None and (model.origin.lab, model.origin.country) == ("moonshot", "CN")


def test_a_routers_route_to_a_catalogued_name_counts_as_recognised_in_a_table(recognizer) -> None:
    # an OpenRouter favourites map: the routes to catalogued API names (`anthropic/claude-...`) count with the
    # known orgs' ids, which makes the map keyed by model, so its other keys are models too
    yaml_text = "favoriteModels:\n" + "".join(
        f"  {key}: 128000\n"
        for key in (
            "openai/gpt-4o",
            "anthropic/claude-3-5-haiku-20241022",
            "anthropic/claude-3-opus-20240229",
            "acme-ai/acme-chat-2",
            "other-ai/other-llm-7b",
        )
    )
    got = {(i, line) for i, line, _ in deps(yaml_text, "store.yaml", recognizer)}
    assert got == {
        ("gpt-4o", 2),
        ("claude-3-5-haiku-20241022", 3),
        ("claude-3-opus-20240229", 4),
        ("acme-ai/acme-chat-2", 5),
        ("other-ai/other-llm-7b", 6),
    }


def test_route_words_are_vocabulary_a_user_rules_file_extends(tmp_path) -> None:
    # `ollama/`, `huggingface/`, `deepseek/` are rules data (vocabulary kind model-routes), not constants: an
    # organisation's own gateway word routes as the bundled ones do
    from scanner.knowledge import Knowledge
    from scanner.knowledge.load import load_rules
    from scanner.pipeline import build_recognizer

    overlay = tmp_path / "routes.yaml"
    overlay.write_text(
        "vocabulary:\n"
        "  - {name: our gateway to Ollama, kind: model-routes, role: ollama, names: [acme_local],"
        " source: test, as_of: '2026-12-07', checked: '2026-12-07'}\n"
    )
    code = (
        "llm = completion(model='acme_local/qwen2.5', messages=m)\n"
        "b = completion(model='ollama/llama3.1', messages=m)\n"
    )
    bundled = build_recognizer(Knowledge(load_rules([])[0]))
    extended = build_recognizer(Knowledge(load_rules([overlay])[0]))
    assert ("llama3.1:latest", 2, "ollama_model") in deps(code, "app.py", bundled)
    assert ("acme_local/qwen2.5", 1, "hub_model") in deps(code, "app.py", bundled)  # a slot takes any org's id
    assert ("qwen2.5:latest", 1, "ollama_model") in deps(code, "app.py", extended)


def test_the_hints_that_a_file_talks_to_ollama_are_vocabulary_read_alike_by_every_extractor(recognizer) -> None:
    # Ollama's port says "Ollama" in JavaScript and Go as it did in Python and YAML: a bare library name in a model
    # setting is then an Ollama tag; a file with neither the word nor the port keeps the name to itself
    js = 'const client = new OpenAI({ baseURL: "http://localhost:11434/v1" });\nconst cfg = { model: "qwen2.5" };\n'
    assert ("qwen2.5:latest", 2, "ollama_model") in deps(js, "src/llm.ts", recognizer)
    plain = 'const cfg = { model: "qwen2.5" };\n'
    assert deps(plain, "src/llm.ts", recognizer) == set()
    assert ":11434" in recognizer.ollama_hints and "base_url" in recognizer.api_hints


def test_a_url_calling_a_model_apis_operation_names_that_api_whatever_its_host(recognizer) -> None:
    # `/v1/models`, `/v1/chat/completions`, `/v1/rerank` are model API operations: the host is a model API's even
    # where no endpoint key says so; a local server, an example host and other paths of the same host are not
    js = (
        'await fetch("https://api.acme-llm.io/public/v1/models");\n'
        "const r = await fetch(`https://llm.acme.cn/v1/chat/completions`, { method: 'POST' });\n"
        'await fetch("http://localhost:8000/v1/chat/completions");\n'
        'await fetch("https://api.example.com/v1/embeddings");\n'
        'await fetch("https://status.acme-llm.io/v1/incidents");\n'
    )
    got = {(i, line) for i, line, kind in deps(js, "src/models.js", recognizer) if kind == "api_endpoint"}
    assert got == {("api.acme-llm.io", 1), ("llm.acme.cn", 2)}
    py = 'requests.post("https://rerank.acme.ai/v1/rerank", json=body)\n'
    assert ("rerank.acme.ai", 1, "api_endpoint") in deps(py, "rerank.py", recognizer)


def test_openais_retired_completion_and_moderation_names_are_still_its_hosted_models(recognizer) -> None:
    code = (
        "llm = OpenAI(model_name='text-davinci-003')\n"
        "mod = client.moderations.create(model='omni-moderation-latest', input=text)\n"
        "words = ['text-davinci', 'moderation-latest']\n"
    )
    assert deps(code, "legacy.py", recognizer) == {
        ("text-davinci-003", 1, "hosted_model"),
        ("omni-moderation-latest", 2, "hosted_model"),
    }


def test_perplexitys_sonar_names_are_its_hosted_models_but_the_bare_word_is_not(recognizer) -> None:
    code = (
        "client = OpenAI(base_url='https://api.perplexity.ai')\n"
        "r = client.chat.completions.create(model='sonar-reasoning-pro', messages=m)\n"
        "old = 'llama-3.1-sonar-small-128k-online'\n"
        "tools = ['sonar', 'sonar-scanner']\n"
    )
    got = deps(code, "search.py", recognizer)
    assert {("sonar-reasoning-pro", 2, "hosted_model"), ("llama-3.1-sonar-small-128k-online", 3, "hosted_model")} <= got
    assert not any(line == 4 for _, line, _ in got)


def test_a_tests_recorded_http_interactions_are_a_record_and_a_size_alone_is_no_model(recognizer) -> None:
    # a VCR cassette replays what a run sent: its model names and hosts are mentions; the same YAML elsewhere is
    # configuration. A capability list's `context/1M` reads as a size, not as an org's model
    cassette = (
        "interactions:\n"
        "- request:\n"
        '    body: \'{"model": "gpt-4o-mini", "messages": []}\'\n'
        "    uri: https://api.openai.com/v1/chat/completions\n"
    )
    recorded = found(cassette, "tests/cassettes/test_chat/test_basic.yaml", recognizer)
    assert recorded and all(mention for *_, mention in recorded)
    assert any(not mention for *_, mention in found(cassette, "config/requests.yaml", recognizer))
    catalog = "models:\n- name: acme-7b\n  capabilities:\n    - context/1M\n    - tools\n"
    assert not any(i.lower() == "context/1m" for i, *_ in found(catalog, "catalog.yaml", recognizer))


def test_keys_ending_in_hub_or_repo_id_name_a_hub_repository(recognizer) -> None:
    # `tokenizer_hub="acme/claude-tokenizer"`, `vae_repo_id=...`: the key says the value is a hub repository,
    # whatever its org and name; a dataset's key stays a dataset's
    code = (
        "cfg = LLMConfig(max_tokens=8192, tokenizer_hub='acme/claude-tokenizer')\n"
        "pipe = load(vae_repo_id='acme-labs/sdxl-vae-fp16')\n"
        "data = load(dataset_hub='acme/eval-questions')\n"
    )
    got = deps(code, "config.py", recognizer)
    assert {("acme/claude-tokenizer", 1, "hub_model"), ("acme-labs/sdxl-vae-fp16", 2, "hub_model")} <= got
    assert not any(line == 3 for _, line, _ in got)


def test_a_table_of_model_shaped_names_with_one_catalogued_is_a_column_of_models(recognizer) -> None:
    # a local server's vision models: one catalogued API name, the rest read as models by their words; a table of
    # settings with one catalogued name among plain words stays as it was
    rows = ["glm-4v", "acme-vl-chat", "internvl-acme", "cogvlm-acme", "acme-llama-vision"]
    code = "vision = [\n" + "".join(f"    Spec({name!r}, IMAGE),\n" for name in rows) + "]\n"
    assert {name for name, *_ in deps(code, "provider.py", recognizer)} == set(rows)
    plain = ["glm-4v", "fast", "slow", "auto", "custom"]
    code = "modes = [\n" + "".join(f"    Mode({name!r}, 1),\n" for name in plain) + "]\n"
    assert {name for name, *_ in deps(code, "modes.py", recognizer)} == {"glm-4v"}


def test_loader_dataset_and_config_key_vocabulary_is_rules_data_a_user_rules_file_extends(tmp_path) -> None:
    # Ollama's client calls, dataset calls and keys that never hold a model are vocabulary kinds of the rules, read by
    # the Python, YAML and shell extractors through the recognizer: an organisation's own wrapper or key is taught
    # in a rules file, not in the extractors
    from scanner.knowledge import Knowledge
    from scanner.knowledge.load import load_rules
    from scanner.pipeline import build_recognizer

    overlay = tmp_path / "ours.yaml"
    overlay.write_text(
        "vocabulary:\n"
        "  - {name: our Ollama wrapper, kind: ollama-client-calls, call_names: [ask], source: test,"
        " as_of: '2026-12-07', checked: '2026-12-07'}\n"
        "  - {name: our corpus loader, kind: dataset-calls, call_names: [load_corpus], source: test,"
        " as_of: '2026-12-07', checked: '2026-12-07'}\n"
        "  - {name: our artifact keys, kind: not-model-keys, keys: [artifact_store], source: test,"
        " as_of: '2026-12-07', checked: '2026-12-07'}\n"
        "  - {name: our ollama verb, kind: ollama-verbs, names: [warm], source: test,"
        " as_of: '2026-12-07', checked: '2026-12-07'}\n"
    )
    bundled = build_recognizer(Knowledge(load_rules([])[0]))
    extended = build_recognizer(Knowledge(load_rules([overlay])[0]))
    py = "import ollama\nreply = ollama.ask('acme-chat', prompt)\ncorpus = load_corpus(model='Qwen/Qwen2.5-7B')\n"
    assert {(i, line) for i, line, _ in deps(py, "chat.py", bundled)} == {("Qwen/Qwen2.5-7B", 3)}
    assert {(i, line) for i, line, _ in deps(py, "chat.py", extended)} == {("acme-chat:latest", 2)}
    yaml_text = "jobs:\n  artifact_store: Qwen/Qwen2.5-7B\n"
    assert deps(yaml_text, "pipeline.yaml", bundled) == {("Qwen/Qwen2.5-7B", 2, "hub_model")}
    assert deps(yaml_text, "pipeline.yaml", extended) == set()
    sh = "ollama warm mistral-nemo\n"
    assert deps(sh, "warm.sh", bundled) == set()
    assert deps(sh, "warm.sh", extended) == {("mistral-nemo:latest", 1, "ollama_model")}
    assert "chat" in bundled.ollama_client_calls and "load_dataset" in bundled.dataset_calls
    assert {"image", "uses"} <= bundled.not_model_keys and "pull" in bundled.ollama_verbs


def test_a_catalogue_entrys_name_titling_the_weights_it_holds_is_not_a_second_reference(recognizer) -> None:
    # a serving platform's catalogue titles each entry (`name: Kimi-K2.5`) and names its weights below by hub id; the
    # title coincides with a hosted API's name but is no call to that API. A name with no such weights in its entry,
    # or beside a route to another API model, stays a reference
    yaml_text = (
        "- name: Kimi-K2.5\n"
        "  summary: a mixture-of-experts model\n"
        "  variants:\n"
        "    - quantization: int4\n"
        "      hub_repo: moonshotai/Kimi-K2.5-Int4\n"
        "- name: glm-4-plus\n"
        "  provider: zhipu\n"
        "- name: gpt-4o\n"
        "  fallback: openai/gpt-4o-mini\n"
    )
    got = {(i, line) for i, line, _ in deps(yaml_text, "catalog/models.yaml", recognizer)}
    assert ("moonshotai/Kimi-K2.5-Int4", 5) in got
    assert ("glm-4-plus", 6) in got and ("gpt-4o", 8) in got
    assert not any(line == 1 for _, line in got)


def test_a_weight_file_named_after_an_api_model_is_a_file_not_a_call_to_the_api(recognizer) -> None:
    # split GGUF files of open weights carry the name a hosted API also uses; a file name is no API model name
    go = (
        "var shards = []string{\n"
        '\t"MiniMax-M2.5-UD-Q4_K_XL-00001-of-00002.gguf",\n'
        '\t"glm-4.6-Q8_0.gguf",\n'
        "}\n"
        'req := Request{Model: "minimax-m2.5"}\n'
    )
    assert deps(go, "pkg/shards_test.go", recognizer) == {("minimax-m2.5", 5, "hosted_model")}


def test_the_values_of_a_pattern_key_are_words_to_match_not_models(recognizer) -> None:
    # per-family defaults keyed by name patterns: `patterns` and `*_prefixes` hold words a model name is matched
    # against, like a name test call; the model a setting names stays a reference
    json_text = (
        '{"families": [\n'
        '  {"patterns": ["qwen3-coder", "glm-5", "kimi-k2.5"], "temperature": 0.6},\n'
        '  {"model_prefixes": ["deepseek-chat"], "top_p": 0.95}\n'
        "],\n"
        ' "default_model": "glm-5"}\n'
    )
    assert deps(json_text, "config/defaults.json", recognizer) == {("glm-5", 5, "hosted_model")}
    yaml_text = "routing:\n  name_regex: gpt-4o\n  model: gpt-4o\n"
    assert deps(yaml_text, "router.yaml", recognizer) == {("gpt-4o", 3, "hosted_model")}


def test_ollama_registrys_api_path_is_not_a_model_of_its_library(recognizer) -> None:
    go = (
        'url := "https://registry.ollama.ai/v2/" + repository + "/manifests/" + tag\n'
        'ref := "oci://registry.ollama.ai/library/qwen2.5:0.5b"\n'
    )
    assert deps(go, "pkg/oci/pull.go", recognizer) == {("qwen2.5:0.5b", 2, "ollama_model")}


def test_a_translation_catalogue_mentions_what_it_translates(recognizer) -> None:
    # gettext catalogues of documentation or an interface: what they name is prose in another language
    po = (
        "#: ../../source/models.rst:12\n"
        'msgid "Launch it with ``--model-uid Qwen/Qwen2.5-7B-Instruct``"\n'
        'msgstr "Starten Sie es mit ``--model-uid Qwen/Qwen2.5-7B-Instruct``"\n'
    )
    got = found(po, "doc/locale/de/LC_MESSAGES/models.po", recognizer)
    assert got and all(mention for *_, mention in got)


def test_a_docstring_kept_in_a_variable_mentions_what_it_lists(recognizer) -> None:
    # vendored model code keeps docstrings in constants (`*_DOCSTRING`, `*_DESCRIPTION`) and joins them into classes:
    # the ids they list are documentation; a checkpoint the module loads stays a dependency
    py = (
        'SHARDING_DOCSTRING = r"""\n'
        "    The gpt2 checkpoints have these numbers of blocks:\n"
        "        - openai-community/gpt2: 12\n"
        "        - openai-community/gpt2-medium: 24\n"
        '"""\n'
        'ENCODER_DESCRIPTION = "Encodes text with facebook/bart-large before decoding"\n'
        'model = AutoModel.from_pretrained("openai-community/gpt2-large")\n'
    )
    assert deps(py, "vendor/gpt2/modeling.py", recognizer) == {("openai-community/gpt2-large", 7, "hub_model")}
    assert ("openai-community/gpt2", 3, "hub_model", True) in found(py, "vendor/gpt2/modeling.py", recognizer)


def test_an_id_of_the_org_some_or_of_two_letters_is_a_placeholder(recognizer) -> None:
    py = (
        'family = LLMFamily(model_id="some/drafter-7B-GGUF")\n'
        'real = LLMFamily(model_id="acme/drafter-7B-GGUF")\n'
        'apply_spec(cfg, b"<html>404</html>", "huggingface://a/b")\n'
    )
    assert deps(py, "tests/test_family.py", recognizer) == {("acme/drafter-7B-GGUF", 2, "hub_model")}


def test_a_name_that_is_only_a_role_word_is_a_label_not_a_repository(recognizer) -> None:
    """`AI/LLM` (a category path in a wiki test), `acme/chat`, `team/embeddings`: the name says what kind of
    thing, not which model, while a role word beside a family or a size still reads as a model."""
    go = 'func TestPages(t *testing.T) {\n\tllm := mk("f-llm", "f-ai", "LLM", "AI/LLM", 2)\n\tp := "acme/chat"\n}\n'
    assert deps(go, "internal/wiki_page_test.go", recognizer) == set()
    py = 'CATEGORIES = ["AI/LLM", "team/embeddings"]\nmodel = AutoModel.from_pretrained("acme-lab/llm-7b-chat")\n'
    assert deps(py, "app.py", recognizer) == {("acme-lab/llm-7b-chat", 2, "hub_model")}


def test_release_notes_kept_as_yaml_fragments_are_documentation() -> None:
    from scanner.extract import is_doc

    assert is_doc("releasenotes/notes/add-reranker-9f1c2d3e4b5a6c7d.yaml")
    assert is_doc("python/releasenotes/notes/fix-loader-0a1b2c3d.yml")
    assert not any(is_doc(p) for p in ("releasenotes/config.py", "deploy/notes/values.yaml", "notes/model.yaml"))


def test_a_word_before_an_id_in_prose_is_no_model_key(recognizer) -> None:
    # a block of text in YAML is read line by line for embedded settings (`model: org/x`, `--model org/x`); a key
    # takes its value after a space only as a flag: `LLM tool/function calling` is a sentence
    yaml_text = (
        "startup: |\n"
        "  LLM tool/function calling for the agent;\n"
        "  model acme/base selection in the form.\n"
        "  Deploy with: vllm serve --model acme/llm-7b\n"
        "  or set model: acme/llm-8b in the config.\n"
    )
    got = {(i, line) for i, line, _ in deps(yaml_text, "chart/values.yaml", recognizer)}
    assert got == {("acme/llm-7b", 4), ("acme/llm-8b", 5)}


def test_a_program_run_through_a_make_variable_is_that_program(recognizer) -> None:
    # `$(HELM) install RELEASE CHART`: a chart folder whose name reads like a model's is no model, as with `helm`
    make = (
        "deploy:\n"
        "\t$(HELM) upgrade chatgpt-bot charts/chatgpt-bot -n bots --set model.name=acme/llm-7b\n"
        "\t${DOCKER} run --rm ghcr.io/acme/server:1 --model acme/llm-8b\n"
    )
    got = deps(make, "Makefile", recognizer)
    assert ("acme/llm-8b", 3, "hub_model") in got
    assert not any(i.startswith("charts/") for i, _, _ in got)
    assert ("qwen2.5:7b", 4, "ollama_model") in deps(
        make + "\techo $(shell ollama pull qwen2.5:7b)\n", "Makefile", recognizer
    )


def test_a_kubernetes_objects_own_name_and_labels_name_no_model(recognizer) -> None:
    # `metadata.name: kimi-k2-instruct` names the object (a resource called after the model it serves); its spec's
    # storage URI and an annotation are what it uses. A document without apiVersion and kind is not an object
    yaml_text = (
        "apiVersion: serving.acme.io/v1\n"
        "kind: BaseModel\n"
        "metadata:\n"
        "  name: kimi-k2-instruct\n"
        "  labels:\n"
        "    family: glm-4-plus\n"
        "  annotations:\n"
        "    acme.io/model: acme/llm-7b\n"
        "spec:\n"
        "  displayName: moonshot.kimi-k2-instruct\n"
        "  storageUri: hf://acme/kimi-serving-8b\n"
        "---\n"
        "metadata:\n"
        "  name: glm-4-plus\n"
    )
    got = {(i, line) for i, line, _ in deps(yaml_text, "deploy/model.yaml", recognizer)}
    assert got == {("acme/llm-7b", 8), ("acme/kimi-serving-8b", 11), ("glm-4-plus", 14)}


def test_a_docstring_example_kept_in_a_constant_is_a_mention(recognizer) -> None:
    py = (
        'GENERATION_EXAMPLE = r"""\n'
        '    >>> model = AutoModel.from_pretrained("facebook/mbart-large-cc25")\n'
        '"""\n'
        'model = AutoModel.from_pretrained("facebook/mbart-large-50")\n'
    )
    assert deps(py, "vendor/mbart.py", recognizer) == {("facebook/mbart-large-50", 4, "hub_model")}


def test_the_name_a_server_gives_its_model_is_the_projects_own_not_a_reference(recognizer) -> None:
    # --served-model-name and its spellings name what the project calls the model it serves: the model it loads is
    # the reference, in a command line, Python, YAML and an .env file alike
    assert deps("vllm serve acme/llm-7b --served-model-name acme/llm-7b-chat\n", "serve.sh", recognizer) == {
        ("acme/llm-7b", 1, "hub_model")
    }
    py = 'llm = LLM(model="acme/llm-7b", served_model_name="acme/llm-7b-chat")\n'
    assert deps(py, "serve.py", recognizer) == {("acme/llm-7b", 1, "hub_model")}
    yaml_text = "spec:\n  servedName: acme/llm-7b-chat\n  model: acme/llm-7b\nargs: [--served-model-name, qwen-max]\n"
    assert deps(yaml_text, "deploy.yaml", recognizer) == {("acme/llm-7b", 3, "hub_model")}
    env = "SERVED_MODEL_NAME=qwen-max\nMODEL=qwen-plus\n"
    assert deps(env, ".env", recognizer) == {("qwen-plus", 2, "hosted_model")}


def test_an_id_in_a_namespace_shared_with_code_and_images_must_read_as_a_model(recognizer) -> None:
    # facebook, google, microsoft, nvidia are hub orgs and GitHub and image namespaces alike: written where no slot
    # says "model", their ids count when the name reads as a model or is a catalogued model's name
    py = (
        'prompt = "Watch the CI of facebook/react and microsoft/vscode for failures"\n'
        'MODELS = ["facebook/opt-125m", "google/gemma-2-9b-it", "microsoft/Phi-3-mini-4k-instruct"]\n'
        'REPOS = ["google/jax", "nvidia/apex"]\n'
        'model = AutoModel.from_pretrained("google/canine-s")\n'
    )
    got = {i for i, _, _ in deps(py, "agent.py", recognizer)}
    assert got == {"facebook/opt-125m", "google/gemma-2-9b-it", "microsoft/Phi-3-mini-4k-instruct", "google/canine-s"}


def test_a_name_that_starts_like_claude_is_no_claude_model_without_a_family(recognizer) -> None:
    # Anthropic names every model by family (opus, sonnet, haiku, ...) or by an early version alone: an index or tool
    # called `claude-3-rag` is the project's own name
    py = (
        'index_name = "claude-3-rag"\n'
        'agent = "claude-code"\n'
        'a = Client(model="claude-3")\n'
        'b = Client(model="claude-3-5-sonnet-v2@20241022")\n'
        'c = Client(model="claude-opus-4-6-fast")\n'
    )
    got = {(i, line) for i, line, _ in deps(py, "rag.py", recognizer)}
    assert got == {("claude-3", 3), ("claude-3-5-sonnet-v2@20241022", 4), ("claude-opus-4-6-fast", 5)}


def test_a_model_setting_in_a_properties_file_or_go_struct_takes_hosted_and_ollama_names(recognizer) -> None:
    # the line scan of files no parser reads (Java properties, Go, Rust) reads a model key's value as a slot: a
    # hosted API's name, and a bare Ollama library name where the file talks to Ollama
    props = (
        "spring.ai.openai.chat.options.model=gpt-4o\n"
        "spring.ai.ollama.embedding.model=nomic-embed-text\n"
        "spring.application.name=llama3.2\n"
    )
    assert deps(props, "src/main/resources/application.properties", recognizer) == {
        ("gpt-4o", 1, "hosted_model"),
        ("nomic-embed-text:latest", 2, "ollama_model"),
    }
    go = 'import "github.com/ollama/ollama/api"\nreq := &api.ChatRequest{Model: "llama3.2", Stream: &stream}\n'
    assert deps(go, "cmd/chat/main.go", recognizer) == {("llama3.2:latest", 2, "ollama_model")}
    plain = 'req := Request{Model: "llama3.2"}\n'
    assert deps(plain, "cmd/other/main.go", recognizer) == set()


def test_a_dataset_class_method_loads_a_dataset_not_a_model(recognizer) -> None:
    py = (
        "from modelscope.msdatasets import MsDataset\n"
        'poems = MsDataset.load("modelscope/chinese-poetry-collection", subset_name="default")\n'
        'model = AutoModel.from_pretrained("modelscope/chinese-poetry-writer-7b")\n'
    )
    models = {i for i, _, kind in deps(py, "train.py", recognizer) if kind != "sdk_package"}
    assert models == {"modelscope/chinese-poetry-writer-7b"}


def test_a_helm_template_is_read_as_yaml_with_its_actions_blanked(recognizer) -> None:
    # Helm, Jinja and Ansible templates of YAML do not parse as they are; with each action blanked (lines and
    # columns kept) they do, so an env pair's model is read by structure and no parse problem is reported
    from scanner.extract import extract_file

    template = (
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        '  name: {{ include "chat.fullname" . }}\n'
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: server\n"
        "          {{- with .Values.resources }}\n"
        "          resources: {{- toYaml . | nindent 12 }}\n"
        "          {{- end }}\n"
        '          args: ["serve"\n'
        '          {{- if .Values.metrics }}, "--metrics"{{- end }}\n'
        "          ]\n"
        "          env:\n"
        "            - name: MODEL_ID\n"
        "              value: acme/llm-7b-instruct\n"
        "            - name: PORT\n"
        "              value: {{ .Values.port | quote }}\n"
    )
    result = extract_file(template.encode(), "charts/chat/templates/deployment.yaml", recognizer)
    assert result.issues == ()
    assert [(r.id, r.line, r.column) for r in result.references] == [("acme/llm-7b-instruct", 18, 22)]


def test_a_string_holding_doctest_prompts_is_documentation_whatever_variable_holds_it(recognizer) -> None:
    py = (
        'EXAMPLE_DOC_STRING = """\n'
        "    Examples:\n"
        "        >>> pipe = DiffusionPipeline.from_pretrained(\n"
        '        ...     "stabilityai/stable-diffusion-xl-base-1.0", torch_dtype=torch.float16\n'
        "        ... )\n"
        '"""\n'
        'pipe = DiffusionPipeline.from_pretrained("stabilityai/sdxl-turbo")\n'
    )
    got = found(py, "pipelines/pipeline_sdxl.py", recognizer)
    assert ("stabilityai/stable-diffusion-xl-base-1.0", 4, "hub_model", True) in got
    assert deps(py, "pipelines/pipeline_sdxl.py", recognizer) == {("stabilityai/sdxl-turbo", 7, "hub_model")}


def test_a_crates_features_are_not_models(recognizer) -> None:
    toml = (
        '[package]\nname = "router"\n'
        '[features]\nopenvino = ["ort/openvino"]\nmetal = ["mlx-rs/metal", "candle-core/metal"]\n'
        '[package.metadata.model]\nid = "Qwen/Qwen2.5-0.5B"\n'
    )
    assert deps(toml, "onnx-binding/Cargo.toml", recognizer) == {("Qwen/Qwen2.5-0.5B", 7, "hub_model")}


def test_a_variable_given_to_a_dataset_download_holds_a_dataset(recognizer) -> None:
    # `repo_id` is a model key, but what it is assigned and then given to a dataset download is a dataset's id
    py = (
        "from huggingface_hub import hf_hub_download\n"
        'repo_id = "acme/wiki-18-e5-index"\n'
        'hf_hub_download(repo_id=repo_id, filename="part_aa", repo_type="dataset")\n'
        'model_id = "acme/llm-7b"\n'
        'hf_hub_download(repo_id=model_id, filename="config.json")\n'
        'data_source = "acme/pokemon-gpt4o-captions"\n'
    )
    assert deps(py, "download.py", recognizer) == {("acme/llm-7b", 4, "hub_model")}


def test_metric_names_api_paths_and_index_files_are_not_models(recognizer) -> None:
    py = (
        'metrics = {"actor/pg_clipfrac": clipfrac, "critic/vf_clipfrac": vf_clipfrac}\n'
        'out = await self._post("v1/embeddings", payload)\n'
        'index = faiss.read_index("embeddings/clip_embeddings.faiss")\n'
        'model = AutoModel.from_pretrained("openai/clip-vit-base-patch32")\n'
    )
    assert deps(py, "trainer.py", recognizer) == {("openai/clip-vit-base-patch32", 4, "hub_model")}


def test_upstage_and_stability_api_names_are_hosted_models_of_their_labs(recognizer) -> None:
    py = (
        'llm = ChatUpstage(model="solar-pro2")\n'
        'emb = UpstageEmbeddings(model="embedding-query")\n'
        'img = stability.generate(model="sd3.5-large-turbo", prompt=p)\n'
        'panel = Widget(kind="solar-panel")\n'
        'if model_type == "sd3": pipe = SD3Pipeline()\n'
    )
    assert deps(py, "gen.py", recognizer) == {
        ("solar-pro2", 1, "hosted_model"),
        ("embedding-query", 2, "hosted_model"),
        ("sd3.5-large-turbo", 3, "hosted_model"),
    }


def test_a_helm_set_value_keyed_as_a_model_is_a_setting(recognizer) -> None:
    # helm's chart and release names are no models, but `--set model.name=...` sets the chart's model
    sh = (
        "helm install chat charts/chatgpt-bot --set model.name=acme/llm-7b,replicas=2 --set-string image.tag=v1\n"
        "helm upgrade x charts/x --set vllm.modelId=acme/llm-8b -n ns --set app.name=acme/chat-llm\n"
    )
    assert {(i, line, col) for i, line, col in _positions(sh, "deploy.sh", recognizer)} == {
        ("acme/llm-7b", 1, 55),
        ("acme/llm-8b", 2, 44),
    }


def _positions(text: str, path: str, recognizer) -> set[tuple[str, int, int]]:
    result = extract_file(text.encode(), path, recognizer)
    return {(r.id, r.line, r.column) for r in result.references if not r.mention}
