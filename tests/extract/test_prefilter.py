"""The byte prefilter: strong words pass a file, weak words only next to an id-shaped token."""

from __future__ import annotations

from scanner.extract.prefilter import CODE_SUFFIXES, Prefilter


def test_strong_and_weak_words(recognizer) -> None:
    gate = Prefilter(recognizer)
    assert gate.wants(b"x = 'QWEN/Qwen3-8B'")  # a known org, any case
    assert gate.wants(b"base = 'https://api.deepseek.com'")
    assert gate.wants(b"import dashscope")
    assert gate.wants(b"ollama run llama3")
    assert gate.wants(b'model_id = "acme/llm-7b"')  # weak word with an id-shaped token near it
    assert gate.wants(b'ORG = "acme"\nMODEL = f"{ORG}/llm-7b"')
    assert not gate.wants(b"self.model = nn.Linear(a, b)\nclass Model(models.Model): pass\n")
    assert not gate.wants(b"def add(a, b):\n    return a + b\n")
    far = b"model = build()\n" + b"# filler line\n" * 200 + b"path = 'a/b'\n"
    assert not gate.wants(far)


def test_an_sdk_name_passes_where_it_is_imported_or_installed(recognizer) -> None:
    """`together`, `openai`, `cohere` are words of prose too: an SDK name passes a file only after an
    import or an install (Python, JavaScript, pip/npm/yarn/uv, a Dockerfile's continued RUN line)."""
    gate = Prefilter(recognizer)
    for passes in (
        b"import together\n",
        b"from openai import OpenAI\n",
        b"import json, cohere\n",
        b"const OpenAI = require('openai');\n",
        b"import Anthropic from '@anthropic-ai/sdk';\n",
        b"RUN pip install --no-cache-dir \\\n    fastapi \\\n    openai==1.40.0\n",
        b"npm i openai\n",
        b"uv add dashscope\n",
    ):
        assert gate.wants(passes), passes
    for prose in (
        b"# the two halves are merged together here\n",
        b'"""An OpenAI-compatible server: any client works."""\n',
        b"x = 1  # see the Cohere paper for the loss\n",
    ):
        assert not gate.wants(prose), prose


def test_in_source_code_an_id_beside_a_weak_word_is_a_string_literal(recognizer) -> None:
    """In Python, JavaScript and notebooks an id is a string literal (or starts one with a seam): a bare
    `size/dimension` in a docstring or `a/b` in an expression does not pass a file with `model` in it."""
    gate = Prefilter(recognizer)
    prose = b'def build(model):\n    """Resize the size/dimension of the model; returns n/a."""\n    return a/b\n'
    assert not gate.wants(prose, code=True)
    assert gate.wants(prose)  # in a text or config file a bare id is an id (`model: acme/llm-7b`)
    for literal in (
        b'model = load("acme/llm-7b")\n',
        b"model_id = 'acme/llm-7b'\n",
        b'model = f"{org}/llm-7b"\n',
        b"const model = `${org}/llm-7b`;\n",
        b'{"source": ["model = \\"acme/llm-7b\\"\\n"]}',
        b"model_path = '/data/hub/models--acme--llm-7b/snapshots/1'\n",
        b'os.system("vllm serve --model acme/llm-7b --port 8000")\n',  # a command line in a string
        b'cmd = "train.py --model_name_or_path=acme/llm-7b"\n',
    ):
        assert gate.wants(literal, code=True), literal
    assert not gate.wants(b"model = a / b  # the model size/dimension\n", code=True)


def test_every_reference_of_the_corpus_passes(recognizer) -> None:
    """No file with a reference is rejected (recall is never traded for speed)."""
    from pathlib import Path

    from scanner.extract import always_parse, extract_file

    gate = Prefilter(recognizer)
    root = Path(__file__).resolve().parent.parent / "corpus" / "project"
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        if extract_file(data, rel, recognizer).references:
            assert gate.wants(data, code=path.name.lower().endswith(CODE_SUFFIXES)) or always_parse(path.name), rel


def test_words_inside_a_blob_are_not_words(recognizer) -> None:
    """Base64 image data holds every short word somewhere (`zai`, `llm`, `yi:` ...) and slashes."""
    import base64
    import random

    gate = Prefilter(recognizer)
    blob = base64.b64encode(random.Random(7).randbytes(3000)).decode()
    # a strong word and a weak word with a slash next to it, both glued inside the blob
    notebook = '{"outputs": [{"data": {"image/png": "%s"}}], "source": ["x = 1\\n"]}' % (
        blob[:1500] + "ZaiLlm/q" + blob[1500:]
    )
    assert not gate.wants(notebook.encode())
    # the same words as code are words: an SDK import, and a model id in a slot
    assert gate.wants(notebook.replace('"x = 1\\n"', '"import zai\\n"').encode())
    assert gate.wants(notebook.replace('"x = 1\\n"', '"llm = \\"acme/llm-7b\\"\\n"').encode())
    # at the very start of a file a match has nothing before it: never a blob
    assert gate.wants(b"qwen/" + blob[:64].encode())


def test_path_and_url_tails_are_not_ids(recognizer) -> None:
    gate = Prefilter(recognizer)
    ts = b"const model = useModel(store);\nconst r = await fetch(`/api/user/${id}`);\nreturn '/v1/items/list';\n"
    assert not gate.wants(ts)
    assert not gate.wants(b"model = load()\nurl = 'https://example.com/a/b/c'\n")
    assert not gate.wants(b"from_pretrained(path)\nimport x from './components/widget'\n")
    # an id starts after a quote, a space, '=' or ':'; LiteLLM-style routes keep their first segment
    assert gate.wants(b"model = load('acme/llm-7b')\n")
    assert gate.wants(b"model: acme/llm-7b\r\n")
    assert gate.wants(b"--model=acme/llm-7b \\\n")
    assert gate.wants(b'model = "hosted_vllm/acme/llm-7b"\n')
    assert gate.wants(b"\tMODEL_NAME\t= f'{org}/{name}'\n")


def test_slot_words_come_from_the_rules_vocabulary_not_the_extractors(recognizer) -> None:
    """The gate's call-name and flag words are the call slots and model flags of rules/vocabulary.yaml (the
    extractors read the same entries); building the gate imports no extractor."""
    import subprocess
    import sys

    from scanner.extract.prefilter import slot_words

    words = slot_words(recognizer)
    assert "from_pretrained" in words and "snapshot_download" in words and "sentencetransformer" in words
    assert "pull" not in words  # too common a call name to be worth a window check
    assert "lora_modules" in words  # a model flag
    gate = Prefilter(recognizer)
    assert gate.wants(b'emb = SentenceTransformer(\n    "acme/embedder-v2",\n)\n')
    code = (
        "import sys\n"
        "from scanner.knowledge.index import Knowledge\n"
        "from scanner.knowledge.load import load_rules\n"
        "from scanner.pipeline import build_recognizer, prefilter\n"
        "prefilter(build_recognizer(Knowledge(load_rules([])[0])))\n"
        "kinds = ('python', 'javascript', 'shell', 'structured')\n"
        "loaded = [m for m in kinds if f'scanner.extract.{m}' in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_reference_forms_without_a_plain_id_still_pass(recognizer) -> None:
    gate = Prefilter(recognizer)
    # a Hugging Face cache folder names the repo wherever the path puts it
    train = b"python train.py \\\n    --base_model '../q7b/models--Qwen--Qwen2.5-7B-Instruct/snapshots/a09a354' \\\n"
    assert gate.wants(train)
    assert gate.wants(b'model_path = "C:\\\\hf\\\\hub\\\\models--acme--llm-7b"\r\n')
    # a dotted SDK import name (google.genai) written as `from google import genai`
    assert gate.wants(b"from google import genai\n\nclient = genai.Client()\n")
    assert gate.wants(b"from tencentcloud import hunyuan\n")
    assert not gate.wants(b"from google import protobuf\n")


def test_every_reference_of_the_real_world_files_passes(recognizer) -> None:
    """Files from public repositories (tests/realworld): where an extractor reports a reference, the gate
    passes the file."""
    from pathlib import Path

    from scanner.extract import always_parse, extract_file

    gate = Prefilter(recognizer)
    root = Path(__file__).resolve().parent.parent / "realworld" / "files"
    checked = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        rel = path.relative_to(root).as_posix()
        if extract_file(data, rel, recognizer).references:
            checked += 1
            code = path.name.lower().endswith(CODE_SUFFIXES)
            assert gate.wants(data, code=code) or always_parse(path.name), rel
    assert checked > 100


def test_the_automaton_becomes_a_dfa_after_a_megabyte_and_finds_the_same(recognizer, monkeypatch) -> None:
    """A small run keeps the quick-to-build NFA; past DFA_AFTER bytes the DFA takes over, same matches."""
    from scanner.extract import prefilter

    monkeypatch.setattr(prefilter._AhoCorasickSearcher, "PYTHON_UP_TO", 0)
    monkeypatch.setattr(prefilter._AhoCorasickSearcher, "DFA_AFTER", 200)
    built: list[str] = []
    build = prefilter._AhoCorasickSearcher._build
    monkeypatch.setattr(
        prefilter._AhoCorasickSearcher, "_build", lambda self, kind: built.append(kind) or build(self, kind)
    )
    gate = Prefilter(recognizer)
    text = b'llm = LLM(model="Qwen/Qwen3-8B")  # ollama pull deepseek-r1:8b, https://api.deepseek.com\n'
    text = text.lower()  # as wants() searches it
    before = gate._searcher.search(text)
    assert built == ["ContiguousNFA"]
    for _ in range(3):
        assert gate._searcher.search(text) == before
    assert built == ["ContiguousNFA", "DFA"]
    assert {gate.words[i] for i, _, _ in before} >= {b"qwen/", b"ollama", b"api.deepseek.com"}


def test_a_few_small_files_are_searched_in_python_and_then_by_the_automaton(recognizer, monkeypatch) -> None:
    """A pre-commit run's few kilobytes are searched without building the automaton; the first file that
    would take the bytes searched past PYTHON_UP_TO is searched by it. Every stage finds the same matches."""
    import ahocorasick_rs

    from scanner.extract import prefilter

    monkeypatch.setattr(prefilter._AhoCorasickSearcher, "PYTHON_UP_TO", 300)
    built: list[str] = []
    build = prefilter._AhoCorasickSearcher._build
    monkeypatch.setattr(
        prefilter._AhoCorasickSearcher, "_build", lambda self, kind: built.append(kind) or build(self, kind)
    )
    gate = Prefilter(recognizer)
    reference = ahocorasick_rs.BytesAhoCorasick(gate.words, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
    text = b'llm = LLM(model="Qwen/Qwen3-8B")  # ollama pull deepseek-r1:8b, https://api.deepseek.com\n'.lower()
    expected = reference.find_matches_as_indexes(text)
    assert {gate.words[i] for i, _, _ in expected} >= {b"qwen/", b"ollama", b"api.deepseek.com"}
    for _ in range(300 // len(text)):
        assert gate._searcher.search(text) == expected
    assert built == []
    assert gate._searcher.search(text) == expected  # past 300 bytes
    assert built == ["ContiguousNFA"]


def _word_soups() -> list[bytes]:
    """Texts dense in words that overlap, share starts, and sit at the ends of the text."""
    import random

    rng = random.Random(14)
    pieces = [b"qwen/", b"qwen", b"qwe", b"model", b"model_id", b"models--", b"ollama", b"llm", b"/", b" ", b"-hf"]
    pieces += [b"hf.co/", b"hf", b"tokenizer", b"pretrained", b"m", b"o", b"\xc3\xa9", b"\n", b"deepseek-ai/"]
    return [b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 60))) for _ in range(400)]


def test_the_python_search_finds_what_the_automaton_finds(recognizer) -> None:
    """Leftmost-longest, not overlapping, with the same word indexes: on the real-world files, the package's
    sources, and word soups; and on word sets of other shapes (short words, one word a prefix of another)."""
    from pathlib import Path

    import ahocorasick_rs

    from scanner.extract.prefilter import _SmallSearcher

    here = Path(__file__).resolve().parent.parent
    texts = [p.read_bytes().lower() for p in sorted((here / "realworld" / "files").rglob("*")) if p.is_file()]
    texts += [p.read_bytes().lower() for p in sorted((here.parent / "scanner").rglob("*.py"))]
    texts += [*_word_soups(), b"", b"q", b"qw", b"qwen/"]
    gate = Prefilter(recognizer)
    word_sets = [gate.words, [b"qwen/", b"qwe", b"qwen", b"en/q", b"n/", b"model", b"del_", b"o", b"hf"], [b"ab"]]
    for words in word_sets:
        small = _SmallSearcher(words)
        automaton = ahocorasick_rs.BytesAhoCorasick(words, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
        found = 0
        for text in texts:
            matches = small.search(text)
            assert matches == automaton.find_matches_as_indexes(text), text[:200]
            found += len(matches)
        assert found > 1000


def test_an_sdk_imported_with_from_far_from_any_import_word_passes(recognizer) -> None:
    """`from openai import X` puts the import word after the SDK's name: a function-local import lines after the
    file's imports passed the gate only when another `import` lay within its window (#14)."""
    from scanner.extract import extract_file

    gate = Prefilter(recognizer)
    body = "".join(f"    value_{i} = compute({i})\n" for i in range(40))
    source = f"def handler():\n{body}    from openai import APIConnectionError\n    return APIConnectionError\n"
    assert gate.wants(source.encode(), code=True)
    assert [r.id for r in extract_file(source.encode(), "app/handler.py", recognizer).references] == ["openai"]
    # in prose the word after `from` is no import
    assert not gate.wants(f"{body}Answers come from openai when asked.\n".encode())


def test_media_types_next_to_a_model_word_are_not_ids(recognizer) -> None:
    """`application/json`, `text/event-stream`: a client's headers beside `model=...` are the commonest `x/y`
    strings of code, and no id (#14); an id beside them still passes the file."""
    gate = Prefilter(recognizer)
    client = (
        'headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}\n'
        "payload = {'model': self.model_name, 'stream': True}\n"
    )
    assert not gate.wants(client.encode(), code=True)
    assert not gate.wants(client.replace('"', "").encode())  # unquoted, as in YAML
    assert gate.wants((client + 'self.model_name = "acme/chat-7b"\n').encode(), code=True)
    assert gate.wants(client.replace("text/event-stream", "texts/x").encode(), code=True)  # only the whole type


def test_host_paths_without_a_scheme_next_to_a_model_word_are_not_ids(recognizer) -> None:
    """Go imports, Kubernetes labels and image registries spell `host.tld/path` without a scheme; no org has a dot
    (#14). An id beside them still passes the file."""
    gate = Prefilter(recognizer)
    go = 'import (\n\t"github.com/acme/server/model"\n\t"k8s.io/api/core/v1"\n)\n\nfunc load(m model.Config) {}\n'
    labels = "metadata:\n  labels:\n    app.kubernetes.io/name: model-server\n    model.aibrix.ai/port: '8000'\n"
    assert not gate.wants(go.encode())
    assert not gate.wants(labels.encode())
    assert not gate.wants(b'image = "quay.io/acme/model-server:latest"\n', code=True)
    assert gate.wants((labels + "    model: acme/chat-7b\n").encode())
    assert gate.wants(b'model = "acme.ai-lab/chat-7b"\n', code=True)  # not a top-level domain: may be an org


def test_in_python_an_sdk_name_counts_only_in_an_import_statement(recognizer) -> None:
    """The Python extractor reads SDKs from import statements only: in a .py file the SDK's name passes where
    it starts a module path on an import line, not in prose below the imports or inside another name (#14)."""
    gate = Prefilter(recognizer)
    for imports in (
        b"import os\nimport together\n",
        b"from cohere.types import Message\n",
        b"try:\n    import dashscope\nexcept ImportError:\n    dashscope = None\n",
        b"from google import (\n    genai,\n)\n",
        b"import json, \\\n    zhipuai\n",
    ):
        assert gate.wants(imports, code=True, python=True), imports
    for not_an_import in (
        b"import os\n# retries and timeouts are set together\n",
        b"from acme.embeddings import OpenAIEmbedding\n",
        b"from langchain_cohere import ChatCohere\n",
        b"from .dashscope import helper\n",
        b"import os\nPROVIDER = {'name': 'together'}\n",
    ):
        assert not gate.wants(not_an_import, code=True, python=True), not_an_import
    assert gate.wants(b"import os\n# retries and timeouts are set together\n")  # elsewhere the looser cue


def test_a_base_url_key_before_a_web_url_passes_whatever_the_host(recognizer) -> None:
    """A base URL is read whatever its host (vocabulary endpoint-keys), so the key with a web URL after it
    passes a file that names no SDK, host or model."""
    gate = Prefilter(recognizer)
    for passes in (
        b'embed = Embeddings(openai_api_base="https://api.acme-llm.io/v1")\n',
        b'url = os.environ.get(\n    "ACME_API_BASE_URL",\n    "https://gw.acme-llm.io/v1",\n)\n',
        b'const client = new Client({ baseURL: "https://api.acme-llm.io/v1" });\n',
    ):
        assert gate.wants(passes, code=True, python=True), passes
    assert not gate.wants(b"# api_base is filled in below\nx = compute()\n", code=True, python=True)
    assert not gate.wants(b'HOMEPAGE_URL = "https://acme-llm.io"\n', code=True, python=True)
